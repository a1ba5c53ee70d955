using Latch.Application.Auth.LoginMfa;
using Latch.Application.Users.SecondFactor;
using Latch.ApplicationTests.Ports;
using Latch.ApplicationTests.Support;
using Latch.Domain.Common;

namespace Latch.ApplicationTests.Auth;

/// <summary>
/// An <c>mfaToken</c> is bound to the factor's state: whatever a regeneration, a disable or a new enrolment leaves
/// behind never matches a token minted before it, even where the last step and the number of codes are as they were.
/// </summary>
public sealed class MfaTokenBindingTests : IDisposable
{
    private const string Owner = "owner@example.com";
    private readonly TestApp _app = new();

    [Fact]
    public async Task An_mfa_token_spent_before_a_regeneration_does_not_come_back_to_life()
    {
        // Sign-in A completes with a recovery code (its token is spent), then a recovery code replaces the codes: the
        // factor's last step and count of codes are back where they were when A's token was minted.
        var (caller, codes) = await EnrolledAsync();
        var spent = await ChallengeAsync();
        Assert.True((await _app.Sender.Send(CompleteMfaLoginCommand.Parse(spent, null, codes[0], TestApp.Client).Value)).IsSuccess);
        var regenerated = await _app.Sender.Send(RegenerateRecoveryCodesCommand.Parse(caller, TestApp.Password, null, codes[1]).Value);
        Assert.True(regenerated.IsSuccess, regenerated.Error?.Code);

        var again = await _app.Sender.Send(
            CompleteMfaLoginCommand.Parse(spent, null, regenerated.Value.RecoveryCodes[0], TestApp.Client).Value);

        Assert.Same(SecondFactorErrors.InvalidMfaToken, again.Error);
    }

    [Fact]
    public async Task An_mfa_token_minted_before_the_factor_was_disabled_and_enrolled_again_is_void()
    {
        var (caller, codes) = await EnrolledAsync();
        var before = await ChallengeAsync();
        Assert.True((await _app.Sender.Send(DisableTotpCommand.Parse(caller, TestApp.Password, null, codes[0]).Value)).IsSuccess);
        Assert.True((await _app.Sender.Send(EnrolTotpCommand.Parse(caller, TestApp.Password).Value)).IsSuccess);
        // Confirmed with a code of the step the old factor last accepted: a new factor starts with no step used.
        var fresh = (await _app.Sender.Send(ConfirmTotpCommand.Parse(caller, Code()).Value)).Value;

        var late = await _app.Sender.Send(CompleteMfaLoginCommand.Parse(before, null, fresh.RecoveryCodes[0], TestApp.Client).Value);

        Assert.Same(SecondFactorErrors.InvalidMfaToken, late.Error);
    }

    public void Dispose() => _app.Dispose();

    private string Code() => FakeTotpAuthenticator.CodeAt(_app.Clock.UtcNow);

    private async Task<(Application.Common.Models.CurrentUser Caller, IReadOnlyList<string> RecoveryCodes)> EnrolledAsync()
    {
        var (_, caller) = await _app.RegisterAsync(Owner);
        Assert.True((await _app.Sender.Send(EnrolTotpCommand.Parse(caller, TestApp.Password).Value)).IsSuccess);
        var confirm = await _app.Sender.Send(ConfirmTotpCommand.Parse(caller, Code()).Value);
        Assert.True(confirm.IsSuccess, confirm.Error?.Code);
        return (caller, confirm.Value.RecoveryCodes);
    }

    private async Task<string> ChallengeAsync()
    {
        var login = await _app.LoginAsync(Owner, TestApp.Password);
        Assert.Equal(ErrorCodes.MfaRequired, login.Error?.Code);
        return login.Error!.Member!.Value.Value;
    }
}
