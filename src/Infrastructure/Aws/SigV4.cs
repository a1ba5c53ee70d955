using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Latch.Infrastructure.Aws;

/// <summary>
/// AWS Signature Version 4 for one kind of request: a POST of a JSON body, no query string, to the endpoint's path
/// (the root for the AWS JSON protocol of Secrets Manager, KMS, SQS …; the operation's path for SES v2's REST API). Hand-written rather than AWSSDK.Core's signer so the
/// Native AOT package takes on no SDK (docs/decisions/0009-secrets-at-start-up.md).
/// </summary>
public static class SigV4
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>
    /// The headers to send with <paramref name="body"/>, signed: <c>host</c> (as the client will send it),
    /// <c>x-amz-date</c>, <c>x-amz-security-token</c> when there is a session token, the <paramref name="headers"/>
    /// given, and <c>Authorization</c>.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Sign(
        Uri endpoint, IReadOnlyDictionary<string, string> headers, byte[] body, AwsCredentials credentials, string service, DateTimeOffset now)
    {
        var amzDate = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];
        var all = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = endpoint.IsDefaultPort ? endpoint.Host : endpoint.Authority,
            ["x-amz-date"] = amzDate,
        };
        if (credentials.SessionToken is { } token)
        {
            all["x-amz-security-token"] = token;
        }

        foreach (var (name, value) in headers)
        {
            all[name.ToLowerInvariant()] = value.Trim();
        }

        var signedHeaders = string.Join(';', all.Keys);
        var canonicalRequest = string.Join('\n',
            "POST",
            endpoint.AbsolutePath,
            "",
            string.Concat(all.Select(h => $"{h.Key}:{h.Value}\n")),
            signedHeaders,
            Hex(SHA256.HashData(body)));

        var signature = Signature(credentials.SecretAccessKey, date, credentials.Region, service, amzDate, canonicalRequest);
        var scope = $"{date}/{credentials.Region}/{service}/aws4_request";
        var result = all.Where(h => h.Key != "host").Select(h => KeyValuePair.Create(h.Key, h.Value)).ToList();
        result.Add(KeyValuePair.Create("Authorization",
            $"{Algorithm} Credential={credentials.AccessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}"));
        return result;
    }

    /// <summary>The signature of a canonical request (the last step of SigV4; public for the published test vectors).</summary>
    public static string Signature(string secretAccessKey, string date, string region, string service, string amzDate, string canonicalRequest)
    {
        var scope = $"{date}/{region}/{service}/aws4_request";
        var stringToSign = $"{Algorithm}\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), date);
        key = Hmac(key, region);
        key = Hmac(key, service);
        key = Hmac(key, "aws4_request");
        return Hex(Hmac(key, stringToSign));
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
