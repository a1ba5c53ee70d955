using System.Buffers.Binary;
using System.Diagnostics;

namespace Latch.Infrastructure.Telemetry.XRay;

/// <summary>
/// Root trace ids X-Ray accepts as its own: the first 4 bytes are the current Unix time in seconds (big-endian),
/// the other 12 are random. Only roots use it; children inherit their parent's id.
/// The random part comes from <see cref="Random.Shared"/>, not the cryptographic generator: a trace id must be unique,
/// not secret (it travels in headers and logs, and grants nothing), which is why .NET's own
/// <see cref="ActivityTraceId.CreateRandom"/> and the X-Ray SDKs use a fast generator too. The cryptographic one went
/// to OpenSSL on every request, a measurable share of an authenticated request's CPU (docs/performance.md).
/// </summary>
internal static class XRayTraceIds
{
    public static ActivityTraceId Create() => Create(DateTimeOffset.UtcNow);

    public static ActivityTraceId Create(DateTimeOffset now)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)now.ToUnixTimeSeconds());
#pragma warning disable CA5394 // uniqueness, not secrecy: see the summary
        Random.Shared.NextBytes(bytes[4..]);
#pragma warning restore CA5394
        return ActivityTraceId.CreateFromBytes(bytes);
    }

    /// <summary>Makes every new root activity in the process use X-Ray-compatible trace ids.</summary>
    public static void UseForRootActivities() => Activity.TraceIdGenerator = Create;
}
