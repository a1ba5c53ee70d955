using System.Diagnostics;
using System.Net;
using Latch.Application.Common.Interfaces;
using Latch.Domain.Users;
using Latch.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Latch.IntegrationTests;

/// <summary>
/// The median-timing comparison of <see cref="LoginTimingTests"/>, for each endpoint that sends mail: a registered and
/// an unknown address must cost the same (a real leak differs on every attempt; up to five are made on a shared machine,
/// where a busy neighbour can spoil one). Each address is used once, so the per-address mail budget never refuses one.
/// Verification is on, as shipped.
/// </summary>
[Collection(nameof(TimingCollection))]
public sealed class MailFlowTimingTests
{
    private const int Pairs = 30;

    /// <summary>Each attempt uses <see cref="Pairs"/> registered addresses, and every attempt may be needed.</summary>
    private const int Attempts = 5;

    [Fact]
    public async Task Register_takes_as_long_for_a_registered_address_as_for_a_new_one()
    {
        await using var app = VerifyingApp();
        var client = app.CreateClient();
        var registered = await AccountsAsync(app, Attempts * Pairs + 1);
        var next = 0;

        await CompareAsync(
            () => TimeAsync(client, "/v1/auth/register", new { email = registered[next++], password = Api.StrongPassword }),
            () => TimeAsync(client, "/v1/auth/register", new { email = Api.NewEmail("timing-new"), password = Api.StrongPassword }));
    }

    [Fact]
    public async Task Password_reset_takes_as_long_for_a_registered_address_as_for_an_unknown_one()
    {
        await using var app = VerifyingApp();
        var client = app.CreateClient();
        var registered = await AccountsAsync(app, Attempts * Pairs + 1);
        var next = 0;

        await CompareAsync(
            () => TimeAsync(client, "/v1/auth/password-reset", new { email = registered[next++] }),
            () => TimeAsync(client, "/v1/auth/password-reset", new { email = Api.NewEmail("timing-unknown") }));
    }

    [Fact]
    public async Task Email_change_takes_as_long_to_a_taken_address_as_to_a_free_one()
    {
        await using var app = VerifyingApp();
        var client = app.CreateClient();
        var taken = await AccountsAsync(app, Attempts * Pairs + 1);
        var caller = await client.Login((await AccountsAsync(app, 1))[0]);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", caller.AccessToken);
        var next = 0;

        await CompareAsync(
            () => TimeAsync(client, "/v1/users/me/email", new { newEmail = taken[next++], currentPassword = Api.StrongPassword }),
            () => TimeAsync(client, "/v1/users/me/email", new { newEmail = Api.NewEmail("timing-free"), currentPassword = Api.StrongPassword }));
    }

    // Verification on, as shipped (the factory's override taken away); accounts are put straight into the store.
    private static LatchFactory VerifyingApp() => new(new Dictionary<string, string?>
    {
        [LatchFactory.RequireEmailVerification] = null,
        ["Lockout:FreeFailures"] = "1000",
    });

    /// <summary>Accounts put straight into the store (hashing through the host's own hasher), each to be asked about once.</summary>
    private static async Task<List<string>> AccountsAsync(LatchFactory app, int count)
    {
        var users = app.Services.GetRequiredService<IUserRepository>();
        var hash = (await app.Services.GetRequiredService<IPasswordHasher>().HashAsync(Api.StrongPassword, CancellationToken.None)).Value;
        var emails = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var email = Email.Create(Api.NewEmail("timing-registered")).Value;
            Assert.True(await users.TryAddAsync(User.Register(email, DisplayName.FromEmail(email), hash, DateTimeOffset.UtcNow), CancellationToken.None));
            emails.Add(email.Value);
        }

        return emails;
    }

    private static async Task CompareAsync(Func<Task<double>> registered, Func<Task<double>> unknown)
    {
        await registered();
        await unknown();
        var attempts = new List<string>();
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var known = new List<double>();
            var other = new List<double>();
            for (var i = 0; i < Pairs; i++)
            {
                if (i % 2 == 0)
                {
                    known.Add(await registered());
                    other.Add(await unknown());
                }
                else
                {
                    other.Add(await unknown());
                    known.Add(await registered());
                }
            }

            var (mk, mu) = (Median(known), Median(other));
            attempts.Add($"median registered {mk:F1} ms, unknown {mu:F1} ms");
            if (Math.Abs(mk - mu) / Math.Max(mk, mu) <= 0.15)
            {
                return;
            }
        }

        Assert.Fail(string.Join("; ", attempts));
    }

    private static async Task<double> TimeAsync(HttpClient client, string path, object body)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await client.PostJson(path, body);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return elapsed;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return (sorted[(sorted.Length - 1) / 2] + sorted[sorted.Length / 2]) / 2;
    }
}
