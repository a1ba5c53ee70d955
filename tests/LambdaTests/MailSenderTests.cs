using System.Text.Json;
using System.Text.Json.Nodes;
using Latch.Infrastructure.Mail.Outbox;
using Latch.IntegrationTests.Support;
using Latch.LambdaEmulator;

namespace Latch.LambdaTests;

/// <summary>
/// The mail-sender handler: the same Host.Lambda binary started with <c>LATCH_HANDLER=mail-sender</c>, fed SQS events
/// through the Runtime API emulator, sending through a stand-in of SES that checks each signed SendEmail. Its answer
/// is the partial batch response; a record delivered twice sends one email.
/// </summary>
public sealed class MailSenderTests : IAsyncLifetime
{
    private const string First = "059f36b4-87a3-44ab-83d2-661975830a7d";
    private const string Second = "2e1424d4-f796-459a-8184-9c92662be6da";

    private AwsMailStandIn _aws = null!;
    private RuntimeApiEmulator _emulator = null!;
    private FunctionProcess _function = null!;

    public async Task InitializeAsync()
    {
        _aws = await AwsMailStandIn.StartAsync();
        _emulator = await RuntimeApiEmulator.StartAsync();
        var environment = _aws.FunctionEnvironment();
        environment["LATCH_HANDLER"] = "mail-sender";
        environment["Mail__Transport"] = "Ses";
        environment["Mail__Ses__IdentityArn"] = AwsMailStandIn.IdentityArn;
        environment["Mail__From"] = "Acme <no-reply@acme.example>";
        environment["Mail__Links__VerifyEmail"] = "https://app.acme.example/verify#token={token}";
        _function = FunctionProcess.StartBuilt(_emulator.RuntimeApi, environment);
        await _emulator.WaitUntilReadyAsync(() => _function.Output, _function);
    }

    public async Task DisposeAsync()
    {
        await _function.DisposeAsync();
        await _emulator.DisposeAsync();
        await _aws.DisposeAsync();
    }

    [Fact]
    public async Task The_AWS_sample_event_is_read_and_its_records_that_are_no_outbox_message_come_back_as_failures()
    {
        var result = await _emulator.InvokeAsync(await File.ReadAllBytesAsync(TestPaths.SampleEvent("sqs-event.json")));

        Assert.Equal(InvocationOutcome.Response, result.Outcome);
        Assert.Equal($$"""{"batchItemFailures":[{"itemIdentifier":"{{First}}"},{"itemIdentifier":"{{Second}}"}]}""", result.Text);
        Assert.Empty(_aws.SentEmails);
        Assert.DoesNotContain("\"test\"", _function.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Of_two_records_the_one_SES_throttles_is_the_one_batch_item_failure_and_comes_through_on_redelivery()
    {
        var sent = Registration("sent@example.com");
        var throttled = Registration("throttled@example.com");
        _aws.ThrottledRecipients["throttled@example.com"] = true;

        var result = await _emulator.InvokeAsync(Event((First, sent), (Second, throttled)));

        Assert.Equal($$"""{"batchItemFailures":[{"itemIdentifier":"{{Second}}"}]}""", result.Text);
        Assert.Empty(_aws.Refusals);
        var email = Assert.Single(_aws.SentEmails);
        Assert.Equal("sent@example.com", email.GetProperty("Destination").GetProperty("ToAddresses")[0].GetString());
        Assert.Contains("https://app.acme.example/verify#token=",
            email.GetProperty("Content").GetProperty("Simple").GetProperty("Body").GetProperty("Text").GetProperty("Data").GetString(),
            StringComparison.Ordinal);

        // SQS brings the failed record back; SES takes it now.
        _aws.ThrottledRecipients.Clear();
        var retry = await _emulator.InvokeAsync(Event((Second, throttled)));

        Assert.Equal("""{"batchItemFailures":[]}""", retry.Text);
        Assert.Equal(2, _aws.SentEmails.Count);
    }

    [Fact]
    public async Task A_message_delivered_twice_sends_one_email()
    {
        var message = Registration("twice@example.com");

        var first = await _emulator.InvokeAsync(Event((First, message)));
        var again = await _emulator.InvokeAsync(Event(("5f2c1a04-0000-4000-8000-000000000002", message)));

        Assert.Equal("""{"batchItemFailures":[]}""", first.Text);
        Assert.Equal("""{"batchItemFailures":[]}""", again.Text);
        Assert.Single(_aws.SentEmails);
        Assert.DoesNotContain("twice@example.com", _function.Output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("token=", _function.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_email_SES_refuses_for_good_is_dropped_not_retried_and_logged_as_the_event_the_stack_counts()
    {
        _aws.ScriptedErrors["refused@example.com"] = (400, "BadRequestException");

        var result = await _emulator.InvokeAsync(Event((First, Registration("refused@example.com"))));

        // Not a batch item failure: a permanent refusal would be refused again, so it never reaches the dead-letter queue.
        Assert.Equal("""{"batchItemFailures":[]}""", result.Text);
        Assert.Empty(_aws.SentEmails);
        // The JSON line serverless.yml's metric filter '{ $.eventId = 7121 }' counts (MailLogEvents.Dropped), without the address.
        var dropped = await LogLineAsync(line => line.TryGetProperty("eventId", out var id) && id.GetInt32() == MailLogEvents.Dropped);
        Assert.Equal(First, dropped.GetProperty("recordId").GetString());
        Assert.Equal("Error", dropped.GetProperty("level").GetString());
        Assert.DoesNotContain("refused@example.com", _function.Output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_API_Gateway_event_is_refused_by_the_mail_sender_as_no_SQS_event()
    {
        var result = await _emulator.InvokeAsync(await File.ReadAllBytesAsync(TestPaths.SampleEvent("apigw-http-v2-event.json")));

        Assert.Equal(InvocationOutcome.Error, result.Outcome);
        Assert.Equal("Runtime.UnsupportedEvent", result.ErrorType);
    }

    /// <summary>The function's first JSON log line that matches (standard output is read as it comes).</summary>
    private async Task<JsonElement> LogLineAsync(Func<JsonElement, bool> match)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            foreach (var text in _function.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.TrimStart().StartsWith('{')))
            {
                JsonElement line;
                try
                {
                    line = JsonDocument.Parse(text).RootElement.Clone();
                }
                catch (JsonException)
                {
                    continue;
                }

                if (match(line))
                {
                    return line;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, $"no such log line in:\n{_function.Output}");
            await Task.Delay(100);
        }
    }

    private static string Registration(string email) =>
        $$"""{"type":"registration-requested","email":"{{email}}","token":"tok-{{Guid.NewGuid():N}}","id":"{{Guid.CreateVersion7()}}"}""";

    /// <summary>The AWS sample event with its records' ids and bodies replaced (and as many records as given).</summary>
    private static byte[] Event(params (string MessageId, string Body)[] records)
    {
        var sample = JsonNode.Parse(File.ReadAllText(TestPaths.SampleEvent("sqs-event.json")))!;
        var template = sample["Records"]![0]!;
        var array = new JsonArray();
        foreach (var (id, body) in records)
        {
            var record = template.DeepClone();
            record["messageId"] = id;
            record["body"] = body;
            array.Add(record);
        }

        sample["Records"] = array;
        return JsonSerializer.SerializeToUtf8Bytes(sample);
    }
}
