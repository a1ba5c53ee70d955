using Latch.Application.Common.Interfaces;
using Latch.Application.Common.Models;
using Latch.Domain.Common;
using Latch.Domain.Users;
using Mediator;

namespace Latch.Application.Auth.Register;

/// <summary>
/// A registration, its fields parsed and its password checked against the policy by <see cref="RegisterParser"/>;
/// <paramref name="DisplayName"/> is null when none was given (the email's local part is used).
/// </summary>
public sealed record RegisterCommand(Email Email, string Password, DisplayName? DisplayName, ClientInfo Client)
    : ICommand<Result<AuthResponse>>;
