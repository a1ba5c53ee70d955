using Microsoft.Extensions.DependencyInjection;

namespace Latch.Infrastructure.Web.Protection;

/// <summary>
/// CORS for the configured exact origins only, with the methods and headers the API uses. Credentials are
/// never allowed: the API authenticates with bearer tokens, not cookies, so a browser has nothing ambient to
/// send. A disallowed origin gets no <c>Access-Control-Allow-*</c> header at all.
/// </summary>
internal static class CrossOrigin
{
    public static IServiceCollection AddCrossOrigin(this IServiceCollection services, IReadOnlyList<string> origins) =>
        services.AddCors(cors => cors.AddDefaultPolicy(policy =>
        {
            if (origins.Count == 0)
            {
                return;
            }

            policy.WithOrigins([.. origins])
                .WithMethods("GET", "POST", "PATCH", "DELETE")
                .WithHeaders("Authorization", "Content-Type")
                .WithExposedHeaders("Location", "Retry-After", "WWW-Authenticate")
                .SetPreflightMaxAge(TimeSpan.FromMinutes(10));
        }));
}
