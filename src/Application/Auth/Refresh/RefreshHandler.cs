using Latch.Application.Auth.Common;
using Latch.Application.Common.Interfaces;
using Latch.Application.Common.Models;
using Latch.Domain.Common;
using Latch.Domain.Sessions;
using Latch.Domain.Users;
using Mediator;

namespace Latch.Application.Auth.Refresh;

/// <summary>
/// Rotates a refresh token. Rotation is one compare-and-swap on the session's generation: of concurrent
/// refreshes with one token exactly one rotates, and the others — now holding the just-rotated token —
/// get the same successor back inside the grace period. A rotated token presented after it ends the session.
/// </summary>
internal sealed class RefreshHandler(
    IUserRepository users,
    ISessionRepository sessions,
    IRefreshTokenCodec refreshTokens,
    SessionIssuer issuer,
    SessionPolicy policy,
    IAuditTrail audit,
    IClock clock) : ICommandHandler<RefreshCommand, Result<AuthResponse>>
{
    // One lost race means the winner has rotated; the second read then sees the replay case.
    private const int MaxAttempts = 3;

    public async ValueTask<Result<AuthResponse>> Handle(RefreshCommand command, CancellationToken cancellationToken)
    {
        if (refreshTokens.Read(command.RefreshToken) is not { } presented)
        {
            return DomainErrors.InvalidRefreshToken;
        }

        User? user = null;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var session = await sessions.FindByIdAsync(presented.SessionId, cancellationToken);
            if (session is null)
            {
                return DomainErrors.InvalidRefreshToken;
            }

            // A session started with a password that has been changed since is refused, whatever its tokens say.
            user ??= await users.FindByIdAsync(session.UserId, cancellationToken);
            if (user is null || session.CredentialVersion < user.CredentialVersion)
            {
                return DomainErrors.InvalidRefreshToken;
            }

            var now = clock.UtcNow;
            var matchesCurrent = presented.Generation == session.Generation && refreshTokens.Matches(presented, session.SecretHash);
            switch (session.Check(presented.Generation, matchesCurrent, now, policy))
            {
                case RefreshCheck.Rotate:
                    var expected = session.Generation;
                    var expectedHash = session.SecretHash;
                    var successor = refreshTokens.Mint(session.Id, expected + 1);
                    session.Rotate(successor.SecretHash, refreshTokens.SealSuccessor(successor.Token, presented), now, policy);
                    if (await sessions.TryRotateAsync(session, expected, expectedHash, cancellationToken))
                    {
                        return issuer.Respond(user, session, successor.Token, now);
                    }

                    continue;

                case RefreshCheck.ReplayWithinGrace:
                    return session.SealedSuccessor is { } sealedToken &&
                           refreshTokens.OpenSuccessor(sealedToken, presented) is { } same
                        ? issuer.Respond(user, session, same, now)
                        : DomainErrors.InvalidRefreshToken;

                case RefreshCheck.Reuse:
                    await sessions.RevokeAsync(session.Id, now, RevocationReason.RefreshTokenReuse, cancellationToken);
                    audit.Record(AuditEvent.RefreshReuseDetected, session.UserId, session.Id);
                    return DomainErrors.InvalidRefreshToken;

                default:
                    return DomainErrors.InvalidRefreshToken;
            }
        }

        return DomainErrors.InvalidRefreshToken;
    }
}
