using Latch.Application.Auth.StepUp;
using Latch.Application.Common.Models;
using Latch.Infrastructure.Web.Authentication;
using Latch.Infrastructure.Web.Contracts;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Latch.Infrastructure.Web.Endpoints;

/// <summary>Step-up: the second factor proved again on a signed-in session, for the changes that ask for a recent one.</summary>
internal static class StepUpEndpoints
{
    /// <summary>What the changes that need a recent second factor say about it in the OpenAPI document.</summary>
    public const string StepUpDescription =
        "With a second factor active on the account, this needs one proved on the same session within " +
        "SecondFactor:StepUpWindow (5 minutes by default), at sign-in (login/mfa) or by POST /v1/auth/step-up; otherwise " +
        "403 step_up_required, before the password is checked.";

    public static IEndpointRouteBuilder MapStepUpEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1/auth/step-up", StepUpAsync)
            .RequireAuthorization()
            .WithTags("Auth")
            .WithName("stepUp")
            .WithSummary("Prove the second factor on this session (a code or a recovery code): a new access token whose amr " +
                "includes otp.")
            .WithDescription("Give exactly one of code and recoveryCode; the refresh token is unchanged. The same rules as " +
                "login/mfa: each step's code once, a wrong code answers 403 invalid_mfa_code and counts against the " +
                "account's failed-login back-off (429 too_many_attempts), a recovery code works once and its use is audited. " +
                "An account without an active factor answers 409 mfa_not_enrolled; a concurrent change to the account, " +
                "409 conflict (send a new code)." +
                SecondFactorEndpoints.LockedDescription(StatusCodes.Status403Forbidden))
            .Accepts<StepUpRequest>("application/json")
            .Produces<AccessTokenResponse>()
            .BodyProblems()
            .Problems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict)
            .CommonProblems();
        return endpoints;
    }

    private static Task<IResult> StepUpAsync([FromBody] StepUpRequest body, HttpContext http, ISender sender,
        CancellationToken cancellationToken) =>
        sender.SendParsedAsync(StepUpCommand.Parse(http.User.Caller(), body.Code, body.RecoveryCode),
            (AccessTokenResponse response) => TypedResults.Ok(response), cancellationToken);
}
