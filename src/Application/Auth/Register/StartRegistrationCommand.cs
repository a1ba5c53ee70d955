using Latch.Domain.Common;
using Latch.Domain.Users;
using Mediator;

namespace Latch.Application.Auth.Register;

/// <summary>
/// A registration that waits for its address to be verified (<c>Registration:RequireEmailVerification</c>, on by
/// default): the fields of a <see cref="RegisterCommand"/>, already parsed and checked by <see cref="RegisterParser"/>.
/// No account exists until <c>verify-email</c>, so nothing answers differently for a taken address.
/// </summary>
public sealed record StartRegistrationCommand(Email Email, string Password, DisplayName? DisplayName) : ICommand<Result>
{
    public static StartRegistrationCommand From(RegisterCommand registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        return new StartRegistrationCommand(registration.Email, registration.Password, registration.DisplayName);
    }
}
