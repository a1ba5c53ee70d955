using Latch.Infrastructure.Mail.Composition;

namespace Latch.Infrastructure.Mail.Transports;

/// <summary>
/// Development's mail server: each email becomes one <c>.eml</c> file in the mailbox folder (data/mailbox by default),
/// which any mail client opens, so the whole flow can be clicked through with no mail server. Written to a temporary
/// name and moved, so a watcher never opens half a file.
/// </summary>
internal sealed class MailboxFolderTransport(MailSettings settings, TimeProvider time) : IMailTransport
{
    public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        using var message = MimeMessages.Create(mail, settings.From, now);
        try
        {
            Directory.CreateDirectory(settings.MailboxDirectory);
            var name = $"{now:yyyyMMdd'T'HHmmss'Z'}-{mail.Key}.eml";
            var path = Path.Combine(settings.MailboxDirectory, name);
            var partial = path + ".partial";
            await using (var file = File.Create(partial))
            {
                await message.WriteToAsync(file, cancellationToken);
            }

            File.Move(partial, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MailTransportException($"The mailbox folder could not be written ({e.GetType().Name})", permanent: false, e);
        }
    }
}
