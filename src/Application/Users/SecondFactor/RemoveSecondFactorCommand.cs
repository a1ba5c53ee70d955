using Latch.Application.Common.Validation;
using Latch.Domain.Common;
using Latch.Domain.Users;
using Mediator;

namespace Latch.Application.Users.SecondFactor;

/// <summary>
/// Operator, not an API caller: removes the second factor (active or pending) of the account named by
/// <paramref name="UserId"/> or <paramref name="Email"/>, for <paramref name="Reason"/>, one of <see cref="Reasons"/>.
/// </summary>
public sealed record RemoveSecondFactorCommand(UserId? UserId, Email? Email, string Reason)
    : ICommand<Result<RemoveSecondFactorResponse>>
{
    /// <summary>
    /// Why an operator may remove a factor: fixed words, because the reason goes into the audit trail, which never holds
    /// free text (a name, an address or a ticket's contents typed in would be personal data in the logs).
    /// </summary>
    public static readonly IReadOnlyList<string> Reasons = ["lost-device", "account-compromise", "user-request", "other"];

    public static Result<RemoveSecondFactorCommand> Parse(string? user, string? reason)
    {
        var fields = new FieldParser();
        var (id, email) = UserReference.Parse(fields, user);
        if (string.IsNullOrWhiteSpace(reason))
        {
            fields.Add("reason", $"Reason is required: one of {string.Join(", ", Reasons)}.");
        }
        else if (!Reasons.Contains(reason, StringComparer.Ordinal))
        {
            fields.Add("reason", $"Reason must be one of {string.Join(", ", Reasons)}.");
        }

        return fields.Finish(() => new RemoveSecondFactorCommand(id, email, reason!));
    }
}

/// <summary>Whose factor was removed, and how many of their sessions were ended with it.</summary>
public sealed record RemoveSecondFactorResponse(string UserId, int SessionsRevoked);
