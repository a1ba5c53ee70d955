using BenchmarkDotNet.Attributes;
using Latch.Application.Common.Interfaces;
using Latch.Domain.Sessions;
using Latch.Domain.Users;
using Latch.Infrastructure.Persistence.Caching;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Latch.Benchmarks;

/// <summary>
/// Access tokens: issue (sign) and verify with the exact validation parameters the bearer handler uses, and the
/// session-status check every authenticated request makes after the signature (a cache hit, as on a warm instance).
/// </summary>
[MemoryDiagnoser]
public class AccessTokenBenchmarks
{
    private LatchApp _app = null!;
    private IAccessTokenIssuer _issuer = null!;
    private TokenHandler _handler = null!;
    private TokenValidationParameters _parameters = null!;
    private SessionStatusCache _sessions = null!;
    private User _user = null!;
    private Session _session = null!;
    private string _token = "";

    [Params("ES256", "HS256")]
    public string Algorithm { get; set; } = "ES256";

    [GlobalSetup]
    public async Task Setup()
    {
        _app = LatchApp.Create(Algorithm);
        (_user, _session) = await _app.SeedAsync(1);
        _issuer = _app.Services.GetRequiredService<IAccessTokenIssuer>();
        var bearer = _app.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);
        _handler = bearer.TokenHandlers[0];
        _parameters = bearer.TokenValidationParameters;
        _sessions = _app.Services.GetRequiredService<SessionStatusCache>();
        _token = _issuer.Issue(_user.Id, _session, DateTimeOffset.UtcNow).Token;
        if (!(await _handler.ValidateTokenAsync(_token, _parameters)).IsValid)
        {
            throw new InvalidOperationException("The benchmark token does not validate.");
        }
    }

    [GlobalCleanup]
    public ValueTask Cleanup() => _app.DisposeAsync();

    [Benchmark]
    public string Issue() => _issuer.Issue(_user.Id, _session, DateTimeOffset.UtcNow).Token;

    [Benchmark]
    public async Task<bool> Verify() => (await _handler.ValidateTokenAsync(_token, _parameters)).IsValid;

    [Benchmark]
    public ValueTask<bool> SessionStillActive() => _sessions.IsActiveAsync(_session.Id, _user.Id, CancellationToken.None);
}
