using Latch.Domain.Sessions;
using Latch.Domain.Users;

namespace Latch.Application.Common.Interfaces;

/// <summary>Security events, recorded once each, by id only — never an email, a password or a token.</summary>
public enum AuditEvent
{
    Registered,
    LoginSucceeded,
    LoginFailed,

    /// <summary>A wrong current password given to confirm a password change or an account deletion.</summary>
    ReauthenticationFailed,
    LoginThrottled,
    BackoffStarted,
    RefreshReuseDetected,
    LoggedOut,
    PasswordChanged,

    /// <summary>A password set with an emailed reset token; every session of the account ended.</summary>
    PasswordReset,

    /// <summary>An account moved to a new address, confirmed with the link sent to it.</summary>
    EmailChanged,
    SessionRevoked,
    AccountDeleted,
    SessionsRevokedByAdmin,

    // The second factor: each step of its life, and each refused code (detail says where: "confirm", "login", "disable").
    TotpEnrolmentStarted,
    TotpEnabled,
    TotpCodeRejected,
    TotpDisabled,
    TotpRemovedByAdmin,
    RecoveryCodeUsed,
    RecoveryCodesRegenerated,
    MfaChallengeIssued,

    /// <summary>
    /// The account's consecutive wrong authenticator codes reached the cap (detail: where); its codes are refused until a
    /// recovery code is used, and the owner is mailed.
    /// </summary>
    SecondFactorLocked,

    /// <summary>A password, email or deletion change refused for want of a recent second factor (detail: which change).</summary>
    StepUpRequired,

    /// <summary>A second factor proved on a signed-in session (detail: "totp" or "recovery-code").</summary>
    StepUpSucceeded,
}

public interface IAuditTrail
{
    /// <summary>Records one event; <c>detail</c> is a fixed word, never user input (for example the logout scope).</summary>
    void Record(AuditEvent auditEvent, UserId? userId = null, SessionId? sessionId = null, string? detail = null);
}
