using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Latch.Infrastructure.Web.OpenApi;

internal static class OpenApiSetup
{
    private const string Scheme = "Bearer";

    private static readonly Dictionary<string, string> Tags = new()
    {
        ["Auth"] = "Registration, sign-in, refresh-token rotation and logout.",
        ["Users"] = "The signed-in user's profile, password and account.",
        ["Sessions"] = "The signed-in user's sessions: list and end them.",
        ["Keys"] = "Public keys that verify access tokens.",
        ["Health"] = "Liveness and readiness for load balancers and orchestrators.",
    };

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

                // Client generators join paths to the server URL: a trailing slash would double the first one.
                foreach (var server in document.Servers ?? [])
                {
                    server.Url = server.Url?.TrimEnd('/');
                }

                document.Tags = new HashSet<OpenApiTag>(Tags.Select(tag => new OpenApiTag { Name = tag.Key, Description = tag.Value }));
                return Task.CompletedTask;
            });

            // Endpoints that require authorization say so, and can answer 401 invalid_token; every other one says it
            // is public with an empty requirement, so that tools do not read a missing one as "unknown".
            options.AddOperationTransformer((operation, context, _) =>
            {
                operation.Security ??= [];
                if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Any())
                {
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
