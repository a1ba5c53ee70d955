using System.Text.Json.Serialization;

namespace Latch.Application.Common.Outbox;

/// <summary>
/// One thing that happened and may deserve an email, as a request saw it: the address as typed (normalised), never
/// whether an account has it. <see cref="Id"/> is unique per message, so a sender that sees it twice sends once.
/// The <c>type</c> discriminator names the kind on the wire (a queue body), so the JSON stays readable and versionable.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(RegistrationRequested), "registration-requested")]
[JsonDerivedType(typeof(PasswordResetRequested), "password-reset-requested")]
[JsonDerivedType(typeof(EmailChangeRequested), "email-change-requested")]
[JsonDerivedType(typeof(RecoveryCodeUsed), "recovery-code-used")]
[JsonDerivedType(typeof(SecondFactorLocked), "second-factor-locked")]
public abstract record OutboxMessage(Guid Id)
{
    /// <summary>A fresh, time-ordered message id.</summary>
    public static Guid NewId() => Guid.CreateVersion7();

    /// <summary>Never the address or the token, in every derived record too (sealed): a message may be named in a log line.</summary>
    public sealed override string ToString() => $"{GetType().Name} {{ Id = {Id} }}";
}

/// <summary>
/// Someone registered with <see cref="Email"/>. A new address gets a verification link carrying <see cref="Token"/>;
/// an address that already has an account gets a notice instead (the request answered the same either way).
/// </summary>
public sealed record RegistrationRequested(Guid Id, string Email, string Token) : OutboxMessage(Id);

/// <summary>Someone asked to reset the password of <see cref="Email"/>; only an existing account gets the link.</summary>
public sealed record PasswordResetRequested(Guid Id, string Email, string Token) : OutboxMessage(Id);

/// <summary>
/// The signed-in user <see cref="UserId"/> asked to move to <see cref="NewEmail"/>: the new address gets the confirmation
/// link (or, when another account has it, a notice), the current address a notice.
/// </summary>
public sealed record EmailChangeRequested(Guid Id, Guid UserId, string NewEmail, string Token) : OutboxMessage(Id);

/// <summary>
/// A recovery code of the account <see cref="UserId"/> was accepted, for <see cref="Use"/>; <see cref="CodesLeft"/> is
/// how many of its recovery codes work after it (after a regeneration: the new ones). The account's current address
/// gets a notice: whoever used it holds the password and a recovery code.
/// </summary>
public sealed record RecoveryCodeUsed(Guid Id, Guid UserId, RecoveryCodeUse Use, int CodesLeft) : OutboxMessage(Id);

/// <summary>
/// The account <see cref="UserId"/> was given as many wrong authenticator codes in a row as it may be, after its right
/// password: its codes are refused until a recovery code is used. The account's current address gets a notice.
/// </summary>
public sealed record SecondFactorLocked(Guid Id, Guid UserId) : OutboxMessage(Id);

/// <summary>What a recovery code was used for, as the notice names it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RecoveryCodeUse>))]
public enum RecoveryCodeUse
{
    [JsonStringEnumMemberName("sign-in")]
    SignIn,

    [JsonStringEnumMemberName("disable")]
    Disable,

    [JsonStringEnumMemberName("regenerate")]
    Regenerate,

    [JsonStringEnumMemberName("step-up")]
    StepUp,
}
