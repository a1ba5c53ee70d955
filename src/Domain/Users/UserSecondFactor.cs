namespace Latch.Domain.Users;

/// <summary>The second factor's intents on an account, kept apart from the password's (<see cref="User"/>).</summary>
public static class UserSecondFactor
{
    /// <summary>A fresh, pending factor replaces any pending one; an active factor must be disabled first.</summary>
    public static void BeginTotp(this User user, byte[] sealedSecret, DateTimeOffset now)
    {
        if (user.HasSecondFactor)
        {
            throw new InvalidOperationException("An active factor is disabled before another is enrolled.");
        }

        user.SetTotp(TotpFactor.Pending(sealedSecret), now);
    }

    /// <summary>The pending factor proven by a code of <paramref name="step"/>: active, with fresh recovery codes.</summary>
    public static void ConfirmTotp(this User user, long step, IReadOnlyList<string> recoveryCodeHashes, DateTimeOffset now)
    {
        var factor = user.Totp ?? throw new InvalidOperationException("No factor is pending.");
        user.SetTotp(factor.Confirmed(now, step, recoveryCodeHashes), now);
    }

    /// <summary>
    /// Records a code of <paramref name="step"/> as used; false (nothing changed) when that step, or a later one, was
    /// accepted before: a replay.
    /// </summary>
    public static bool AcceptTotpStep(this User user, long step, DateTimeOffset now)
    {
        var factor = user.Totp;
        if (factor is null || step <= factor.LastAcceptedStep)
        {
            return false;
        }

        user.SetTotp(factor.WithLastAcceptedStep(step), now);
        return true;
    }

    /// <summary>Spends the recovery code with this hash; false when the account has no such unused code.</summary>
    public static bool UseRecoveryCode(this User user, string codeHash, DateTimeOffset now)
    {
        var factor = user.Totp;
        if (factor is null || !factor.RecoveryCodeHashes.Contains(codeHash, StringComparer.Ordinal))
        {
            return false;
        }

        user.SetTotp(factor.WithRecoveryCodes([.. factor.RecoveryCodeHashes.Where(h => h != codeHash)]), now);
        return true;
    }

    public static void ReplaceRecoveryCodes(this User user, IReadOnlyList<string> recoveryCodeHashes, DateTimeOffset now)
    {
        var factor = user.Totp ?? throw new InvalidOperationException("No factor to attach recovery codes to.");
        user.SetTotp(factor.WithRecoveryCodes(recoveryCodeHashes), now);
    }

    public static void RemoveTotp(this User user, DateTimeOffset now) => user.SetTotp(null, now);
}
