namespace Latch.Domain.Users;

/// <summary>A user's identity. Version-7 GUIDs sort by creation time, which keeps store indexes compact.</summary>
public readonly struct UserId : IEquatable<UserId>
{
    public UserId(Guid value) => Value = value;

    public Guid Value { get; }

    public static UserId New() => new(Guid.CreateVersion7());

    public bool Equals(UserId other) => Value == other.Value;

    public override bool Equals(object? obj) => obj is UserId other && Equals(other);

    public override int GetHashCode() => Value.GetHashCode();

    public override string ToString() => Value.ToString("D");

    public static bool operator ==(UserId left, UserId right) => left.Equals(right);

    public static bool operator !=(UserId left, UserId right) => !left.Equals(right);
}
