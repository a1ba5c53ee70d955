using System.Diagnostics;
using System.Net;
using Latch.IntegrationTests.Support;

namespace Latch.IntegrationTests;

/// <summary>
/// Timing comparisons run alone: bcrypt runs on low-priority threads, so tests running beside this one in the same
/// process would skew one side of the comparison.
/// </summary>
[Collection(nameof(TimingCollection))]
public sealed class LoginTimingTests
{
    [Fact]
    public async Task Median_time_of_unknown_email_and_wrong_password_are_within_15_percent()
    {
        await using var app = new LatchFactory(new Dictionary<string, string?> { ["Lockout:FreeFailures"] = "1000" });
        var client = app.CreateClient();
        var email = Api.NewEmail();
        await client.Register(email);
        await client.PostJson("/v1/auth/login", new { email = Api.NewEmail(), password = "warm up the dummy hash" });

        // A real leak (skipping the hash for unknown emails) differs by a whole bcrypt on every try and fails every
        // attempt; a noisy neighbour on a shared machine can spoil one attempt, so up to three are made.
        var attempts = new List<string>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var unknown = new List<double>();
            var wrong = new List<double>();
            for (var i = 0; i < 30; i++)
            {
                // Alternate which goes first, so drift in machine load hits both alike.
                if (i % 2 == 0)
                {
                    unknown.Add(await TimeLogin(client, Api.NewEmail(), "some wrong password here"));
                    wrong.Add(await TimeLogin(client, email, "some wrong password here"));
                }
                else
                {
                    wrong.Add(await TimeLogin(client, email, "some wrong password here"));
                    unknown.Add(await TimeLogin(client, Api.NewEmail(), "some wrong password here"));
                }
            }

            var (mu, mw) = (Median(unknown), Median(wrong));
            attempts.Add($"median unknown {mu:F1} ms, wrong password {mw:F1} ms");
            if (Math.Abs(mu - mw) / Math.Max(mu, mw) <= 0.15)
            {
                return;
            }
        }

        Assert.Fail(string.Join("; ", attempts));
    }

    private static async Task<double> TimeLogin(HttpClient client, string email, string password)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await client.PostJson("/v1/auth/login", new { email, password });
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        return elapsed;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return (sorted[(sorted.Length - 1) / 2] + sorted[sorted.Length / 2]) / 2;
    }
}

[CollectionDefinition(nameof(TimingCollection), DisableParallelization = true)]
public sealed class TimingCollection;
