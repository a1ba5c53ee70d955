namespace Latch.Domain.Sessions;

/// <summary>A session's identity. Version-7 GUIDs sort by creation time, which keeps store indexes compact.</summary>
/// <remarks>
/// Not positional: a positional record would give <see cref="Value"/> a public init setter, and domain types
/// change only through intent methods.
/// </remarks>
public readonly record struct SessionId
{
    public SessionId(Guid value) => Value = value;

    public Guid Value { get; }

    public static SessionId New() => new(Guid.CreateVersion7());

    // The bare GUID, not the record's "SessionId { Value = … }": stores and tokens write this form.
    public override string ToString() => Value.ToString("D");
}
