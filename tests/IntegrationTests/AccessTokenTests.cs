using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Latch.IntegrationTests.Support;
using Microsoft.IdentityModel.Tokens;

namespace Latch.IntegrationTests;

public sealed class AccessTokenTests(SharedFactory factory) : IClassFixture<SharedFactory>
{
    [Fact]
    public async Task The_token_is_an_at_jwt_with_kid_and_the_contract_claims_and_no_email()
    {
        var tokens = await factory.CreateClient().Register();
        var header = JsonDocument.Parse(TokenForge.HeaderJson(tokens.AccessToken)).RootElement;
        Assert.Equal("at+jwt", header.GetProperty("typ").GetString());
        Assert.Equal("ES256", header.GetProperty("alg").GetString());
        Assert.Equal("test-es256", header.GetProperty("kid").GetString());

        var payloadJson = TokenForge.PayloadJson(tokens.AccessToken);
        var payload = JsonDocument.Parse(payloadJson).RootElement;
        Assert.Equal(["amr", "aud", "auth_time", "exp", "iat", "iss", "jti", "nbf", "sid", "sub"], payload.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(["pwd"], payload.GetProperty("amr").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(tokens.UserId, payload.GetProperty("sub").GetString());
        Assert.DoesNotContain(tokens.Email, payloadJson, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@", payloadJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_forged_with_the_real_key_and_valid_claims_is_accepted_so_the_refusals_below_mean_something()
    {
        var (client, sub, sid) = await SignedIn();
        var token = TokenForge.Sign(sub, sid, TokenForge.Es256(LatchFactory.Es256Pem, "test-es256"));
        await AssertAccepted(client, token);
    }

    [Fact]
    public async Task A_token_signed_by_a_still_listed_older_key_is_accepted()
    {
        var (client, sub, sid) = await SignedIn();
        var token = TokenForge.Sign(sub, sid, TokenForge.Hs256(Convert.FromBase64String(LatchFactory.OldHs256Secret), "test-old-hs256"));
        await AssertAccepted(client, token);
    }

    [Theory]
    [InlineData("at+jwt")]
    [InlineData("application/at+jwt")]
    [InlineData("AT+JWT")]
    [InlineData("Application/At+Jwt")]
    public async Task Both_RFC_9068_spellings_of_the_access_token_type_are_accepted_in_any_case(string type)
    {
        // RFC 9068 section 4 allows "at+jwt" and "application/at+jwt"; media types compare case-insensitively.
        var (client, sub, sid) = await SignedIn();
        var token = TokenForge.Sign(sub, sid, TokenForge.Es256(LatchFactory.Es256Pem, "test-es256"), d => d.TokenType = type);
        Assert.Equal(type, JsonDocument.Parse(TokenForge.HeaderJson(token)).RootElement.GetProperty("typ").GetString());
        await AssertAccepted(client, token);
    }

    [Theory]
    [InlineData("JWT")]
    [InlineData("jwt")]
    [InlineData("application/jwt")]
    [InlineData("at+jwt; charset=utf-8")]
    [InlineData("application/at+jwt ")]
    [InlineData("text/at+jwt")]
    [InlineData("application/application/at+jwt")]
    [InlineData("at+jwt2")]
    [InlineData("")]
    public async Task Any_other_token_type_is_refused(string type)
    {
        var (client, sub, sid) = await SignedIn();
        var token = TokenForge.Sign(sub, sid, TokenForge.Es256(LatchFactory.Es256Pem, "test-es256"), d => d.TokenType = type);
        await AssertRefused(client, token);
    }

    [Fact]
    public async Task A_token_without_a_type_is_refused()
    {
        var (client, sub, sid) = await SignedIn();
        var token = TokenForge.Sign(sub, sid, TokenForge.Es256(LatchFactory.Es256Pem, "test-es256"), d => d.TokenType = null);
        Assert.False(JsonDocument.Parse(TokenForge.HeaderJson(token)).RootElement.TryGetProperty("typ", out var typ) && typ.GetString() == "at+jwt",
            TokenForge.HeaderJson(token));
        await AssertRefused(client, token);
    }

    public static TheoryData<string> Forgeries() =>
    [
        "alg none", "wrong key", "unknown kid", "jku header", "tampered payload", "expired", "not yet valid",
        "wrong issuer", "wrong audience", "wrong typ", "HS256 with the ES256 public key", "HS256 key named for ES256",
    ];

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task Forged_or_invalid_tokens_are_refused(string forgery)
    {
        var (client, sub, sid) = await SignedIn();
        var realKey = TokenForge.Es256(LatchFactory.Es256Pem, "test-es256");
        using var attackerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var attacker = new SigningCredentials(new ECDsaSecurityKey(attackerKey) { KeyId = "test-es256" }, SecurityAlgorithms.EcdsaSha256);
        using var publicKey = ECDsa.Create();
        publicKey.ImportFromPem(LatchFactory.Es256Pem);
        var publicPem = publicKey.ExportSubjectPublicKeyInfoPem();

        var token = forgery switch
        {
            "alg none" => TokenForge.WithoutSignature(sub, sid),
            "wrong key" => TokenForge.Sign(sub, sid, attacker),
            "unknown kid" => TokenForge.Sign(sub, sid, TokenForge.Es256(LatchFactory.Es256Pem, "no-such-key")),
            "jku header" => TokenForge.Sign(sub, sid, new SigningCredentials(
                new ECDsaSecurityKey(attackerKey) { KeyId = "attacker" }, SecurityAlgorithms.EcdsaSha256),
                d => d.AdditionalHeaderClaims = new Dictionary<string, object> { ["jku"] = "https://attacker.example/jwks.json" }),
            "tampered payload" => TokenForge.WithPayload(TokenForge.Sign(sub, sid, realKey),
                p => p.Replace(sub, Guid.CreateVersion7().ToString(), StringComparison.Ordinal)),
            "expired" => TokenForge.Sign(sub, sid, realKey, d =>
            {
                d.IssuedAt = d.NotBefore = DateTime.UtcNow.AddMinutes(-20);
                d.Expires = DateTime.UtcNow.AddMinutes(-5);
            }),
            "not yet valid" => TokenForge.Sign(sub, sid, realKey, d =>
            {
                d.NotBefore = DateTime.UtcNow.AddMinutes(5);
                d.Expires = DateTime.UtcNow.AddMinutes(15);
            }),
            "wrong issuer" => TokenForge.Sign(sub, sid, realKey, issuer: "someone-else"),
            "wrong audience" => TokenForge.Sign(sub, sid, realKey, audience: "another-api"),
            "wrong typ" => TokenForge.Sign(sub, sid, realKey, d => d.TokenType = "JWT"),
            "HS256 with the ES256 public key" => TokenForge.Sign(sub, sid, TokenForge.Hs256(Encoding.ASCII.GetBytes(publicPem), "test-es256")),
            "HS256 key named for ES256" => TokenForge.Sign(sub, sid,
                TokenForge.Hs256(Convert.FromBase64String(LatchFactory.OldHs256Secret), "test-es256")),
            _ => throw new ArgumentOutOfRangeException(nameof(forgery)),
        };

        await AssertRefused(client, token);
    }

    [Fact]
    public async Task A_missing_or_malformed_Authorization_header_is_refused()
    {
        var client = factory.CreateClient();
        await AssertRefused(client, null);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/users/me");
        request.Headers.TryAddWithoutValidation("Authorization", "Basic dXNlcjpwYXNz");
        using var basic = await client.SendAsync(request);
        await basic.AssertProblem(HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task An_authorization_header_over_8_KiB_is_refused()
    {
        var (client, sub, sid) = await SignedIn();
        var token = TokenForge.Sign(sub, sid, TokenForge.Es256(LatchFactory.Es256Pem, "test-es256"),
            d => d.Claims["pad"] = new string('p', 8 * 1024));
        await AssertRefused(client, token);
    }

    [Fact]
    public async Task A_token_in_the_query_string_is_ignored()
    {
        var tokens = await factory.CreateClient().Register();
        using var response = await factory.CreateClient().GetAsync("/v1/users/me?access_token=" + tokens.AccessToken);
        await response.AssertProblem(HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task A_deleted_users_token_is_refused()
    {
        var client = factory.CreateClient();
        var tokens = await client.Register();
        using var deleted = await client.Send(HttpMethod.Delete, "/v1/users/me", tokens.AccessToken, new { password = Api.StrongPassword });
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await AssertRefused(client, tokens.AccessToken);
    }

    [Fact]
    public async Task The_jwks_endpoint_publishes_the_ES256_public_key_and_never_the_HS256_secret()
    {
        using var response = await factory.CreateClient().GetAsync("/.well-known/jwks.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var keys = (await response.Body()).GetProperty("keys");
        var key = Assert.Single(keys.EnumerateArray());
        Assert.Equal("EC", key.GetProperty("kty").GetString());
        Assert.Equal("P-256", key.GetProperty("crv").GetString());
        Assert.Equal("test-es256", key.GetProperty("kid").GetString());
        Assert.False(key.TryGetProperty("d", out _));
        Assert.DoesNotContain(LatchFactory.OldHs256Secret, keys.ToString(), StringComparison.Ordinal);
    }

    private async Task<(HttpClient Client, string Sub, string Sid)> SignedIn()
    {
        var client = factory.CreateClient();
        var tokens = await client.Register();
        var payload = JsonDocument.Parse(TokenForge.PayloadJson(tokens.AccessToken)).RootElement;
        return (client, payload.GetProperty("sub").GetString()!, payload.GetProperty("sid").GetString()!);
    }

    private static async Task AssertAccepted(HttpClient client, string token)
    {
        using var response = await client.Send(HttpMethod.Get, "/v1/users/me", token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task AssertRefused(HttpClient client, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/users/me");
        if (token is not null)
        {
            request.WithBearer(token);
        }

        using var response = await client.SendAsync(request);
        await response.AssertProblem(HttpStatusCode.Unauthorized, "invalid_token");
        Assert.Equal("Bearer error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString());
    }
}
