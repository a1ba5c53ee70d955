using System.Collections.Concurrent;
using Latch.Application.Common.Interfaces;
using Latch.Domain.Sessions;
using Latch.Domain.Users;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Latch.IntegrationTests.Support;

/// <summary>
/// The app on real Kestrel whose account writes can be held at a gate until a number of them are waiting, so requests
/// sent together over the socket all finish their checks before any of them writes: the widest race two clients can
/// make, made every time. Every audit event is kept too (and still written to the log).
/// </summary>
public sealed class HeldWritesKestrelFactory(IDictionary<string, string?> settings) : KestrelFactory(settings)
{
    private static readonly TimeSpan LongestHold = TimeSpan.FromSeconds(20);
    private Gate? _gate;

    public ConcurrentQueue<(AuditEvent Event, string? Detail)> Audit { get; } = new();

    /// <summary>The next <paramref name="writers"/> account updates wait for each other (at most 20 s), then all go on.</summary>
    public void HoldNextUpdates(int writers) => _gate = new Gate(writers);

    /// <summary>How many updates reached the gate before it opened (a shortfall means some requests never wrote).</summary>
    public int HeldWriters => _gate?.Arrived ?? 0;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            var users = services.Last(d => d.ServiceType == typeof(IUserRepository));
            services.Remove(users);
            services.AddSingleton<IUserRepository>(sp => new Held(
                (IUserRepository)(users.ImplementationInstance ?? users.ImplementationFactory!(sp)), this));

            var audit = services.Last(d => d.ServiceType == typeof(IAuditTrail));
            services.Remove(audit);
            services.AddSingleton<IAuditTrail>(sp => new Kept(
                (IAuditTrail)(audit.ImplementationInstance ?? audit.ImplementationFactory!(sp)), Audit));
        });
    }

    private sealed class Gate(int writers)
    {
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _arrived;

        public int Arrived => Volatile.Read(ref _arrived);

        public async Task PassAsync()
        {
            if (Interlocked.Increment(ref _arrived) >= writers)
            {
                _open.TrySetResult();
            }

            try
            {
                await _open.Task.WaitAsync(LongestHold);
            }
            catch (TimeoutException)
            {
                // Fewer writers came than expected: let them all go rather than hang; the test sees the shortfall.
                _open.TrySetResult();
            }
        }
    }

    private sealed class Held(IUserRepository inner, HeldWritesKestrelFactory factory) : IUserRepository
    {
        public Task<User?> FindByIdAsync(UserId id, CancellationToken cancellationToken) => inner.FindByIdAsync(id, cancellationToken);

        public Task<User?> FindByEmailAsync(Email email, CancellationToken cancellationToken) => inner.FindByEmailAsync(email, cancellationToken);

        public Task<bool> TryAddAsync(User user, CancellationToken cancellationToken) => inner.TryAddAsync(user, cancellationToken);

        public async Task<bool> TryUpdateAsync(User user, CancellationToken cancellationToken)
        {
            if (factory._gate is { } gate)
            {
                await gate.PassAsync();
            }

            return await inner.TryUpdateAsync(user, cancellationToken);
        }

        public Task<bool> DeleteAsync(UserId id, CancellationToken cancellationToken) => inner.DeleteAsync(id, cancellationToken);
    }

    private sealed class Kept(IAuditTrail inner, ConcurrentQueue<(AuditEvent Event, string? Detail)> kept) : IAuditTrail
    {
        public void Record(AuditEvent auditEvent, UserId? userId = null, SessionId? sessionId = null, string? detail = null)
        {
            kept.Enqueue((auditEvent, detail));
            inner.Record(auditEvent, userId, sessionId, detail);
        }
    }
}
