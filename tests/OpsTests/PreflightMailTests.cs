using Latch.OpsTests.Support;

namespace Latch.OpsTests;

/// <summary>
/// The mail settings of a stage, as both functions start with them: preflight runs the app's own mail rules (a stage
/// whose links or sender the app refuses would pass preflight and then fail at start-up), and refuses the example values
/// of .env.example, which the app's rules accept but which would send every user a link to example.com.
/// </summary>
public sealed class PreflightMailTests : IDisposable
{
    private static readonly string[] ExamplePlaceholders =
    [
        "stage {0}: Mail:From is a placeholder under example.com, a domain reserved for examples: put the stage's own value in .env.{0} as LATCH_MAIL_FROM.",
        "stage {0}: Mail:Ses:IdentityArn is a placeholder under example.com, a domain reserved for examples: put the stage's own value in .env.{0} as LATCH_SES_IDENTITY_ARN.",
        "stage {0}: Mail:Links:VerifyEmail is a placeholder under app.example.com, a domain reserved for examples: put the stage's own value in .env.{0} as LATCH_MAIL_LINK_VERIFY_EMAIL.",
        "stage {0}: Mail:Links:PasswordReset is a placeholder under app.example.com, a domain reserved for examples: put the stage's own value in .env.{0} as LATCH_MAIL_LINK_PASSWORD_RESET.",
        "stage {0}: Mail:Links:ConfirmEmailChange is a placeholder under app.example.com, a domain reserved for examples: put the stage's own value in .env.{0} as LATCH_MAIL_LINK_CONFIRM_EMAIL_CHANGE.",
        "stage {0}: Mail:Links:SignIn is a placeholder under app.example.com, a domain reserved for examples: put the stage's own value in .env.{0} as LATCH_MAIL_LINK_SIGN_IN.",
    ];

    private readonly StageRepository _repo = new();

    public void Dispose() => _repo.Dispose();

    [Theory]
    [InlineData("LATCH_MAIL_LINK_VERIFY_EMAIL=\"https://app.acme-corp.net/verify-email?token={token}\"",
        "stage prod: Mail:Links:VerifyEmail must hold {token} once, in the fragment (after '#'), so the token reaches no server log.")]
    [InlineData("LATCH_MAIL_LINK_PASSWORD_RESET=\"http://app.acme-corp.net/reset-password#token={token}\"",
        "stage prod: Mail:Links:PasswordReset must be an absolute https URL.")]
    [InlineData("LATCH_MAIL_LINK_SIGN_IN=\"https://app.acme-corp.net/sign-in#token={token}\"",
        "stage prod: Mail:Links:SignIn links to a page without a token: it must not hold {token}.")]
    [InlineData("LATCH_MAIL_FROM=\"not an address\"",
        "stage prod: Mail:From must be a sender address, such as 'Latch <no-reply@example.com>'.")]
    [InlineData("LATCH_SES_IDENTITY_ARN=mail.acme-corp.net",
        "stage prod: Mail:Ses:IdentityArn must be the ARN of the verified SES identity when Mail:Transport is Ses.")]
    public async Task Mail_settings_the_app_would_refuse_at_start_up_are_named(string line, string expected)
    {
        File.AppendAllText(Path.Combine(_repo.Root, ".env.prod"), line + "\n");

        var result = await _repo.PreflightWithSecretsAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.Equal([expected], result.Lines);
    }

    [Theory]
    [InlineData("prod")]
    [InlineData("dev")]
    public async Task The_example_mail_settings_of_env_example_are_refused_each_by_its_variable(string stage)
    {
        File.WriteAllText(Path.Combine(_repo.Root, $".env.{stage}"),
            File.ReadAllText(Path.Combine(_repo.Root, ".env.example")) + $"LATCH_SECRET_ARN={StageRepository.SecretArn(stage)}\n");

        var result = await _repo.PreflightWithSecretsAsync(stage);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(ExamplePlaceholders.Select(p => string.Format(System.Globalization.CultureInfo.InvariantCulture, p, stage)), result.Lines);
    }

    [Theory]
    [InlineData("LATCH_MAIL_FROM=\"Acme <no-reply@acme.example>\"", "Mail:From is a placeholder under acme.example")]
    [InlineData("LATCH_MAIL_FROM=no-reply@mail.example.org", "Mail:From is a placeholder under mail.example.org")]
    [InlineData("LATCH_SES_IDENTITY_ARN=arn:aws:ses:eu-west-1:123456789012:identity/no-reply@shop.test",
        "Mail:Ses:IdentityArn is a placeholder under shop.test")]
    [InlineData("LATCH_MAIL_LINK_SIGN_IN=https://login.example.net/", "Mail:Links:SignIn is a placeholder under login.example.net")]
    public async Task One_setting_left_under_a_reserved_domain_is_named(string line, string expected)
    {
        File.AppendAllText(Path.Combine(_repo.Root, ".env.prod"), line + "\n");

        var result = await _repo.PreflightWithSecretsAsync();

        Assert.Equal(1, result.ExitCode);
        var problem = Assert.Single(result.Lines);
        Assert.StartsWith($"stage prod: {expected}, a domain reserved for examples", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_real_domain_that_merely_contains_the_word_example_passes()
    {
        File.AppendAllText(Path.Combine(_repo.Root, ".env.prod"),
            "LATCH_MAIL_FROM=\"Example Corp <no-reply@example-corp.com>\"\nLATCH_MAIL_LINK_SIGN_IN=https://myexample.com/sign-in\n");

        var result = await _repo.PreflightWithSecretsAsync();

        Assert.True(result.ExitCode == 0, result.ToString());
    }
}
