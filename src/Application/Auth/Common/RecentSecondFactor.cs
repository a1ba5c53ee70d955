using Latch.Application.Common.Interfaces;
using Latch.Application.Common.Models;
using Latch.Domain.Common;
using Latch.Domain.Sessions;
using Latch.Domain.Users;

namespace Latch.Application.Auth.Common;

/// <summary>
/// The step-up rule: while an account has an active second factor, a change that hands it over (password, email,
/// deletion) needs a second factor proved on the caller's own session within <see cref="StepUpPolicy.Window"/>. Judged
/// from the stored session, never from the access token's claims: a token says what was true when it was issued.
/// Accounts without a factor pass unchanged.
/// </summary>
internal sealed class RecentSecondFactor(ISessionRepository sessions, StepUpPolicy policy, IAuditTrail audit, IClock clock)
{
    /// <summary>Success, or <c>step_up_required</c> (audited, <paramref name="change"/> as its detail).</summary>
    public async Task<Result> RequireAsync(User user, CurrentUser caller, string change, CancellationToken cancellationToken)
    {
        if (!user.HasSecondFactor)
        {
            return Result.Success();
        }

        var session = await sessions.FindByIdAsync(caller.SessionId, cancellationToken);
        var now = clock.UtcNow;
        if (session is null || !session.IsActiveFor(user, now))
        {
            return DomainErrors.InvalidToken;
        }

        if (policy.IsSatisfiedBy(session, now))
        {
            return Result.Success();
        }

        audit.Record(AuditEvent.StepUpRequired, user.Id, session.Id, detail: change);
        return SecondFactorErrors.StepUpRequired(policy.Window);
    }
}
