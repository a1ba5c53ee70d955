using System.Diagnostics;
using System.Text.Json;
using Latch.Domain.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Latch.Infrastructure.Web.Problems;

/// <summary>
/// Writes RFC 9457 <c>application/problem+json</c> bodies: the one place every error leaves the service.
/// Only fixed titles, the error's safe message and field names reach the client — never exception text.
/// </summary>
internal static class ProblemWriter
{
    public const string ContentType = "application/problem+json";
    private const string TypePrefix = "urn:latch:problem:";

    public static Task WriteAsync(HttpContext context, Error error) =>
        WriteAsync(context, StatusFor(error.Kind, error.Code), error.Code, error.Message, error.RetryAfter, error.Fields,
            error.PasswordRules, error.Member);

    public static async Task WriteAsync(HttpContext context, int status, string code, string detail,
        TimeSpan? retryAfter = null, IReadOnlyDictionary<string, string[]>? fields = null,
        IReadOnlyDictionary<string, string[]>? passwordRules = null, KeyValuePair<string, string>? member = null)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-store";
        if (retryAfter is { } wait)
        {
            response.Headers.RetryAfter = RetryAfterSeconds(wait).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (status == StatusCodes.Status401Unauthorized && code == ErrorCodes.InvalidToken)
        {
            response.Headers[HeaderNames.WWWAuthenticate] = "Bearer error=\"invalid_token\"";
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", TypePrefix + code);
            json.WriteString("title", TitleFor(status));
            json.WriteNumber("status", status);
            json.WriteString("detail", detail);
            json.WriteString("traceId", TraceId(context));
            json.WriteString("code", code);
            WriteFields(json, "errors", fields);

            // The stable names of the password rules broken, per field, beside the messages: clients branch on these.
            WriteFields(json, "passwordRules", passwordRules);
            if (member is { } extra)
            {
                json.WriteString(extra.Key, extra.Value);
            }

            json.WriteEndObject();
        }

        response.ContentLength = buffer.WrittenCount;
        await response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
    }

    private static void WriteFields(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, string[]>? fields)
    {
        if (fields is null)
        {
            return;
        }

        json.WriteStartObject(name);
        foreach (var (field, values) in fields)
        {
            json.WriteStartArray(field);
            foreach (var value in values)
            {
                json.WriteStringValue(value);
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    /// <summary>The request's W3C/X-Ray trace id as 32 hex digits — the id its spans carry.</summary>
    public static string TraceId(HttpContext context)
    {
        var activity = Activity.Current;
        if (activity is not null && activity.TraceId != default)
        {
            return activity.TraceId.ToHexString();
        }

        // No activity (no listener): still give the client something to quote that is stable per request.
        if (context.Items.TryGetValue(typeof(ProblemWriter), out var existing) && existing is string id)
        {
            return id;
        }

        var generated = ActivityTraceId.CreateRandom().ToHexString();
        context.Items[typeof(ProblemWriter)] = generated;
        return generated;
    }

    public static int StatusFor(ErrorKind kind, string code) => kind switch
    {
        ErrorKind.Validation => StatusCodes.Status400BadRequest,
        ErrorKind.Unauthorized => StatusCodes.Status401Unauthorized,
        ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        ErrorKind.TooManyRequests => StatusCodes.Status429TooManyRequests,
        ErrorKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, $"No status for error {code}."),
    };

    private static long RetryAfterSeconds(TimeSpan wait) => Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds));

    private static string TitleFor(int status) => status switch
    {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        429 => "Too Many Requests",
        503 => "Service Unavailable",
        _ => "Internal Server Error",
    };
}
