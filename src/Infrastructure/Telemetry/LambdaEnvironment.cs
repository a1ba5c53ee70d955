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
    public static bool IsRuntimeApi(Uri? requestUri, string? runtimeApi) => IsRuntimeApi(requestUri, RuntimeApiAddress(runtimeApi));

    /// <summary>Whether a request goes to <paramref name="runtimeApi"/>, the address <see cref="RuntimeApiAddress"/> read.</summary>
    /// <remarks>
    /// Host and port as <see cref="Uri"/> reads them on both sides, not the variable's text: the runtime's client builds
    /// its address from the variable, and "localhost" (port 80 implied), a host in capitals or an IPv6 address written
    /// in full name the same endpoint as what the client requests, which a comparison of text would take for another.
    /// </remarks>
    public static bool IsRuntimeApi(Uri? requestUri, Uri? runtimeApi) =>
        requestUri is { IsAbsoluteUri: true } && runtimeApi is not null && requestUri.Port == runtimeApi.Port &&
        string.Equals(requestUri.IdnHost, runtimeApi.IdnHost, StringComparison.OrdinalIgnoreCase);

    /// <summary>The Runtime API's address as the Lambda host's client builds it (http://host:port/), or null when unset or not an address.</summary>
    public static Uri? RuntimeApiAddress(string? runtimeApi) =>
        !string.IsNullOrEmpty(runtimeApi) && Uri.TryCreate($"http://{runtimeApi}/", UriKind.Absolute, out var address) &&
        address.AbsolutePath == "/" ? address : null;

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
