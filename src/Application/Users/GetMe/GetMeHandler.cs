using Latch.Application.Common.Interfaces;
using Latch.Application.Common.Models;
using Latch.Domain.Common;
using Mediator;

namespace Latch.Application.Users.GetMe;

internal sealed class GetMeHandler(IUserRepository users) : IQueryHandler<GetMeQuery, Result<UserResponse>>
{
    public async ValueTask<Result<UserResponse>> Handle(GetMeQuery query, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(query.Caller.UserId, cancellationToken);
        return user is null ? DomainErrors.InvalidToken : user.ToResponse();
    }
}
