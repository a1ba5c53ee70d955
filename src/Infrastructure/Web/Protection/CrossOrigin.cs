using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Latch.Infrastructure.Web.Protection;

/// <summary>
/// CORS for the configured exact origins only, with the methods and headers the API uses. The default policy never
/// allows credentials: the API authenticates with bearer tokens, so a browser has nothing ambient to send. The one
/// exception is the credentialed policy, on the auth routes that set or read the refresh cookie (ADR 0013): the same
/// origins, POST only, and the transport header that doubles as the CSRF custom header. A disallowed origin gets no
/// <c>Access-Control-Allow-*</c> header at all.
/// </summary>
internal static class CrossOrigin
{
    public const string CredentialedPolicy = "credentialed";

    private static readonly string[] ExposedHeaders = ["Location", "Retry-After", "WWW-Authenticate"];

    public static IServiceCollection AddCrossOrigin(this IServiceCollection services, IReadOnlyList<string> origins) =>
        services.AddCors(cors =>
        {
            cors.AddDefaultPolicy(policy =>
            {
                if (origins.Count > 0)
                {
                    Exact(policy, origins).WithMethods(CorsContract.DefaultMethods).WithHeaders(CorsContract.DefaultHeaders);
                }
            });

            cors.AddPolicy(CredentialedPolicy, policy =>
            {
                if (origins.Count > 0)
                {
                    Exact(policy, origins).WithMethods(CorsContract.CredentialedMethods)
                        .WithHeaders(CorsContract.CredentialedHeaders)
                        .AllowCredentials();
                }
            });
        });

    private static CorsPolicyBuilder Exact(CorsPolicyBuilder policy, IReadOnlyList<string> origins) =>
        policy.WithOrigins([.. origins]).WithExposedHeaders(ExposedHeaders).SetPreflightMaxAge(TimeSpan.FromMinutes(10));
}
