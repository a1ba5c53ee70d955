namespace Latch.Infrastructure.Configuration;

/// <summary>Where the process runs, as the platform's own environment says: settings rules and telemetry both ask.</summary>
internal static class HostingPlatform
{
    /// <summary>Lambda sets the function's name in every execution environment, and nothing else does.</summary>
    public static bool IsLambda => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("AWS_LAMBDA_FUNCTION_NAME"));
}
