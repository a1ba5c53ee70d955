using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Latch.IntegrationTests.Mail;

/// <summary>
/// A real SMTP server (the SmtpServer package) on a loopback port, in process: it speaks ESMTP, STARTTLS or implicit
/// TLS with a certificate made for the run, AUTH PLAIN/LOGIN against one account, and keeps what it received —
/// the envelope and the message as it arrived on the wire.
/// </summary>
internal sealed class SmtpStandIn : IAsyncDisposable
{
    public const string User = "relay-user";
    public const string Password = "relay-password";

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    private SmtpStandIn(int port, X509Certificate2? certificate, bool implicitTls, Func<SmtpResponse> answer)
    {
        Port = port;
        Certificate = certificate;
        var options = new SmtpServerOptionsBuilder()
            .ServerName("smtp.test")
            .Endpoint(endpoint =>
            {
                endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, port)).IsSecure(implicitTls).AllowUnsecureAuthentication(false)
                    .AuthenticationRequired(certificate is not null);
                if (certificate is not null)
                {
                    endpoint.Certificate(certificate);
                }
            })
            .Build();
        var services = new ServiceProvider();
        services.Add(new Store(this, answer));
        services.Add(new Authenticator(this));
        _running = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
    }

    public int Port { get; }

    public X509Certificate2? Certificate { get; }

    public ConcurrentQueue<Received> Messages { get; } = new();

    public ConcurrentQueue<string> Logins { get; } = new();

    /// <summary>A server with TLS (STARTTLS, or implicit when <paramref name="implicitTls"/>) and AUTH required; or, without TLS, neither.</summary>
    public static SmtpStandIn Start(bool tls = true, bool implicitTls = false, Func<SmtpResponse>? answer = null) =>
        new(FreePort(), tls ? SelfSigned() : null, implicitTls, answer ?? (() => SmtpResponse.Ok));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
        Certificate?.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=smtp.test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    public sealed record Received(string MailFrom, string[] RcptTo, bool Secure, string? AuthenticatedUser, MimeMessage Message);

    private sealed class Store(SmtpStandIn owner, Func<SmtpResponse> answer) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            var response = answer();
            if (response.ReplyCode == SmtpReplyCode.Ok)
            {
                using var stream = new MemoryStream(buffer.ToArray());
                owner.Messages.Enqueue(new Received(
                    Address(transaction.From),
                    [.. transaction.To.Select(Address)],
                    context.Pipe is { } pipe && pipe.IsSecure,
                    context.Authentication.IsAuthenticated ? context.Authentication.User : null,
                    MimeMessage.Load(stream, cancellationToken)));
            }

            return Task.FromResult(response);
        }
    }

    private static string Address(SmtpServer.Mail.IMailbox mailbox) => $"{mailbox.User}@{mailbox.Host}";

    private sealed class Authenticator(SmtpStandIn owner) : UserAuthenticator
    {
        public override Task<bool> AuthenticateAsync(ISessionContext context, string user, string password, CancellationToken cancellationToken)
        {
            owner.Logins.Enqueue(user);
            return Task.FromResult(user == User && password == Password);
        }
    }
}
