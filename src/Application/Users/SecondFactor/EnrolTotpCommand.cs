using Latch.Application.Common.Models;
using Latch.Application.Common.Validation;
using Latch.Domain.Common;
using Mediator;

namespace Latch.Application.Users.SecondFactor;

/// <summary>The secret of a pending authenticator enrolment, shown this once, and the URI apps scan it from.</summary>
public sealed record TotpEnrolmentResponse(string Secret, string OtpauthUri);

/// <summary>Starts (or restarts) an authenticator enrolment; re-authenticated with the current password.</summary>
public sealed record EnrolTotpCommand(CurrentUser Caller, string CurrentPassword) : ICommand<Result<TotpEnrolmentResponse>>
{
    public static Result<EnrolTotpCommand> Parse(CurrentUser caller, string? currentPassword)
    {
        var fields = new FieldParser();
        var password = fields.Required(currentPassword, "currentPassword", "Current password");
        return fields.Finish(() => new EnrolTotpCommand(caller, password!));
    }
}
