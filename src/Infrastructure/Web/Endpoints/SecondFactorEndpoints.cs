using System.Globalization;
using Latch.Application.Auth.LoginMfa;
using Latch.Application.Common.Models;
using Latch.Application.Users.SecondFactor;
using Latch.Domain.Common;
using Latch.Infrastructure.Web.Authentication;
using Latch.Infrastructure.Web.Contracts;
using Latch.Infrastructure.Web.Cookies;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Latch.Infrastructure.Web.Endpoints;

/// <summary>
/// The signed-in user's second factor: enrolment of an authenticator app and its confirmation, turning it off, and
/// replacing the recovery codes; and the second step of a sign-in.
/// </summary>
internal static class SecondFactorEndpoints
{
    public static IEndpointRouteBuilder MapSecondFactorEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1/auth/login/mfa", CompleteLoginAsync)
            .WithCookieTransport(CookieRoute.Issue)
            .WithTags("Auth")
            .WithName("loginMfa")
            .WithSummary("Complete a sign-in that answered 401 mfa_required: its mfaToken and a code (or a recovery code).")
            .WithDescription("Give exactly one of code and recoveryCode. A wrong code answers 401 invalid_mfa_code and " +
                "counts against the account's failed-login back-off like a wrong password (429 too_many_attempts); after " +
                $"{CompleteMfaLoginCommand.WrongCodesPerToken} wrong codes, or {CompleteMfaLoginCommand.TokenLifetime.TotalMinutes} " +
                "minutes, or once used, or once the password is changed or reset, the mfaToken answers 401 invalid_mfa_token " +
                "and the password is asked again." + LockedDescription(StatusCodes.Status401Unauthorized))
            .Accepts<LoginMfaRequest>("application/json")
            .Produces<AuthResponse>()
            .BodyProblems().Problems(StatusCodes.Status401Unauthorized).CommonProblems();

        var totp = endpoints.MapGroup("/v1/users/me/mfa/totp").WithTags("Second factor").RequireAuthorization();

        totp.MapPost("", EnrolAsync)
            .WithName("enrolTotp")
            .WithSummary("Start an authenticator enrolment (re-authenticates with currentPassword): the secret and its otpauth URI.")
            .WithDescription("The factor stays pending, and plays no part in sign-in, until confirmed with a code from it. " +
                "Enrolling again replaces a pending secret; an active factor answers 409 mfa_already_enabled. " +
                UserEndpoints.ConflictDescription)
            .Accepts<EnrolTotpRequest>("application/json")
            .Produces<TotpEnrolmentResponse>()
            .BodyProblems()
            .Problems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict)
            .CommonProblems();

        totp.MapPost("/confirm", ConfirmAsync)
            .WithName("confirmTotp")
            .WithSummary("Activate the pending authenticator with a current code; answers 10 recovery codes, shown once.")
            .WithDescription("A wrong, expired or already used code answers 403 invalid_mfa_code and counts against the " +
                "account's failed-login back-off like a wrong password (429 too_many_attempts); no pending enrolment " +
                "answers 409 mfa_not_enrolled, an active factor 409 mfa_already_enabled.")
            .Accepts<ConfirmTotpRequest>("application/json")
            .Produces<RecoveryCodesResponse>()
            .BodyProblems()
            .Problems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict)
            .CommonProblems();

        totp.MapPost("/disable", DisableAsync)
            .WithName("disableTotp")
            .WithSummary("Turn the authenticator off (currentPassword and a code or a recovery code); ends every other session.")
            .WithDescription(ProofDescription + " The factor and its recovery codes are removed; the caller's session stays, " +
                "every other session of the account ends. " + UserEndpoints.ConflictDescription)
            .Accepts<FactorProofRequest>("application/json")
            .Produces(StatusCodes.Status204NoContent)
            .BodyProblems()
            .Problems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict)
            .CommonProblems();

        endpoints.MapPost("/v1/users/me/mfa/recovery-codes", RegenerateAsync)
            .RequireAuthorization()
            .WithTags("Second factor")
            .WithName("regenerateRecoveryCodes")
            .WithSummary("Replace every recovery code with 10 new ones, shown once (currentPassword and a code or a recovery code).")
            .WithDescription(ProofDescription + " Every earlier recovery code, used or not, stops working. " +
                UserEndpoints.ConflictDescription)
            .Accepts<FactorProofRequest>("application/json")
            .Produces<RecoveryCodesResponse>()
            .BodyProblems()
            .Problems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict)
            .CommonProblems();
        return endpoints;
    }

    private const string ProofDescription =
        "Give currentPassword and exactly one of code and recoveryCode. Both are checked under the account's failed-login " +
        "back-off (429 too_many_attempts): a wrong password answers 403 wrong_password (and no code is checked), a wrong, " +
        "expired or already used code or recovery code 403 invalid_mfa_code; no active factor answers 409 mfa_not_enrolled. " +
        "A recovery code is used up, and its use is emailed to the account's address." +
        " After 100 wrong authenticator codes in a row on the account, a code answers 403 mfa_codes_locked, unjudged, until " +
        "a recovery code is used; the owner is emailed.";

    /// <summary>The cap on an account's consecutive wrong codes, as each endpoint that judges one answers it.</summary>
    internal static string LockedDescription(int status) =>
        $" After {SecondFactorErrors.AttemptLimit.ToString(CultureInfo.InvariantCulture)} wrong authenticator codes in a row " +
        $"on the account, a code answers {status.ToString(CultureInfo.InvariantCulture)} mfa_codes_locked, unjudged, until " +
        "a recovery code is used; the owner is emailed.";

    private static Task<IResult> CompleteLoginAsync([FromBody] LoginMfaRequest body, HttpContext http, ISender sender,
        CancellationToken cancellationToken) =>
        sender.SendParsedAsync(CompleteMfaLoginCommand.Parse(body.MfaToken, body.Code, body.RecoveryCode, http.ClientInfo()),
            (AuthResponse response) => TypedResults.Ok(response), cancellationToken);

    private static Task<IResult> EnrolAsync([FromBody] EnrolTotpRequest body, HttpContext http, ISender sender,
        CancellationToken cancellationToken) =>
        sender.SendParsedAsync(EnrolTotpCommand.Parse(http.User.Caller(), body.CurrentPassword),
            (TotpEnrolmentResponse response) => TypedResults.Ok(response), cancellationToken);

    private static Task<IResult> DisableAsync([FromBody] FactorProofRequest body, HttpContext http, ISender sender,
        CancellationToken cancellationToken) =>
        sender.SendParsedAsync(DisableTotpCommand.Parse(http.User.Caller(), body.CurrentPassword, body.Code, body.RecoveryCode),
            cancellationToken);

    private static Task<IResult> RegenerateAsync([FromBody] FactorProofRequest body, HttpContext http, ISender sender,
        CancellationToken cancellationToken) =>
        sender.SendParsedAsync(RegenerateRecoveryCodesCommand.Parse(http.User.Caller(), body.CurrentPassword, body.Code, body.RecoveryCode),
            (RecoveryCodesResponse response) => TypedResults.Ok(response), cancellationToken);

    private static Task<IResult> ConfirmAsync([FromBody] ConfirmTotpRequest body, HttpContext http, ISender sender,
        CancellationToken cancellationToken) =>
        sender.SendParsedAsync(ConfirmTotpCommand.Parse(http.User.Caller(), body.Code),
            (RecoveryCodesResponse response) => TypedResults.Ok(response), cancellationToken);
}
