using Latch.Application.Common.Interfaces;

namespace Latch.Infrastructure.Time;

internal sealed class SystemClock(TimeProvider time) : IClock
{
    public DateTimeOffset UtcNow => time.GetUtcNow();
}
