using Latch.Application.Common.Models;
using Latch.Domain.Common;
using Latch.Infrastructure.Web.Contracts;
using Latch.Infrastructure.Web.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Latch.Infrastructure.Web.Cookies;

/// <summary>
/// Moves the refresh token between the body and the cookie when the request asks for the cookie transport (the gate
/// has already checked the header and the Origin): refresh takes its token from the cookie only, never the body; a
/// successful register, login or refresh sets the new token as the cookie and answers without it.
/// </summary>
internal sealed class CookieTransportFilter(CookieRoute route) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (RefreshCookie.IsRequested(http.Request) != true)
        {
            return await next(context);
        }

        if (route == CookieRoute.Refresh)
        {
            if (RefreshCookie.Read(http.Request) is not { } token)
            {
                return new InvalidRefreshTokenResult();
            }

            for (var i = 0; i < context.Arguments.Count; i++)
            {
                if (context.Arguments[i] is RefreshRequest)
                {
                    context.Arguments[i] = new RefreshRequest(token);
                }
            }
        }

        var result = await next(context);
        switch (result)
        {
            case Created<AuthResponse> { Value: { } created } answer:
                RefreshCookie.Set(http.Response, created.RefreshToken, created.RefreshTokenExpiresIn);
                return TypedResults.Created(answer.Location, CookieAuthResponse.From(created));
            case Ok<AuthResponse> { Value: { } refreshed }:
                RefreshCookie.Set(http.Response, refreshed.RefreshToken, refreshed.RefreshTokenExpiresIn);
                return TypedResults.Ok(CookieAuthResponse.From(refreshed));
            default:
                return result;
        }
    }

    // No cookie sent is the same answer as a dead one: the browser holds no session.
    private sealed class InvalidRefreshTokenResult : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => ProblemWriter.WriteAsync(httpContext, DomainErrors.InvalidRefreshToken);
    }
}
