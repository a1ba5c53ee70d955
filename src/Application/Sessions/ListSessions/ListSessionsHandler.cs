using Latch.Application.Common.Interfaces;
using Latch.Application.Common.Models;
using Latch.Domain.Common;
using Mediator;

namespace Latch.Application.Sessions.ListSessions;

internal sealed class ListSessionsHandler(ISessionRepository sessions, IClock clock)
    : IQueryHandler<ListSessionsQuery, Result<IReadOnlyList<SessionResponse>>>
{
    public async ValueTask<Result<IReadOnlyList<SessionResponse>>> Handle(ListSessionsQuery query, CancellationToken cancellationToken)
    {
        var active = await sessions.ListActiveForUserAsync(query.Caller.UserId, clock.UtcNow, cancellationToken);
        IReadOnlyList<SessionResponse> list = [.. active.Select(s => s.ToResponse(current: s.Id == query.Caller.SessionId))];
        return Result<IReadOnlyList<SessionResponse>>.Success(list);
    }
}
