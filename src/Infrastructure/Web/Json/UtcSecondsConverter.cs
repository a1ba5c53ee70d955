using System.Text.Json;
using System.Text.Json.Serialization;

namespace Latch.Infrastructure.Web.Json;

/// <summary>Instants as the contract writes them: ISO-8601 UTC to the second, <c>2026-11-28T09:30:00Z</c>.</summary>
internal sealed class UtcSecondsConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    // Cut to whole seconds and marked UTC, the writer's own ISO 8601 form has no fraction and ends in Z: the contract's
    // shape, without a custom format parsed and a string made for every instant of every answer.
    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(new DateTime(value.UtcTicks - value.UtcTicks % TimeSpan.TicksPerSecond, DateTimeKind.Utc));
}
