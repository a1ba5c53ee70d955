using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Latch.Domain.Sessions;
using Latch.Domain.Users;
using Latch.Infrastructure.Configuration;
using Latch.Infrastructure.Security.Tokens;
using Microsoft.IdentityModel.Tokens;

namespace Latch.UnitTests.Infrastructure.Security.Tokens;

/// <summary>The payload says how the session was won, as API owners read it: a JSON array of RFC 8176 names and two times.</summary>
public sealed class AccessTokenClaimsTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 30, 0, TimeSpan.Zero);

    private readonly JwtKeyRing _keys = new([new JwtKeyOptions
    {
        Id = "unit", Algorithm = "HS256", Secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
    }]);

    [Fact]
    public void A_password_session_says_pwd_as_an_array_and_its_sign_in_time_and_no_second_factor_time()
    {
        var session = Session.Start(SessionId.New(), UserId.New(), 1, new byte[32], T0, SessionPolicy.Default, null, null);
        var payload = Payload(session, T0.AddHours(2));

        Assert.Equal(JsonValueKind.Array, payload.GetProperty("amr").ValueKind);
        Assert.Equal(["pwd"], payload.GetProperty("amr").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(T0.ToUnixTimeSeconds(), payload.GetProperty("auth_time").GetInt64());
        Assert.False(payload.TryGetProperty("mfa_time", out _));
    }

    [Fact]
    public void A_session_with_a_proof_says_pwd_and_otp_and_when_the_factor_was_proved()
    {
        var session = Session.Start(SessionId.New(), UserId.New(), 1, new byte[32], T0, SessionPolicy.Default, null, null);
        session.RecordSecondFactor(T0.AddMinutes(42));
        var payload = Payload(session, T0.AddMinutes(43));

        Assert.Equal(["pwd", "otp"], payload.GetProperty("amr").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(T0.ToUnixTimeSeconds(), payload.GetProperty("auth_time").GetInt64());
        Assert.Equal(T0.AddMinutes(42).ToUnixTimeSeconds(), payload.GetProperty("mfa_time").GetInt64());
    }

    public void Dispose() => _keys.Dispose();

    private JsonElement Payload(Session session, DateTimeOffset now)
    {
        var token = new JwtAccessTokenIssuer(_keys, "https://issuer.test", "latch-api", TimeSpan.FromMinutes(15))
            .Issue(session.UserId, session, now).Token;
        return JsonDocument.Parse(Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(token.Split('.')[1]))).RootElement;
    }
}
