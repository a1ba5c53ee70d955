using Latch.Domain.Users;

namespace Latch.Application.Auth.Common;

/// <summary>
/// A second factor judged right and spent on <see cref="User"/> in memory only. Of several requests carrying one code,
/// each may get this far; the caller's versioned update decides which one really spent it, and only that one hands this
/// to <see cref="SecondFactors.SettleAsync"/> (the audit of a recovery code's use, the failure counts cleared).
/// </summary>
internal sealed record SpentFactor(User User, bool ByRecoveryCode, string Where);
