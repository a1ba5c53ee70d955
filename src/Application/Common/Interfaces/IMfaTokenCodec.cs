using Latch.Domain.Users;

namespace Latch.Application.Common.Interfaces;

/// <summary>
/// A sign-in whose password was right, waiting for its second factor: whose, which challenge (its own budget of wrong
/// codes), the state of the factor it was issued against (a completed sign-in moves it on, which ends the token), and when.
/// </summary>
public sealed record MfaTicket(UserId UserId, Guid ChallengeId, long FactorState, DateTimeOffset IssuedAt);

/// <summary>
/// The <c>mfaToken</c> of an <c>mfa_required</c> answer: self-contained and authenticated by a MAC, so nothing is
/// stored per sign-in; single use because it names the factor's state, which a completed sign-in changes.
/// </summary>
public interface IMfaTokenCodec
{
    string Mint(UserId userId, long factorState, DateTimeOffset now);

    /// <summary>Null for anything this service did not mint (malformed, or a MAC that does not verify).</summary>
    MfaTicket? Read(string token);
}
