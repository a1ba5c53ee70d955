using System.Net;
using Latch.Domain.Common;
using Latch.IntegrationTests.Support;

namespace Latch.IntegrationTests.Mail;

/// <summary>
/// Account pre-hijacking: someone registers another person's address with a password of their own, and the link goes
/// to that person. Following it without the password chosen at registration must create nothing, and the address's
/// owner must still be able to register it with their own password, which the registrant's then does not open.
/// </summary>
public sealed class RegistrationPreHijackTests : IDisposable
{
    private const string AttackerPassword = "attacker's own passphrase 1";
    private const string VictimPassword = "victim's own passphrase 22";
    private readonly Mailbox _mailbox = new();
    private readonly KestrelFactory _factory;
    private readonly HttpClient _client;

    public RegistrationPreHijackTests()
    {
        var settings = MailLinks.Settings(_mailbox);
        settings[LatchFactory.RequireEmailVerification] = null;
        _factory = new KestrelFactory(settings);
        _client = _factory.Socket();
    }

    private async Task<string> RegisterAndReadLinkAsync(string email, string password, int mails)
    {
        using var registered = await _client.PostJson("/v1/auth/register", new { email, password, displayName = "Ann" });
        Assert.Equal(HttpStatusCode.Accepted, registered.StatusCode);
        return MailLinks.Token((await _mailbox.ForAsync(email, mails))[^1]);
    }

    private Task<HttpResponseMessage> VerifyAsync(string token, string? password) => password is null
        ? _client.PostJson("/v1/auth/verify-email", new { token })
        : _client.PostJson("/v1/auth/verify-email", new { token, password });

    [Fact]
    public async Task The_link_alone_creates_no_account_and_the_owner_registers_the_address_with_their_own_password()
    {
        var victim = Api.NewEmail("prehijack");
        var attackersLink = await RegisterAndReadLinkAsync(victim, AttackerPassword, 1);

        // The owner follows the link from their mailbox, with whatever password they believe is theirs.
        using var withoutPassword = await VerifyAsync(attackersLink, password: null);
        await withoutPassword.AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        using var withTheirs = await VerifyAsync(attackersLink, VictimPassword);
        await withTheirs.AssertProblem(HttpStatusCode.Forbidden, ErrorCodes.WrongPassword);
        using var noAccount = await _client.PostJson("/v1/auth/login", new { email = victim, password = AttackerPassword });
        await noAccount.AssertProblem(HttpStatusCode.Unauthorized, ErrorCodes.InvalidCredentials);

        // Their own registration sends a new link; verified with their password, the address is theirs.
        var ownLink = await RegisterAndReadLinkAsync(victim, VictimPassword, 2);
        using var verified = await VerifyAsync(ownLink, VictimPassword);
        Assert.Equal(HttpStatusCode.Created, verified.StatusCode);
        Assert.Equal(victim, Tokens.From(await verified.Body()).Email);

        using var attackerSignIn = await _client.PostJson("/v1/auth/login", new { email = victim, password = AttackerPassword });
        await attackerSignIn.AssertProblem(HttpStatusCode.Unauthorized, ErrorCodes.InvalidCredentials);
        await _client.Login(victim, VictimPassword);

        // The first link, with the password it was registered with, now finds the address taken.
        using var late = await VerifyAsync(attackersLink, AttackerPassword);
        await late.AssertProblem(HttpStatusCode.Conflict, ErrorCodes.EmailTaken);
    }

    [Fact]
    public async Task A_wrong_password_leaves_the_link_usable_by_whoever_chose_the_password()
    {
        var email = Api.NewEmail("prehijack-retry");
        var link = await RegisterAndReadLinkAsync(email, AttackerPassword, 1);

        using var wrong = await VerifyAsync(link, VictimPassword);
        await wrong.AssertProblem(HttpStatusCode.Forbidden, ErrorCodes.WrongPassword);

        using var right = await VerifyAsync(link, AttackerPassword);
        Assert.Equal(HttpStatusCode.Created, right.StatusCode);
        using var spent = await VerifyAsync(link, AttackerPassword);
        await spent.AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.InvalidEmailToken);
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
        _mailbox.Dispose();
    }
}

/// <summary>Wrong passwords at verification count against the address's sign-in back-off: no free bcrypt guesses.</summary>
public sealed class RegistrationVerificationBackoffTests : IDisposable
{
    private readonly Mailbox _mailbox = new();
    private readonly ClockedFactory _factory;

    public RegistrationVerificationBackoffTests()
    {
        // The clock stands still so the first back-off window cannot pass on a loaded machine.
        var settings = MailLinks.Settings(_mailbox);
        settings[LatchFactory.RequireEmailVerification] = null;
        _factory = new ClockedFactory(settings);
    }

    [Fact]
    public async Task Wrong_passwords_at_verification_are_under_the_sign_in_backoff_of_the_address()
    {
        var client = _factory.CreateClient();
        var email = Api.NewEmail("prehijack-backoff");
        using var registered = await client.PostJson("/v1/auth/register", new { email, password = Api.StrongPassword });
        Assert.Equal(HttpStatusCode.Accepted, registered.StatusCode);
        var token = MailLinks.Token(Assert.Single(await _mailbox.ForAsync(email)));

        for (var i = 0; i < 5; i++)
        {
            using var wrong = await client.PostJson("/v1/auth/verify-email", new { token, password = "guess number " + i });
            await wrong.AssertProblem(HttpStatusCode.Forbidden, ErrorCodes.WrongPassword);
        }

        using var blocked = await client.PostJson("/v1/auth/verify-email", new { token, password = Api.StrongPassword });
        await blocked.AssertProblem(HttpStatusCode.TooManyRequests, ErrorCodes.TooManyAttempts);
        Assert.True(blocked.Headers.Contains("Retry-After"));

        // Once the window passes the right password still verifies: the throttled attempts spent nothing.
        _factory.Time.Advance(TimeSpan.FromMinutes(5));
        using var verified = await client.PostJson("/v1/auth/verify-email", new { token, password = Api.StrongPassword });
        Assert.Equal(HttpStatusCode.Created, verified.StatusCode);
    }

    public void Dispose()
    {
        _factory.Dispose();
        _mailbox.Dispose();
    }
}
