using Latch.Application.Common.Models;
using Latch.Application.Sessions.ListSessions;
using Latch.Application.Sessions.RevokeSession;
using Latch.Domain.Common;
using Latch.Domain.Sessions;
using Latch.Infrastructure.Web.Authentication;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Latch.Infrastructure.Web.Endpoints;

internal static class SessionEndpoints
{
    public static IEndpointRouteBuilder MapSessionEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var sessions = endpoints.MapGroup("/v1/users/me/sessions").WithTags("Sessions").RequireAuthorization();

        sessions.MapGet("", ListAsync)
            .WithName("listSessions")
            .WithSummary("Active sessions of the signed-in user, newest first.")
            .Produces<IReadOnlyList<SessionResponse>>()
            .Problems(StatusCodes.Status401Unauthorized).CommonProblems();

        sessions.MapDelete("/{id}", RevokeAsync)
            .WithName("revokeSession")
            .WithSummary("End one session of the signed-in user (404 when it is not theirs or not active).")
            .Produces(StatusCodes.Status204NoContent)
            .Problems(StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound).CommonProblems();
        return endpoints;
    }

    private static async Task<IResult> ListAsync(HttpContext http, ISender sender, CancellationToken cancellationToken) =>
        (await sender.Send(new ListSessionsQuery(http.User.Caller()), cancellationToken)).ToHttp(TypedResults.Ok);

    // The id is taken as text: a malformed id is simply not one of the caller's sessions.
    private static async Task<IResult> RevokeAsync(string id, HttpContext http, ISender sender, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var sessionId))
        {
            return HttpResults.Problem(DomainErrors.SessionNotFound);
        }

        return (await sender.Send(new RevokeSessionCommand(http.User.Caller(), new SessionId(sessionId)), cancellationToken)).ToHttp();
    }
}
