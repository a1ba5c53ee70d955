using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Latch.LambdaEmulator;

namespace Latch.LambdaTests;

/// <summary>
/// The refresh-cookie transport (ADR 0013) through the real Host.Lambda and API Gateway's two event formats: the
/// cookie leaves in <c>multiValueHeaders</c> (REST API) or <c>cookies</c> (HTTP API) with every attribute, comes back
/// in the event, and its path carries the stage, which the app sees as PathBase.
/// </summary>
public sealed class CookieTransportTests(StagingFunction function) : IClassFixture<StagingFunction>
{
    private const string Cookie = "__Host-latch-refresh";

    [Theory]
    [InlineData(EventFormat.V1, null)]
    [InlineData(EventFormat.V2, null)]
    [InlineData(EventFormat.V1, "prod")]
    [InlineData(EventFormat.V2, "prod")]
    public async Task Register_refresh_and_logout_with_the_cookie(EventFormat format, string? stage)
    {
        await using var front = await FrontDoor.StartAsync(function.Emulator, format, stage: stage);
        // Each case from its own loopback address: the auth rate limit is per client IP, and the four cases together
        // send more auth requests in a minute than the default allows one IP.
        var source = IPAddress.Parse($"127.0.0.{10 + (int)format * 2 + (stage is null ? 0 : 1)}");
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, ConnectCallback = (context, cancellationToken) => ConnectFrom(source, context, cancellationToken) })
        {
            BaseAddress = front.Address,
        };
        var prefix = stage is null ? "" : "/" + stage;
        var credentials = JsonSerializer.Serialize(new { email = $"cookie-{Guid.NewGuid():N}@example.com", password = "a long passphrase nobody would guess 42" });

        using var register = await http.SendAsync(Post(prefix + "/v1/auth/register", credentials, StagingFunction.Origin));
        var registered = await register.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(register.StatusCode == HttpStatusCode.Created, registered.ToString());
        Assert.False(registered.TryGetProperty("refreshToken", out _));
        var (token, attributes) = SingleCookie(register);
        Assert.Equal($"Max-Age={registered.GetProperty("refreshTokenExpiresIn").GetInt64()}; Path=/; Secure; HttpOnly; SameSite=Strict", attributes);
        Assert.Equal("true", register.Headers.GetValues("Access-Control-Allow-Credentials").Single());

        using var refresh = await http.SendAsync(Post(prefix + "/v1/auth/refresh", "{}", StagingFunction.Origin, token));
        var refreshed = await refresh.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(refresh.StatusCode == HttpStatusCode.OK, refreshed.ToString());
        Assert.Equal("no-store", refresh.Headers.CacheControl?.ToString());
        var (rotated, _) = SingleCookie(refresh);
        Assert.NotEqual(token, rotated);
        Assert.Matches("^[A-Za-z0-9_-]{98}$", rotated);

        using var foreign = await http.SendAsync(Post(prefix + "/v1/auth/refresh", "{}", "https://evil.example.com", rotated));
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal("origin_refused", (await foreign.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.False(foreign.Headers.Contains("Set-Cookie"));

        // A second cookie of the name (one planted by a sibling host) is refused, whichever comes first.
        using var twice = Post(prefix + "/v1/auth/refresh", "{}", StagingFunction.Origin);
        twice.Headers.Add("Cookie", $"{Cookie}={new string('A', 98)}; {Cookie}={rotated}");
        using var doubled = await http.SendAsync(twice);
        Assert.Equal(HttpStatusCode.Unauthorized, doubled.StatusCode);
        Assert.Equal("invalid_refresh_token", (await doubled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(("", "Max-Age=0; Path=/; Secure; HttpOnly; SameSite=Strict"), SingleCookie(doubled));

        using var logoutRequest = Post(prefix + "/v1/auth/logout", "{}", StagingFunction.Origin);
        logoutRequest.Headers.Authorization = new("Bearer", refreshed.GetProperty("accessToken").GetString());
        using var logout = await http.SendAsync(logoutRequest);
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        Assert.Equal(("", $"Max-Age=0; Path=/; Secure; HttpOnly; SameSite=Strict"), SingleCookie(logout));

        using var after = await http.SendAsync(Post(prefix + "/v1/auth/refresh", "{}", StagingFunction.Origin, rotated));
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal("", SingleCookie(after).Value);
    }

    private static async ValueTask<Stream> ConnectFrom(IPAddress source, SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(source, 0));
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static HttpRequestMessage Post(string path, string json, string origin, string? cookie = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("Origin", origin);
        request.Headers.Add("X-Latch-Transport", "cookie");
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", $"{Cookie}={cookie}");
        }

        return request;
    }

    private static (string Value, string Attributes) SingleCookie(HttpResponseMessage response)
    {
        var line = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        var nameValue = line.Split("; ", 2)[0];
        Assert.StartsWith(Cookie + "=", nameValue, StringComparison.Ordinal);
        return (nameValue[(Cookie.Length + 1)..], line.Split("; ", 2)[1]);
    }
}
