using Latch.Tools.Admin;
using Latch.Tools.Cli;
using Latch.Tools.Preflight;
using Latch.Tools.Smoke;

namespace Latch.Tools;

/// <summary>
/// The operator's commands. Exit codes, for every verb: 0 done and all good, 1 done and something is wrong
/// (one line per problem), 2 the command line is wrong.
/// </summary>
public static class LatchTool
{
    public const int Ok = 0;
    public const int Problems = 1;
    public const int Usage = 2;

    public static string UsageText => CommandUsage.Overview();

    public static async Task<int> RunAsync(IReadOnlyList<string> args, ToolContext context)
    {
        if (args.Count == 0 || args[0] is "-h" or "--help" or "help")
        {
            await context.Out.WriteLineAsync(UsageText);
            return args.Count == 0 ? Usage : Ok;
        }

        var rest = args.Skip(1);
        if (CommandUsage.For(args[0]) is { } usage && CommandUsage.AsksForHelp(rest))
        {
            await context.Out.WriteLineAsync(usage);
            return Ok;
        }

        try
        {
            return args[0] switch
            {
                "preflight" => await PreflightCommand.RunAsync(rest, context),
                "smoke" => await SmokeCommand.RunAsync(rest, context),
                "revoke-sessions" => await RevokeSessionsCommand.RunAsync(rest, context),
                "remove-second-factor" => await RemoveSecondFactorCommand.RunAsync(rest, context),
                "generate-key" => await GenerateKeyCommand.RunAsync(rest, context),
                _ => throw new UsageException($"unknown command '{args[0]}'."),
            };
        }
        catch (UsageException exception)
        {
            await context.Error.WriteLineAsync($"latch-tools {args[0]}: {exception.Message}");
            await context.Error.WriteLineAsync("Run latch-tools --help for the commands and their options.");
            return Usage;
        }
    }
}
