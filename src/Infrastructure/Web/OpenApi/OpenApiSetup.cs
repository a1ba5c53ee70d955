using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Latch.Infrastructure.Web.OpenApi;

internal static class OpenApiSetup
{
    public static IServiceCollection AddApiDocument(this IServiceCollection services) =>
        services.AddOpenApi("v1", options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Latch";
                document.Info.Version = "v1";
                document.Info.Description =
                    "Accounts and sessions: register, sign in, rotating refresh tokens with theft detection, " +
                    "logout, profile, password change, account deletion and session listing. Every error is " +
                    "application/problem+json with a stable `code`.";
                return Task.CompletedTask;
            });
        });

    public static IEndpointRouteBuilder MapApiDocument(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi("/openapi/{documentName}.json");
        return endpoints;
    }
}
