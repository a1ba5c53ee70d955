using Latch.Application.Auth.Logout;
using Latch.Application.Common.Interfaces;
using Latch.ApplicationTests.Support;
using Latch.Domain.Sessions;

namespace Latch.ApplicationTests.Auth;

public sealed class LogoutTests : IDisposable
{
    private readonly TestApp _app = new();

    [Theory]
    [InlineData(LogoutScope.Local, new[] { true, false, false }, RevocationReason.Logout)]
    [InlineData(LogoutScope.Others, new[] { false, true, true }, RevocationReason.LogoutOthers)]
    [InlineData(LogoutScope.Global, new[] { true, true, true }, RevocationReason.LogoutGlobal)]
    public async Task Each_scope_ends_the_sessions_it_names_and_leaves_other_users_alone(LogoutScope scope, bool[] ended,
        RevocationReason reason)
    {
        var (_, caller) = await _app.RegisterAsync();
        var sessions = new List<SessionId> { caller.SessionId };
        for (var i = 0; i < 2; i++)
        {
            await _app.LoginAsync("owner@example.com", TestApp.Password);
            sessions.Add(_app.Sessions.All().Single(s => !sessions.Contains(s.Id)).Id);
        }

        var (_, stranger) = await _app.RegisterAsync("stranger@example.com");

        Assert.True((await _app.Sender.Send(new LogoutCommand(caller, scope))).IsSuccess);
        Assert.True((await _app.Sender.Send(new LogoutCommand(caller, scope))).IsSuccess);

        var stored = _app.Sessions.All().ToDictionary(s => s.Id);
        Assert.Equal(ended, sessions.Select(id => stored[id].RevokedAt is not null));
        Assert.All(sessions.Where((_, i) => ended[i]), id => Assert.Equal(reason, stored[id].RevocationReason));
        Assert.Null(stored[stranger.SessionId].RevokedAt);
        Assert.Equal(AuditEvent.LoggedOut, _app.Audit.Events.Last());
    }

    public void Dispose() => _app.Dispose();
}
