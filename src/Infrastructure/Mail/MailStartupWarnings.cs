using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Latch.Infrastructure.Mail;

/// <summary>Says once at start-up what an operator should know about mail (it is switched off, for instance).</summary>
internal sealed partial class MailStartupWarnings(MailSettings settings, ILogger<MailStartupWarnings> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var warning in settings.Warnings)
        {
            LogWarning(logger, warning);
        }

        LogTransport(logger, settings.Transport, settings.QueueUrl is null ? "in process" : "queue");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 7110, Level = LogLevel.Warning, Message = "{Warning}")]
    private static partial void LogWarning(ILogger logger, string warning);

    [LoggerMessage(EventId = 7111, Level = LogLevel.Information, Message = "Mail: transport {Transport}, outbox {Outbox}")]
    private static partial void LogTransport(ILogger logger, MailTransportKind transport, string outbox);
}
