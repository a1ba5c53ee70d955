using Latch.Application.Auth.Refresh;
using Latch.Application.Common.Interfaces;
using Latch.Application.Common.Models;
using Latch.ApplicationTests.Ports;
using Latch.ApplicationTests.Support;
using Latch.Domain.Common;
using Latch.Domain.Sessions;

namespace Latch.ApplicationTests.Auth;

public sealed class RefreshTests : IDisposable
{
    private readonly TestApp _app = new();

    [Fact]
    public async Task A_refresh_rotates_the_token()
    {
        var (auth, _) = await _app.RegisterAsync();

        var rotated = await RefreshAsync(auth.RefreshToken);

        Assert.True(rotated.IsSuccess, rotated.Error?.Code);
        Assert.NotEqual(auth.RefreshToken, rotated.Value.RefreshToken);
        Assert.Equal(1, Assert.Single(_app.Sessions.All()).Generation);
    }

    [Fact]
    public async Task The_rotated_token_replayed_within_the_grace_period_gets_the_same_successor()
    {
        var (auth, _) = await _app.RegisterAsync();
        var first = (await RefreshAsync(auth.RefreshToken)).Value;

        var replay = await RefreshAsync(auth.RefreshToken);

        Assert.Equal(first.RefreshToken, replay.Value.RefreshToken);
        Assert.Null(Assert.Single(_app.Sessions.All()).RevokedAt);
    }

    [Fact]
    public async Task The_rotated_token_replayed_after_the_grace_period_is_theft_the_session_ends_and_is_audited()
    {
        var (auth, caller) = await _app.RegisterAsync();
        var successor = (await RefreshAsync(auth.RefreshToken)).Value;
        _app.Clock.Advance(SessionPolicy.Default.ReuseGracePeriod + TimeSpan.FromSeconds(1));

        Assert.Same(DomainErrors.InvalidRefreshToken, (await RefreshAsync(auth.RefreshToken)).Error);

        var session = Assert.Single(_app.Sessions.All());
        Assert.Equal(RevocationReason.RefreshTokenReuse, session.RevocationReason);
        Assert.Equal(new AuditRecord(AuditEvent.RefreshReuseDetected, caller.UserId, caller.SessionId, null), _app.Audit.Records[^1]);

        // The thief's successor dies with the session.
        Assert.Same(DomainErrors.InvalidRefreshToken, (await RefreshAsync(successor.RefreshToken)).Error);
    }

    [Fact]
    public async Task An_expired_session_a_forged_token_and_a_password_changed_since_are_refused()
    {
        var (auth, caller) = await _app.RegisterAsync();
        Assert.Same(DomainErrors.InvalidRefreshToken, (await RefreshAsync("rt.not-a-token")).Error);
        Assert.Same(DomainErrors.InvalidRefreshToken, (await RefreshAsync($"rt.{Guid.NewGuid():N}.0.00")).Error);

        var user = (await _app.Users.FindByIdAsync(caller.UserId, default))!;
        user.ChangePassword("fake:changed elsewhere", _app.Clock.UtcNow);
        Assert.True(await _app.Users.TryUpdateAsync(user, default));
        Assert.Same(DomainErrors.InvalidRefreshToken, (await RefreshAsync(auth.RefreshToken)).Error);

        var (other, _) = await _app.RegisterAsync("other@example.com");
        _app.Clock.Advance(SessionPolicy.Default.IdleTimeout + TimeSpan.FromSeconds(1));
        Assert.Same(DomainErrors.InvalidRefreshToken, (await RefreshAsync(other.RefreshToken)).Error);
    }

    [Fact]
    public void A_missing_token_is_a_validation_error()
    {
        var parsed = RefreshCommand.Parse("");
        Assert.Equal("Refresh token is required.", parsed.Error?.Fields?["refreshToken"].Single());
    }

    private async Task<Result<AuthResponse>> RefreshAsync(string token) =>
        await _app.Sender.Send(RefreshCommand.Parse(token).Value);

    public void Dispose() => _app.Dispose();
}
