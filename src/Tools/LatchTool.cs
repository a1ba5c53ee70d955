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

    public const string UsageText = """
        usage: latch-tools <command> [options]

          preflight --stage <stage> [--secrets <file.json>] [--region <region>] [--repo <dir>]
              Checks the settings the stage deploys with (serverless.yml, .env.<stage> and the secrets from
              --secrets or LATCH_SECRETS_JSON) by the app's own rules, that .env files are ignored and
              untracked, and scans the tracked files for secrets. One line per problem.

          smoke <base-url> --origin <allowed-origin> [--disallowed-origin <origin>] [--burst <n>] [--allow-http]
              Checks a deployed API: HTTPS and HSTS, plain HTTP refused, CORS, security headers, a full
              register/login/refresh/me/logout flow on a throwaway account it deletes, and a 429 from a
              short burst of logins. One line per check: PASS, FAIL or SKIP.

          revoke-sessions (--user <email|id> | --all-users) [--stage <stage> [--secrets <file.json>]] [--content-root <dir>]
              Ends every session of one user, or of every user, in the configured store.

          remove-second-factor --user <email|id> --reason lost-device|account-compromise|user-request|other
                               [--stage <stage> [--secrets <file.json>]] [--content-root <dir>]
              Removes a user's authenticator and recovery codes and ends all their sessions; audited with the reason.

          generate-key --alg ES256|HS256 [--id <kid>] [--slot <n>] [--format json|env|pem] [--out <file>]
              A new JWT signing key in the form the configuration takes.

        Exit codes: 0 all good, 1 problems found or the action failed, 2 usage error.
        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, ToolContext context)
    {
        if (args.Count == 0 || args[0] is "-h" or "--help" or "help")
        {
            await context.Out.WriteLineAsync(UsageText);
            return args.Count == 0 ? Usage : Ok;
        }

        var rest = args.Skip(1);
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
