using Latch.Application.Common.Interfaces;
using Latch.Domain.Common;
using Latch.Domain.Passwords;
using Latch.Domain.Users;

namespace Latch.Application.Auth.Common;

/// <summary>The password policy together with the common and breached password lists it consults.</summary>
internal sealed class PasswordRules(PasswordPolicy policy, ICommonPasswords commonPasswords)
{
    public IReadOnlyList<PasswordRefusal> Check(string password, Email? email) =>
        policy.Check(password, email, commonPasswords.Contains);

    public Result Validate(string password, Email? email, string field) =>
        policy.Validate(password, email, commonPasswords.Contains, field);
}
