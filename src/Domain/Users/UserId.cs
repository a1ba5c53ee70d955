namespace Latch.Domain.Users;

/// <summary>A user's identity. Version-7 GUIDs sort by creation time, which keeps store indexes compact.</summary>
/// <remarks>
/// Not positional: a positional record would give <see cref="Value"/> a public init setter, and domain types
/// change only through intent methods.
/// </remarks>
public readonly record struct UserId
{
    public UserId(Guid value) => Value = value;

    public Guid Value { get; }

    public static UserId New() => new(Guid.CreateVersion7());

    // The bare GUID, not the record's "UserId { Value = … }": stores, tokens and claims write this form.
    public override string ToString() => Value.ToString("D");
}
