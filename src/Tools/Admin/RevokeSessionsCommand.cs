using Latch.Application.Common.Interfaces;
using Latch.Application.Sessions.RevokeAllSessions;
using Latch.Tools.Cli;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace Latch.Tools.Admin;

/// <summary><c>revoke-sessions</c>: the <see cref="RevokeAllSessionsCommand"/> use case against the store the settings name.</summary>
internal static class RevokeSessionsCommand
{
    private const string Verb = "revoke-sessions";
    private static readonly string[] Options = ["--user", .. AdminServices.SettingsOptions];
    private static readonly string[] Flags = ["--all-users"];

    public static async Task<int> RunAsync(IEnumerable<string> args, ToolContext context)
    {
        var arguments = Arguments.Parse(args, Options, Flags);
        if (arguments.Positional.Count > 0)
        {
            throw new UsageException($"unexpected argument '{arguments.Positional[0]}'.");
        }

        var user = arguments.Option("--user");
        var allUsers = arguments.Flag("--all-users");
        if ((user is null) == !allUsers)
        {
            throw new UsageException("give --user <email|id> or --all-users (one of them).");
        }

        await using var provider = await AdminServices.ComposeAsync(Verb, arguments, context);
        if (provider is null)
        {
            return LatchTool.Problems;
        }

        var sender = provider.GetRequiredService<ISender>();
        Latch.Domain.Common.Result<RevokeAllSessionsResponse> result;
        try
        {
            var parsed = RevokeAllSessionsCommand.Parse(user, allUsers);
            result = parsed.IsSuccess ? await sender.Send(parsed.Value) : parsed.Error;
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

        var revoked = result.Value;
        await context.Out.WriteLineAsync(revoked.UserId is { } id
            ? $"{Verb}: ended {revoked.SessionsRevoked} session(s) of user {id}"
            : $"{Verb}: ended {revoked.SessionsRevoked} session(s) of every user");
        await context.Out.WriteLineAsync(
            $"{Verb}: their refresh tokens fail from now on; their access tokens are refused within " +
            "Sessions:RevocationCacheDuration (at most 30 s) on running instances.");
        return LatchTool.Ok;
    }
}
