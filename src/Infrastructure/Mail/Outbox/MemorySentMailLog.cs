using System.Collections.Concurrent;

namespace Latch.Infrastructure.Mail.Outbox;

/// <summary>
/// The sent-mail log of one process: enough where the outbox is in process (a message is delivered by this process
/// only, and a retry must not resend the half of an email change that went out). Expired keys are swept on claim.
/// </summary>
internal sealed class MemorySentMailLog(TimeProvider time) : ISentMailLog
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _claims = new(StringComparer.Ordinal);

    public Task<bool> TryClaimAsync(string key, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var (expired, at) in _claims)
        {
            if (at <= now)
            {
                _claims.TryRemove(KeyValuePair.Create(expired, at));
            }
        }

        return Task.FromResult(_claims.TryAdd(key, expiresAt));
    }

    public Task ReleaseAsync(string key, CancellationToken cancellationToken)
    {
        _claims.TryRemove(key, out _);
        return Task.CompletedTask;
    }
}
