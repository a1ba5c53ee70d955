using Latch.Application.Common.Interfaces;
using Latch.Domain.Lockout;

namespace Latch.ApplicationTests.Ports;

/// <summary>Failure budgets in memory, reserving exactly as <see cref="LockoutPolicy.Reserve"/> says, atomically.</summary>
public sealed class InMemoryFailedLogins : IFailedLoginTracker
{
    private readonly Lock _gate = new();
    private readonly Dictionary<AttemptKey, FailedLogins> _byKey = [];

    public Task<FailedLogins> GetAsync(AttemptKey key, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_byKey.GetValueOrDefault(key, FailedLogins.None));
        }
    }

    public Task<AttemptReservation> ReserveAsync(AttemptKey key, DateTimeOffset now, LockoutPolicy policy,
        CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var current = _byKey.GetValueOrDefault(key, FailedLogins.None);
            if (policy.Reserve(current, now) is not { } reserved)
            {
                return Task.FromResult(new AttemptReservation(false, current));
            }

            _byKey[key] = reserved;
            return Task.FromResult(new AttemptReservation(true, reserved));
        }
    }

    public Task<AttemptReservation> ReserveUpToAsync(AttemptKey key, int limit, DateTimeOffset now, TimeSpan keepFor,
        CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var current = _byKey.GetValueOrDefault(key, FailedLogins.None);
            if (current.Count >= limit)
            {
                return Task.FromResult(new AttemptReservation(false, current));
            }

            var reserved = new FailedLogins(current.Count + 1, now);
            _byKey[key] = reserved;
            return Task.FromResult(new AttemptReservation(true, reserved));
        }
    }

    public Task ReleaseAsync(AttemptKey key, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_byKey.TryGetValue(key, out var current) && current.Count > 0)
            {
                _byKey[key] = new FailedLogins(current.Count - 1, current.LastFailureAt);
            }

            return Task.CompletedTask;
        }
    }

    public Task ResetAsync(AttemptKey key, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _byKey.Remove(key);
            return Task.CompletedTask;
        }
    }
}
