using Latch.Domain.Users;

namespace Latch.Application.Common.Validation;

/// <summary>An operator's way of naming one account: its user id, or its email.</summary>
internal static class UserReference
{
    /// <summary>The id or the email (one of them), or neither with the failure recorded under <c>user</c>.</summary>
    public static (UserId? Id, Email? Email) Parse(FieldParser fields, string? user)
    {
        if (string.IsNullOrWhiteSpace(user))
        {
            fields.Add("user", "User (an email or a user id) is required.");
            return (null, null);
        }

        if (Guid.TryParse(user, out var id))
        {
            return (new UserId(id), null);
        }

        if (Email.Create(user) is { IsSuccess: true } email)
        {
            return (null, email.Value);
        }

        fields.Add("user", "User must be an email or a user id.");
        return (null, null);
    }
}
