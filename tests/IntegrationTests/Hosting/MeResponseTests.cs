using System.Net;
using System.Text.RegularExpressions;
using Latch.IntegrationTests.Support;

namespace Latch.IntegrationTests.Hosting;

/// <summary>
/// <c>GET /v1/users/me</c> answers in one piece with its length (not chunked), on the built host over a real socket,
/// with the very bytes the serializer writes for the same user elsewhere (the answer to <c>PATCH</c>), escapes and
/// instants included.
/// </summary>
public sealed partial class MeResponseTests
{
    [Fact]
    public async Task Me_is_the_serializer_s_bytes_with_a_content_length()
    {
        await using var host = await KestrelProcess.StartAsync(new Dictionary<string, string?>());
        using var client = host.CreateClient();
        var user = await client.Register();
        using var patch = await client.Send(HttpMethod.Patch, "/v1/users/me", user.AccessToken,
            new { displayName = "Zoë <Ann> & \"Co\" 'π'" });
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        var expected = await patch.Content.ReadAsByteArrayAsync();

        using var me = await client.Send(HttpMethod.Get, "/v1/users/me", user.AccessToken);

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var body = await me.Content.ReadAsByteArrayAsync();
        // As the server sent it: HttpClient would compute a length of its own for a buffered body.
        Assert.True(me.Content.Headers.NonValidated.TryGetValues("Content-Length", out var declared), "no Content-Length");
        Assert.Equal(body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), declared.ToString());
        Assert.NotEqual(true, me.Headers.TransferEncodingChunked);
        Assert.Equal(System.Text.Encoding.UTF8.GetString(expected), System.Text.Encoding.UTF8.GetString(body));
        Assert.Equal("application/json; charset=utf-8", me.Content.Headers.ContentType?.ToString());
        Assert.Contains("no-store", me.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        var json = await me.Body();
        Assert.Matches(WholeSecondsUtc(), json.GetProperty("createdAt").GetString());
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")]
    private static partial Regex WholeSecondsUtc();
}
