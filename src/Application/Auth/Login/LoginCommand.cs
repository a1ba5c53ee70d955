using Latch.Application.Common.Interfaces;
using Latch.Application.Common.Models;
using Latch.Domain.Common;
using Mediator;

namespace Latch.Application.Auth.Login;

public sealed record LoginCommand(string? Email, string? Password, ClientInfo Client) : ICommand<Result<AuthResponse>>;
