using Latch.Application.Auth.Register;
using Latch.Application.Users.ChangePassword;
using Latch.Application.Users.DeleteAccount;
using Latch.Application.Users.UpdateMe;
using Latch.ApplicationTests.Support;
using Latch.Domain.Common;
using Microsoft.Extensions.Logging;

namespace Latch.ApplicationTests.Behaviours;

/// <summary>The two pipeline behaviours, seen through the mediator with the real handlers behind them.</summary>
public sealed class PipelineBehaviourTests : IDisposable
{
    private readonly TestApp _app = new();

    [Fact]
    public async Task A_refused_request_stops_at_validation_the_handler_never_runs()
    {
        // A password made of the email: refused by the policy the validator applies, against the parsed email.
        var command = RegisterCommand.Parse("zebrafinch@example.com", "zebrafinch@example.com", null, TestApp.Client).Value;

        var result = await _app.Sender.Send(command);

        Assert.Equal(ErrorCodes.ValidationFailed, result.Error?.Code);
        Assert.Contains("context", result.Error!.PasswordRules!["password"]);
        Assert.Equal(0, _app.Hasher.Hashes);
        Assert.Empty(_app.Audit.Records);
        Assert.Null(await _app.Users.FindByEmailAsync(command.Email, CancellationToken.None));
    }

    [Fact]
    public async Task A_valid_request_passes_validation_to_the_handler()
    {
        var result = await _app.Sender.Send(RegisterCommand.Parse("new@example.com", TestApp.Password, null, TestApp.Client).Value);

        Assert.True(result.IsSuccess, result.Error?.Code);
        Assert.Equal(1, _app.Hasher.Hashes);
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
