namespace Latch.Infrastructure.Web.Endpoints;

/// <summary>
/// The routes whose requests compute a bcrypt hash or verify a password: on Lambda, serverless.yml serves exactly these
/// from the function sized for bcrypt (ADR 0016), every other route from the small one. Kept here, beside the endpoints
/// and dependency-free, so that two checks can hold both sides to it: tests/DeployTests compiles this file in and
/// finds each route on the hashing function, and tests/IntegrationTests derives the list from the route table and the
/// handlers' dependencies on the password hasher, so a new endpoint that hashes fails a test until it is listed here.
/// </summary>
internal static class PasswordHashingRoutes
{
    /// <summary>HTTP method and route pattern, as the route table has them.</summary>
    public static readonly (string Method, string Path)[] All =
    [
        ("POST", "/v1/auth/register"),
        ("POST", "/v1/auth/login"),
        ("POST", "/v1/auth/password-reset/confirm"),
        ("POST", "/v1/users/me/password"),
        ("DELETE", "/v1/users/me"),
        ("POST", "/v1/users/me/email"),
        ("POST", "/v1/users/me/mfa/totp"),
        ("POST", "/v1/users/me/mfa/totp/disable"),
        ("POST", "/v1/users/me/mfa/recovery-codes"),
        ("POST", "/v1/auth/verify-email"),
    ];
}
