using Latch.Domain.Common;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Latch.Tools.Smoke;

/// <summary>
/// A burst of failing sign-ins meets <c>429 rate_limited</c> with <c>Retry-After</c>. It leaves this client limited on
/// <c>/v1/auth</c> for up to a minute, so it runs last.
/// </summary>
internal sealed class RateLimitCheck(SmokeClient client, SmokeOptions options, CheckLog log)
{
    public async Task Check()
    {
        for (var i = 1; i <= options.Burst; i++)
        {
            var email = $"latch-smoke-burst-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}@example.com";
            using var response = await client.SendJson(HttpMethod.Post, "/v1/auth/login",
                new JsonObject { ["email"] = email, ["password"] = "not-the-password-of-anyone" });
            if (response.StatusCode != HttpStatusCode.TooManyRequests)
            {
                continue;
            }

            var code = (await SmokeClient.ReadJson(response))?["code"]?.GetValue<string>();
            if (code != ErrorCodes.RateLimited)
            {
                continue;
            }

            if (response.Headers.RetryAfter is null)
            {
                await log.Fail("rate-limit", $"429 rate_limited after {i} logins, but without Retry-After");
            }
            else
            {
                await log.Pass("rate-limit", $"429 rate_limited after {i} logins, Retry-After {response.Headers.RetryAfter}");
            }

            return;
        }

        await log.Fail("rate-limit", $"no 429 rate_limited within {options.Burst} logins (--burst)");
    }
}
