using System.Reflection;
using Latch.Infrastructure.Web.Endpoints;
using Latch.IntegrationTests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Latch.IntegrationTests;

/// <summary>
/// On Lambda the routes that hash a password run on their own function, sized for bcrypt (ADR 0016); serverless.yml
/// and DeployTests take the list from <see cref="PasswordHashingRoutes"/>. Here the list is derived from the app itself:
/// the route table, what each endpoint sends through the mediator (read from its code), and whether that message's
/// handler needs the password hasher. A new endpoint that hashes, or one that stops, fails this test until the list
/// (and with it the deployment) follows.
/// </summary>
public sealed class PasswordHashingRouteTests
{
    [Fact]
    public async Task The_listed_routes_are_exactly_the_endpoints_whose_handlers_hash_a_password()
    {
        var endpoints = await Endpoints();

        var derived = endpoints.Where(e => e.Messages.Any(EndpointRequests.HandlerHashes))
            .Select(e => $"{e.Method} {e.Path}").Order(StringComparer.Ordinal).ToList();
        var listed = PasswordHashingRoutes.All.Select(r => $"{r.Method} {r.Path}").Order(StringComparer.Ordinal).ToList();

        Assert.True(derived.SequenceEqual(listed),
            $"hash a password but are not listed: {string.Join(", ", derived.Except(listed))}; " +
            $"listed but hash nothing: {string.Join(", ", listed.Except(derived))}");
    }

    [Fact]
    public async Task Every_API_endpoint_is_seen_sending_its_message_so_none_escapes_the_derivation()
    {
        var endpoints = await Endpoints();

        // /v1 is the contract's API: every operation of it goes through the mediator. The rest (health, JWKS, OpenAPI)
        // is answered by the host itself and hashes nothing.
        var blind = endpoints.Where(e => e.Path.StartsWith("/v1/", StringComparison.Ordinal) && e.Messages.Count == 0)
            .Select(e => $"{e.Method} {e.Path}").ToList();
        Assert.Empty(blind);
        Assert.Contains(endpoints, e => e.Path == "/v1/users/me" && e.Method == "GET" &&
                                        e.Messages.Any(m => m.Name == "GetMeQuery"));
        Assert.Contains(endpoints, e => e.Path == "/v1/auth/refresh" && e.Messages.Count > 0 &&
                                        !e.Messages.Any(EndpointRequests.HandlerHashes));
    }

    private static async Task<List<(string Method, string Path, IReadOnlySet<Type> Messages)>> Endpoints()
    {
        await using var app = new LatchFactory();
        using var client = app.CreateClient();
        var sources = app.Services.GetRequiredService<EndpointDataSource>();
        var routes = sources.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<MethodInfo>() is not null)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["ANY"]).Select(method => (
                Method: method,
                Path: "/" + (e.RoutePattern.RawText ?? "").Trim('/'),
                Messages: EndpointRequests.SentBy(e.Metadata.GetMetadata<MethodInfo>()!))))
            .ToList();
        Assert.NotEmpty(routes);
        return routes;
    }
}
