using Latch.Application.Common.Interfaces;
using Latch.Domain.Users;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Latch.IntegrationTests.Support;

/// <summary>
/// The app on real Kestrel whose account writes can be made to lose a race on purpose: just before an update the
/// test picks, <see cref="BeforeUpdate"/> runs (for example another request over the socket that writes the same
/// account), so the update then meets a newer version, as two requests landing together would make it.
/// </summary>
public sealed class InterleavingKestrelFactory(IDictionary<string, string?> settings) : KestrelFactory(settings)
{
    /// <summary>Runs before each account update; null: updates go straight through.</summary>
    public Func<User, Task>? BeforeUpdate { get; set; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            var registered = services.Last(d => d.ServiceType == typeof(IUserRepository));
            services.Remove(registered);
            services.AddSingleton<IUserRepository>(sp => new Interleaving(
                (IUserRepository)(registered.ImplementationInstance ?? registered.ImplementationFactory!(sp)), this));
        });
    }

    private sealed class Interleaving(IUserRepository inner, InterleavingKestrelFactory factory) : IUserRepository
    {
        public Task<User?> FindByIdAsync(UserId id, CancellationToken cancellationToken) => inner.FindByIdAsync(id, cancellationToken);

        public Task<User?> FindByEmailAsync(Email email, CancellationToken cancellationToken) => inner.FindByEmailAsync(email, cancellationToken);

        public Task<bool> TryAddAsync(User user, CancellationToken cancellationToken) => inner.TryAddAsync(user, cancellationToken);

        public async Task<bool> TryUpdateAsync(User user, CancellationToken cancellationToken)
        {
            if (factory.BeforeUpdate is { } before)
            {
                await before(user);
            }

            return await inner.TryUpdateAsync(user, cancellationToken);
        }

        public Task<bool> DeleteAsync(UserId id, CancellationToken cancellationToken) => inner.DeleteAsync(id, cancellationToken);
    }
}
