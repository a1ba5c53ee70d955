using OpenTelemetry.Exporter;

namespace Latch.Infrastructure.Telemetry;

/// <summary>
/// The HTTP client the Lambda function's OTLP exporters (spans, and metrics when they are exported) post with: to a
/// collector on an <c>http://</c> address (the ADOT layer on localhost:4318), <see cref="CollectorHttpHandler"/> — one
/// blocking, kept-alive socket that no asynchronous call touches (it says why that matters under Native AOT) — with the
/// export timeout as <see cref="HttpClient.Timeout"/>, as the SDK's own client has it. An <c>https://</c> endpoint keeps
/// the SDK's default client: TLS is not this handler's to speak, and a remote collector is not the one beside the function.
/// </summary>
internal static class OtlpExportTransport
{
    public static void UseFor(OtlpExporterOptions options)
    {
        var sdkDefault = options.HttpClientFactory;
        // Read when the exporter is built, after every setting (the endpoint and timeout from OTEL_* included) applies.
        options.HttpClientFactory = () => options.Endpoint.Scheme == Uri.UriSchemeHttp
            ? Create(TimeSpan.FromMilliseconds(options.TimeoutMilliseconds))
            : sdkDefault();
    }

    public static HttpClient Create(TimeSpan timeout) => new(new CollectorHttpHandler(timeout)) { Timeout = timeout };
}
