namespace Latch.Domain.Sessions;

/// <summary>A session's identity. Version-7 GUIDs sort by creation time, which keeps store indexes compact.</summary>
public readonly struct SessionId : IEquatable<SessionId>
{
    public SessionId(Guid value) => Value = value;

    public Guid Value { get; }

    public static SessionId New() => new(Guid.CreateVersion7());

    public bool Equals(SessionId other) => Value == other.Value;

    public override bool Equals(object? obj) => obj is SessionId other && Equals(other);

    public override int GetHashCode() => Value.GetHashCode();

    public override string ToString() => Value.ToString("D");

    public static bool operator ==(SessionId left, SessionId right) => left.Equals(right);

    public static bool operator !=(SessionId left, SessionId right) => !left.Equals(right);
}
