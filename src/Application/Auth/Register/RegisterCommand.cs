using Latch.Application.Common.Interfaces;
using Latch.Application.Common.Models;
using Latch.Domain.Common;
using Mediator;

namespace Latch.Application.Auth.Register;

public sealed record RegisterCommand(string? Email, string? Password, string? DisplayName, ClientInfo Client)
    : ICommand<Result<AuthResponse>>;
