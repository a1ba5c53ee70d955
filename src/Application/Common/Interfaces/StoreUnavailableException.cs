namespace Latch.Application.Common.Interfaces;

/// <summary>
/// Thrown by a store adapter when the store cannot be reached or does not answer in time.
/// An outage is not an expected failure of a use case, so it travels as an exception and
/// the HTTP edge answers <c>503 unavailable</c>.
/// </summary>
public sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException()
        : base("The store is unavailable.")
    {
    }

    public StoreUnavailableException(string message)
        : base(message)
    {
    }

    public StoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
