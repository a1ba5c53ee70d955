using Latch.Application.Common.Interfaces;
using Latch.Domain.Common;

namespace Latch.IntegrationTests.Support;

/// <summary>
/// The real hasher, observed: counts every password actually checked (a verification that ran, against a stored
/// hash or the dummy), and can hold the next few successful verifications after they ran, so a test can put
/// sign-ins "in flight" with a checked password and change the account before they go on.
/// </summary>
public sealed class ObservedHasher(IPasswordHasher inner) : IPasswordHasher
{
    private int _checked;
    private Hold? _hold;
    private Hold? _hashHold;

    public int Checked => Volatile.Read(ref _checked);

    public void ResetCount() => Interlocked.Exchange(ref _checked, 0);

    /// <summary>Holds the next <paramref name="count"/> verifications that find the password right, until released.</summary>
    public Hold HoldMatches(int count) => _hold = new Hold(count);

    /// <summary>Holds the next <paramref name="count"/> new password hashes once made, until released.</summary>
    public Hold HoldHashes(int count) => _hashHold = new Hold(count);

    public async ValueTask<Result<string>> HashAsync(string password, CancellationToken cancellationToken)
    {
        var result = await inner.HashAsync(password, cancellationToken);
        if (_hashHold is { } hold && hold.TryTake())
        {
            await hold.WaitAsync();
        }

        return result;
    }

    public async ValueTask<Result<PasswordCheck>> VerifyAsync(string password, string storedHash, CancellationToken cancellationToken)
    {
        var result = await inner.VerifyAsync(password, storedHash, cancellationToken);
        if (result.IsSuccess)
        {
            Interlocked.Increment(ref _checked);
            if (result.Value != PasswordCheck.Mismatch && _hold is { } hold && hold.TryTake())
            {
                await hold.WaitAsync();
            }
        }

        return result;
    }

    public async ValueTask<Result> VerifyAgainstDummyAsync(string password, CancellationToken cancellationToken)
    {
        var result = await inner.VerifyAgainstDummyAsync(password, cancellationToken);
        if (result.IsSuccess)
        {
            Interlocked.Increment(ref _checked);
        }

        return result;
    }

    public sealed class Hold(int count)
    {
        private readonly TaskCompletionSource _full = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _taken;

        /// <summary>Completes once <c>count</c> verifications are held.</summary>
        public Task Full => _full.Task;

        public void Release() => _released.TrySetResult();

        internal bool TryTake()
        {
            var taken = Interlocked.Increment(ref _taken);
            if (taken > count)
            {
                return false;
            }

            if (taken == count)
            {
                _full.TrySetResult();
            }

            return true;
        }

        internal Task WaitAsync() => _released.Task;
    }
}
