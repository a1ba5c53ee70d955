using System.Threading.RateLimiting;
using Latch.Application.Common.Interfaces;
using Latch.Domain.Common;

namespace Latch.Infrastructure.Security.Passwords;

/// <summary>
/// The app's <see cref="IPasswordHasher"/>: bcrypt, at most <c>Passwords:MaxConcurrentHashes</c> at a time (default:
/// one per core), with at most <c>Passwords:MaxQueuedHashes</c> callers waiting, oldest first, without holding a
/// thread. Past that a caller gets <see cref="DomainErrors.Overloaded"/> at once (503, <c>Retry-After</c>) rather
/// than a place in an ever longer queue — so a sign-in flood costs at most the hashing cores. The hashing itself runs on
/// <see cref="HashingThreads"/> at a lower priority, so every other route keeps its latency during the flood.
/// </summary>
internal sealed class BoundedPasswordHasher(BcryptPasswordHasher bcrypt, int maxConcurrent, int maxQueued)
    : IPasswordHasher, IDisposable
{
    private readonly HashingThreads _threads = new();

    private readonly ConcurrencyLimiter _slots = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = maxConcurrent,
        QueueLimit = maxQueued,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    public async ValueTask<Result<string>> HashAsync(string password, CancellationToken cancellationToken)
    {
        using var slot = await AcquireAsync(cancellationToken);
        return slot.IsAcquired ? await _threads.RunAsync(() => bcrypt.Hash(password)) : DomainErrors.Overloaded;
    }

    public async ValueTask<Result<PasswordCheck>> VerifyAsync(string password, string storedHash, CancellationToken cancellationToken)
    {
        using var slot = await AcquireAsync(cancellationToken);
        return slot.IsAcquired ? await _threads.RunAsync(() => bcrypt.Verify(password, storedHash)) : DomainErrors.Overloaded;
    }

    public async ValueTask<Result> VerifyAgainstDummyAsync(string password, CancellationToken cancellationToken)
    {
        using var slot = await AcquireAsync(cancellationToken);
        if (!slot.IsAcquired)
        {
            return DomainErrors.Overloaded;
        }

        await _threads.RunAsync(() =>
        {
            bcrypt.VerifyAgainstDummy(password);
            return true;
        });
        return Result.Success();
    }

    /// <summary>One hashing slot: granted at once, after a wait in the queue, or refused (<c>IsAcquired</c> false) when the queue is full.</summary>
    internal ValueTask<RateLimitLease> AcquireAsync(CancellationToken cancellationToken) => _slots.AcquireAsync(1, cancellationToken);

    public void Dispose()
    {
        _slots.Dispose();
        _threads.Dispose();
    }
}
