using System.Buffers.Binary;
using System.Diagnostics;
using System.Security.Cryptography;

namespace Latch.Infrastructure.Telemetry.XRay;

/// <summary>
/// Root trace ids X-Ray accepts as its own: the first 4 bytes are the current Unix time in seconds (big-endian),
/// the other 12 are random. Only roots use it; children inherit their parent's id.
/// </summary>
internal static class XRayTraceIds
{
    public static ActivityTraceId Create() => Create(DateTimeOffset.UtcNow);

    public static ActivityTraceId Create(DateTimeOffset now)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)now.ToUnixTimeSeconds());
        RandomNumberGenerator.Fill(bytes[4..]);
        return ActivityTraceId.CreateFromBytes(bytes);
    }

    /// <summary>Makes every new root activity in the process use X-Ray-compatible trace ids.</summary>
    public static void UseForRootActivities() => Activity.TraceIdGenerator = Create;
}
