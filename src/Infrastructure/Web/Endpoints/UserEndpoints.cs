using Latch.Application.Common.Models;
using Latch.Application.Users.ChangePassword;
using Latch.Application.Users.DeleteAccount;
using Latch.Application.Users.GetMe;
using Latch.Application.Users.UpdateMe;
using Latch.Infrastructure.Web.Authentication;
using Latch.Infrastructure.Web.Contracts;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Latch.Infrastructure.Web.Endpoints;

internal static class UserEndpoints
{
    public const string ConflictDescription =
        "A concurrent change to the account (another password change at the same moment) answers 409 conflict with " +
        "nothing changed: the client may send the same request again.";

    public static IEndpointRouteBuilder MapUserEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var me = endpoints.MapGroup("/v1/users/me").WithTags("Users").RequireAuthorization();

        me.MapGet("", GetMeAsync)
            .WithName("getMe")
            .WithSummary("The signed-in user.")
            .Produces<UserResponse>()
            .Problems(StatusCodes.Status401Unauthorized).CommonProblems();

        me.MapPatch("", UpdateMeAsync)
            .WithName("updateMe")
            .WithSummary("Change the display name.")
            .WithDescription("Three concurrent changes to the account in a row answer 409 conflict with nothing changed: " +
                "the client may send the same request again.")
            .Accepts<UpdateMeRequest>("application/json")
            .Produces<UserResponse>()
            .BodyProblems().Problems(StatusCodes.Status401Unauthorized, StatusCodes.Status409Conflict).CommonProblems();

        me.MapPost("/password", ChangePasswordAsync)
            .WithName("changePassword")
            .WithSummary("Change the password (re-authenticates with currentPassword); ends every other session.")
            .WithDescription(AuthEndpoints.PasswordRulesDescription + " " + ConflictDescription + " " +
                StepUpEndpoints.StepUpDescription)
            .Accepts<ChangePasswordRequest>("application/json")
            .Produces(StatusCodes.Status204NoContent)
            .BodyProblems()
            .Problems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict)
            .CommonProblems();

        me.MapDelete("", DeleteAccountAsync)
            .WithName("deleteAccount")
            .WithSummary("Delete the account (re-authenticates with password); ends every session, frees the email and voids every link mailed to it.")
            .WithDescription(StepUpEndpoints.StepUpDescription)
            .Accepts<DeleteAccountRequest>("application/json")
            .Produces(StatusCodes.Status204NoContent)
            .BodyProblems().Problems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden).CommonProblems();
        return endpoints;
    }

    private static async Task<IResult> GetMeAsync(HttpContext http, ISender sender, CancellationToken cancellationToken) =>
        (await sender.Send(new GetMeQuery(http.User.Caller()), cancellationToken)).ToHttp(user => new JsonBody<UserResponse>(user));

    // Each body is parsed into its command's typed values here, once.
    private static Task<IResult> UpdateMeAsync([FromBody] UpdateMeRequest body, HttpContext http, ISender sender,
        CancellationToken cancellationToken) =>
        sender.SendParsedAsync(UpdateMeCommand.Parse(http.User.Caller(), body.DisplayName),
            (UserResponse response) => TypedResults.Ok(response), cancellationToken);

    private static Task<IResult> ChangePasswordAsync([FromBody] ChangePasswordRequest body, HttpContext http,
        ISender sender, CancellationToken cancellationToken) =>
        sender.SendParsedAsync(ChangePasswordCommand.Parse(http.User.Caller(), body.CurrentPassword, body.NewPassword),
            cancellationToken);

    private static Task<IResult> DeleteAccountAsync([FromBody] DeleteAccountRequest body, HttpContext http,
        ISender sender, CancellationToken cancellationToken) =>
        sender.SendParsedAsync(DeleteAccountCommand.Parse(http.User.Caller(), body.Password), cancellationToken);
}
