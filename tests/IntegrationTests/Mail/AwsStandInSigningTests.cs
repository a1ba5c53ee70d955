using Latch.Application.Common.Outbox;
using Latch.Infrastructure.Aws;
using Latch.Infrastructure.Mail.Outbox;
using Latch.IntegrationTests.Support;

namespace Latch.IntegrationTests.Mail;

/// <summary>
/// The AWS stand-ins accept a call only when its SigV4 signature holds (the checks that pass elsewhere mean
/// something only if a wrong signature is refused): the outbox's real signer with the wrong secret, region or
/// session token is answered as AWS answers it, and nothing is queued.
/// </summary>
public sealed class AwsStandInSigningTests : IAsyncLifetime
{
    private readonly HttpClient _http = new();
    private AwsMailStandIn _aws = null!;

    public async Task InitializeAsync() => _aws = await AwsMailStandIn.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _aws.DisposeAsync();
    }

    [Theory]
    [InlineData("wrong secret", "InvalidSignatureException")]
    [InlineData("wrong region", "InvalidSignatureException")]
    [InlineData("wrong session token", "UnrecognizedClientException")]
    public async Task A_call_signed_with_other_credentials_is_refused_and_nothing_is_queued(string mistake, string expected)
    {
        var credentials = mistake switch
        {
            "wrong secret" => new AwsCredentials(AwsMailStandIn.AccessKeyId, AwsMailStandIn.SecretAccessKey + "x", AwsMailStandIn.SessionToken, AwsMailStandIn.Region),
            "wrong region" => new AwsCredentials(AwsMailStandIn.AccessKeyId, AwsMailStandIn.SecretAccessKey, AwsMailStandIn.SessionToken, "us-east-1"),
            _ => new AwsCredentials(AwsMailStandIn.AccessKeyId, AwsMailStandIn.SecretAccessKey, "another-token", AwsMailStandIn.Region),
        };
        var outbox = new SqsOutbox(_http, credentials, new Uri(_aws.Endpoint), new Uri(AwsMailStandIn.QueueUrl), TimeProvider.System);

        await Assert.ThrowsAnyAsync<Exception>(() =>
            outbox.EnqueueAsync(new RegistrationRequested(Guid.NewGuid(), "jane@example.com", "tok"), CancellationToken.None));

        Assert.Empty(_aws.SentMessages);
        Assert.Contains(_aws.Refusals, r => r.StartsWith($"sqs: {expected}: ", StringComparison.Ordinal));
    }
}
