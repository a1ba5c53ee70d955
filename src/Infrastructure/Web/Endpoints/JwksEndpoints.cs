using Latch.Infrastructure.Security.Tokens;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Latch.Infrastructure.Web.Endpoints;

internal static class JwksEndpoints
{
    public static IEndpointRouteBuilder MapJwksEndpoint(this IEndpointRouteBuilder endpoints, JwtKeyRing keys)
    {
        // Rendered once: the key set only changes with configuration, which means a restart.
        var document = JwksDocument.Render(keys);
        endpoints.MapGet("/.well-known/jwks.json", (HttpContext http) =>
            {
                http.Response.Headers.CacheControl = "public, max-age=300";
                return TypedResults.Bytes(document, "application/json");
            })
            .WithName("getJwks")
            .WithTags("Keys")
            .WithSummary("Public keys that verify access tokens (empty under HS256).")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return endpoints;
    }
}
