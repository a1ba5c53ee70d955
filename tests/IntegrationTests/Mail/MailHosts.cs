using Latch.IntegrationTests.Support;

namespace Latch.IntegrationTests.Mail;

/// <summary>
/// Kestrel hosts on real sockets, each with its own extra settings, all delivering into one test mailbox; disposing
/// ends the hosts and removes the mailbox.
/// </summary>
internal sealed class MailHosts : IDisposable
{
    private readonly Mailbox _mailbox = new();
    private readonly List<IDisposable> _owned = [];

    /// <summary>A client of a new host with the mailbox's settings and <paramref name="extra"/> on top.</summary>
    public HttpClient Client(Dictionary<string, string?> extra)
    {
        var settings = MailLinks.Settings(_mailbox);
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        var factory = new KestrelFactory(settings);
        var client = factory.Socket();
        _owned.Add(client);
        _owned.Add(factory);
        return client;
    }

    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        _mailbox.Dispose();
    }
}
