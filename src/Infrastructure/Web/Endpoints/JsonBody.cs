using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Latch.Infrastructure.Web.Endpoints;

/// <summary>
/// A 200 JSON answer serialised in one piece and written with its <c>Content-Length</c>: the bytes
/// <see cref="TypedResults.Ok{TValue}(TValue)"/> writes (the same serializer options), without the streaming
/// serializer's resumable state and the chunked framing around it, which cost more than the small body itself on
/// <c>GET /v1/users/me</c>, the route every signed-in page calls (docs/performance.md, "Kestrel throughput").
/// </summary>
internal sealed class JsonBody<T>(T value) : IResult
{
    public const string ContentType = "application/json; charset=utf-8";

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var options = httpContext.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var body = JsonSerializer.SerializeToUtf8Bytes(value, (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T)));
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, httpContext.RequestAborted).AsTask();
    }
}
