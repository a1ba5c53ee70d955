using Latch.Domain.Users;

namespace Latch.Infrastructure.Persistence;

/// <summary>
/// How both stores flatten a <see cref="TotpFactor"/> into four plain fields (sealed secret, confirmation instant,
/// last accepted step, recovery-code hashes joined by spaces) and rebuild it: no secret means no factor.
/// </summary>
internal static class TotpColumns
{
    public static byte[]? Secret(User user) => user.Totp?.SealedSecret;

    public static DateTimeOffset? ConfirmedAt(User user) => user.Totp?.ConfirmedAt;

    public static long LastStep(User user) => user.Totp?.LastAcceptedStep ?? 0;

    public static string? RecoveryCodes(User user) => user.Totp is { } factor ? string.Join(' ', factor.RecoveryCodeHashes) : null;

    public static TotpFactor? Read(byte[]? secret, DateTimeOffset? confirmedAt, long lastStep, string? recoveryCodes) =>
        secret is null
            ? null
            : new TotpFactor(secret, confirmedAt, lastStep,
                (recoveryCodes ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
