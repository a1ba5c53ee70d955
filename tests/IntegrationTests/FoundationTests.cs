using System.Net;
using System.Text.Json;
using Latch.IntegrationTests.Support;

namespace Latch.IntegrationTests;

public sealed class FoundationTests(SharedFactory factory) : IClassFixture<SharedFactory>
{
    [Fact]
    public async Task Live_health_answers_200()
    {
        using var response = await factory.CreateClient().GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_health_answers_200_when_the_store_is_reachable()
    {
        using var response = await factory.CreateClient().GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task OpenApi_document_is_served()
    {
        using var response = await factory.CreateClient().GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString());
        Assert.True(document.GetProperty("paths").TryGetProperty("/health/live", out _));
    }

    [Fact]
    public async Task Unknown_route_is_problem_json_not_found()
    {
        using var response = await factory.CreateClient().GetAsync("/no/such/route");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("not_found", problem.GetProperty("code").GetString());
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
        Assert.Matches("^[0-9a-f]{32}$", problem.GetProperty("traceId").GetString());
    }

    [Fact]
    public async Task Wrong_method_on_a_known_route_is_problem_json_method_not_allowed()
    {
        using var response = await factory.CreateClient().PostAsync("/health/live", null);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("method_not_allowed", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Responses_carry_the_security_headers_and_no_server_header()
    {
        using var response = await factory.CreateClient().GetAsync("/health/live");
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.False(response.Headers.Contains("Server"));
    }
}
