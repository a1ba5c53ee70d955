using System.Globalization;
using Latch.Infrastructure;
using Latch.Infrastructure.Configuration;

namespace Latch.Host.Kestrel;

/// <summary>
/// A server process is never frozen between requests, so its log lines may be written in batches: each within
/// <c>Logging:FlushInterval</c> (10 ms unless set; at most 1 s), all of them at a graceful stop. Under load that is one
/// write for dozens of lines instead of one each (docs/performance.md, "Kestrel throughput"); <c>00:00:00</c> writes
/// every line before the request that logs it goes on, as the Lambda host always does.
/// </summary>
internal static class LogBatching
{
    public const string FlushIntervalKey = "Logging:FlushInterval";

    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxInterval = TimeSpan.FromSeconds(1);

    public static WebApplicationBuilder BatchLogWrites(this WebApplicationBuilder builder)
    {
        var interval = FlushInterval(builder.Configuration[FlushIntervalKey]);
        builder.Services.Configure<ApiHostOptions>(host => host.LogFlushInterval = interval);
        return builder;
    }

    private static TimeSpan FlushInterval(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return DefaultInterval;
        }

        if (TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var interval) && interval >= TimeSpan.Zero && interval <= MaxInterval)
        {
            return interval;
        }

        throw new InvalidConfigurationException(
            $"Invalid configuration: {FlushIntervalKey} must be a time span from 00:00:00 (a write per line) to 00:00:01.");
    }
}
