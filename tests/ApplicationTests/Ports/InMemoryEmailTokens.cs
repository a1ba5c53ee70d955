using System.Collections.Concurrent;
using Latch.Application.Common.Interfaces;
using Latch.StoreContractTests;

namespace Latch.ApplicationTests.Ports;

/// <summary>Emailed tokens in memory: removal from a concurrent dictionary is the atomic consume.</summary>
public sealed class InMemoryEmailTokens : IEmailTokenStore
{
    private readonly ConcurrentDictionary<string, EmailToken> _tokens = new();

    public int Count => _tokens.Count;

    public Task AddAsync(EmailToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (!_tokens.TryAdd(Convert.ToHexString(token.Hash), token))
        {
            throw new InvalidOperationException("A token hash was stored twice.");
        }

        return Task.CompletedTask;
    }

    public Task<EmailToken?> TryConsumeAsync(byte[] hash, EmailTokenPurpose purpose, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var key = Convert.ToHexString(hash);
        while (_tokens.TryGetValue(key, out var token) && token.Purpose == purpose)
        {
            if (token.ExpiresAt <= now)
            {
                _tokens.TryRemove(KeyValuePair.Create(key, token));
                return Task.FromResult<EmailToken?>(null);
            }

            if (_tokens.TryRemove(KeyValuePair.Create(key, token)))
            {
                return Task.FromResult<EmailToken?>(token);
            }
        }

        return Task.FromResult<EmailToken?>(null);
    }

    public Task RemoveForAddressAsync(string email, CancellationToken cancellationToken)
    {
        foreach (var entry in _tokens.Where(t => t.Value.Email == email))
        {
            _tokens.TryRemove(entry);
        }

        return Task.CompletedTask;
    }
}

/// <summary>The emailed-token contract every real store passes, run against the in-memory one.</summary>
public sealed class InMemoryEmailTokenStoreContract : EmailTokenStoreContract
{
    protected override IEmailTokenStore Open() => new InMemoryEmailTokens();
}
