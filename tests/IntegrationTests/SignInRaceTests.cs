using System.Net;
using Latch.IntegrationTests.Support;
using Microsoft.Data.Sqlite;

namespace Latch.IntegrationTests;

/// <summary>
/// Sign-ins in flight — their password already checked, their session not yet stored — while the account changes
/// under them, over a real socket. The hasher holds the checked sign-ins until the change is done, so the race is
/// played out the same way every run.
/// </summary>
public sealed class SignInRaceTests
{
    private const int InFlight = 3;
    private const string NewPassword = "a brand new passphrase for this account";

    [Fact]
    public async Task Sign_ins_in_flight_with_the_old_password_leave_no_working_session_after_a_password_change()
    {
        using var factory = new ObservedKestrelFactory();
        using var client = factory.SocketClient();
        var owner = await client.Register();

        var hold = factory.Hasher.HoldMatches(InFlight);
        var signIns = Enumerable.Range(0, InFlight)
            .Select(_ => client.PostJson("/v1/auth/login", new { email = owner.Email, password = Api.StrongPassword }))
            .ToArray();
        await hold.Full.WaitAsync(TimeSpan.FromSeconds(30));

        using (var change = await client.Send(HttpMethod.Post, "/v1/users/me/password", owner.AccessToken,
                   new { currentPassword = Api.StrongPassword, newPassword = NewPassword }))
        {
            Assert.Equal(HttpStatusCode.NoContent, change.StatusCode);
        }

        hold.Release();
        foreach (var signIn in signIns)
        {
            using var answer = await signIn;
            if (answer.StatusCode != HttpStatusCode.OK)
            {
                await answer.AssertProblem(HttpStatusCode.Unauthorized, "invalid_credentials");
                continue;
            }

            // Whatever a sign-in with the old password answered, the session it started must not work.
            var tokens = Tokens.From(await answer.Body());
            using var refreshed = await client.Refresh(tokens.RefreshToken);
            await refreshed.AssertProblem(HttpStatusCode.Unauthorized, "invalid_refresh_token");
            using var me = await client.Send(HttpMethod.Get, "/v1/users/me", tokens.AccessToken);
            await me.AssertProblem(HttpStatusCode.Unauthorized, "invalid_token");
        }

        // The owner's own session, the one that changed the password, goes on; the new password signs in.
        using (var mine = await client.Send(HttpMethod.Get, "/v1/users/me", owner.AccessToken))
        {
            Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        }

        await client.Login(owner.Email, NewPassword);
    }

    [Fact]
    public async Task A_sign_in_in_flight_while_the_account_is_deleted_answers_401_invalid_credentials()
    {
        using var factory = new ObservedKestrelFactory();
        using var client = factory.SocketClient();
        var owner = await client.Register();

        var hold = factory.Hasher.HoldMatches(InFlight);
        var signIns = Enumerable.Range(0, InFlight)
            .Select(_ => client.PostJson("/v1/auth/login", new { email = owner.Email, password = Api.StrongPassword }))
            .ToArray();
        await hold.Full.WaitAsync(TimeSpan.FromSeconds(30));

        using (var delete = await client.Send(HttpMethod.Delete, "/v1/users/me", owner.AccessToken, new { password = Api.StrongPassword }))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        hold.Release();
        foreach (var signIn in signIns)
        {
            using var answer = await signIn;
            await answer.AssertProblem(HttpStatusCode.Unauthorized, "invalid_credentials");
        }
    }

    /// <summary>
    /// The check behind the store's refusal: a session stamped with an older credential than its user's (as one
    /// written before the change by another instance would be) is refused at refresh and at the access-token check.
    /// </summary>
    [Fact]
    public async Task A_session_stamped_with_an_older_credential_is_refused_at_refresh_and_at_the_access_token_check()
    {
        using var factory = new ObservedKestrelFactory();
        using var client = factory.SocketClient();
        var owner = await client.Register();
        var other = await client.Login(owner.Email);
        using (var connection = new SqliteConnection($"Data Source={factory.DatabasePath}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE users SET credential_version = credential_version + 1 WHERE id = $id";
            command.Parameters.AddWithValue("$id", owner.UserId);
            Assert.Equal(1, command.ExecuteNonQuery());
        }

        using var me = await client.Send(HttpMethod.Get, "/v1/users/me", other.AccessToken);
        await me.AssertProblem(HttpStatusCode.Unauthorized, "invalid_token");
        using var refreshed = await client.Refresh(other.RefreshToken);
        await refreshed.AssertProblem(HttpStatusCode.Unauthorized, "invalid_refresh_token");
    }
}
