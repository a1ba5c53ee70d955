namespace Latch.Domain.Sessions;

/// <summary>What presenting a refresh token of a given generation to a session means.</summary>
public enum RefreshCheck
{
    /// <summary>Unknown, expired, revoked or not this session's: refuse, change nothing.</summary>
    Invalid,

    /// <summary>The current token: rotate it.</summary>
    Rotate,

    /// <summary>The token rotated just now, presented again inside the grace period: answer with the same successor.</summary>
    ReplayWithinGrace,

    /// <summary>A rotated token presented after the grace period: treat as theft and end the session.</summary>
    Reuse,
}
