using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Latch.Application.Common.Interfaces;
using Latch.Application.Common.Outbox;
using Latch.Domain.Common;
using Latch.Domain.Lockout;
using Latch.Domain.Sessions;
using Latch.Domain.Users;

namespace Latch.Application.Auth.Common;

/// <summary>
/// The one place that decides "is this the account's second factor", always under the email's failed-login back-off,
/// the same budget as its password (never a device token's: the exemption ADR 0010 gives a known device covers the
/// password only). A code is checked under a reservation, as <see cref="Credentials"/> checks a password: a wrong one
/// stays counted, a right one resets the budget once it is spent. A right answer is spent on the user (the code's step
/// recorded, the recovery code removed); the caller's versioned update of the user makes that spend happen once, and
/// only the request whose update landed settles it (<see cref="SpendAsync"/>): concurrent requests with one code must
/// not each audit its use or clear the counts, and a request whose spend did not land gives its own reservations back.
/// </summary>
internal sealed class SecondFactors(
    IFailedLoginTracker failures,
    ITotpAuthenticator authenticator,
    IRecoveryCodes recoveryCodes,
    IOutbox outbox,
    LockoutPolicy lockout,
    IAuditTrail audit,
    IClock clock)
{
    private static readonly TimeSpan ShortestWait = TimeSpan.FromSeconds(1);

    // A run of wrong codes ends only with a right code, a recovery code or the factor's removal; a store that expires
    // records may drop one untouched for this long.
    private static readonly TimeSpan WrongCodeMemory = TimeSpan.FromDays(365);

    /// <summary>
    /// The state a sign-in's <c>mfaToken</c> is bound to: a digest (64 bits of SHA-256) of the factor's sealed secret,
    /// its last accepted step and its recovery-code hashes. A completed sign-in moves the step or removes a code, so a
    /// token is spent by its first success; and since every enrolment seals a fresh secret and every regeneration makes
    /// fresh random codes, no later state ever comes back to an earlier one, as a count of codes could (used, then
    /// regenerated to ten again). It says nothing of the secret or the codes: the hashes are keyed, the secret sealed.
    /// The account's credential version is in it too: a token won with a password is void once that password is changed
    /// or reset, as the sessions it could have started are (a re-hash of the same password leaves it as it was).
    /// </summary>
    public static long StateOf(User user)
    {
        if (user.Totp is not { } factor)
        {
            return 0;
        }

        using var digest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> number = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64BigEndian(number, user.CredentialVersion);
        digest.AppendData(number);
        BinaryPrimitives.WriteInt64BigEndian(number, factor.LastAcceptedStep);
        digest.AppendData(number);
        AppendField(digest, factor.SealedSecret);
        foreach (var hash in factor.RecoveryCodeHashes)
        {
            AppendField(digest, Encoding.UTF8.GetBytes(hash));
        }

        return BinaryPrimitives.ReadInt64BigEndian(digest.GetHashAndReset());
    }

    /// <summary>
    /// Checks <paramref name="code"/> (or else <paramref name="recoveryCode"/>) against the user's active factor and
    /// spends it on <paramref name="user"/> (not yet stored: the caller stores it through <see cref="SpendAsync"/>, which
    /// settles or gives back what this reserved). <paramref name="wrong"/> is the answer to a wrong one (401 at sign-in, 403
    /// for a signed-in caller); <c>too_many_attempts</c> when the back-off refuses the check.
    /// </summary>
    public async Task<Result<SpentFactor>> VerifyAsync(User user, string? code, string? recoveryCode, string where, Error wrong,
        CancellationToken cancellationToken)
    {
        if (user.Totp is not { IsActive: true } factor)
        {
            return wrong;
        }

        var run = AttemptKey.ForSecondFactor(user.Id);
        if (code is null)
        {
            var recovered = await JudgeAsync(user, where, wrong, sessionId: null,
                now => recoveryCode is not null && user.UseRecoveryCode(recoveryCodes.Hash(recoveryCode), now), cancellationToken);
            return recovered.IsSuccess ? new SpentFactor(user, ByRecoveryCode: true, where) : recovered.Error;
        }

        // The account's run of wrong codes is counted before the code is judged, atomically, as the back-off is: no
        // number of concurrent codes gets more than the limit judged.
        var counted = await failures.ReserveUpToAsync(run, SecondFactorErrors.AttemptLimit, clock.UtcNow, WrongCodeMemory,
            cancellationToken);
        if (!counted.Granted)
        {
            audit.Record(AuditEvent.LoginThrottled, user.Id, detail: where);
            return SecondFactorErrors.CodesLocked(wrong.Kind);
        }

        var judged = await JudgeAsync(user, where, wrong, sessionId: null, now =>
            authenticator.Match(user.Id, factor.SealedSecret, code, now, factor.LastAcceptedStep) is { } step &&
            user.AcceptTotpStep(step, now), cancellationToken);
        if (judged.IsSuccess)
        {
            // Counted in the run until SpendAsync settles the spend (clearing the run) or gives this reservation back.
            return new SpentFactor(user, ByRecoveryCode: false, where);
        }

        if (judged.Error.Code != ErrorCodes.InvalidMfaCode)
        {
            // Not judged (the back-off refused it): not a failure of the run.
            await failures.ReleaseAsync(run, CancellationToken.None);
        }
        else if (counted.State.Count == SecondFactorErrors.AttemptLimit)
        {
            await LockAsync(user, run, where);
        }

        return judged.Error;
    }

    /// <summary>
    /// Stores a second factor's spend, once: the notice of a recovery code's use goes to the outbox first (an outbox
    /// that refuses leaves the code unspent, and no accepted recovery code goes untold), then <paramref name="store"/>
    /// (the caller's versioned update of the user, with whatever else it changed) runs. False when that update lost to
    /// another request. Only a stored spend is settled (<see cref="SettleAsync"/>); on every other way out (the update
    /// lost, the outbox refused, anything thrown) the right code's own reservations are given back, as if it had never
    /// been sent: a right code must not be counted as a failure, and the failures counted before it stay.
    /// </summary>
    public async Task<bool> SpendAsync(SpentFactor spent, RecoveryCodeUse use, Func<CancellationToken, Task<bool>> store,
        CancellationToken cancellationToken)
    {
        var stored = false;
        try
        {
            if (spent.ByRecoveryCode)
            {
                await NoticeRecoveryCodeAsync(spent.User, use, cancellationToken);
            }

            stored = await store(cancellationToken);
        }
        finally
        {
            if (!stored)
            {
                await AbandonAsync(spent);
            }
        }

        if (!stored)
        {
            return false;
        }

        await SettleAsync(spent);
        return true;
    }

    /// <summary>
    /// A right code whose spend was not stored gives back what its check reserved: one failure of the email's back-off,
    /// for an authenticator code one of the account's run of wrong codes, and at sign-in the token's attempt. Released, not reset: only a stored
    /// spend clears the failures other requests counted.
    /// </summary>
    private async Task AbandonAsync(SpentFactor spent)
    {
        // Not the request's token: a client that left must not leave its right code counted as a failure.
        if (!spent.ByRecoveryCode)
        {
            await failures.ReleaseAsync(AttemptKey.ForSecondFactor(spent.User.Id), CancellationToken.None);
        }

        await failures.ReleaseAsync(AttemptKey.ForEmail(spent.User.Email), CancellationToken.None);
        if (spent.Challenge is { } challenge)
        {
            await failures.ReleaseAsync(challenge, CancellationToken.None);
        }
    }

    /// <summary>
    /// What follows a second factor's spend once the caller's versioned update stored it, and only then: a recovery
    /// code's use is audited, and the account's run of wrong codes and the email's back-off are cleared (a right code
    /// resets them, as a right password does). A request that lost the update spent nothing and settles nothing.
    /// </summary>
    private async Task SettleAsync(SpentFactor spent)
    {
        if (spent.ByRecoveryCode)
        {
            // The way out of a locked factor: the holder of a recovery code is the owner, or is told so by mail.
            audit.Record(AuditEvent.RecoveryCodeUsed, spent.User.Id, detail: spent.Where);
        }

        // Not the request's token: the code is spent, so the counts must be cleared even if the client left.
        await failures.ResetAsync(AttemptKey.ForSecondFactor(spent.User.Id), CancellationToken.None);
        await failures.ResetAsync(AttemptKey.ForEmail(spent.User.Email), CancellationToken.None);
    }

    /// <summary>
    /// The run of wrong codes has just reached the limit: the owner is told through the outbox. If the outbox refuses,
    /// the last wrong code is given back to the run, so the code that reaches the limit again sends the notice; no
    /// account's codes are locked without its owner being told.
    /// </summary>
    private async Task LockAsync(User user, AttemptKey run, string where)
    {
        try
        {
            // Not the request's token: the limit is reached whether or not the client is still there.
            await outbox.EnqueueAsync(new SecondFactorLocked(OutboxMessage.NewId(), user.Id.Value), CancellationToken.None);
        }
        catch
        {
            await failures.ReleaseAsync(run, CancellationToken.None);
            throw;
        }

        audit.Record(AuditEvent.SecondFactorLocked, user.Id, detail: where);
    }

    /// <summary>
    /// The step of <paramref name="code"/> against the user's pending factor, judged under the same budget as every
    /// other code: a stolen access token and an enrolment of one's own would otherwise be worth unthrottled guesses,
    /// and a hit answers the recovery codes. <c>invalid_mfa_code</c> (403) or <c>too_many_attempts</c> otherwise.
    /// </summary>
    public async Task<Result<long>> MatchPendingAsync(User user, TotpFactor pending, string code, SessionId sessionId,
        CancellationToken cancellationToken)
    {
        long? matched = null;
        var judged = await JudgeAsync(user, "confirm", SecondFactorErrors.WrongCode, sessionId, now =>
            (matched = authenticator.Match(user.Id, pending.SealedSecret, code, now, afterStep: pending.LastAcceptedStep)) is not null,
            cancellationToken);
        if (!judged.IsSuccess)
        {
            return judged.Error;
        }

        // Not the request's token: once the code was right, the reset must happen even if the client left.
        await failures.ResetAsync(AttemptKey.ForEmail(user.Email), CancellationToken.None);
        return matched!.Value;
    }

    /// <summary>
    /// Runs <paramref name="judge"/> under a reservation of the email's budget: a wrong answer stays counted, and none is
    /// judged while the back-off refuses. A right one stays counted too, until the caller resets the budget: at once
    /// for a pending factor, once the spend is stored for an active one.
    /// </summary>
    private async Task<Result> JudgeAsync(User user, string where, Error wrong, SessionId? sessionId,
        Func<DateTimeOffset, bool> judge, CancellationToken cancellationToken)
    {
        var budget = AttemptKey.ForEmail(user.Email);
        var now = clock.UtcNow;
        var reservation = await failures.ReserveAsync(budget, now, lockout, cancellationToken);
        if (!reservation.Granted)
        {
            audit.Record(AuditEvent.LoginThrottled, user.Id, sessionId, detail: where);
            return DomainErrors.TooManyAttempts(lockout.RetryAfter(reservation.State, now) ?? ShortestWait);
        }

        if (!judge(now))
        {
            // Counted already, by the reservation.
            audit.Record(AuditEvent.TotpCodeRejected, user.Id, sessionId, detail: where);
            if (reservation.State.Count == lockout.FreeFailures)
            {
                audit.Record(AuditEvent.BackoffStarted, user.Id, sessionId, detail: where);
            }

            return wrong;
        }

        return Result.Success();
    }

    /// <summary>
    /// Hands the notice of a recovery code's use to the outbox, for the account's current address. The count is the one
    /// the update is about to store.
    /// </summary>
    private Task NoticeRecoveryCodeAsync(User user, RecoveryCodeUse use, CancellationToken cancellationToken) =>
        outbox.EnqueueAsync(new RecoveryCodeUsed(OutboxMessage.NewId(), user.Id.Value, use, user.Totp?.RecoveryCodeHashes.Count ?? 0),
            cancellationToken);

    /// <summary>Length-prefixed, so no two different lists of fields can run together into the same bytes.</summary>
    private static void AppendField(IncrementalHash digest, ReadOnlySpan<byte> field)
    {
        Span<byte> length = stackalloc byte[sizeof(int)];
        BinaryPrimitives.WriteInt32BigEndian(length, field.Length);
        digest.AppendData(length);
        digest.AppendData(field);
    }
}
