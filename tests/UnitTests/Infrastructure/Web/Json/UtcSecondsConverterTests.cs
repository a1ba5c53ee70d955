using System.Text.Json;
using Latch.Infrastructure.Web.Json;

namespace Latch.UnitTests.Infrastructure.Web.Json;

/// <summary>The contract's instants: UTC, to the second (the fraction cut, never rounded up), ending in Z.</summary>
public sealed class UtcSecondsConverterTests
{
    private static readonly JsonSerializerOptions Options = new() { Converters = { new UtcSecondsConverter() } };

    [Theory]
    [InlineData("2026-11-28T09:30:00.0000000+00:00", "2026-11-28T09:30:00Z")]
    [InlineData("2026-11-28T09:30:00.9999999+00:00", "2026-11-28T09:30:00Z")]
    [InlineData("2026-11-28T11:30:59.5000000+02:00", "2026-11-28T09:30:59Z")]
    [InlineData("2026-12-31T23:59:59.1234567-01:00", "2027-01-01T00:59:59Z")]
    [InlineData("0001-01-01T00:00:00.0000001+00:00", "0001-01-01T00:00:00Z")]
    public void An_instant_is_written_in_utc_to_the_second(string instant, string written)
    {
        var value = DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal($"\"{written}\"", JsonSerializer.Serialize(value, Options));
    }
}
