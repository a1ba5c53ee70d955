using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Latch.Infrastructure.Web.OpenApi;

internal static class OpenApiSetup
{
    private const string Scheme = "Bearer";

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
                    "application/problem+json (RFC 9457) with a stable `code` and the request's `traceId`.";
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[Scheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT (at+jwt, ES256 or HS256)",
                    Description = "An access token from register, login or refresh. Never accepted in the URL.",
                };
                return Task.CompletedTask;
            });

            // Endpoints that require authorization say so, and can answer 401 invalid_token.
            options.AddOperationTransformer((operation, context, _) =>
            {
                if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Any())
                {
                    operation.Security ??= [];
                    operation.Security.Add(new OpenApiSecurityRequirement
                    {
                        [new OpenApiSecuritySchemeReference(Scheme, context.Document)] = [],
                    });
                }

                return Task.CompletedTask;
            });
        });

    public static IEndpointRouteBuilder MapApiDocument(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi("/openapi/{documentName}.json");
        return endpoints;
    }
}
