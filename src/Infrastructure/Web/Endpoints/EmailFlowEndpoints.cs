using Latch.Application.Auth.PasswordReset;
using Latch.Application.Auth.VerifyEmail;
using Latch.Application.Common.Models;
using Latch.Application.Users.ChangeEmail;
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
/// The flows that send mail (ADR 0012, docs/api.md): each request endpoint answers an empty <c>202</c> for every
/// address, and each confirm endpoint spends an emailed token, on <c>POST</c> only so that a scanner opening a link
/// cannot use it up.
/// </summary>
internal static class EmailFlowEndpoints
{
    public const string InvalidEmailTokenDescription =
        "A token that is unknown, already used, expired or void (the account's password or email changed since it was " +
        "sent) answers 400 invalid_email_token.";

    public static IEndpointRouteBuilder MapEmailFlowEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var auth = endpoints.MapGroup("/v1/auth").WithTags("Auth");

        auth.MapPost("/verify-email", VerifyEmailAsync)
            .WithName("verifyEmail").WithCookieTransport(CookieRoute.Issue)
            .WithSummary("Verify the address with the emailed token and the password chosen at registration: creates the account " +
                "and signs in (201, as register without verification).")
            .WithDescription(InvalidEmailTokenDescription + " A password that is not the one chosen at registration: 403 " +
                "wrong_password, the token left usable, under the address's sign-in back-off (429 too_many_attempts); the " +
                "link alone must not create an account someone else registered (pre-hijacking). If another registration of " +
                "the address was verified first: 409 email_taken (while that account exists; a link sent before it was deleted is void: " +
                "400 invalid_email_token).")
            .Accepts<VerifyEmailRequest>("application/json")
            .Produces<AuthResponse>(StatusCodes.Status201Created)
            .BodyProblems().Problems(StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict).CommonProblems();

        auth.MapPost("/password-reset", RequestPasswordResetAsync)
            .WithName("requestPasswordReset")
            .WithSummary("Ask for a password-reset link. The same empty 202 for every address; only an account's address gets an email.")
            .WithDescription("Throttled per address (the same budget for every address) and per client IP: 429 rate_limited.")
            .Accepts<PasswordResetRequest>("application/json")
            .Produces(StatusCodes.Status202Accepted)
            .BodyProblems().CommonProblems();

        auth.MapPost("/password-reset/confirm", ConfirmPasswordResetAsync)
            .WithName("confirmPasswordReset")
            .WithSummary("Set a new password with the emailed token; every session of the account ends.")
            .WithDescription(AuthEndpoints.PasswordRulesDescription + " " + InvalidEmailTokenDescription +
                " A refused password leaves the token usable.")
            .Accepts<PasswordResetConfirmRequest>("application/json")
            .Produces(StatusCodes.Status204NoContent)
            .BodyProblems().CommonProblems();

        var me = endpoints.MapGroup("/v1/users/me/email").WithTags("Users").RequireAuthorization();

        me.MapPost("", RequestEmailChangeAsync)
            .WithName("requestEmailChange")
            .WithSummary("Ask to move the account to newEmail (re-authenticates with currentPassword). The same empty 202 " +
                "whether or not the address is taken; it gets a confirmation link (or, if taken, a notice), the current address a notice.")
            .WithDescription("A wrong currentPassword: 403 wrong_password, under the sign-in back-off (429 too_many_attempts). " +
                "Throttled per new address and per client IP: 429 rate_limited. " + StepUpEndpoints.StepUpDescription)
            .Accepts<EmailChangeRequest>("application/json")
            .Produces(StatusCodes.Status202Accepted)
            .BodyProblems().Problems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden).CommonProblems();

        me.MapPost("/confirm", ConfirmEmailChangeAsync)
            .WithName("confirmEmailChange")
            .WithSummary("Switch to the new address with the emailed token, signed in as the account that asked.")
            .WithDescription(InvalidEmailTokenDescription + " An address another account has by now: 409 email_taken, nothing changed. " +
                "Another change to the account landing at the same moment (a new display name) is written on top of; one that keeps " +
                "landing first: 409 conflict, nothing changed and the token left usable, so the same request may be sent again.")
            .Accepts<EmailChangeConfirmRequest>("application/json")
            .Produces(StatusCodes.Status204NoContent)
            .BodyProblems().Problems(StatusCodes.Status401Unauthorized, StatusCodes.Status409Conflict).CommonProblems();
        return endpoints;
    }

    /// <summary>The one answer of every request endpoint: an empty 202, whatever the address.</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.StatusCodeHttpResult Accepted() =>
        TypedResults.StatusCode(StatusCodes.Status202Accepted);

    private static async Task<IResult> RequestEmailChangeAsync([FromBody] EmailChangeRequest body, HttpContext http,
        ISender sender, CancellationToken cancellationToken)
    {
        var parsed = RequestEmailChangeCommand.Parse(http.User.Caller(), body.NewEmail, body.CurrentPassword);
        if (!parsed.IsSuccess)
        {
            return HttpResults.Problem(parsed.Error);
        }

        var result = await sender.Send(parsed.Value, cancellationToken);
        return result.IsSuccess ? Accepted() : HttpResults.Problem(result.Error);
    }

    private static Task<IResult> ConfirmEmailChangeAsync([FromBody] EmailChangeConfirmRequest body, HttpContext http,
        ISender sender, CancellationToken cancellationToken) =>
        sender.SendParsedAsync(ConfirmEmailChangeCommand.Parse(http.User.Caller(), body.Token), cancellationToken);

    private static Task<IResult> VerifyEmailAsync([FromBody] VerifyEmailRequest body, HttpContext http, ISender sender,
        CancellationToken cancellationToken) =>
        sender.SendParsedAsync(VerifyEmailCommand.Parse(body.Token, body.Password, http.ClientInfo()),
            (AuthResponse response) => TypedResults.Created(AuthEndpoints.MeLocation, response), cancellationToken);

    private static async Task<IResult> RequestPasswordResetAsync([FromBody] PasswordResetRequest body, ISender sender,
        CancellationToken cancellationToken)
    {
        var parsed = RequestPasswordResetCommand.Parse(body.Email);
        if (!parsed.IsSuccess)
        {
            return HttpResults.Problem(parsed.Error);
        }

        var result = await sender.Send(parsed.Value, cancellationToken);
        return result.IsSuccess ? Accepted() : HttpResults.Problem(result.Error);
    }

    private static Task<IResult> ConfirmPasswordResetAsync([FromBody] PasswordResetConfirmRequest body, ISender sender,
        CancellationToken cancellationToken) =>
        sender.SendParsedAsync(ConfirmPasswordResetCommand.Parse(body.Token, body.NewPassword), cancellationToken);
}
