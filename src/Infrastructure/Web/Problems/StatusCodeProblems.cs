using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Latch.Infrastructure.Web.Problems;

/// <summary>Turns the router's empty 404 and 405 answers into problem+json.</summary>
internal static class StatusCodeProblems
{
    public static IApplicationBuilder UseStatusCodeProblems(this IApplicationBuilder app) =>
        app.UseStatusCodePages(context => context.HttpContext.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => ProblemWriter.WriteAsync(context.HttpContext, 404, ErrorCodes.NotFound,
                "No such route or resource."),
            StatusCodes.Status405MethodNotAllowed => ProblemWriter.WriteAsync(context.HttpContext, 405,
                ErrorCodes.MethodNotAllowed, "The route exists but does not accept this method."),
            _ => Task.CompletedTask,
        });
}
