using Latch.Application.Common.Models;
using Latch.Domain.Common;
using Mediator;

namespace Latch.Application.Users.ChangePassword;

public sealed record ChangePasswordCommand(CurrentUser Caller, string? CurrentPassword, string? NewPassword) : ICommand<Result>;
