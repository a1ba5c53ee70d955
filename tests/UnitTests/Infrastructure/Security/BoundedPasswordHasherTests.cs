using System.Security.Cryptography;
using Latch.Application.Common.Interfaces;
using Latch.Domain.Common;
using Latch.Infrastructure.Security.Passwords;

namespace Latch.UnitTests.Infrastructure.Security;

public sealed class BoundedPasswordHasherTests
{
    private const string Password = "correct horse battery staple";
    private static readonly BcryptPasswordHasher Bcrypt = new(10, RandomNumberGenerator.GetBytes(32));

    [Fact]
    public async Task A_free_slot_hashes_and_verifies()
    {
        using var hasher = new BoundedPasswordHasher(Bcrypt, maxConcurrent: 1, maxQueued: 0);
        var hash = await hasher.HashAsync(Password, CancellationToken.None);
        Assert.True(hash.IsSuccess);
        Assert.Equal(PasswordCheck.Match, (await hasher.VerifyAsync(Password, hash.Value, CancellationToken.None)).Value);
        Assert.True((await hasher.VerifyAgainstDummyAsync(Password, CancellationToken.None)).IsSuccess);
    }

    [Fact]
    public async Task With_every_slot_busy_and_the_queue_full_each_call_is_overloaded_at_once()
    {
        using var hasher = new BoundedPasswordHasher(Bcrypt, maxConcurrent: 1, maxQueued: 1);
        using var busy = await hasher.AcquireAsync(CancellationToken.None);
        var waiting = hasher.AcquireAsync(CancellationToken.None).AsTask();
        Assert.True(busy.IsAcquired);
        Assert.False(waiting.IsCompleted);

        var hash = await hasher.HashAsync(Password, CancellationToken.None);
        var verify = await hasher.VerifyAsync(Password, "$latch-hs384$whatever", CancellationToken.None);
        var dummy = await hasher.VerifyAgainstDummyAsync(Password, CancellationToken.None);

        foreach (var error in new[] { hash.Error, verify.Error, dummy.Error })
        {
            Assert.Same(DomainErrors.Overloaded, error);
            Assert.Equal(ErrorKind.Unavailable, error!.Kind);
            Assert.NotNull(error.RetryAfter);
        }

        busy.Dispose();
        using var next = await waiting;
        Assert.True(next.IsAcquired);
    }

    [Fact]
    public async Task A_queued_call_runs_when_a_slot_frees()
    {
        using var hasher = new BoundedPasswordHasher(Bcrypt, maxConcurrent: 1, maxQueued: 4);
        var busy = await hasher.AcquireAsync(CancellationToken.None);
        var queued = hasher.HashAsync(Password, CancellationToken.None).AsTask();
        await Task.Delay(100);
        Assert.False(queued.IsCompleted);

        busy.Dispose();
        var hash = await queued.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(hash.IsSuccess);
    }

    [Fact]
    public async Task A_queued_call_gives_up_its_place_when_the_request_is_cancelled()
    {
        using var hasher = new BoundedPasswordHasher(Bcrypt, maxConcurrent: 1, maxQueued: 1);
        using var busy = await hasher.AcquireAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var queued = hasher.HashAsync(Password, cancel.Token).AsTask();

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);

        // Its place is free again: the next caller queues instead of being refused.
        var next = hasher.AcquireAsync(CancellationToken.None).AsTask();
        Assert.False(next.IsCompleted);
        busy.Dispose();
        using var lease = await next;
        Assert.True(lease.IsAcquired);
    }
}
