using Latch.Tools.Cli;

namespace Latch.Tools.Smoke;

/// <summary><c>smoke &lt;base-url&gt;</c>: the after-deploy checks against a running API, one line each.</summary>
internal static class SmokeCommand
{
    public const string DefaultDisallowedOrigin = "https://smoke-disallowed.example.net";
    private static readonly string[] Options = ["--origin", "--disallowed-origin", "--burst"];
    private static readonly string[] Flags = ["--allow-http"];

    public static async Task<int> RunAsync(IEnumerable<string> args, ToolContext context)
    {
        var arguments = Arguments.Parse(args, Options, Flags);
        if (arguments.Positional.Count != 1)
        {
            throw new UsageException("give exactly one base URL, e.g. https://auth.example.com or the stack's ApiUrl.");
        }

        if (!Uri.TryCreate(arguments.Positional[0], UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("https" or "http") ||
            !string.IsNullOrEmpty(baseUrl.Query) || !string.IsNullOrEmpty(baseUrl.UserInfo))
        {
            throw new UsageException("the base URL must be an absolute http(s) URL without a query.");
        }

        var origin = Origin(arguments.Required("--origin"), "--origin");
        var disallowed = Origin(arguments.Option("--disallowed-origin") ?? DefaultDisallowedOrigin, "--disallowed-origin");
        if (string.Equals(origin, disallowed, StringComparison.OrdinalIgnoreCase))
        {
            throw new UsageException("--origin and --disallowed-origin must differ.");
        }

        var options = new SmokeOptions(baseUrl, origin, disallowed, arguments.PositiveInt("--burst", 60), arguments.Flag("--allow-http"));
        using var http = new HttpClient(context.HttpHandler ?? new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        }, disposeHandler: context.HttpHandler is null)
        {
            Timeout = TimeSpan.FromSeconds(30),
        };

        var probe = new TlsProbe(context.Dial ?? TlsProbe.DialAsync, context.CertificateValidation);
        var results = await new SmokeRun(http, probe, options, context.Out).RunAsync();
        var failed = results.Count(r => r.Outcome == Outcome.Fail);
        var skipped = results.Count(r => r.Outcome == Outcome.Skip);
        await context.Error.WriteLineAsync(
            $"smoke: {results.Count - failed - skipped} checks passed, {failed} failed, {skipped} not run against {baseUrl}");
        if (options.AllowHttp && baseUrl.Scheme == "http")
        {
            await context.Error.WriteLineAsync("smoke: plain http (--allow-http): this was NOT a deployment check; TLS was not checked.");
        }

        return failed > 0 ? LatchTool.Problems : LatchTool.Ok;
    }

    private static string Origin(string value, string option) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && uri.AbsolutePath == "/" &&
        string.IsNullOrEmpty(uri.Query)
            ? uri.GetLeftPart(UriPartial.Authority)
            : throw new UsageException($"{option} must be an origin such as https://app.example.com.");
}
