namespace Latch.Infrastructure.Aws;

/// <summary>
/// The execution role's temporary credentials and region, as Lambda hands them to a custom runtime: in the
/// environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_REGION).
/// </summary>
public sealed record AwsCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken, string Region)
{
    /// <summary>The credentials in the environment, or the name of the first variable that is missing.</summary>
    public static AwsCredentials? FromEnvironment(Func<string, string?> variable, out string? missing)
    {
        missing = null;
        var accessKey = variable("AWS_ACCESS_KEY_ID");
        var secretKey = variable("AWS_SECRET_ACCESS_KEY");
        var region = variable("AWS_REGION") is { Length: > 0 } r ? r : variable("AWS_DEFAULT_REGION");
        if (string.IsNullOrEmpty(accessKey))
        {
            missing = "AWS_ACCESS_KEY_ID";
        }
        else if (string.IsNullOrEmpty(secretKey))
        {
            missing = "AWS_SECRET_ACCESS_KEY";
        }
        else if (string.IsNullOrEmpty(region))
        {
            missing = "AWS_REGION";
        }

        return missing is null
            ? new AwsCredentials(accessKey!, secretKey!, variable("AWS_SESSION_TOKEN") is { Length: > 0 } token ? token : null, region!)
            : null;
    }

    /// <summary>Never the keys: this record may end up in a log line.</summary>
    public override string ToString() => $"AwsCredentials {{ AccessKeyId = {AccessKeyId}, Region = {Region} }}";
}
