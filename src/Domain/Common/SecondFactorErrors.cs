namespace Latch.Domain.Common;

/// <summary>The named expected failures of the second factor, mapped once to HTTP at the edge.</summary>
public static class SecondFactorErrors
{
    public static readonly Error AlreadyEnabled =
        new(ErrorCodes.MfaAlreadyEnabled, "A second factor is already active on this account; disable it first.", ErrorKind.Conflict);

    public static readonly Error NotEnrolled =
        new(ErrorCodes.MfaNotEnrolled, "No authenticator enrolment is waiting for confirmation on this account.", ErrorKind.Conflict);

    /// <summary>A wrong, expired or already used code given to confirm a change (the caller is signed in).</summary>
    public static readonly Error WrongCode =
        new(ErrorCodes.InvalidMfaCode, "The authentication code is incorrect, expired or already used.", ErrorKind.Forbidden);
}
