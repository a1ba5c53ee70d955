using Latch.Application.Common.Models;
using Latch.Domain.Common;
using Latch.Domain.Sessions;
using Mediator;

namespace Latch.Application.Sessions.RevokeSession;

public sealed record RevokeSessionCommand(CurrentUser Caller, SessionId SessionId) : ICommand<Result>;
