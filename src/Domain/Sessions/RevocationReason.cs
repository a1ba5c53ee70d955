namespace Latch.Domain.Sessions;

public enum RevocationReason
{
    Logout = 1,
    LogoutOthers = 2,
    LogoutGlobal = 3,
    PasswordChanged = 4,
    RevokedByUser = 5,
    RefreshTokenReuse = 6,
    AdminRevoked = 7,

    /// <summary>The account's owner turned the second factor off: every other session ends with it.</summary>
    SecondFactorDisabled = 8,
}
