namespace Latch.Domain.Common;

/// <summary>A result type that can be built from an <see cref="Error"/> without knowing its success type.</summary>
/// <remarks>Lets one pipeline behaviour short-circuit any request with a failure, with no reflection.</remarks>
public interface IFailable<TSelf>
    where TSelf : IFailable<TSelf>
{
    static abstract TSelf Failure(Error error);

    bool IsSuccess { get; }

    Error? Error { get; }
}
