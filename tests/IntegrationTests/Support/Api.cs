using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Latch.IntegrationTests.Support;

/// <summary>Small helpers over the contract, so tests read as the flows they check.</summary>
public static class Api
{
    public const string StrongPassword = "correct horse battery staple";

    public static string NewEmail(string prefix = "user") => $"{prefix}-{Guid.NewGuid():N}@example.com";

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static Task<HttpResponseMessage> PostJson(this HttpClient client, string path, object body) =>
        client.PostAsJsonAsync(path, body);

    public static async Task<JsonElement> Body(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> AssertProblem(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Body();
        Assert.True(status == response.StatusCode, $"Expected {(int)status} {code}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, body.GetProperty("code").GetString());
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        Assert.Matches("^[0-9a-f]{32}$", body.GetProperty("traceId").GetString());
        return body;
    }

    public static async Task<Tokens> Register(this HttpClient client, string? email = null, string password = StrongPassword)
    {
        using var response = await client.PostJson("/v1/auth/register", new { email = email ?? NewEmail(), password });
        var body = await response.Body();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"register: {(int)response.StatusCode} {body}");
        return Tokens.From(body);
    }

    public static async Task<Tokens> Login(this HttpClient client, string email, string password = StrongPassword)
    {
        using var response = await client.PostJson("/v1/auth/login", new { email, password });
        var body = await response.Body();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"login: {(int)response.StatusCode} {body}");
        return Tokens.From(body);
    }

    public static Task<HttpResponseMessage> Refresh(this HttpClient client, string refreshToken) =>
        client.PostJson("/v1/auth/refresh", new { refreshToken });

    public static HttpRequestMessage WithBearer(this HttpRequestMessage request, string accessToken)
    {
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        return request;
    }

    public static Task<HttpResponseMessage> Send(this HttpClient client, HttpMethod method, string path, string accessToken,
        object? body = null)
    {
        var request = new HttpRequestMessage(method, path).WithBearer(accessToken);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return client.SendAsync(request);
    }
}

public sealed record Tokens(string AccessToken, string RefreshToken, string UserId, string Email, JsonElement Body)
{
    public static Tokens From(JsonElement body) => new(
        body.GetProperty("accessToken").GetString()!,
        body.GetProperty("refreshToken").GetString()!,
        body.GetProperty("user").GetProperty("id").GetString()!,
        body.GetProperty("user").GetProperty("email").GetString()!,
        body);
}
