using System.Text.Json;
using Latch.IntegrationTests.Support;

namespace Latch.IntegrationTests;

public sealed class OpenApiTests(SharedFactory factory) : IClassFixture<SharedFactory>
{
    public static TheoryData<string, string, string[]> Operations() => new()
    {
        { "/v1/auth/register", "post", ["201", "400", "409", "413", "415", "429", "503"] },
        { "/v1/auth/login", "post", ["200", "400", "401", "429", "503"] },
        { "/v1/auth/refresh", "post", ["200", "400", "401", "429", "503"] },
        { "/v1/auth/logout", "post", ["204", "400", "401"] },
        { "/v1/users/me", "get", ["200", "401"] },
        { "/v1/users/me", "patch", ["200", "400", "401", "409"] },
        { "/v1/users/me", "delete", ["204", "400", "401", "403"] },
        { "/v1/users/me/password", "post", ["204", "400", "401", "403", "409"] },
        { "/v1/users/me/sessions", "get", ["200", "401"] },
        { "/v1/users/me/sessions/{id}", "delete", ["204", "401", "404"] },
        { "/.well-known/jwks.json", "get", ["200"] },
        { "/health/live", "get", ["200"] },
        { "/health/ready", "get", ["200", "503"] },
    };

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Every_contract_operation_is_documented_with_its_statuses(string path, string method, string[] statuses)
    {
        var document = await Document();
        Assert.True(document.GetProperty("paths").TryGetProperty(path, out var item), $"{path} missing");
        Assert.True(item.TryGetProperty(method, out var operation), $"{method} {path} missing");
        var documented = operation.GetProperty("responses").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.All(statuses, s => Assert.Contains(s, documented));
    }

    [Fact]
    public async Task Protected_operations_name_the_bearer_scheme_and_public_ones_say_they_need_none()
    {
        var document = await Document();
        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer")
            .GetProperty("scheme").GetString());
        var paths = document.GetProperty("paths");
        var me = paths.GetProperty("/v1/users/me").GetProperty("get").GetProperty("security");
        Assert.True(Assert.Single(me.EnumerateArray().ToArray()).TryGetProperty("Bearer", out _));
        Assert.Equal(0, paths.GetProperty("/v1/auth/login").GetProperty("post").GetProperty("security").GetArrayLength());
    }

    [Fact]
    public async Task Every_operation_has_an_operation_id_and_the_server_url_no_trailing_slash()
    {
        var document = await Document();
        var operations = document.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()).ToArray();
        var ids = operations.Select(op => op.Value.TryGetProperty("operationId", out var id) ? id.GetString() : null).ToArray();
        Assert.All(ids, id => Assert.False(string.IsNullOrEmpty(id)));
        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.All(document.GetProperty("servers").EnumerateArray(), s => Assert.False(s.GetProperty("url").GetString()!.EndsWith('/')));
    }

    [Theory]
    [InlineData("/v1/auth/register", "post")]
    [InlineData("/v1/users/me/password", "post")]
    public async Task Operations_that_set_a_password_describe_the_password_rules(string path, string method)
    {
        var description = (await Document()).GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("description").GetString();
        Assert.Contains("passwordRules", description, StringComparison.Ordinal);
        Assert.All(new[] { "too_short", "common", "repetitive", "sequential", "context", "breached" },
            rule => Assert.Contains(rule, description, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_device_token_is_documented_in_the_auth_response_and_the_login_request()
    {
        var schemas = (await Document()).GetProperty("components").GetProperty("schemas");
        var issued = schemas.GetProperty("AuthResponse").GetProperty("properties").GetProperty("deviceToken");
        Assert.Equal("string", issued.GetProperty("type").GetString());
        Assert.Contains("ADR 0010", issued.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains("deviceToken", schemas.GetProperty("AuthResponse").GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        var presented = schemas.GetProperty("LoginRequest").GetProperty("properties").GetProperty("deviceToken");
        Assert.Contains("ADR 0010", presented.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    private async Task<JsonElement> Document()
    {
        using var response = await factory.CreateClient().GetAsync("/openapi/v1.json");
        return await response.Body();
    }
}
