using Latch.Application.Common.Interfaces;

namespace Latch.ApplicationTests.Ports;

/// <summary>A clock that moves only when told, to the millisecond (what every store keeps).</summary>
public sealed class FakeClock : IClock
{
    public DateTimeOffset UtcNow { get; set; } = DateTimeOffset.FromUnixTimeMilliseconds(1_780_000_000_000);

    public void Advance(TimeSpan by) => UtcNow += by;
}
