using Latch.Application.Common.Interfaces;
using Latch.Application.Sessions.ListSessions;
using Latch.Application.Sessions.RevokeAllSessions;
using Latch.Application.Sessions.RevokeSession;
using Latch.ApplicationTests.Support;
using Latch.Domain.Common;
using Latch.Domain.Sessions;

namespace Latch.ApplicationTests.Sessions;

public sealed class SessionTests : IDisposable
{
    private readonly TestApp _app = new();

    [Fact]
    public async Task Listing_shows_the_active_sessions_and_marks_the_current_one()
    {
        var (_, caller) = await _app.RegisterAsync();
        _app.Clock.Advance(TimeSpan.FromSeconds(1));
        await _app.LoginAsync("owner@example.com", TestApp.Password);

        var listed = (await _app.Sender.Send(new ListSessionsQuery(caller))).Value;

        Assert.Equal(2, listed.Count);
        Assert.Equal([false, true], listed.Select(s => s.Current));
    }

    [Fact]
    public async Task Revoking_ones_own_session_ends_it_and_anything_else_is_not_found()
    {
        var (_, caller) = await _app.RegisterAsync();
        await _app.LoginAsync("owner@example.com", TestApp.Password);
        var other = _app.Sessions.All().Single(s => s.Id != caller.SessionId).Id;
        var (_, stranger) = await _app.RegisterAsync("stranger@example.com");

        Assert.True((await _app.Sender.Send(new RevokeSessionCommand(caller, other))).IsSuccess);
        Assert.Equal(AuditEvent.SessionRevoked, _app.Audit.Events.Last());

        Assert.Same(DomainErrors.SessionNotFound, (await _app.Sender.Send(new RevokeSessionCommand(caller, other))).Error);
        Assert.Same(DomainErrors.SessionNotFound, (await _app.Sender.Send(new RevokeSessionCommand(caller, stranger.SessionId))).Error);
        Assert.Same(DomainErrors.SessionNotFound, (await _app.Sender.Send(new RevokeSessionCommand(caller, SessionId.New()))).Error);
        Assert.Null(_app.Sessions.All().Single(s => s.Id == stranger.SessionId).RevokedAt);
    }

    [Fact]
    public async Task The_administrator_ends_one_users_sessions_by_email_or_id_or_everyones()
    {
        var (_, owner) = await _app.RegisterAsync();
        var (_, other) = await _app.RegisterAsync("other@example.com");

        var byEmail = await _app.Sender.Send(RevokeAllSessionsCommand.Parse("OWNER@example.com", allUsers: false).Value);
        Assert.Equal(new RevokeAllSessionsResponse(1, owner.UserId.ToString()), byEmail.Value);

        var unknown = await _app.Sender.Send(RevokeAllSessionsCommand.Parse(Guid.NewGuid().ToString(), allUsers: false).Value);
        Assert.Equal(ErrorCodes.UserNotFound, unknown.Error?.Code);

        Assert.Equal(1, (await _app.Sender.Send(RevokeAllSessionsCommand.Parse(null, allUsers: true).Value)).Value.SessionsRevoked);
        Assert.All(_app.Sessions.All(), s => Assert.Equal(RevocationReason.AdminRevoked, s.RevocationReason));
        Assert.NotNull(other);
    }

    [Theory]
    [InlineData("owner@example.com", true, "Name one user or all users, not both.")]
    [InlineData(null, false, "User (an email or a user id) is required.")]
    [InlineData("neither", false, "User must be an email or a user id.")]
    public void The_administrators_words_are_parsed_once(string? user, bool allUsers, string message) =>
        Assert.Equal(message, RevokeAllSessionsCommand.Parse(user, allUsers).Error?.Fields?["user"].Single());

    public void Dispose() => _app.Dispose();
}
