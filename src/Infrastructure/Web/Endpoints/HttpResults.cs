using Latch.Application.Common.Interfaces;
using Latch.Domain.Common;
using Latch.Infrastructure.Web.Problems;
using Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Latch.Infrastructure.Web.Endpoints;

/// <summary>The one mapping from a use case's result to an HTTP answer.</summary>
internal static class HttpResults
{
    public static IResult ToHttp<T>(this Result<T> result, Func<T, IResult> success) =>
        result.IsSuccess ? success(result.Value) : new ProblemHttpResult(result.Error);

    public static IResult ToHttp(this Result result) =>
        result.IsSuccess ? TypedResults.NoContent() : new ProblemHttpResult(result.Error);

    public static IResult Problem(Error error) => new ProblemHttpResult(error);

    /// <summary>Sends a command parsed from a request body, or answers the parse's <c>validation_failed</c>.</summary>
    public static async Task<IResult> SendParsedAsync<TCommand, T>(this ISender sender, Result<TCommand> parsed,
        Func<T, IResult> success, CancellationToken cancellationToken)
        where TCommand : ICommand<Result<T>> =>
        parsed.IsSuccess ? (await sender.Send(parsed.Value, cancellationToken)).ToHttp(success) : Problem(parsed.Error);

    /// <summary>As above, for a command that answers nothing on success (204).</summary>
    public static async Task<IResult> SendParsedAsync<TCommand>(this ISender sender, Result<TCommand> parsed,
        CancellationToken cancellationToken)
        where TCommand : ICommand<Result> =>
        parsed.IsSuccess ? (await sender.Send(parsed.Value, cancellationToken)).ToHttp() : Problem(parsed.Error);

    public static ClientInfo ClientInfo(this HttpContext context) =>
        new(context.Request.Headers[HeaderNames.UserAgent].ToString() is { Length: > 0 } agent ? agent : null,
            context.Connection.RemoteIpAddress?.ToString());

    private sealed class ProblemHttpResult(Error error) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => ProblemWriter.WriteAsync(httpContext, error);
    }
}
