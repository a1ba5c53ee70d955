using Latch.Application.Common.Interfaces;
using Latch.Infrastructure.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Latch.Infrastructure.Security.Passwords;

internal static class BreachedPasswordsRegistration
{
    /// <summary>The Pwned Passwords check when switched on, with its own client; otherwise a check that asks no one.</summary>
    public static IServiceCollection AddBreachedPasswords(this IServiceCollection services, PwnedPasswordsOptions options)
    {
        if (!options.Enabled)
        {
            return services.AddSingleton<IBreachedPasswords, NoBreachedPasswords>();
        }

        return services.AddSingleton<IBreachedPasswords>(sp =>
        {
            var http = new HttpClient(new SocketsHttpHandler
            {
                ConnectTimeout = options.Timeout,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                AllowAutoRedirect = false,
            })
            {
                BaseAddress = new Uri(options.BaseUrl),
                MaxResponseContentBufferSize = PwnedPasswordsCheck.MaxResponseBytes,
                Timeout = System.Threading.Timeout.InfiniteTimeSpan,
            };
            http.DefaultRequestHeaders.UserAgent.ParseAdd("Latch");
            return new PwnedPasswordsCheck(http, options, sp.GetRequiredService<ILogger<PwnedPasswordsCheck>>());
        });
    }
}
