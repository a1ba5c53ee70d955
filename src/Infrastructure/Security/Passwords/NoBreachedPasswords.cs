using Latch.Application.Common.Interfaces;

namespace Latch.Infrastructure.Security.Passwords;

/// <summary>No external breach check (the default): every password passes on to hashing, and nothing leaves the service.</summary>
internal sealed class NoBreachedPasswords : IBreachedPasswords
{
    public ValueTask<BreachCheck> CheckAsync(string normalizedPassword, CancellationToken cancellationToken) =>
        ValueTask.FromResult(BreachCheck.NotFound);
}
