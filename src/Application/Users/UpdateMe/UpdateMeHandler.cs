using Latch.Application.Common.Interfaces;
using Latch.Application.Common.Models;
using Latch.Domain.Common;
using Mediator;

namespace Latch.Application.Users.UpdateMe;

internal sealed class UpdateMeHandler(IUserRepository users, IClock clock) : ICommandHandler<UpdateMeCommand, Result<UserResponse>>
{
    private const int MaxAttempts = 3;

    public async ValueTask<Result<UserResponse>> Handle(UpdateMeCommand command, CancellationToken cancellationToken)
    {
        // A whole-field replace: on a concurrent update, re-read and apply it again on top.
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var user = await users.FindByIdAsync(command.Caller.UserId, cancellationToken);
            if (user is null)
            {
                return DomainErrors.InvalidToken;
            }

            user.Rename(command.DisplayName, clock.UtcNow);
            if (await users.TryUpdateAsync(user, cancellationToken))
            {
                return user.ToResponse();
            }
        }

        // Three writers in a row won: the account is being changed elsewhere; the client may send the same request again.
        return DomainErrors.Conflict;
    }
}
