using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Latch.Tools.Smoke;

/// <summary>Requests to the API under test, relative to its base URL, each response buffered before it is read.</summary>
internal sealed class SmokeClient(HttpClient http, Uri baseUrl)
{
    public string Base { get; } = baseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/');

    /// <summary>A GET to an absolute URL, for the checks that leave the base URL (plain HTTP beside HTTPS).</summary>
    public Task<HttpResponseMessage> GetAsync(Uri url, CancellationToken cancellationToken) =>
        http.GetAsync(url, cancellationToken);

    public Task<HttpResponseMessage> SendJson(HttpMethod method, string path, JsonObject body, string? bearer = null) =>
        Send(method, path, bearer: bearer, content: JsonContent.Create(body));

    public async Task<HttpResponseMessage> Send(HttpMethod method, string path, string? origin = null, bool preflight = false,
        string? bearer = null, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(Base + path)) { Content = content };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        if (preflight)
        {
            request.Headers.Add("Access-Control-Request-Method", "POST");
            request.Headers.Add("Access-Control-Request-Headers", "content-type");
        }

        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    /// <summary>The body as JSON, or null when it is not JSON.</summary>
    public static async Task<JsonNode?> ReadJson(HttpResponseMessage response)
    {
        try
        {
            return JsonNode.Parse(await response.Content.ReadAsStringAsync());
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string Unexpected(HttpResponseMessage response, int expected) =>
        $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath} answered {(int)response.StatusCode}, expected {expected}";
}
