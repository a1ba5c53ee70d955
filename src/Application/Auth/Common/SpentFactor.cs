using Latch.Domain.Lockout;
using Latch.Domain.Users;

namespace Latch.Application.Auth.Common;

/// <summary>
/// A second factor judged right and spent on <see cref="User"/> in memory only. Of several requests carrying one code,
/// each may get this far; the caller's versioned update, run by <see cref="SecondFactors.SpendAsync"/>, decides which one
/// really spent it: only that one settles it (the audit of a recovery code's use, the failure counts cleared), every
/// other gives its own reservations back.
/// </summary>
internal sealed record SpentFactor(User User, bool ByRecoveryCode, string Where)
{
    /// <summary>
    /// The sign-in token's attempt the code was sent under, if any: given back with the rest when the spend is not
    /// stored, since a token counts wrong codes only.
    /// </summary>
    public AttemptKey? Challenge { get; init; }
}
