namespace Latch.Infrastructure.Web.Protection;

/// <summary>
/// The methods and request headers the app's CORS policies allow. The API Gateway preflights in serverless.yml must
/// allow exactly these (tests/DeployTests compiles this file in and compares), or a browser would pass the gateway's
/// preflight and fail on the app's answer, or the other way round. Dependency-free so that it can be shared that way.
/// </summary>
internal static class CorsContract
{
    /// <summary>Selects the cookie transport and doubles as the CSRF custom header (ADR 0013).</summary>
    public const string TransportHeader = "X-Latch-Transport";

    public static readonly string[] DefaultMethods = ["GET", "POST", "PATCH", "DELETE"];

    public static readonly string[] DefaultHeaders = ["Authorization", "Content-Type"];

    /// <summary>The auth routes that set or read the refresh cookie: POST only.</summary>
    public static readonly string[] CredentialedMethods = ["POST"];

    public static readonly string[] CredentialedHeaders = ["Authorization", "Content-Type", TransportHeader];
}
