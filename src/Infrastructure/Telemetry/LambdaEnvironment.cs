using System.Globalization;
using Latch.Infrastructure.Configuration;

namespace Latch.Infrastructure.Telemetry;

/// <summary>What the Lambda runtime tells a function about itself through its environment.</summary>
internal static class LambdaEnvironment
{
    public const string InvocationSource = "Latch.Lambda";

    public static bool IsLambda => HostingPlatform.IsLambda;

    /// <summary>The address of the Lambda Runtime API (host:port), as the runtime sets it; the Lambda host reads the same key.</summary>
    public const string RuntimeApiKey = "AWS_LAMBDA_RUNTIME_API";

    /// <summary>
    /// Whether a request goes to the Lambda Runtime API at <paramref name="runtimeApi"/> (host:port): the runtime's own
    /// plumbing — waiting for the next event, posting a result — not an outgoing call of the app.
    /// </summary>
    public static bool IsRuntimeApi(Uri? requestUri, string? runtimeApi) =>
        requestUri is { IsAbsoluteUri: true } && !string.IsNullOrEmpty(runtimeApi) &&
        string.Equals(requestUri.GetComponents(UriComponents.HostAndPort, UriFormat.UriEscaped), runtimeApi,
            StringComparison.OrdinalIgnoreCase);

    /// <summary>The resource attributes of the OpenTelemetry FaaS conventions, when running on Lambda.</summary>
    public static IEnumerable<KeyValuePair<string, object>> ResourceAttributes()
    {
        if (!IsLambda)
        {
            yield break;
        }

        yield return new("cloud.provider", "aws");
        yield return new("cloud.platform", "aws_lambda");
        if (Environment.GetEnvironmentVariable("AWS_REGION") is { Length: > 0 } region)
        {
            yield return new("cloud.region", region);
        }

        yield return new("faas.name", Environment.GetEnvironmentVariable("AWS_LAMBDA_FUNCTION_NAME")!);
        if (Environment.GetEnvironmentVariable("AWS_LAMBDA_FUNCTION_VERSION") is { Length: > 0 } version)
        {
            yield return new("faas.version", version);
        }

        if (Environment.GetEnvironmentVariable("AWS_LAMBDA_LOG_STREAM_NAME") is { Length: > 0 } stream)
        {
            yield return new("faas.instance", stream);
        }

        if (int.TryParse(Environment.GetEnvironmentVariable("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"), NumberStyles.None,
                CultureInfo.InvariantCulture, out var megabytes))
        {
            yield return new("faas.max_memory", megabytes * 1024L * 1024L);
        }
    }
}
