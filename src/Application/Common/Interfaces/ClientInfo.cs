namespace Latch.Application.Common.Interfaces;

/// <summary>What the HTTP edge knows about the caller's device, recorded on the session it starts.</summary>
public sealed record ClientInfo(string? UserAgent, string? IpAddress)
{
    public static ClientInfo Unknown { get; } = new(null, null);
}
