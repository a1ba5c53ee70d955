using System.Net;
using System.Text.Json;
using Latch.IntegrationTests.Support;

namespace Latch.IntegrationTests.Hosting;

/// <summary>
/// The Kestrel host writes its log lines in batches (fewer writes per request); what that must not cost, on the built
/// host over real sockets: every request's line reaches standard output, soon, and a graceful stop (SIGTERM, as a
/// supervisor sends it) loses none, including those of requests still running when the signal came.
/// </summary>
public sealed class RequestLogDeliveryTests
{
    private const int Burst = 200;

    private static readonly Dictionary<string, string?> RateLimitsOutOfTheWay = new()
    {
        ["RateLimiting__PerIp__BurstLimit"] = "100000",
        ["RateLimiting__PerIp__PerMinute"] = "100000",
    };

    [Fact]
    public async Task Every_request_of_a_concurrent_burst_has_its_line_on_standard_output_within_a_second()
    {
        await using var host = await KestrelProcess.StartAsync(RateLimitsOutOfTheWay);
        using var client = host.CreateClient();
        var user = await client.Register();

        var statuses = await Task.WhenAll(Enumerable.Range(0, Burst).Select(async _ =>
        {
            using var response = await client.Send(HttpMethod.Get, "/v1/users/me", user.AccessToken);
            return response.StatusCode;
        }));
        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));

        // Written within the flush interval (10 ms); a second leaves room for a loaded machine's scheduling.
        var deadline = DateTime.UtcNow.AddSeconds(1);
        while (MeLines(host).Count < Burst && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        var lines = MeLines(host);
        Assert.Equal(Burst, lines.Count);
        Assert.All(lines, line =>
        {
            Assert.Equal("200", line.GetProperty("statusCode").GetString());
            Assert.Equal(user.UserId, line.GetProperty("userId").GetString());
        });
    }

    [Fact]
    public async Task A_graceful_stop_while_requests_are_running_loses_no_answered_request_s_line()
    {
        // The longest interval there is: a line still waiting for it when the process ends would be lost without the
        // flush at the stop.
        await using var host = await KestrelProcess.StartAsync(new Dictionary<string, string?>(RateLimitsOutOfTheWay)
        {
            ["Logging__FlushInterval"] = "00:00:01",
        });
        using var client = host.CreateClient();
        var user = await client.Register();

        // 32 callers, each sending one request after another until the host stops answering; the stop is asked for
        // once 300 have been answered, so requests are in flight when the signal comes.
        var answered = 0;
        var enough = new TaskCompletionSource();
        var callers = Enumerable.Range(0, 32).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                try
                {
                    using var response = await client.Send(HttpMethod.Get, "/v1/users/me", user.AccessToken);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                    return; // refused or cut once the host stopped accepting: not answered, so no line is owed
                }

                if (Interlocked.Increment(ref answered) == 300)
                {
                    enough.TrySetResult();
                }
            }
        })).ToArray();

        await enough.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var exitCode = await host.StopAsync(TimeSpan.FromSeconds(30));
        await Task.WhenAll(callers);

        Assert.Equal(0, exitCode);
        Assert.Contains("Application is shutting down", host.Output, StringComparison.Ordinal);
        var lines = MeLines(host).Count;
        Assert.True(lines >= answered, $"{lines} lines for {answered} answered requests");
    }

    [Theory]
    [InlineData("00:00:02")]
    [InlineData("-00:00:01")]
    [InlineData("ten ms")]
    public async Task A_flush_interval_out_of_bounds_stops_start_up_naming_the_setting(string interval)
    {
        var refusal = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            KestrelProcess.StartAsync(new Dictionary<string, string?> { ["Logging__FlushInterval"] = interval }));

        Assert.Contains("exited with 78 at start", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("latch: Invalid configuration: Logging:FlushInterval", refusal.Message, StringComparison.Ordinal);
    }

    private static List<JsonElement> MeLines(KestrelProcess host) =>
        host.LogLines().Where(line => line.GetProperty("category").GetString() == "Latch.Http" &&
                                      line.GetProperty("route").GetString() == "/v1/users/me/").ToList();
}
