using Latch.Application.Common.Interfaces;
using Latch.Application.Common.Models;
using Latch.Domain.Common;
using Mediator;

namespace Latch.Application.Auth.Login;

/// <summary>A sign-in; <paramref name="DeviceToken"/> is the one this device got at its last sign-in, if any (ADR 0010).</summary>
public sealed record LoginCommand(string? Email, string? Password, ClientInfo Client, string? DeviceToken = null)
    : ICommand<Result<AuthResponse>>;
