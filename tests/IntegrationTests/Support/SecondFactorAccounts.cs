using System.Net;

namespace Latch.IntegrationTests.Support;

/// <summary>An account with an authenticator turned on through the contract, for the tests of what a second factor changes.</summary>
public static class SecondFactorAccounts
{
    /// <summary>
    /// Registers <paramref name="email"/>, signs it in <paramref name="passwordSessions"/> more times with the password
    /// (sessions that never prove the factor), then enrols and confirms an authenticator on the first session with
    /// oathtool's code at <paramref name="now"/>.
    /// </summary>
    public static async Task<EnrolledAccount> RegisterWithAuthenticator(this HttpClient client, string email, DateTimeOffset now,
        int passwordSessions = 0)
    {
        var tokens = await client.Register(email);
        var sessions = new Tokens[passwordSessions];
        for (var i = 0; i < passwordSessions; i++)
        {
            sessions[i] = await client.Login(email);
        }

        using var enrol = await client.Send(HttpMethod.Post, "/v1/users/me/mfa/totp", tokens.AccessToken,
            new { currentPassword = Api.StrongPassword });
        var secret = (await enrol.Body()).GetProperty("secret").GetString()!;
        using var confirm = await client.Send(HttpMethod.Post, "/v1/users/me/mfa/totp/confirm", tokens.AccessToken,
            new { code = Oathtool.Code(secret, now) });
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        string[] codes = [.. (await confirm.Body()).GetProperty("recoveryCodes").EnumerateArray().Select(c => c.GetString()!)];
        return new EnrolledAccount(tokens, secret, codes, sessions);
    }
}

/// <summary>The enrolling session, the authenticator's secret, the recovery codes and the password-only sessions.</summary>
public sealed record EnrolledAccount(Tokens Tokens, string Secret, string[] RecoveryCodes, Tokens[] PasswordSessions);
