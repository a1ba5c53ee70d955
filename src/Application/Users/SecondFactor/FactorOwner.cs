using Latch.Application.Auth.Common;
using Latch.Application.Common.Interfaces;
using Latch.Application.Common.Models;
using Latch.Domain.Common;

namespace Latch.Application.Users.SecondFactor;

/// <summary>
/// Proves that the signed-in caller owns the account's active factor: the password through <see cref="Credentials"/>,
/// then the code through <see cref="SecondFactors"/>, both under the email's failed-login back-off, with the replay
/// guard and the single use of recovery codes exactly as at sign-in. The password is judged first, so a wrong one
/// spends no code.
/// </summary>
internal sealed class FactorOwner(IUserRepository users, Credentials credentials, SecondFactors secondFactors)
{
    /// <summary>
    /// The caller's account with the code spent on it (not yet stored: the caller's versioned update makes the spend
    /// happen once, run by <see cref="SecondFactors.SpendAsync"/>, which settles the proof or gives its reservations back); <c>mfa_not_enrolled</c>
    /// without an active factor, <c>wrong_password</c>, <c>invalid_mfa_code</c> (403), <c>too_many_attempts</c>.
    /// </summary>
    public async Task<Result<SpentFactor>> ProveAsync(CurrentUser caller, FactorProof proof, string where,
        CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(caller.UserId, cancellationToken);
        if (user is null)
        {
            return DomainErrors.InvalidToken;
        }

        if (!user.HasSecondFactor)
        {
            return SecondFactorErrors.NotActive;
        }

        var reauthenticated = await credentials.ReauthenticateAsync(user, proof.CurrentPassword, cancellationToken);
        if (!reauthenticated.IsSuccess)
        {
            return reauthenticated.Error;
        }

        return await secondFactors.VerifyAsync(user, proof.Code, proof.RecoveryCode, where, SecondFactorErrors.WrongCode,
            cancellationToken);
    }
}
