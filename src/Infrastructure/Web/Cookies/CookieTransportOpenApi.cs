using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Latch.Infrastructure.Web.Cookies;

/// <summary>The cookie transport in the OpenAPI document: the header that selects it, the cookie, the other body.</summary>
internal static class CookieTransportOpenApi
{
    private const string CookieBodySchema = nameof(CookieAuthResponse);

    public static async Task DescribeAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context,
        CookieRoute route, CancellationToken cancellationToken)
    {
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = RefreshCookie.TransportHeader,
            In = ParameterLocation.Header,
            Description =
                "`cookie` selects the cookie transport for browsers (docs/api.md, \"Refresh-token transports\"): the refresh " +
                "token travels only in the `" + RefreshCookie.Name + "` cookie (Secure; HttpOnly; SameSite=Strict), and the " +
                "request must carry an `Origin` that is one of `Cors:AllowedOrigins` (403 origin_refused). Any other value " +
                "is 400 invalid_transport. Without it the body transport applies and cookies are ignored.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create(RefreshCookie.CookieTransport)] },
        });

        if (route == CookieRoute.Refresh)
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = RefreshCookie.Name,
                In = ParameterLocation.Cookie,
                Description = "The refresh token, read only with `" + RefreshCookie.TransportHeader + ": cookie` (then any " +
                              "`refreshToken` in the body is ignored; send `{}`).",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }

        var setCookie = route == CookieRoute.Logout
            ? "With the cookie transport, when this session ends or is unknown (204 for scope local or global, and 401): " +
              "clears the refresh cookie (Max-Age=0). Never for scope=others, nor for any other refusal."
            : "With the cookie transport: the new refresh token, `" + RefreshCookie.Name + "=…; Max-Age=<refreshTokenExpiresIn>; " +
              "Path=" + RefreshCookie.CookiePath + "; Secure; HttpOnly; SameSite=Strict`" +
              (route == CookieRoute.Refresh ? "; a 401 clears it (Max-Age=0)." : ".");
        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (response is OpenApiResponse concrete && (status is "200" or "201" or "204" || status == "401" && route is CookieRoute.Refresh or CookieRoute.Logout))
            {
                concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
                concrete.Headers["Set-Cookie"] = new OpenApiHeader { Description = setCookie, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
            }
        }

        if (route == CookieRoute.Logout)
        {
            return;
        }

        // The success body is AuthResponse, or CookieAuthResponse (no refreshToken) under the cookie transport. anyOf, not
        // oneOf: an AuthResponse also has every property a CookieAuthResponse has.
        var cookieBody = await context.GetOrCreateSchemaAsync(typeof(CookieAuthResponse), null, cancellationToken);
        context.Document?.AddComponent(CookieBodySchema, cookieBody);
        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (status is not ("200" or "201") || response.Content is null ||
                !response.Content.TryGetValue("application/json", out var media) || media is not OpenApiMediaType json)
            {
                continue;
            }

            json.Schema = new OpenApiSchema { AnyOf = [json.Schema!, new OpenApiSchemaReference(CookieBodySchema, context.Document)] };
        }
    }
}
