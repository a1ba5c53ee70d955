using Latch.Application.Common.Validation;
using Latch.Domain.Common;
using Latch.Domain.Users;
using Mediator;

namespace Latch.Application.Sessions.RevokeAllSessions;

/// <summary>
/// Administrator, not an API caller: ends every session of one user, named by <paramref name="UserId"/> or by
/// <paramref name="Email"/> (exactly one of them), or, when both are null, every session of every user, after a key or
/// database compromise.
/// </summary>
public sealed record RevokeAllSessionsCommand(UserId? UserId, Email? Email) : ICommand<Result<RevokeAllSessionsResponse>>
{
    public bool AllUsers => UserId is null && Email is null;

    /// <summary>Parses the operator's words: a user (an email or a user id), or all users, not both.</summary>
    public static Result<RevokeAllSessionsCommand> Parse(string? user, bool allUsers)
    {
        var fields = new FieldParser();
        if (allUsers)
        {
            if (!string.IsNullOrEmpty(user))
            {
                fields.Add("user", "Name one user or all users, not both.");
            }

            return fields.Finish(() => new RevokeAllSessionsCommand(null, null));
        }

        var (id, email) = UserReference.Parse(fields, user);
        return fields.Finish(() => new RevokeAllSessionsCommand(id, email));
    }
}

/// <summary>How many sessions were ended; <paramref name="UserId"/> is the user's id when one user was named.</summary>
public sealed record RevokeAllSessionsResponse(int SessionsRevoked, string? UserId);
