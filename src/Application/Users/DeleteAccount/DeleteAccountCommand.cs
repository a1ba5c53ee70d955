using Latch.Application.Common.Models;
using Latch.Domain.Common;
using Mediator;

namespace Latch.Application.Users.DeleteAccount;

public sealed record DeleteAccountCommand(CurrentUser Caller, string? Password) : ICommand<Result>;
