using MimeKit;

namespace Latch.IntegrationTests.Mail;

/// <summary>A mailbox folder as a person would look at it: the .eml files the host wrote, opened as MIME messages.</summary>
internal sealed class Mailbox : IDisposable
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("latch-mailbox-").FullName;

    /// <summary>The messages addressed to <paramref name="to"/>, once <paramref name="count"/> have arrived (or 10 s passed).</summary>
    public async Task<List<MimeMessage>> ForAsync(string to, int count = 1)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var found = All().Where(m => m.To.Mailboxes.Any(a => a.Address == to)).ToList();
            if (found.Count >= count || DateTime.UtcNow > deadline)
            {
                return found;
            }

            await Task.Delay(25);
        }
    }

    public List<MimeMessage> All() =>
        [.. System.IO.Directory.GetFiles(Directory, "*.eml").Order(StringComparer.Ordinal).Select(path => MimeMessage.Load(path))];

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
