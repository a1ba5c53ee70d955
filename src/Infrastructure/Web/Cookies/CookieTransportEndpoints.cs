using Latch.Infrastructure.Web.Protection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Latch.Infrastructure.Web.Cookies;

/// <summary>The one call that makes an auth route speak the cookie transport.</summary>
internal static class CookieTransportEndpoints
{
    public static RouteHandlerBuilder WithCookieTransport(this RouteHandlerBuilder builder, CookieRoute route) =>
        builder.WithMetadata(new CookieRouteMetadata(route))
            .AddEndpointFilter(new CookieTransportFilter(route))
            .RequireCors(CrossOrigin.CredentialedPolicy)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .AddOpenApiOperationTransformer((operation, context, cancellationToken) =>
                CookieTransportOpenApi.DescribeAsync(operation, context, route, cancellationToken));
}
