using Latch.Application.Common.Interfaces;
using Latch.Infrastructure.Mail.Composition;
using Latch.Infrastructure.Mail.Outbox;
using Latch.Infrastructure.Mail.Transports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Latch.Infrastructure.Mail;

/// <summary>
/// The mail area's one face to the composition: the outbox port for the use cases, and behind it the sender with its
/// transport (docs/decisions/0012-mail-delivery.md).
/// </summary>
internal static class MailRegistration
{
    public static IServiceCollection AddMailDelivery(this IServiceCollection services, IConfiguration configuration,
        IHostEnvironment environment)
    {
        var settings = MailSettingsLoader.Load(configuration, environment);
        services.AddSingleton(settings);
        services.AddSingleton<MailTemplates>();
        services.AddSingleton<MailComposer>();
        services.AddSingleton<MailDispatcher>();
        services.AddSingleton<IMailTransport>(sp => settings.Transport switch
        {
            MailTransportKind.Mailbox => new MailboxFolderTransport(settings, sp.GetRequiredService<TimeProvider>()),
            MailTransportKind.Smtp => new SmtpMailTransport(settings, sp.GetRequiredService<TimeProvider>()),
            _ => new DroppingTransport(),
        });

        services.AddSingleton<ISentMailLog>(sp => new MemorySentMailLog(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ChannelOutbox>();
        services.AddSingleton<IOutbox>(sp => sp.GetRequiredService<ChannelOutbox>());
        services.AddHostedService<OutboxSender>();
        services.AddHostedService(sp => new MailStartupWarnings(settings, sp.GetRequiredService<ILogger<MailStartupWarnings>>()));
        return services;
    }
}
