using Latch.Domain.Sessions;
using Latch.Domain.Users;

namespace Latch.UnitTests.Domain;

public sealed class SessionSignInTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public void A_session_starts_as_a_password_sign_in_and_a_proof_adds_otp_and_its_time()
    {
        var session = Session.Start(SessionId.New(), UserId.New(), 1, new byte[32], T0, SessionPolicy.Default, null, null);
        Assert.Equal(AuthenticationMethods.Password, session.Methods);
        Assert.Equal(T0, session.AuthenticatedAt);
        Assert.Null(session.SecondFactorAt);
        Assert.Equal(["pwd"], Amr.Values(session.Methods));

        session.RecordSecondFactor(T0.AddMinutes(7));
        Assert.Equal(["pwd", "otp"], Amr.Values(session.Methods));
        Assert.Equal(T0, session.AuthenticatedAt);
        Assert.Equal(T0.AddMinutes(7), session.SecondFactorAt);

        session.Rotate(new byte[32], new byte[8], T0.AddMinutes(8), SessionPolicy.Default);
        Assert.Equal(["pwd", "otp"], Amr.Values(session.Methods));
        Assert.Equal(T0.AddMinutes(7), session.SecondFactorAt);
    }

    [Fact]
    public void An_ended_session_cannot_record_a_proof()
    {
        var session = Session.Start(SessionId.New(), UserId.New(), 1, new byte[32], T0, SessionPolicy.Default, null, null);
        session.Revoke(T0.AddMinutes(1), RevocationReason.Logout);
        Assert.Throws<InvalidOperationException>(() => session.RecordSecondFactor(T0.AddMinutes(2)));
    }

    [Theory]
    [InlineData("pwd", AuthenticationMethods.Password)]
    [InlineData("pwd otp", AuthenticationMethods.Password | AuthenticationMethods.OneTimePassword)]
    [InlineData("", AuthenticationMethods.None)]
    public void The_stored_names_read_back(string stored, AuthenticationMethods methods)
    {
        Assert.Equal(methods, Amr.Parse(stored));
        Assert.Equal(stored, Amr.Format(methods));
    }

    [Fact]
    public void A_name_Latch_never_writes_is_a_corrupt_record() =>
        Assert.Throws<FormatException>(() => Amr.Parse("pwd sms"));
}
