using Latch.Domain.Users;

namespace Latch.Application.Common.Interfaces;

/// <summary>A device token this service issued: to whom, which device budget it names, for which password, and when.</summary>
public sealed record DeviceToken(UserId UserId, Guid DeviceId, long CredentialVersion, DateTimeOffset IssuedAt);

/// <summary>
/// Device tokens (ADR 0010): proof that a device has signed in to an account before. Self-contained and
/// authenticated by a MAC, so nothing is stored per token; only the failure budget of a device that failed is.
/// </summary>
public interface IDeviceTokenCodec
{
    /// <summary>A new token, naming a fresh device budget, for the user's current credential.</summary>
    string Mint(UserId userId, long credentialVersion, DateTimeOffset now);

    /// <summary>Null for anything this service did not mint (malformed, or a MAC that does not verify).</summary>
    DeviceToken? Read(string token);
}
