using System.Globalization;

namespace Latch.Domain.Common;

/// <summary>The named expected failures of the second factor, mapped once to HTTP at the edge.</summary>
public static class SecondFactorErrors
{
    public static readonly Error AlreadyEnabled =
        new(ErrorCodes.MfaAlreadyEnabled, "A second factor is already active on this account; disable it first.", ErrorKind.Conflict);

    public static readonly Error NotEnrolled =
        new(ErrorCodes.MfaNotEnrolled, "No authenticator enrolment is waiting for confirmation on this account.", ErrorKind.Conflict);

    /// <summary>Disabling the factor, replacing its recovery codes or proving it (step-up) on an account with no active factor.</summary>
    public static readonly Error NotActive =
        new(ErrorCodes.MfaNotEnrolled, "No second factor is active on this account.", ErrorKind.Conflict);

    /// <summary>A wrong, expired or already used code given to confirm a change (the caller is signed in).</summary>
    public static readonly Error WrongCode =
        new(ErrorCodes.InvalidMfaCode, "The authentication code is incorrect, expired or already used.", ErrorKind.Forbidden);

    /// <summary>The password was right; the sign-in is completed at <c>/v1/auth/login/mfa</c> with this token and a code.</summary>
    public static Error Required(string mfaToken) =>
        new(ErrorCodes.MfaRequired, "The password is correct; this account also asks for a code from its authenticator app.",
            ErrorKind.Unauthorized, member: new KeyValuePair<string, string>("mfaToken", mfaToken));

    public static readonly Error InvalidMfaToken =
        new(ErrorCodes.InvalidMfaToken, "The sign-in to complete is unknown, expired, already completed or ended by wrong codes; sign in again.",
            ErrorKind.Unauthorized);

    /// <summary>A wrong, expired or already used code (or recovery code) at sign-in.</summary>
    public static readonly Error WrongSignInCode =
        new(ErrorCodes.InvalidMfaCode, "The authentication code is incorrect, expired or already used.", ErrorKind.Unauthorized);

    /// <summary>
    /// <see cref="AttemptLimit"/> wrong authenticator codes in a row on the account: its codes are refused, with the status
    /// a wrong code has where it is asked (401 at sign-in, 403 for a signed-in caller), until a recovery code is used
    /// or an operator removes the factor.
    /// </summary>
    public static Error CodesLocked(ErrorKind kind) =>
        new(ErrorCodes.MfaCodesLocked,
            "Too many wrong authentication codes in a row: codes from the authenticator app are refused on this account " +
            "until one of its recovery codes is used. The owner was told by email.", kind);

    /// <summary>Consecutive wrong authenticator codes an account may be given (NIST SP 800-63B 5.2.2: at most 100).</summary>
    public const int AttemptLimit = 100;

    /// <summary>
    /// A change that hands over the account, asked on a session that has not proved the account's second factor within
    /// the step-up window: the answer says what to call.
    /// </summary>
    public static Error StepUpRequired(TimeSpan window) =>
        new(ErrorCodes.StepUpRequired,
            $"This change needs a second factor proved on this session in the last {Minutes(window)}: send a current " +
            "code (or a recovery code) to POST /v1/auth/step-up with this access token, then repeat the request.",
            ErrorKind.Forbidden);

    private static string Minutes(TimeSpan window) =>
        (window.Ticks % TimeSpan.TicksPerMinute, (long)window.TotalMinutes) switch
        {
            (0, 1) => "minute",
            (0, var minutes) => string.Create(CultureInfo.InvariantCulture, $"{minutes} minutes"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{(long)window.TotalSeconds} seconds"),
        };
}
