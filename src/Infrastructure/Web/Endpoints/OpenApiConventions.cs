using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Latch.Infrastructure.Web.Endpoints;

/// <summary>Error statuses in the OpenAPI document, as problem+json.</summary>
internal static class OpenApiConventions
{
    public static RouteHandlerBuilder Problems(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            builder.ProducesProblem(status);
        }

        return builder;
    }

    /// <summary>Statuses every endpoint can answer: body errors, rate limits, outages.</summary>
    public static RouteHandlerBuilder CommonProblems(this RouteHandlerBuilder builder) =>
        builder.Problems(StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable);

    public static RouteHandlerBuilder BodyProblems(this RouteHandlerBuilder builder) =>
        builder.Problems(StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge,
            StatusCodes.Status415UnsupportedMediaType);
}
