using Latch.Application.Common.Models;
using Latch.Domain.Common;
using Mediator;

namespace Latch.Application.Users.UpdateMe;

public sealed record UpdateMeCommand(CurrentUser Caller, string? DisplayName) : ICommand<Result<UserResponse>>;
