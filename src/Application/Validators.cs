using Microsoft.Extensions.DependencyInjection;

namespace Latch.Application;

/// <summary>Explicit validator registrations: no reflection scan, so start-up stays fast and AOT-safe.</summary>
internal static class Validators
{
    public static IServiceCollection AddValidators(this IServiceCollection services)
    {
        return services;
    }
}
