using Latch.Application.Common.Models;
using Latch.Domain.Common;
using Mediator;

namespace Latch.Application.Sessions.ListSessions;

public sealed record ListSessionsQuery(CurrentUser Caller) : IQuery<Result<IReadOnlyList<SessionResponse>>>;
