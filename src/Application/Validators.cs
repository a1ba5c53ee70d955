using FluentValidation;
using Latch.Application.Auth.Login;
using Latch.Application.Auth.Refresh;
using Latch.Application.Auth.Register;
using Latch.Application.Sessions.RevokeAllSessions;
using Latch.Application.Users.ChangePassword;
using Latch.Application.Users.DeleteAccount;
using Latch.Application.Users.UpdateMe;
using Microsoft.Extensions.DependencyInjection;

namespace Latch.Application;

/// <summary>Explicit validator registrations: no reflection scan, so start-up stays fast and AOT-safe.</summary>
internal static class Validators
{
    public static IServiceCollection AddValidators(this IServiceCollection services) => services
        .AddSingleton<IValidator<RegisterCommand>, RegisterCommandValidator>()
        .AddSingleton<IValidator<LoginCommand>, LoginCommandValidator>()
        .AddSingleton<IValidator<RefreshCommand>, RefreshCommandValidator>()
        .AddSingleton<IValidator<UpdateMeCommand>, UpdateMeCommandValidator>()
        .AddSingleton<IValidator<ChangePasswordCommand>, ChangePasswordCommandValidator>()
        .AddSingleton<IValidator<DeleteAccountCommand>, DeleteAccountCommandValidator>()
        .AddSingleton<IValidator<RevokeAllSessionsCommand>, RevokeAllSessionsCommandValidator>();
}
