using Latch.Domain.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Latch.Infrastructure.Web.Problems;

/// <summary>
/// Turns the framework's empty error answers — the router's 404 and 405, the body binder's 400, 413 and 415 — into
/// problem+json, so that no error leaves the service without a code. Writing the answer here also keeps Kestrel from
/// writing its own bare one (without any of the security headers) for a request body it refused.
/// </summary>
internal static class StatusCodeProblems
{
    public static IApplicationBuilder UseStatusCodeProblems(this IApplicationBuilder app) =>
        app.Use(static async (context, next) =>
        {
            await next(context);
            var response = context.Response;
            if (response.HasStarted || !string.IsNullOrEmpty(response.ContentType))
            {
                return;
            }

            var task = response.StatusCode switch
            {
                // The body binder answers a body it could not read (a chunked body past the limit, a Lambda body that is not
                // the base64 its event claims) with a bare status.
                StatusCodes.Status400BadRequest =>
                    ProblemWriter.WriteAsync(context, 400, ErrorCodes.MalformedRequest, UnhandledExceptionHandler.MalformedBody),
                StatusCodes.Status413PayloadTooLarge =>
                    ProblemWriter.WriteAsync(context, 413, ErrorCodes.PayloadTooLarge, UnhandledExceptionHandler.TooLarge),
                StatusCodes.Status404NotFound =>
                    ProblemWriter.WriteAsync(context, 404, ErrorCodes.NotFound, "No such route or resource."),
                StatusCodes.Status405MethodNotAllowed =>
                    ProblemWriter.WriteAsync(context, 405, ErrorCodes.MethodNotAllowed, "The route exists but does not accept this method."),
                StatusCodes.Status415UnsupportedMediaType =>
                    ProblemWriter.WriteAsync(context, 415, ErrorCodes.UnsupportedMediaType, "The request body must be application/json."),
                _ => Task.CompletedTask,
            };
            await task;
        });
}
