using System.Security.Cryptography;
using System.Text;

namespace Latch.Infrastructure.Security;

/// <summary>
/// Sub-keys derived from the pepper with HKDF-SHA-256 and a distinct label each, so one configured secret
/// serves several purposes without any two of them sharing a key.
/// </summary>
internal static class KeyDerivation
{
    public const string RefreshTokenMacLabel = "latch/refresh-token-mac/v1";
    public const string FailedLoginKeyLabel = "latch/failed-login-key/v1";
    public const string AuditIpLabel = "latch/audit-ip/v1";
    public const string DeviceTokenMacLabel = "latch/device-token-mac/v1";
    public const string TotpSealingLabel = "latch/totp-sealing/v1";
    public const string RecoveryCodeKeyLabel = "latch/recovery-code-key/v1";
    public const string MfaTokenMacLabel = "latch/mfa-token-mac/v1";
    public const string EmailTokenHashLabel = "latch/email-token-hash/v1";

    public static byte[] Derive(byte[] pepper, string label) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, pepper, 32, salt: [], info: Encoding.UTF8.GetBytes(label));
}
