using Latch.Domain.Sessions;
using Latch.Domain.Users;

namespace Latch.Application.Common.Models;

/// <summary>The signed-in caller, as the verified access token names them.</summary>
public sealed record CurrentUser(UserId UserId, SessionId SessionId);
