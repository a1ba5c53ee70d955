using Latch.Application.Common.Interfaces;
using Latch.Application.Users.SecondFactor;
using Latch.Tools.Cli;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using UseCase = Latch.Application.Users.SecondFactor.RemoveSecondFactorCommand;

namespace Latch.Tools.Admin;

/// <summary>
/// <c>remove-second-factor</c>: the <see cref="UseCase"/> use case against the store the settings name — for the user
/// who lost both the authenticator and every recovery code. The account's sessions all end with it.
/// </summary>
internal static class RemoveSecondFactorCommand
{
    private const string Verb = "remove-second-factor";
    private static readonly string[] Options = ["--user", "--reason", .. AdminServices.SettingsOptions];

    public static async Task<int> RunAsync(IEnumerable<string> args, ToolContext context)
    {
        var arguments = Arguments.Parse(args, Options, []);
        if (arguments.Positional.Count > 0)
        {
            throw new UsageException($"unexpected argument '{arguments.Positional[0]}'.");
        }

        // Parsed once, before any store is opened: a wrong command line never touches the settings.
        var parsed = UseCase.Parse(arguments.Option("--user"), arguments.Option("--reason"));
        if (!parsed.IsSuccess)
        {
            return await AdminServices.RefusedAsync(Verb, parsed.Error, context);
        }

        await using var provider = await AdminServices.ComposeAsync(Verb, arguments, context);
        if (provider is null)
        {
            return LatchTool.Problems;
        }

        Latch.Domain.Common.Result<RemoveSecondFactorResponse> result;
        try
        {
            result = await provider.GetRequiredService<ISender>().Send(parsed.Value);
        }
        catch (StoreUnavailableException exception)
        {
            await context.Error.WriteLineAsync($"{Verb}: the store is unavailable: {exception.Message}");
            return LatchTool.Problems;
        }

        if (!result.IsSuccess)
        {
            return await AdminServices.RefusedAsync(Verb, result.Error, context);
        }

        var removed = result.Value;
        await context.Out.WriteLineAsync(
            $"{Verb}: removed the second factor and recovery codes of user {removed.UserId} (reason: {parsed.Value.Reason}) " +
            $"and ended {removed.SessionsRevoked} session(s)");
        await context.Out.WriteLineAsync(
            $"{Verb}: the user signs in with the password alone from now on; their access tokens are refused within " +
            "Sessions:RevocationCacheDuration (at most 30 s) on running instances.");
        return LatchTool.Ok;
    }
}
