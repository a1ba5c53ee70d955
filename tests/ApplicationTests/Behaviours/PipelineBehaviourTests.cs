using FluentValidation;
using Latch.Application.Users.ChangePassword;
using Latch.Application.Users.DeleteAccount;
using Latch.Application.Users.UpdateMe;
using Latch.ApplicationTests.Support;
using Latch.Domain.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Latch.ApplicationTests.Behaviours;

/// <summary>The two pipeline behaviours, seen through the mediator with the real handlers behind them.</summary>
public sealed class PipelineBehaviourTests : IDisposable
{
    // A rule over the parsed request, as a future validator would add one: the behaviour must run it before the handler.
    private readonly TestApp _app = new(configure: services => services.AddSingleton<IValidator<UpdateMeCommand>>(
        new InlineValidator<UpdateMeCommand> { v => v.RuleFor(c => c.DisplayName.Value).NotEqual("Reserved").OverridePropertyName("DisplayName") }));

    [Fact]
    public async Task A_refused_request_stops_at_validation_the_handler_never_runs()
    {
        var (_, caller) = await _app.RegisterAsync();

        var result = await _app.Sender.Send(UpdateMeCommand.Parse(caller, "Reserved").Value);

        Assert.Equal(ErrorCodes.ValidationFailed, result.Error?.Code);
        Assert.True(result.Error!.Fields!.ContainsKey("displayName"), string.Join(",", result.Error.Fields.Keys));
        Assert.Equal("owner", (await _app.Users.FindByIdAsync(caller.UserId, CancellationToken.None))!.DisplayName.Value);
    }

    [Fact]
    public async Task A_valid_request_passes_validation_to_the_handler()
    {
        var (_, caller) = await _app.RegisterAsync();

        var result = await _app.Sender.Send(UpdateMeCommand.Parse(caller, "Allowed").Value);

        Assert.True(result.IsSuccess, result.Error?.Code);
        Assert.Equal("Allowed", (await _app.Users.FindByIdAsync(caller.UserId, CancellationToken.None))!.DisplayName.Value);
    }

    [Fact]
    public async Task Each_request_is_logged_by_type_and_outcome_and_never_with_a_password_token_or_email()
    {
        const string email = "Secret.Person@Example.com";
        const string wrong = "not the right passphrase at all";
        const string next = "another perfectly fine passphrase";
        var (auth, caller) = await _app.RegisterAsync(email);
        await _app.LoginAsync(email, wrong);
        var login = (await _app.LoginAsync(email, TestApp.Password, auth.DeviceToken)).Value;
        await _app.Sender.Send(Latch.Application.Auth.Refresh.RefreshCommand.Parse(login.RefreshToken).Value);
        await _app.Sender.Send(UpdateMeCommand.Parse(caller, "Secret Display Name").Value);
        await _app.Sender.Send(ChangePasswordCommand.Parse(caller, wrong, next).Value);
        await _app.Sender.Send(ChangePasswordCommand.Parse(caller, TestApp.Password, next).Value);
        await _app.Sender.Send(DeleteAccountCommand.Parse(caller, next).Value);

        var entries = _app.Logs.Entries.Where(e => e.Category.StartsWith("Latch.", StringComparison.Ordinal)).ToList();
        Assert.Contains(entries, e => e.Level == LogLevel.Debug && e.Message.StartsWith("RegisterCommand succeeded", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Level == LogLevel.Information && e.Message.StartsWith("LoginCommand failed with invalid_credentials", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Message.StartsWith("ChangePasswordCommand failed with wrong_password", StringComparison.Ordinal));
        Assert.Equal(8, entries.Count);

        string[] secrets = [email, email.ToLowerInvariant(), "secret.person", TestApp.Password, wrong, next, "Secret Display Name",
            auth.RefreshToken, auth.AccessToken, auth.DeviceToken, login.RefreshToken, login.AccessToken];
        foreach (var entry in _app.Logs.Entries)
        {
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, entry.Everything, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    public void Dispose() => _app.Dispose();
}
