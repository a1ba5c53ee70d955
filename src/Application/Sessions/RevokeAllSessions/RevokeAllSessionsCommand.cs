using Latch.Domain.Common;
using Mediator;

namespace Latch.Application.Sessions.RevokeAllSessions;

/// <summary>
/// Administrator, not an API caller: ends every session of one user, named by <paramref name="User"/> (an email
/// or a user id), or with <paramref name="AllUsers"/> every session of every user, after a key or database compromise.
/// </summary>
public sealed record RevokeAllSessionsCommand(string? User, bool AllUsers) : ICommand<Result<RevokeAllSessionsResponse>>;

/// <summary>How many sessions were ended; <paramref name="UserId"/> is the user's id when one user was named.</summary>
public sealed record RevokeAllSessionsResponse(int SessionsRevoked, string? UserId);
