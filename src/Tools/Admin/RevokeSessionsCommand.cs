using Latch.Application;
using Latch.Application.Common.Interfaces;
using Latch.Application.Sessions.RevokeAllSessions;
using Latch.Infrastructure;
using Latch.Infrastructure.Configuration;
using Latch.Tools.Cli;
using Latch.Tools.Preflight;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace Latch.Tools.Admin;

/// <summary>
/// <c>revoke-sessions</c>: the <see cref="RevokeAllSessionsCommand"/> use case against the store the settings
/// name: the stage's (<c>--stage</c>: serverless.yml, .env.&lt;stage&gt; and the secrets, as preflight reads them)
/// or the local one (appsettings of <c>--content-root</c> and environment variables, as the Kestrel host reads them).
/// </summary>
internal static class RevokeSessionsCommand
{
    private static readonly string[] Options = ["--user", "--stage", "--secrets", "--region", "--repo", "--content-root"];
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

        LoadedSettings loaded;
        try
        {
            loaded = arguments.Option("--stage") is { } stage
                ? await StageSettings.LoadAsync(context, stage, arguments.Option("--repo"), arguments.Option("--secrets"), arguments.Option("--region"))
                : LoadedSettings.Local(context, arguments.Option("--content-root"));
        }
        catch (StageSettingsException exception)
        {
            await context.Error.WriteLineAsync($"revoke-sessions: {exception.Message}");
            return LatchTool.Problems;
        }

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddApplication();
        try
        {
            services.AddInfrastructureServices(loaded.Configuration, loaded.Environment);
        }
        catch (InvalidConfigurationException exception)
        {
            await context.Error.WriteLineAsync($"revoke-sessions: {exception.Message}");
            return LatchTool.Problems;
        }

        await using var provider = services.BuildServiceProvider();
        var sender = provider.GetRequiredService<ISender>();
        Latch.Domain.Common.Result<RevokeAllSessionsResponse> result;
        try
        {
            var parsed = RevokeAllSessionsCommand.Parse(user, allUsers);
            result = parsed.IsSuccess ? await sender.Send(parsed.Value) : parsed.Error;
        }
        catch (StoreUnavailableException exception)
        {
            await context.Error.WriteLineAsync($"revoke-sessions: the store is unavailable: {exception.Message}");
            return LatchTool.Problems;
        }

        if (!result.IsSuccess)
        {
            var error = result.Error;
            var detail = error.Fields is { } fields ? string.Join(" ", fields.SelectMany(f => f.Value)) : error.Message;
            await context.Error.WriteLineAsync($"revoke-sessions: {detail}");
            return error.Code == "validation_failed" ? LatchTool.Usage : LatchTool.Problems;
        }

        var revoked = result.Value;
        await context.Out.WriteLineAsync(revoked.UserId is { } id
            ? $"revoke-sessions: ended {revoked.SessionsRevoked} session(s) of user {id}"
            : $"revoke-sessions: ended {revoked.SessionsRevoked} session(s) of every user");
        await context.Out.WriteLineAsync(
            "revoke-sessions: their refresh tokens fail from now on; their access tokens are refused within " +
            "Sessions:RevocationCacheDuration (at most 30 s) on running instances.");
        return LatchTool.Ok;
    }
}
