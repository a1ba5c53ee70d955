using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Latch.Infrastructure.Web.Json;

/// <summary>Instants as the contract writes them: ISO-8601 UTC to the second, <c>2026-11-28T09:30:00Z</c>.</summary>
internal sealed class UtcSecondsConverter : JsonConverter<DateTimeOffset>
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture));
}
