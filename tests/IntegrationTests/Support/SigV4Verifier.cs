using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Latch.IntegrationTests.Support;

/// <summary>
/// Checks an AWS request's SigV4 signature as the service would: recomputed from the request as it arrived (method,
/// path, the headers the client says it signed, the body), never by the caller's signer, with the stand-in's own
/// credentials. The AWS stand-ins share it so that each checks signing the same way.
/// </summary>
public sealed class SigV4Verifier(string accessKeyId, string secretAccessKey, string sessionToken, string region)
{
    private static readonly string[] AlwaysSigned = ["content-type", "host", "x-amz-date", "x-amz-security-token"];

    /// <summary>The service's error type and message, or null when the signature holds.</summary>
    public (string Type, string Message)? Check(HttpRequest request, byte[] body, string service, bool targetSigned)
    {
        var authorization = request.Headers.Authorization.ToString();
        const string prefix = "AWS4-HMAC-SHA256 ";
        if (!authorization.StartsWith(prefix, StringComparison.Ordinal))
        {
            return ("IncompleteSignatureException", $"Authorization is '{authorization}'");
        }

        var parts = authorization[prefix.Length..].Split(", ").Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var credential = parts.GetValueOrDefault("Credential")?.Split('/') ?? [];
        var amzDate = request.Headers["X-Amz-Date"].ToString();
        if (credential is not [var keyId, var date, var signedRegion, var signedService, "aws4_request"] ||
            keyId != accessKeyId || signedRegion != region || signedService != service ||
            !amzDate.StartsWith(date, StringComparison.Ordinal))
        {
            return ("InvalidSignatureException", $"Credential is {parts.GetValueOrDefault("Credential")}, X-Amz-Date {amzDate}");
        }

        if (!DateTimeOffset.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var signedAt) ||
            (DateTimeOffset.UtcNow - signedAt).Duration() > TimeSpan.FromMinutes(5))
        {
            return ("InvalidSignatureException", $"Signature expired or not yet valid: X-Amz-Date {amzDate}");
        }

        if (request.Headers["X-Amz-Security-Token"] != sessionToken)
        {
            return ("UnrecognizedClientException", "The security token included in the request is invalid");
        }

        var signed = (parts.GetValueOrDefault("SignedHeaders") ?? "").Split(';');
        var required = targetSigned ? [.. AlwaysSigned, "x-amz-target"] : AlwaysSigned;
        if (required.Except(signed).ToList() is { Count: > 0 } unsigned)
        {
            return ("InvalidSignatureException", $"headers not signed: {string.Join(", ", unsigned)}");
        }

        var canonicalHeaders = string.Concat(signed.Select(h => $"{h}:{request.Headers[h].ToString().Trim()}\n"));
        var canonicalRequest = $"{request.Method}\n{request.Path}\n\n{canonicalHeaders}\n{string.Join(';', signed)}\n{Hex(SHA256.HashData(body))}";
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{date}/{region}/{service}/aws4_request\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        var key = Encoding.UTF8.GetBytes("AWS4" + secretAccessKey);
        foreach (var step in new[] { date, region, service, "aws4_request" })
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(step));
        }

        var expected = Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
        return parts.GetValueOrDefault("Signature") == expected
            ? null
            : ("InvalidSignatureException", "The request signature we calculated does not match the signature you provided.");
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
