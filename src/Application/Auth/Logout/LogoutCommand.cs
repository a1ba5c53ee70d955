using Latch.Application.Common.Models;
using Latch.Domain.Common;
using Mediator;

namespace Latch.Application.Auth.Logout;

public sealed record LogoutCommand(CurrentUser Caller, LogoutScope Scope) : ICommand<Result>;
