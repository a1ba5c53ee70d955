using System.Collections.Concurrent;
using Latch.Application.Common.Interfaces;
using Latch.Application.Common.Outbox;
using Latch.Infrastructure.Mail.Composition;
using Latch.Infrastructure.Mail.Transports;
using Latch.IntegrationTests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Latch.IntegrationTests.Mail;

/// <summary>
/// The Kestrel host's background sender with a transport that fails on cue: retries with a doubling wait, drops after
/// the last attempt (a log line with the message id, without the address, token or link), never retries what was
/// refused for good, refuses new messages once the host stops, and drains what it already holds before it exits.
/// </summary>
public sealed class OutboxSenderTests
{
    [Fact]
    public async Task A_failing_send_is_tried_again_after_a_doubling_wait_and_then_delivered()
    {
        var transport = new ScriptedTransport(failures: 2);
        using var factory = new SenderFactory(transport, attempts: 4, firstDelay: "00:00:00.200");
        var message = new RegistrationRequested(OutboxMessage.NewId(), Api.NewEmail("retry"), "tok");

        await factory.Services.GetRequiredService<IOutbox>().EnqueueAsync(message, CancellationToken.None);

        var sent = await transport.DeliveredAsync(1);
        Assert.Single(sent);
        Assert.Equal(3, transport.Attempts.Count);
        var gaps = transport.Attempts.Zip(transport.Attempts.Skip(1), (a, b) => b - a).ToArray();
        Assert.True(gaps[0] >= TimeSpan.FromMilliseconds(190), $"first wait {gaps[0]}");
        Assert.True(gaps[1] >= TimeSpan.FromMilliseconds(390), $"second wait {gaps[1]} should be twice the first");
    }

    [Fact]
    public async Task After_the_last_attempt_the_message_is_dropped_with_a_log_line_that_names_no_address_token_or_link()
    {
        var transport = new ScriptedTransport(failures: int.MaxValue);
        using var factory = new SenderFactory(transport, attempts: 3, firstDelay: "00:00:00.010");
        var email = Api.NewEmail("dropped");
        var message = new RegistrationRequested(OutboxMessage.NewId(), email, "secret-token-value");

        await factory.Services.GetRequiredService<IOutbox>().EnqueueAsync(message, CancellationToken.None);

        var dropped = await factory.LogLineAsync(line => line.Contains("dropped", StringComparison.Ordinal));
        Assert.Contains(message.Id.ToString(), dropped, StringComparison.Ordinal);
        Assert.Equal(3, transport.Attempts.Count);
        var all = string.Join('\n', factory.LogLines);
        Assert.DoesNotContain(email, all, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secret-token-value", all, StringComparison.Ordinal);
        Assert.DoesNotContain("app.acme.example", all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_permanent_refusal_is_not_tried_again()
    {
        var transport = new ScriptedTransport(failures: int.MaxValue, permanent: true);
        using var factory = new SenderFactory(transport, attempts: 5, firstDelay: "00:00:00.010");

        await factory.Services.GetRequiredService<IOutbox>().EnqueueAsync(
            new PasswordResetRequested(OutboxMessage.NewId(), (await Registered(factory)), "t"), CancellationToken.None);

        await factory.LogLineAsync(line => line.Contains("dropped", StringComparison.Ordinal));
        Assert.Single(transport.Attempts);
    }

    [Fact]
    public async Task An_email_change_warns_the_old_address_even_when_the_new_one_is_refused_for_good()
    {
        var newEmail = Api.NewEmail("refused");
        var transport = new ScriptedTransport(failures: 0, refuse: newEmail);
        using var factory = new SenderFactory(transport, attempts: 5, firstDelay: "00:00:00.010");
        var account = await factory.CreateClient().Register(Api.NewEmail("holder"));
        var change = new EmailChangeRequested(OutboxMessage.NewId(), Guid.Parse(account.UserId), newEmail, "t");

        await factory.Services.GetRequiredService<IOutbox>().EnqueueAsync(change, CancellationToken.None);

        await factory.LogLineAsync(line => line.Contains(change.Id.ToString(), StringComparison.Ordinal) &&
                                           line.Contains("dropped", StringComparison.Ordinal));
        Assert.Contains(transport.Delivered, m => m.To == account.Email && m.Key.EndsWith(".old", StringComparison.Ordinal));
        Assert.Single(transport.Refused, newEmail); // refused once, for good: not tried again
    }

    [Fact]
    public async Task Stopping_the_host_drains_the_outbox_and_refuses_new_messages()
    {
        var transport = new ScriptedTransport(failures: 0, delay: TimeSpan.FromMilliseconds(20));
        using var factory = new SenderFactory(transport, attempts: 1, firstDelay: "00:00:00");
        var outbox = factory.Services.GetRequiredService<IOutbox>();
        for (var i = 0; i < 25; i++)
        {
            await outbox.EnqueueAsync(new RegistrationRequested(OutboxMessage.NewId(), Api.NewEmail("drain"), "t"), CancellationToken.None);
        }

        await factory.Services.GetRequiredService<IHostApplicationLifetime>().StopAndWaitAsync(factory);

        Assert.Equal(25, transport.Delivered.Count);
        await Assert.ThrowsAsync<OutboxUnavailableException>(() => outbox.EnqueueAsync(
            new RegistrationRequested(OutboxMessage.NewId(), Api.NewEmail("late"), "t"), CancellationToken.None));
    }

    private static async Task<string> Registered(LatchFactory factory)
    {
        var email = Api.NewEmail("registered");
        await factory.CreateClient().Register(email);
        return email;
    }

    /// <summary>Fails its first <c>failures</c> sends, then delivers; records when each attempt came.</summary>
    private sealed class ScriptedTransport(int failures, bool permanent = false, TimeSpan delay = default, string? refuse = null) : IMailTransport
    {
        private int _calls;

        public ConcurrentQueue<string> Refused { get; } = new();

        public ConcurrentQueue<OutgoingMail> Delivered { get; } = new();

        public List<DateTimeOffset> Attempts { get; } = [];

        public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
        {
            lock (Attempts)
            {
                Attempts.Add(DateTimeOffset.UtcNow);
            }

            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, cancellationToken);
            }

            if (mail.To == refuse)
            {
                Refused.Enqueue(mail.To);
                throw new MailTransportException("relay refused this recipient", permanent: true);
            }

            if (Interlocked.Increment(ref _calls) <= failures)
            {
                throw new MailTransportException("relay said no", permanent);
            }

            Delivered.Enqueue(mail);
        }

        public async Task<OutgoingMail[]> DeliveredAsync(int count)
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (Delivered.Count < count && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }

            return [.. Delivered];
        }
    }

    private sealed class SenderFactory(IMailTransport transport, int attempts, string firstDelay) : LatchFactory(new Dictionary<string, string?>
    {
        ["Mail:Transport"] = "Mailbox", // replaced below; the settings are the mailbox's
        ["Mail:Retry:Attempts"] = $"{attempts}",
        ["Mail:Retry:FirstDelay"] = firstDelay,
        ["Mail:From"] = "Acme <no-reply@acme.example>",
        ["Mail:Links:VerifyEmail"] = "https://app.acme.example/verify#token={token}",
        ["Mail:Links:PasswordReset"] = "https://app.acme.example/reset#token={token}",
        ["Mail:Links:ConfirmEmailChange"] = "https://app.acme.example/email#token={token}",
        ["Mail:Links:SignIn"] = "https://app.acme.example/sign-in",
        ["Logging:LogLevel:Default"] = "Information",
    })
    {
        public ConcurrentQueue<string> LogLines { get; } = new();

        public async Task<string> LogLineAsync(Func<string, bool> match)
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (DateTime.UtcNow < deadline)
            {
                if (LogLines.FirstOrDefault(match) is { } line)
                {
                    return line;
                }

                await Task.Delay(20);
            }

            Assert.Fail("no such log line:\n" + string.Join('\n', LogLines));
            return "";
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton(transport);
                services.AddSingleton<ILoggerProvider>(new LineCapture(LogLines));
            });
        }
    }

    private sealed class LineCapture(ConcurrentQueue<string> lines) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{formatter(state, exception)} {exception}");

        public void Dispose()
        {
        }
    }
}

internal static class HostStopping
{
    /// <summary>Stops the host as a SIGTERM would and waits for the hosted services to finish stopping.</summary>
    public static async Task StopAndWaitAsync(this IHostApplicationLifetime lifetime, LatchFactory factory)
    {
        var host = factory.Services.GetRequiredService<IHost>();
        lifetime.StopApplication();
        await host.StopAsync(TimeSpan.FromSeconds(30));
    }
}
