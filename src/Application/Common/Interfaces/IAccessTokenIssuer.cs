using Latch.Domain.Sessions;
using Latch.Domain.Users;

namespace Latch.Application.Common.Interfaces;

public sealed record AccessToken(string Token, TimeSpan Lifetime);

public interface IAccessTokenIssuer
{
    AccessToken Issue(UserId userId, Session session, DateTimeOffset now);
}
