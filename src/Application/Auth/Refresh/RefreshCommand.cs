using Latch.Application.Common.Models;
using Latch.Domain.Common;
using Mediator;

namespace Latch.Application.Auth.Refresh;

public sealed record RefreshCommand(string? RefreshToken) : ICommand<Result<AuthResponse>>;
