using Latch.Application.Common.Interfaces;
using Latch.Domain.Common;
using Latch.Domain.Passwords;

namespace Latch.Application.Auth.Common;

/// <summary>The password policy together with the common-password list it consults.</summary>
internal sealed class PasswordRules(PasswordPolicy policy, ICommonPasswords commonPasswords)
{
    public IReadOnlyList<string> Check(string password, string? emailLocalPart) =>
        policy.Check(password, emailLocalPart, commonPasswords.Contains);

    public Result Validate(string password, string? emailLocalPart, string field) =>
        policy.Validate(password, emailLocalPart, commonPasswords.Contains, field);
}
