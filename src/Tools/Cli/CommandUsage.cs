namespace Latch.Tools.Cli;

/// <summary>
/// Each command's usage, printed alone by <c>latch-tools &lt;command&gt; --help</c> and all together by
/// <c>latch-tools --help</c>, so the two can never disagree.
/// </summary>
internal static class CommandUsage
{
    public const string ExitCodes = "Exit codes: 0 all good, 1 problems found or the action failed, 2 usage error.";

    public static readonly IReadOnlyList<(string Command, string Text)> All =
    [
        ("preflight", """
              preflight --stage <stage> [--secrets <file.json>] [--region <region>] [--repo <dir>]
                  Checks the settings the stage deploys with (serverless.yml, .env.<stage> and the secrets from
                  --secrets or LATCH_SECRETS_JSON) by the app's own rules, that .env files are ignored and
                  untracked, and scans the tracked files for secrets. One line per problem.
            """),
        ("smoke", """
              smoke <base-url> --origin <allowed-origin> [--disallowed-origin <origin>] [--burst <n>] [--allow-http]
                  Checks a deployed API: HTTPS and HSTS, plain HTTP refused, CORS, security headers, a full
                  register/login/refresh/me/logout flow on a throwaway account it deletes, and a 429 from a
                  short burst of logins. One line per check: PASS, FAIL or SKIP.
            """),
        ("revoke-sessions", """
              revoke-sessions (--user <email|id> | --all-users) [--stage <stage> [--secrets <file.json>]] [--content-root <dir>]
                  Ends every session of one user, or of every user, in the configured store.
            """),
        ("remove-second-factor", """
              remove-second-factor --user <email|id> --reason lost-device|account-compromise|user-request|other
                                   [--stage <stage> [--secrets <file.json>]] [--content-root <dir>]
                  Removes a user's authenticator and recovery codes and ends all their sessions; audited with the reason.
            """),
        ("generate-key", """
              generate-key --alg ES256|HS256 [--id <kid>] [--slot <n>] [--format json|env|pem] [--out <file>]
                  A new JWT signing key in the form the configuration takes.
            """),
    ];

    /// <summary>Every command: the text of <c>latch-tools --help</c>.</summary>
    public static string Overview() =>
        "usage: latch-tools <command> [options]\n\n" + string.Join("\n\n", All.Select(c => c.Text)) + "\n\n" + ExitCodes;

    /// <summary>One command's usage, or null for a command there is none of.</summary>
    public static string? For(string command) =>
        All.FirstOrDefault(c => c.Command == command).Text is { } text
            ? "usage: latch-tools " + text.TrimStart() + "\n\n" + ExitCodes
            : null;

    /// <summary>
    /// <c>--help</c> or <c>-h</c> anywhere after the command asks for its usage: no command takes either as a value
    /// it needs, and answering help beats reporting the first mistake on a line the operator is still working out.
    /// </summary>
    public static bool AsksForHelp(IEnumerable<string> args) => args.Any(a => a is "--help" or "-h");
}
