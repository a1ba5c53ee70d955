using System.Net;
using Latch.IntegrationTests.Support;

namespace Latch.IntegrationTests;

public sealed class RegisterTests(SharedFactory factory) : IClassFixture<SharedFactory>
{
    [Fact]
    public async Task Register_creates_the_account_signs_in_and_points_at_me()
    {
        var client = factory.CreateClient();
        var email = Api.NewEmail("Ann");
        using var response = await client.PostJson("/v1/auth/register",
            new { email = "  " + email.ToUpperInvariant() + " ", password = Api.StrongPassword, displayName = " Ann " });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/v1/users/me", response.Headers.Location?.OriginalString);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
        var body = await response.Body();
        Assert.Equal("Bearer", body.GetProperty("tokenType").GetString());
        Assert.Equal(900, body.GetProperty("expiresIn").GetInt32());
        Assert.Equal(14 * 24 * 3600, body.GetProperty("refreshTokenExpiresIn").GetInt32());
        Assert.Matches("^[A-Za-z0-9_-]+$", body.GetProperty("refreshToken").GetString());
        var user = body.GetProperty("user");
        Assert.Equal(email.ToLowerInvariant(), user.GetProperty("email").GetString());
        Assert.Equal("Ann", user.GetProperty("displayName").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", user.GetProperty("createdAt").GetString());
        Assert.Equal(["createdAt", "displayName", "email", "id", "mfa"], user.EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task Display_name_defaults_to_the_local_part()
    {
        var tokens = await factory.CreateClient().Register("zoe-" + Guid.NewGuid().ToString("N")[..6] + "@example.com");
        Assert.StartsWith("zoe-", tokens.Body.GetProperty("user").GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task Register_with_a_taken_email_in_other_letter_case_is_409()
    {
        var client = factory.CreateClient();
        var email = Api.NewEmail();
        await client.Register(email);
        using var response = await client.PostJson("/v1/auth/register", new { email = email.ToUpperInvariant(), password = Api.StrongPassword });
        await response.AssertProblem(HttpStatusCode.Conflict, "email_taken");
    }

    [Fact]
    public async Task Twenty_concurrent_registrations_of_one_email_create_exactly_one_account()
    {
        var client = factory.CreateClient();
        var email = Api.NewEmail("race");
        var spellings = Enumerable.Range(0, 20).Select(i => i % 2 == 0 ? email.ToUpperInvariant() : email).ToArray();

        var responses = await Task.WhenAll(spellings.Select(e =>
            client.PostJson("/v1/auth/register", new { email = e, password = Api.StrongPassword })));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(19, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
    }

    [Theory]
    [InlineData("""{"password":"correct horse battery staple"}""", "email")]
    [InlineData("""{"email":null,"password":"correct horse battery staple"}""", "email")]
    [InlineData("""{"email":"no-at-sign.example.com","password":"correct horse battery staple"}""", "email")]
    [InlineData("""{"email":"a@b@example.com","password":"correct horse battery staple"}""", "email")]
    [InlineData("""{"email":"ann@localhost","password":"correct horse battery staple"}""", "email")]
    [InlineData("""{"email":"ann@example.com"}""", "password")]
    [InlineData("""{"email":"ann@example.com","password":"correct horse battery staple","displayName":"   "}""", "displayName")]
    [InlineData("""{"email":"ann@example.com","password":"correct horse battery staple","displayName":"a\u0000b"}""", "displayName")]
    [InlineData("""{"email":"ann@example.com","password":"correct horse battery staple","displayName":"evil\u202Etxt"}""", "displayName")]
    public async Task A_field_that_breaks_a_rule_is_validation_failed_naming_it(string json, string field)
    {
        using var response = await factory.CreateClient().PostAsync("/v1/auth/register", Api.Json(json));
        var problem = await response.AssertProblem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), problem.ToString());
        Assert.True(messages.GetArrayLength() > 0);
    }

    /// <summary>
    /// Mail software reads "x&lt;victim@…&gt;" or "victim@…(x)" as victim's mailbox: as accounts of their own they would
    /// be second accounts whose mail reaches the first one's owner.
    /// </summary>
    [Theory]
    [InlineData("x<{0}>")]
    [InlineData("{0}(x)")]
    [InlineData("{1}(x)@{2}")]
    [InlineData("\"{1}\"@{2}")]
    [InlineData("x,{1}@{2}")]
    public async Task An_email_in_mailbox_syntax_that_names_another_address_is_refused(string shape)
    {
        var client = factory.CreateClient();
        var email = Api.NewEmail("vic");
        await client.Register(email);

        using var response = await client.PostJson("/v1/auth/register",
            new { email = string.Format(System.Globalization.CultureInfo.InvariantCulture, shape, email, email.Split('@')[0], email.Split('@')[1]),
                password = Api.StrongPassword });

        var problem = await response.AssertProblem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Contains("plain address", Assert.Single(problem.GetProperty("errors").GetProperty("email").EnumerateArray()).GetString(),
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0x200B)] // zero width space
    [InlineData(0x200D)] // zero width joiner
    [InlineData(0x2060)] // word joiner
    [InlineData(0xFEFF)] // zero width no-break space
    [InlineData(0x00AD)] // soft hyphen
    [InlineData(0x202E)] // right-to-left override
    [InlineData(0xE0061)] // tag latin small letter a, outside the BMP
    public async Task A_look_alike_email_with_an_invisible_format_character_is_refused(int codePoint)
    {
        var invisible = char.ConvertFromUtf32(codePoint);
        var client = factory.CreateClient();
        var email = Api.NewEmail("ann");
        await client.Register(email);
        var lookAlike = email.Insert(2, invisible);

        using var response = await client.PostJson("/v1/auth/register", new { email = lookAlike, password = Api.StrongPassword });

        var problem = await response.AssertProblem(HttpStatusCode.BadRequest, "validation_failed");
        var message = Assert.Single(problem.GetProperty("errors").GetProperty("email").EnumerateArray()).GetString();
        Assert.Contains("invisible", message, StringComparison.Ordinal);
        using var inDomain = await client.PostJson("/v1/auth/register",
            new { email = email.Replace("example", "exa" + invisible + "mple", StringComparison.Ordinal), password = Api.StrongPassword });
        await inDomain.AssertProblem(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task An_email_over_254_characters_is_refused()
    {
        var email = new string('a', 64) + "@" + new string('b', 186) + ".com";
        Assert.Equal(255, email.Length);
        using var response = await factory.CreateClient().PostJson("/v1/auth/register", new { email, password = Api.StrongPassword });
        await response.AssertProblem(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task A_display_name_over_64_characters_is_refused_and_64_is_accepted()
    {
        var client = factory.CreateClient();
        using var tooLong = await client.PostJson("/v1/auth/register",
            new { email = Api.NewEmail(), password = Api.StrongPassword, displayName = new string('n', 65) });
        await tooLong.AssertProblem(HttpStatusCode.BadRequest, "validation_failed");
        using var fits = await client.PostJson("/v1/auth/register",
            new { email = Api.NewEmail(), password = Api.StrongPassword, displayName = new string('n', 64) });
        Assert.Equal(HttpStatusCode.Created, fits.StatusCode);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("""{"email":42,"password":"correct horse battery staple"}""")]
    [InlineData("""{"email":{"$ne":null},"password":"x"}""")]
    [InlineData("""{"email":"a@example.com","email":"b@example.com","password":"correct horse battery staple"}""")]
    [InlineData("[]")]
    [InlineData("")]
    public async Task A_body_that_is_not_the_expected_JSON_is_malformed_request(string json)
    {
        using var response = await factory.CreateClient().PostAsync("/v1/auth/register", Api.Json(json));
        await response.AssertProblem(HttpStatusCode.BadRequest, "malformed_request");
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_is_unsupported_media_type()
    {
        using var content = new StringContent("email=a@example.com", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
        using var response = await factory.CreateClient().PostAsync("/v1/auth/register", content);
        await response.AssertProblem(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    [Fact]
    public async Task A_body_over_16_KiB_is_payload_too_large()
    {
        var json = $$"""{"email":"a@example.com","password":"{{new string('x', 17 * 1024)}}"}""";
        using var response = await factory.CreateClient().PostAsync("/v1/auth/register", Api.Json(json));
        await response.AssertProblem(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Fact]
    public async Task Unknown_properties_are_ignored_and_cannot_set_internal_fields()
    {
        var email = Api.NewEmail();
        using var response = await factory.CreateClient().PostJson("/v1/auth/register",
            new { email, password = Api.StrongPassword, id = "00000000-0000-0000-0000-000000000001", version = 99, passwordHash = "x" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var user = (await response.Body()).GetProperty("user");
        Assert.NotEqual("00000000-0000-0000-0000-000000000001", user.GetProperty("id").GetString());
    }
}
