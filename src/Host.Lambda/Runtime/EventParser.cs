using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Latch.Host.Lambda.Runtime;

/// <summary>Tells the payload formats apart and translates the event; anything else is refused with a reason.</summary>
internal static class EventParser
{
    public const string InvalidEvent = "Runtime.InvalidEvent";
    public const string UnsupportedEvent = "Runtime.UnsupportedEvent";

    public static bool TryParse(ReadOnlyMemory<byte> payload, string? basePath,
        [NotNullWhen(true)] out LambdaRequest? request, [NotNullWhen(false)] out EventError? error)
    {
        request = null;
        error = null;
        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = new EventError(UnsupportedEvent, $"The event is a JSON {root.ValueKind}, not an API Gateway proxy event.");
                return false;
            }

            if (root.TryGetProperty("version", out var version) && version.ValueKind == JsonValueKind.String &&
                version.GetString() == "2.0")
            {
                var v2 = root.Deserialize(LambdaJsonContext.Default.ApiGatewayV2Request)!;
                request = ApiGatewayV2RequestTranslator.Translate(v2, basePath);
                return true;
            }

            if (root.TryGetProperty("httpMethod", out _))
            {
                var v1 = root.Deserialize(LambdaJsonContext.Default.ApiGatewayV1Request)!;
                if (v1.RequestContext?.Elb is not null)
                {
                    error = new EventError(UnsupportedEvent, "Application Load Balancer events are not supported.");
                    return false;
                }

                request = ApiGatewayV1RequestTranslator.Translate(v1, basePath);
                return true;
            }

            error = new EventError(UnsupportedEvent,
                "The event is neither an API Gateway REST (1.0) nor an HTTP API (2.0) proxy event.");
            return false;
        }
        catch (JsonException exception)
        {
            // The reader's message names a position, never the payload's content.
            error = new EventError(InvalidEvent, $"The event is not valid JSON of an API Gateway proxy event: {exception.Message}");
            return false;
        }
    }
}

/// <summary>Why an event was refused: <see cref="Type"/> is the <c>Runtime.&lt;Reason&gt;</c> error type.</summary>
internal sealed record EventError(string Type, string Message);
