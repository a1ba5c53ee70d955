using Latch.Application.Auth.Common;
using Latch.Application.Common.Interfaces;
using Latch.Application.Common.Models;
using Latch.Application.Common.Outbox;
using Latch.Domain.Common;
using Latch.Domain.Lockout;
using Mediator;

namespace Latch.Application.Auth.LoginMfa;

/// <summary>
/// Completes a sign-in whose password was right: the <c>mfaToken</c> must be ours, recent, unspent, and not ended by
/// wrong codes; the code is <see cref="SecondFactors"/>' to judge. The user's versioned update spends the code and the
/// token together, so of two requests carrying them only one starts a session (and only that one settles the code).
/// </summary>
internal sealed class CompleteMfaLoginHandler(
    IUserRepository users,
    IMfaTokenCodec mfaTokens,
    SecondFactors secondFactors,
    IFailedLoginTracker failures,
    SessionIssuer sessions,
    IAuditTrail audit,
    IClock clock) : ICommandHandler<CompleteMfaLoginCommand, Result<AuthResponse>>
{
    // Long enough to outlive the token, clock skew included; the count is worth nothing after that.
    private static readonly TimeSpan TokenMemory = CompleteMfaLoginCommand.TokenLifetime + TimeSpan.FromMinutes(2);

    public async ValueTask<Result<AuthResponse>> Handle(CompleteMfaLoginCommand command, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        var ticket = mfaTokens.Read(command.MfaToken);
        if (ticket is null || now - ticket.IssuedAt > CompleteMfaLoginCommand.TokenLifetime || ticket.IssuedAt - now > TimeSpan.FromMinutes(1))
        {
            return SecondFactorErrors.InvalidMfaToken;
        }

        var user = await users.FindByIdAsync(ticket.UserId, cancellationToken);
        if (user is null || !user.HasSecondFactor || SecondFactors.StateOf(user) != ticket.FactorState)
        {
            return SecondFactorErrors.InvalidMfaToken;
        }

        // The token's attempt is taken before the code is judged, in one atomic step of the store: read first and
        // counted after, concurrent wrong codes would all pass the read.
        var challenge = AttemptKey.ForMfaChallenge(ticket.ChallengeId);
        var attempt = await failures.ReserveUpToAsync(challenge, CompleteMfaLoginCommand.WrongCodesPerToken, now,
            TokenMemory, cancellationToken);
        if (!attempt.Granted)
        {
            return SecondFactorErrors.InvalidMfaToken;
        }

        var verified = await secondFactors.VerifyAsync(user, command.Code, command.RecoveryCode, "login",
            SecondFactorErrors.WrongSignInCode, cancellationToken);
        if (!verified.IsSuccess)
        {
            if (verified.Error.Code != ErrorCodes.InvalidMfaCode)
            {
                // Not judged (the account's back-off refused it): the token's attempt is given back.
                await failures.ReleaseAsync(challenge, CancellationToken.None);
            }

            return verified.Error;
        }

        if (!await secondFactors.SpendAsync(verified.Value with { Challenge = challenge }, RecoveryCodeUse.SignIn, token => users.TryUpdateAsync(user, token),
                cancellationToken))
        {
            // Another request spent this token (or changed the account) first.
            return SecondFactorErrors.InvalidMfaToken;
        }

        var started = await sessions.StartAsync(user, command.Client, now, secondFactor: true, cancellationToken);
        if (!started.IsSuccess)
        {
            return started.Error;
        }

        var (response, session) = started.Value;
        audit.Record(AuditEvent.LoginSucceeded, user.Id, session.Id, detail: "mfa");
        return response;
    }
}
