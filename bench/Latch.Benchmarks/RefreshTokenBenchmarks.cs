using BenchmarkDotNet.Attributes;
using Latch.Application.Common.Interfaces;
using Latch.Domain.Sessions;
using Microsoft.Extensions.DependencyInjection;

namespace Latch.Benchmarks;

/// <summary>
/// Refresh tokens: mint (random secret, MAC, SHA-256 of the secret), read (decode and check the MAC), match the
/// secret against the stored hash, and look the session up in the embedded store among 10,000 sessions — the
/// steps of a refresh before the rotation is written.
/// </summary>
[MemoryDiagnoser]
public class RefreshTokenBenchmarks
{
    private LatchApp _app = null!;
    private IRefreshTokenCodec _codec = null!;
    private ISessionRepository _sessions = null!;
    private Session _session = null!;
    private string _token = "";
    private PresentedRefreshToken _presented = null!;
    private byte[] _hash = [];

    [GlobalSetup]
    public async Task Setup()
    {
        _app = LatchApp.Create();
        (_, _session) = await _app.SeedAsync(10_000);
        _codec = _app.Services.GetRequiredService<IRefreshTokenCodec>();
        _sessions = _app.Services.GetRequiredService<ISessionRepository>();
        var minted = _codec.Mint(_session.Id, 1);
        _token = minted.Token;
        _hash = minted.SecretHash;
        _presented = _codec.Read(_token)!;
    }

    [GlobalCleanup]
    public ValueTask Cleanup() => _app.DisposeAsync();

    [Benchmark]
    public MintedRefreshToken Mint() => _codec.Mint(_session.Id, 2);

    [Benchmark]
    public PresentedRefreshToken? Read() => _codec.Read(_token);

    [Benchmark]
    public bool HashAndMatch() => _codec.Matches(_presented, _hash);

    [Benchmark]
    public Task<Session?> LookUpSession() => _sessions.FindByIdAsync(_session.Id, CancellationToken.None);

    [Benchmark]
    public async Task<bool> ReadMatchAndLookUp()
    {
        var presented = _codec.Read(_token)!;
        var session = await _sessions.FindByIdAsync(presented.SessionId, CancellationToken.None);
        return session is not null && _codec.Matches(presented, _hash);
    }
}
