using System.Collections.Concurrent;
using System.Diagnostics;
using Latch.Infrastructure.Telemetry;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry.Trace;

namespace Latch.IntegrationTests.Support;

/// <summary>
/// An app whose every log line (formatted by the production JSON formatter) and every finished span is kept
/// for inspection, with a movable clock and a settable client address.
/// </summary>
public sealed class ObservedFactory(IDictionary<string, string?> settings) : LatchFactory(WithTelemetry(settings))
{
    public ObservedFactory()
        : this(new Dictionary<string, string?>())
    {
    }

    public ConcurrentQueue<string> LogLines { get; } = new();

    public List<Activity> Spans { get; } = [];

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public HttpClient ClientFrom(string peer)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add(TestServices.PeerHeader, peer);
        return client;
    }

    /// <summary>
    /// The spans ended so far, once no more have ended for a moment: the server ends a request's span when it disposes
    /// the request, which can be just after the client has read the whole response (after the hosting's own log line).
    /// </summary>
    public Activity[] FinishedSpans()
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        var count = -1;
        while (true)
        {
            lock (Spans)
            {
                if (Spans.Count == count || DateTime.UtcNow > deadline)
                {
                    return [.. Spans];
                }

                count = Spans.Count;
            }

            Thread.Sleep(100);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            TestServices.UsePeerHeader(services);
            TestServices.UseClock(services, Time);
            services.AddSingleton<ILoggerProvider>(new CapturingProvider(LogLines));
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans));
        });
    }

    private static Dictionary<string, string?> WithTelemetry(IDictionary<string, string?> settings)
    {
        var all = new Dictionary<string, string?>(settings)
        {
            // Spans are recorded and exported; the OTLP endpoint is a closed port, so nothing leaves the machine.
            ["Telemetry:Exporter"] = "otlp",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9",
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Information",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return all;
    }

    private sealed class CapturingProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        private readonly JsonLogFormatter _formatter = new();

        public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class CapturingLogger(CapturingProvider owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
                Func<TState, Exception?, string> formatter)
            {
                var entry = new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter);
                using var writer = new StringWriter();
                owner._formatter.Write(in entry, null, writer);
                owner.Enqueue(writer.ToString());
            }
        }

        private void Enqueue(string line) => lines.Enqueue(line);
    }
}
