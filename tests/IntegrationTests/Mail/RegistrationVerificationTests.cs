using System.Net;
using Latch.Domain.Common;
using Latch.IntegrationTests.Support;

namespace Latch.IntegrationTests.Mail;

/// <summary>
/// Registration as the shipped settings run it — verification on (the factory's override taken away): register says
/// the same for every address, the mailbox gets the link or the notice, and only the link creates the account.
/// </summary>
public sealed class RegistrationVerificationTests : IDisposable
{
    private const string Password = Api.StrongPassword;
    private readonly Mailbox _mailbox = new();
    private readonly KestrelFactory _factory;
    private readonly HttpClient _client;

    public RegistrationVerificationTests()
    {
        var settings = MailLinks.Settings(_mailbox);
        settings[LatchFactory.RequireEmailVerification] = null;
        _factory = new KestrelFactory(settings);
        _client = _factory.Socket();
    }

    private Task<HttpResponseMessage> RegisterAsync(string email) =>
        _client.PostJson("/v1/auth/register", new { email, password = Password, displayName = "Ann" });

    private Task<HttpResponseMessage> VerifyAsync(string token) =>
        _client.PostJson("/v1/auth/verify-email", new { token, password = Password });

    [Fact]
    public async Task Verification_is_on_by_default_and_the_link_creates_the_account_and_signs_in()
    {
        var email = Api.NewEmail("verify");
        using var registered = await RegisterAsync(email);
        Assert.Equal(HttpStatusCode.Accepted, registered.StatusCode);
        Assert.Empty(await registered.Content.ReadAsByteArrayAsync());

        // Pending: no account yet, so sign-in answers as for any unknown address.
        using var early = await _client.PostJson("/v1/auth/login", new { email, password = Password });
        await early.AssertProblem(HttpStatusCode.Unauthorized, ErrorCodes.InvalidCredentials);

        var token = MailLinks.Token(Assert.Single(await _mailbox.ForAsync(email)));
        using var verified = await VerifyAsync(token);

        Assert.Equal(HttpStatusCode.Created, verified.StatusCode);
        var tokens = Tokens.From(await verified.Body());
        Assert.Equal(email, tokens.Email);
        using var me = await _client.Send(HttpMethod.Get, "/v1/users/me", tokens.AccessToken);
        Assert.Equal("Ann", (await me.Body()).GetProperty("displayName").GetString());
        await _client.Login(email, Password);

        using var again = await VerifyAsync(token);
        await again.AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.InvalidEmailToken);
    }

    [Fact]
    public async Task A_new_a_registered_and_a_pending_address_get_the_same_answer()
    {
        var registered = Api.NewEmail("verify-registered");
        using (var first = await RegisterAsync(registered))
        {
            await VerifyAsync(MailLinks.Token(Assert.Single(await _mailbox.ForAsync(registered))));
        }

        var pending = Api.NewEmail("verify-pending");
        (await RegisterAsync(pending)).Dispose();
        var fresh = Api.NewEmail("verify-new");

        var answers = new List<HttpResponseMessage>();
        foreach (var email in new[] { fresh, registered, pending })
        {
            answers.Add(await RegisterAsync(email));
        }

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Accepted, a.StatusCode));
        Assert.All(answers, a => Assert.Equal(0, a.Content.Headers.ContentLength ?? 0));
        var names = answers.Select(a => string.Join(",", a.Headers.Concat(a.Content.Headers).Select(h => h.Key)
            .Where(k => k != "Date").Order(StringComparer.Ordinal))).Distinct().ToList();
        Assert.Single(names);

        // The registered address's owner is told someone tried; that email carries no link that creates anything.
        var notice = (await _mailbox.ForAsync(registered, 2))[^1];
        Assert.DoesNotContain("#token=", notice.TextBody, StringComparison.Ordinal);
        answers.ForEach(a => a.Dispose());
    }

    [Fact]
    public async Task The_second_of_two_verified_registrations_of_one_address_is_email_taken()
    {
        var email = Api.NewEmail("verify-twice");
        (await RegisterAsync(email)).Dispose();
        var first = MailLinks.Token(Assert.Single(await _mailbox.ForAsync(email)));
        (await RegisterAsync(email)).Dispose();
        var second = MailLinks.Token((await _mailbox.ForAsync(email, 2))[^1]);

        using var won = await VerifyAsync(second);
        Assert.Equal(HttpStatusCode.Created, won.StatusCode);
        using var lost = await VerifyAsync(first);
        await lost.AssertProblem(HttpStatusCode.Conflict, ErrorCodes.EmailTaken);
    }

    [Fact]
    public async Task A_link_sent_before_the_account_was_deleted_does_not_bring_it_back()
    {
        var email = Api.NewEmail("verify-deleted");
        (await RegisterAsync(email)).Dispose();
        var first = MailLinks.Token(Assert.Single(await _mailbox.ForAsync(email)));
        (await RegisterAsync(email)).Dispose();
        var second = MailLinks.Token((await _mailbox.ForAsync(email, 2))[^1]);
        using var verified = await VerifyAsync(first);
        Assert.Equal(HttpStatusCode.Created, verified.StatusCode);
        var tokens = Tokens.From(await verified.Body());

        using (var deleted = await _client.Send(HttpMethod.Delete, "/v1/users/me", tokens.AccessToken, new { password = Password }))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        using var stale = await VerifyAsync(second);
        await stale.AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.InvalidEmailToken);
        using var gone = await _client.PostJson("/v1/auth/login", new { email, password = Password });
        await gone.AssertProblem(HttpStatusCode.Unauthorized, ErrorCodes.InvalidCredentials);

        // The address is free again: a registration made after the deletion creates a new account as usual.
        (await RegisterAsync(email)).Dispose();
        var fresh = MailLinks.Token((await _mailbox.ForAsync(email, 3))[^1]);
        using var again = await VerifyAsync(fresh);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.NotEqual(tokens.UserId, Tokens.From(await again.Body()).UserId);
    }

    [Fact]
    public async Task A_forged_token_and_a_missing_one_are_refused()
    {
        using var forged = await VerifyAsync(new string('A', 43));
        await forged.AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.InvalidEmailToken);
        using var missing = await _client.PostJson("/v1/auth/verify-email", new { });
        await missing.AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
        _mailbox.Dispose();
    }
}

/// <summary>Verification links expire after 24 hours (the host's clock moved).</summary>
public sealed class RegistrationVerificationExpiryTests : IDisposable
{
    private readonly Mailbox _mailbox = new();
    private readonly ClockedFactory _factory;

    public RegistrationVerificationExpiryTests()
    {
        var settings = MailLinks.Settings(_mailbox);
        settings[LatchFactory.RequireEmailVerification] = null;
        _factory = new ClockedFactory(settings);
    }

    [Fact]
    public async Task A_verification_link_expires_after_a_day()
    {
        var client = _factory.CreateClient();
        var email = Api.NewEmail("verify-expiry");
        using var registered = await client.PostJson("/v1/auth/register", new { email, password = Api.StrongPassword });
        Assert.Equal(HttpStatusCode.Accepted, registered.StatusCode);
        var token = MailLinks.Token(Assert.Single(await _mailbox.ForAsync(email)));

        _factory.Time.Advance(TimeSpan.FromHours(24));
        using var verified = await client.PostJson("/v1/auth/verify-email", new { token, password = Api.StrongPassword });

        await verified.AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.InvalidEmailToken);
    }

    public void Dispose()
    {
        _factory.Dispose();
        _mailbox.Dispose();
    }
}
