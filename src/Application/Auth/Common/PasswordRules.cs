using Latch.Application.Common.Interfaces;
using Latch.Domain.Common;
using Latch.Domain.Passwords;
using Latch.Domain.Users;

namespace Latch.Application.Auth.Common;

/// <summary>
/// The password policy together with the common and breached password lists it consults, and the external breach
/// corpus (when one is configured) that is asked only when a new password is about to be set.
/// </summary>
internal sealed class PasswordRules(PasswordPolicy policy, ICommonPasswords commonPasswords, IBreachedPasswords breaches)
{
    public static readonly Error BreachCheckUnavailable = new(ErrorCodes.Unavailable,
        "The password could not be checked against known breaches right now. Try again shortly.", ErrorKind.Unavailable,
        TimeSpan.FromSeconds(5));

    public IReadOnlyList<PasswordRefusal> Check(string password, Email? email) =>
        policy.Check(password, email, commonPasswords.Contains);

    public Result Validate(string password, Email? email, string field) =>
        policy.Validate(password, email, commonPasswords.Contains, field);

    /// <summary>The external breach check, for a password that has passed <see cref="Check"/>.</summary>
    public async ValueTask<Result> CheckBreachesAsync(string password, string field, CancellationToken cancellationToken) =>
        await breaches.CheckAsync(PasswordPolicy.Normalize(password), cancellationToken) switch
        {
            BreachCheck.Found => PasswordPolicy.Refused(field,
                [new PasswordRefusal(PasswordRule.Breached, "Password appears in a known data breach; choose another.")]),
            BreachCheck.Unavailable => BreachCheckUnavailable,
            _ => Result.Success(),
        };
}
