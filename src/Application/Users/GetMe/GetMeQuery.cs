using Latch.Application.Common.Models;
using Latch.Domain.Common;
using Mediator;

namespace Latch.Application.Users.GetMe;

public sealed record GetMeQuery(CurrentUser Caller) : IQuery<Result<UserResponse>>;
