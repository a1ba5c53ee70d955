using Latch.Application.Auth.Common;
using Latch.Application.Auth.Register;
using Latch.Application.Common.Behaviours;
using Latch.Application.Common.Mail;
using Latch.Application.Users.SecondFactor;
using Microsoft.Extensions.DependencyInjection;

namespace Latch.Application;

public static class DependencyInjection
{
    /// <summary>Registers the mediator, its pipeline and every use case's validator.</summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        // Source-generated: no assembly scanning at start-up, and safe under Native AOT.
        services.AddMediator(options =>
        {
            options.Namespace = "Latch.Application.Mediator";
            options.GenerateTypesAsInternal = true;
            options.ServiceLifetime = ServiceLifetime.Singleton;
            options.Assemblies = [typeof(DependencyInjection)];
            options.PipelineBehaviors = [typeof(LoggingBehaviour<,>), typeof(ValidationBehaviour<,>)];
        });

        services.AddValidators();
        services.AddSingleton<SessionIssuer>();
        services.AddSingleton<DeviceTrust>();
        services.AddSingleton<PasswordRules>();
        services.AddSingleton(provider => new RegisterParser(provider.GetRequiredService<PasswordRules>()));
        services.AddSingleton<Credentials>();
        services.AddSingleton<SecondFactors>();
        services.AddSingleton<FactorOwner>();
        services.AddSingleton<RecentSecondFactor>();
        services.AddSingleton<EmailTokens>();
        services.AddSingleton<MailThrottle>();
        return services;
    }
}
