namespace Latch.Domain.Users;

/// <summary>
/// An account's authenticator-app factor (RFC 6238). <see cref="SealedSecret"/> is the shared secret as the store keeps
/// it: encrypted, so a copy of the store yields no working authenticator. Until <see cref="ConfirmedAt"/> is set the
/// factor is pending (enrolled, never proven) and plays no part in sign-in. <see cref="LastAcceptedStep"/> is the
/// time step of the last code accepted: a code of that step or an earlier one is a replay. The recovery codes are kept
/// as keyed hashes only, each removed when used.
/// </summary>
public sealed class TotpFactor(
    byte[] sealedSecret,
    DateTimeOffset? confirmedAt,
    long lastAcceptedStep,
    IReadOnlyList<string> recoveryCodeHashes)
{
    public byte[] SealedSecret { get; } = sealedSecret;

    public DateTimeOffset? ConfirmedAt { get; } = confirmedAt;

    public long LastAcceptedStep { get; } = lastAcceptedStep;

    public IReadOnlyList<string> RecoveryCodeHashes { get; } = recoveryCodeHashes;

    public bool IsActive => ConfirmedAt is not null;

    public static TotpFactor Pending(byte[] sealedSecret) => new(sealedSecret, null, 0, []);

    internal TotpFactor Confirmed(DateTimeOffset at, long step, IReadOnlyList<string> recoveryCodeHashes) =>
        new(SealedSecret, at, step, recoveryCodeHashes);

    internal TotpFactor WithLastAcceptedStep(long step) => new(SealedSecret, ConfirmedAt, step, RecoveryCodeHashes);

    internal TotpFactor WithRecoveryCodes(IReadOnlyList<string> hashes) => new(SealedSecret, ConfirmedAt, LastAcceptedStep, hashes);
}
