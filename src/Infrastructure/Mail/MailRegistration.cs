using Latch.Application.Common.Interfaces;
using Latch.Infrastructure.Aws;
using Latch.Infrastructure.Configuration;
using Latch.Infrastructure.Mail.Composition;
using Latch.Infrastructure.Mail.Outbox;
using Latch.Infrastructure.Mail.Transports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Latch.Infrastructure.Mail;

/// <summary>
/// The mail area's one face to the composition: the outbox port for the use cases and, behind it, the sender with its
/// transport and its sent-mail log (docs/decisions/0012-mail-delivery.md). With <c>Mail:Queue:Url</c> set (on AWS) the
/// outbox is the SQS queue and <see cref="IQueueConsumer"/> delivers its records; otherwise the outbox is in process,
/// emptied by a background sender.
/// </summary>
internal static class MailRegistration
{
    private static readonly TimeSpan AwsCallTimeout = TimeSpan.FromSeconds(10);

    /// <summary>For a process that sends no mail (the operator tool): an outbox that refuses.</summary>
    public static IServiceCollection AddNoMailDelivery(this IServiceCollection services) =>
        services.AddSingleton<IOutbox, NoOutbox>();

    public static IServiceCollection AddMailDelivery(this IServiceCollection services, IConfiguration configuration,
        IHostEnvironment environment, Func<string, string?>? variables = null)
    {
        var settings = MailSettingsLoader.Load(configuration, environment);
        variables ??= Environment.GetEnvironmentVariable;
        services.AddSingleton(settings);
        services.AddSingleton<MailTemplates>();
        services.AddSingleton<MailComposer>();
        services.AddSingleton<MailDispatcher>();
        services.AddSingleton<IQueueConsumer, MailQueueConsumer>();

        var aws = settings.Transport == MailTransportKind.Ses || settings.QueueUrl is not null ? Credentials(variables) : null;
        var http = aws is null ? null : new HttpClient { Timeout = AwsCallTimeout };
        services.AddSingleton<IMailTransport>(sp => settings.Transport switch
        {
            MailTransportKind.Mailbox => new MailboxFolderTransport(settings, sp.GetRequiredService<TimeProvider>()),
            MailTransportKind.Smtp => new SmtpMailTransport(settings, sp.GetRequiredService<TimeProvider>()),
            MailTransportKind.Ses => new SesMailTransport(http!, aws! with { Region = settings.Ses.Region ?? aws.Region },
                AwsJsonCall.Endpoint("SESV2", new Uri($"https://email.{settings.Ses.Region ?? aws.Region}.amazonaws.com/"), variables),
                settings, sp.GetRequiredService<TimeProvider>()),
            _ => new DroppingTransport(),
        });

        if (settings.QueueUrl is { } queue)
        {
            services.AddSingleton<IOutbox>(sp => new SqsOutbox(http!, aws!,
                AwsJsonCall.Endpoint("SQS", new Uri($"https://sqs.{aws!.Region}.amazonaws.com/"), variables), queue,
                sp.GetRequiredService<TimeProvider>()));
        }
        else
        {
            services.AddSingleton<ChannelOutbox>();
            services.AddSingleton<IOutbox>(sp => sp.GetRequiredService<ChannelOutbox>());
            services.AddHostedService<OutboxSender>();
        }

        services.AddHostedService(sp => new MailStartupWarnings(settings, sp.GetRequiredService<ILogger<MailStartupWarnings>>()));
        return services;
    }

    private static AwsCredentials Credentials(Func<string, string?> variables) =>
        AwsCredentials.FromEnvironment(variables, out var missing) ?? throw new InvalidConfigurationException(
            $"Invalid configuration: {missing} is not set, so mail cannot reach SQS or SES (Lambda sets it for the execution role).");
}
