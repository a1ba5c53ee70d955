using System.Text.Json;
using Latch.Infrastructure.Health;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Latch.Infrastructure.Web.Health;

internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/health").WithTags("Health");

        // Liveness runs no check at all: a slow store must not get a healthy process restarted.
        group.MapGet("/live", (Func<HttpContext, Task>)Live)
            .WithName("getLiveness")
            .WithSummary("The process is up.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        group.MapGet("/ready", (Func<HttpContext, Task>)ReadyAsync)
            .WithName("getReadiness")
            .WithSummary("The store is reachable (200) or not (503, with Retry-After).")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .Produces(StatusCodes.Status503ServiceUnavailable, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return endpoints;
    }

    private static Task Live(HttpContext context) => WriteAsync(context, HealthStatus.Healthy);

    private static async Task ReadyAsync(HttpContext context)
    {
        var service = context.RequestServices.GetRequiredService<HealthCheckService>();
        var report = await service.CheckHealthAsync(check => check.Tags.Contains(HealthTags.Ready), context.RequestAborted);
        await WriteAsync(context, report.Status);
    }

    // Status only: check descriptions and exceptions can name hosts and databases.
    private static async Task WriteAsync(HttpContext context, HealthStatus status)
    {
        var healthy = status == HealthStatus.Healthy;
        context.Response.StatusCode = healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        if (!healthy)
        {
            context.Response.Headers.RetryAfter = "5";
        }

        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("status", status.ToString());
        json.WriteEndObject();
    }
}
