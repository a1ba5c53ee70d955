using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Latch.IntegrationTests.Support;

namespace Latch.IntegrationTests;

/// <summary>
/// The per-request line names the request's method, and the method is whatever token the client sends: any run of
/// token characters, as long as Kestrel's 8 KB request line allows. Written as sent, one request of 8 KB made a line of
/// twice that (the method is in the message and in its own field), and every client-chosen token became a new value of
/// a field that dashboards and metric filters group by. The line names the methods HTTP defines; any other is "_OTHER",
/// as OpenTelemetry's HTTP conventions (and so the request's span) name it.
/// </summary>
public sealed class RequestLineMethodTests
{
    [Fact]
    public async Task A_method_HTTP_does_not_define_is_logged_as_other_however_long()
    {
        await using var host = await KestrelProcess.StartAsync(new Dictionary<string, string?>());
        var address = host.Address("http");
        var longMethod = "X" + new string('M', 8_000);

        Assert.StartsWith("HTTP/1.1 405", await SendAsync(address, longMethod), StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 405", await SendAsync(address, "PROPFIND"), StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 401", await SendAsync(address, "get"), StringComparison.Ordinal); // routed as GET
        Assert.StartsWith("HTTP/1.1 401", await SendAsync(address, "GET"), StringComparison.Ordinal);

        var lines = await RequestLinesAsync(host, 4);
        Assert.Equal(["_OTHER", "_OTHER", "GET", "GET"], lines.Select(l => l.GetProperty("method").GetString()));
        Assert.Equal("HTTP _OTHER (no route) responded 405", lines[0].GetProperty("message").GetString()![..36]);
        Assert.StartsWith("HTTP GET /v1/users/me/ responded 401 in ", lines[2].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("MMMM", host.Output, StringComparison.Ordinal);
    }

    /// <summary>One request over a raw socket (HttpClient checks the method itself); the response's status line.</summary>
    private static async Task<string> SendAsync(Uri address, string method)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(address.Host, address.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"{method} /v1/users/me HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return await reader.ReadLineAsync() ?? "";
    }

    /// <summary>The request lines, once <paramref name="count"/> of them are out (the host writes lines in batches).</summary>
    private static async Task<JsonElement[]> RequestLinesAsync(KestrelProcess host, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var lines = host.LogLines().Where(l => l.TryGetProperty("eventId", out var id) && id.GetInt32() == 4000).ToArray();
            if (lines.Length >= count || DateTime.UtcNow > deadline)
            {
                Assert.Equal(count, lines.Length);
                return lines;
            }

            await Task.Delay(50);
        }
    }
}
