using System.Diagnostics;
using System.Globalization;
using Latch.Infrastructure.Configuration;
using Latch.Infrastructure.Telemetry.XRay;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Context.Propagation;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Latch.Infrastructure.Telemetry;

/// <summary>
/// Logs as JSON lines; traces and metrics through OpenTelemetry with X-Ray-compatible ids and propagation;
/// exported by <c>Telemetry:Exporter</c> (<c>none</c>, <c>console</c>, <c>otlp</c> over HTTP/protobuf — on
/// Lambda to the ADOT collector layer on localhost:4318). The standard <c>OTEL_*</c> variables apply.
/// </summary>
internal static class TelemetryRegistration
{
    public const string ExporterKey = "Telemetry:Exporter";
    public const string SamplerRatioKey = "OTEL_TRACES_SAMPLER_ARG";

    /// <summary>The standard variable; <c>none</c> exports no metrics (the deployed stack: docs/deploy.md, "Metrics").</summary>
    public const string MetricsExporterKey = "OTEL_METRICS_EXPORTER";

    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder, LatchSettings settings)
    {
        UseXRayTraceContext();

        // The web host registered the propagator that was current when the builder was made, and parents each
        // request's activity with it whether or not the OpenTelemetry SDK runs; without this, X-Amzn-Trace-Id
        // would be read only when an exporter is configured.
        builder.Services.AddSingleton(DistributedContextPropagator.Current);

        // JSON lines on standard output, written by the thread that logs (JsonLineLoggerProvider says why not the console logger).
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<ILoggerProvider>(sp => new JsonLineLoggerProvider(Console.OpenStandardOutput(),
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<ApiHostOptions>>().Value.LogFlushInterval));

        var services = builder.Services;

        var exporter = builder.Configuration[ExporterKey] ?? (LambdaEnvironment.IsLambda ? "otlp" : "none");
        if (exporter == "none")
        {
            return builder;
        }

        var runtimeApi = LambdaEnvironment.RuntimeApiAddress(builder.Configuration[LambdaEnvironment.RuntimeApiKey]);
        var ratio = double.TryParse(builder.Configuration[SamplerRatioKey], NumberStyles.Float, CultureInfo.InvariantCulture, out var r)
            ? Math.Clamp(r, 0, 1)
            : 1.0;
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource
                .AddService("latch", serviceVersion: typeof(TelemetryRegistration).Assembly.GetName().Version?.ToString())
                .AddAttributes(LambdaEnvironment.ResourceAttributes()))
            .WithTracing(tracing =>
            {
                tracing.SetSampler(sp => CallerTrustSampler.Create(ratio,
                        sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<ApiHostOptions>>().Value.TransportSetsClientContext,
                        sp.GetRequiredService<Microsoft.AspNetCore.Http.IHttpContextAccessor>(), settings.KnownProxies))
                    .AddSource(LatchTelemetry.ApplicationSource, LambdaEnvironment.InvocationSource, "MongoDB.Driver")
                    .AddAspNetCoreInstrumentation(options =>
                    {
                        options.Filter = context => !context.Request.Path.StartsWithSegments("/health");
                        options.RecordException = false;
                    })
                    .AddHttpClientInstrumentation(options =>
                    {
                        options.RecordException = false;
                        // The runtime's own calls are no span: a /next span would last as long as the function waited
                        // for an event, frozen or not, and a failed one would format its exception's stack trace.
                        options.FilterHttpRequestMessage = request => !LambdaEnvironment.IsRuntimeApi(request.RequestUri, runtimeApi);
                    });
                AddExporter(tracing, exporter);
            });
        if (builder.Configuration[MetricsExporterKey] == "none")
        {
            return builder;
        }

        services.AddOpenTelemetry()
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(LatchTelemetry.MeterName).AddAspNetCoreInstrumentation();
                if (exporter == "console")
                {
                    metrics.AddConsoleExporter();
                }
                else
                {
                    metrics.AddOtlpExporter(o =>
                    {
                        o.Protocol = OtlpExportProtocol.HttpProtobuf;
                        if (LambdaEnvironment.IsLambda)
                        {
                            OtlpExportTransport.UseFor(o);
                        }
                    });
                }
            });
        return builder;
    }

    /// <summary>
    /// Process-wide: incoming <c>X-Amzn-Trace-Id</c> parents the request (before W3C), outgoing calls carry both
    /// headers, and root trace ids start with the epoch seconds as X-Ray requires.
    /// </summary>
    public static void UseXRayTraceContext()
    {
        if (DistributedContextPropagator.Current is not XRayContextPropagator)
        {
            DistributedContextPropagator.Current = new XRayContextPropagator(DistributedContextPropagator.CreateW3CPropagator());
        }

        XRayTraceIds.UseForRootActivities();
        Sdk.SetDefaultTextMapPropagator(new CompositeTextMapPropagator(
            [new TraceContextPropagator(), new BaggagePropagator(), new XRayPropagator()]));
    }

    /// <summary>
    /// The exporter's settings on Lambda, from the standard <c>OTEL_EXPORTER_OTLP_*</c> variables (the function's whole
    /// configuration is its environment). An invocation waits for its export, so without <c>OTEL_EXPORTER_OTLP_TIMEOUT</c>
    /// a collector that does not answer costs it 2 s at most, the bound the flush had before, not the SDK's 10 s.
    /// </summary>
    private static OtlpExporterOptions LambdaOtlpOptions()
    {
        var options = new OtlpExporterOptions { Protocol = OtlpExportProtocol.HttpProtobuf };
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_TIMEOUT")))
        {
            options.TimeoutMilliseconds = (int)InvocationTelemetry.FlushTimeout.TotalMilliseconds;
        }

        // Blocking sockets under the exporter's synchronous send (OtlpExportTransport says why).
        OtlpExportTransport.UseFor(options);
        return options;
    }

    private static void AddExporter(TracerProviderBuilder tracing, string exporter)
    {
        switch (exporter)
        {
            case "console":
                tracing.AddConsoleExporter();
                break;
            case "otlp" when LambdaEnvironment.IsLambda:
                // Exported at the end of each invocation, on its thread (InvocationSpanProcessor says why).
                tracing.AddProcessor(new InvocationSpanProcessor(new OtlpTraceExporter(LambdaOtlpOptions())));
                break;
            case "otlp":
                tracing.AddOtlpExporter(o => o.Protocol = OtlpExportProtocol.HttpProtobuf);
                break;
            default:
                throw new InvalidConfigurationException($"Invalid configuration: {ExporterKey} must be none, console or otlp.");
        }
    }
}
