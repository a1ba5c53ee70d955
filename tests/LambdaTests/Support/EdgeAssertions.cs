using System.Text.Json;
using Latch.LambdaEmulator;

namespace Latch.LambdaTests.Support;

/// <summary>What every answer the function gives at its edge must carry, checked the same way by each suite that
/// drives the real bootstrap outside Development.</summary>
internal static class EdgeAssertions
{
    public static void AssertProblem(HttpResponseData response, int status, string code)
    {
        Assert.True(response.StatusCode == status, $"expected {status} {code}, got {response.StatusCode}: {response.Text}");
        Assert.StartsWith("application/problem+json", Single(response, "Content-Type"), StringComparison.Ordinal);
        var problem = JsonDocument.Parse(response.Body).RootElement;
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
    }

    public static void AssertSecurityHeaders(HttpResponseData response)
    {
        Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Single(response, "X-Frame-Options"));
        Assert.Equal("no-referrer", Single(response, "Referrer-Policy"));
        Assert.Equal("default-src 'none'; frame-ancestors 'none'", Single(response, "Content-Security-Policy"));
        Assert.Equal("max-age=31536000; includeSubDomains", Single(response, "Strict-Transport-Security"));
        Assert.Equal("no-store", Single(response, "Cache-Control"));
        Assert.Contains("Origin", response.HeaderValues("Vary").SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries)));
    }

    /// <summary>The header's one value (null when absent); a header sent twice fails the test.</summary>
    public static string? Single(HttpResponseData response, string name)
    {
        var values = response.HeaderValues(name).ToArray();
        Assert.True(values.Length <= 1, $"{name} appears {values.Length} times: {string.Join(" | ", values)}");
        return values.SingleOrDefault();
    }
}
