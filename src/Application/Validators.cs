using Latch.Application.Auth.Login;
using Latch.Application.Auth.LoginMfa;
using Latch.Application.Auth.Logout;
using Latch.Application.Auth.PasswordReset;
using Latch.Application.Auth.Refresh;
using Latch.Application.Auth.Register;
using Latch.Application.Auth.StepUp;
using Latch.Application.Auth.VerifyEmail;
using Latch.Application.Sessions.ListSessions;
using Latch.Application.Sessions.RevokeAllSessions;
using Latch.Application.Sessions.RevokeSession;
using Latch.Application.Users.ChangeEmail;
using Latch.Application.Users.ChangePassword;
using Latch.Application.Users.DeleteAccount;
using Latch.Application.Users.GetMe;
using Latch.Application.Users.SecondFactor;
using Latch.Application.Users.UpdateMe;
using Microsoft.Extensions.DependencyInjection;

namespace Latch.Application;

/// <summary>
/// Explicit validator registrations: no reflection scan, so start-up stays fast and AOT-safe. Every request the mediator
/// serves is either registered here or listed in <see cref="NeedNone"/> with the reason; a test holds the two lists to
/// every request type there is.
/// </summary>
internal static class Validators
{
    /// <summary>Requests with no validator, and why: each arrives with its fields already parsed into typed values.</summary>
    public static readonly IReadOnlyDictionary<Type, string> NeedNone = new Dictionary<Type, string>
    {
        [typeof(RegisterCommand)] = "parsed, and its password checked against the policy, by RegisterParser at the edge",
        [typeof(LoginCommand)] = "the shape is parsed by LoginCommand.Parse; no password policy applies at sign-in",
        [typeof(CompleteMfaLoginCommand)] = "the shape is parsed by CompleteMfaLoginCommand.Parse; the codec and the factor judge the rest",
        [typeof(RefreshCommand)] = "a present token is all there is to check; the codec decides whether it is ours",
        [typeof(LogoutCommand)] = "the caller comes from the verified access token, the scope is an enum parsed at the edge",
        [typeof(GetMeQuery)] = "the caller comes from the verified access token; there is no other input",
        [typeof(ListSessionsQuery)] = "the caller comes from the verified access token; there is no other input",
        [typeof(RevokeSessionCommand)] = "the session id is parsed at the edge; a malformed one is answered not_found there",
        [typeof(UpdateMeCommand)] = "the display name is parsed into its value object by UpdateMeCommand.Parse",
        [typeof(ChangePasswordCommand)] = "the new password's policy needs the account's email, so the handler applies it",
        [typeof(DeleteAccountCommand)] = "a present password is all there is to check before re-authentication",
        [typeof(EnrolTotpCommand)] = "a present password is all there is to check before re-authentication",
        [typeof(ConfirmTotpCommand)] = "a present code is all there is to check; the authenticator decides whether it is right",
        [typeof(DisableTotpCommand)] = "the password and exactly one code are parsed by FactorProof; re-authentication and the factor judge them",
        [typeof(RegenerateRecoveryCodesCommand)] = "the password and exactly one code are parsed by FactorProof; re-authentication and the factor judge them",
        [typeof(RemoveSecondFactorCommand)] = "the user and the reason are parsed by RemoveSecondFactorCommand.Parse",
        [typeof(StepUpCommand)] = "the shape is parsed by StepUpCommand.Parse; the factor judges the code",
        [typeof(RequestPasswordResetCommand)] = "the email is parsed into its value object by RequestPasswordResetCommand.Parse",
        [typeof(ConfirmPasswordResetCommand)] = "the new password's policy needs the account's email, known from the token, so the handler applies it",
        [typeof(StartRegistrationCommand)] = "made from a RegisterCommand, parsed and policy-checked by RegisterParser at the edge",
        [typeof(VerifyEmailCommand)] = "a present token and password's shape is all there is to check; the token store and the hash it carries decide the rest",
        [typeof(RequestEmailChangeCommand)] = "the new email is parsed into its value object by RequestEmailChangeCommand.Parse",
        [typeof(ConfirmEmailChangeCommand)] = "a present token is all there is to check; the token store decides whether it is one",
        [typeof(RevokeAllSessionsCommand)] = "the user is parsed into an id or an email by RevokeAllSessionsCommand.Parse",
    };

    /// <summary>
    /// None today: every request's input is parsed, rules and all, by its command's <c>Parse</c> (or
    /// <see cref="RegisterParser"/>) before it reaches the mediator. A rule that needs the request as a whole, after
    /// parsing, is a validator registered here; <c>ValidationBehaviour</c> runs it before the handler.
    /// </summary>
    public static IServiceCollection AddValidators(this IServiceCollection services) => services;
}
