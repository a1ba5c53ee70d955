using Latch.Application.Auth.Login;
using Latch.Application.Auth.Logout;
using Latch.Application.Auth.Refresh;
using Latch.Application.Auth.Register;
using Latch.Application.Common.Models;
using Latch.Domain.Common;
using Latch.Infrastructure.Configuration;
using Latch.Infrastructure.Web.Authentication;
using Latch.Infrastructure.Web.Contracts;
using Latch.Infrastructure.Web.Cookies;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Latch.Infrastructure.Web.Endpoints;

internal static class AuthEndpoints
{
    public const string MeLocation = "/v1/users/me";

    /// <summary>What a refused password's problem carries, for the operations that set one.</summary>
    public const string PasswordRulesDescription =
        "A refused password answers 400 validation_failed whose `passwordRules` object names, per password field, the rules " +
        "it breaks, beside the messages in `errors`: too_short, too_long, invalid_text, common (a common or breached " +
        "password), repetitive, sequential (letters, digits or keyboard keys in a row), context (the service's name or " +
        "the email or its parts), breached (the Pwned Passwords check, when switched on).";

    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var auth = endpoints.MapGroup("/v1/auth").WithTags("Auth");

        auth.MapPost("/register", RegisterAsync)
            .WithName("register").WithCookieTransport(CookieRoute.Issue)
            .WithSummary("Register. With email verification (the default): an empty 202 for every address, new, registered or " +
                "pending, and an email (a verification link, or a notice to a registered address). Without it " +
                "(Registration:RequireEmailVerification=false): create the account and sign in (201), or 409 email_taken.")
            .WithDescription(PasswordRulesDescription + " Throttled per address and per client IP: 429 rate_limited.")
            .Accepts<RegisterRequest>("application/json")
            .Produces(StatusCodes.Status202Accepted)
            .Produces<AuthResponse>(StatusCodes.Status201Created)
            .BodyProblems().Problems(StatusCodes.Status409Conflict).CommonProblems();

        auth.MapPost("/login", LoginAsync)
            .WithName("login").WithCookieTransport(CookieRoute.Issue)
            .WithSummary("Sign in with email and password, and the device token of an earlier sign-in if this device has one.")
            .Accepts<LoginRequest>("application/json")
            .Produces<AuthResponse>()
            .BodyProblems().Problems(StatusCodes.Status401Unauthorized).CommonProblems();

        auth.MapPost("/refresh", RefreshAsync)
            .WithName("refresh").WithCookieTransport(CookieRoute.Refresh)
            .WithSummary("Rotate a refresh token and get a new access token. A rotated token presented again after the grace period ends the session.")
            .Accepts<RefreshRequest>("application/json")
            .Produces<AuthResponse>()
            .BodyProblems().Problems(StatusCodes.Status401Unauthorized).CommonProblems();

        auth.MapPost("/logout", LogoutAsync)
            .WithName("logout").WithCookieTransport(CookieRoute.Logout)
            .WithSummary("End this session (scope=local, the default), every other one (others), or all (global). Idempotent.")
            .RequireAuthorization()
            .Produces(StatusCodes.Status204NoContent)
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized).CommonProblems();
        return endpoints;
    }

    // Each body is parsed into its command's typed values here, once; a field that does not parse is answered
    // validation_failed before anything runs.
    private static async Task<IResult> RegisterAsync([FromBody] RegisterRequest body, HttpContext http,
        [FromServices] RegisterParser parser, [FromServices] LatchSettings settings, ISender sender,
        CancellationToken cancellationToken)
    {
        var parsed = parser.Parse(body.Email, body.Password, body.DisplayName, http.ClientInfo());
        if (!settings.Registration.RequireEmailVerification || !parsed.IsSuccess)
        {
            return await sender.SendParsedAsync(parsed,
                (AuthResponse response) => TypedResults.Created(MeLocation, response), cancellationToken);
        }

        var started = await sender.Send(StartRegistrationCommand.From(parsed.Value), cancellationToken);
        return started.IsSuccess ? EmailFlowEndpoints.Accepted() : HttpResults.Problem(started.Error);
    }

    private static Task<IResult> LoginAsync([FromBody] LoginRequest body, HttpContext http, ISender sender,
        CancellationToken cancellationToken) =>
        sender.SendParsedAsync(LoginCommand.Parse(body.Email, body.Password, http.ClientInfo(), body.DeviceToken),
            (AuthResponse response) => TypedResults.Ok(response), cancellationToken);

    private static Task<IResult> RefreshAsync([FromBody] RefreshRequest body, ISender sender,
        CancellationToken cancellationToken) =>
        sender.SendParsedAsync(RefreshCommand.Parse(body.RefreshToken),
            (AuthResponse response) => TypedResults.Ok(response), cancellationToken);

    private static async Task<IResult> LogoutAsync(HttpContext http, ISender sender, CancellationToken cancellationToken,
        [FromQuery] string? scope = null)
    {
        LogoutScope? parsed = scope switch
        {
            null or "local" => LogoutScope.Local,
            "others" => LogoutScope.Others,
            "global" => LogoutScope.Global,
            _ => null,
        };
        if (parsed is not { } valid)
        {
            return HttpResults.Problem(Error.Validation("scope", "Scope must be local, others or global."));
        }

        return (await sender.Send(new LogoutCommand(http.User.Caller(), valid), cancellationToken)).ToHttp();
    }
}
