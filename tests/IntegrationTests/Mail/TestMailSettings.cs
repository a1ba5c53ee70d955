using Latch.Infrastructure.Mail;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting.Internal;

namespace Latch.IntegrationTests.Mail;

/// <summary>Mail settings read as the host reads them (the same loader and checks), from a few keys.</summary>
internal static class TestMailSettings
{
    public static MailSettings Load(IDictionary<string, string?> settings, string environment = "Production")
    {
        var all = new Dictionary<string, string?>
        {
            ["Mail:From"] = "Acme <no-reply@acme.example>",
            ["Mail:Links:VerifyEmail"] = "https://app.acme.example/verify#token={token}",
            ["Mail:Links:PasswordReset"] = "https://app.acme.example/reset#token={token}",
            ["Mail:Links:ConfirmEmailChange"] = "https://app.acme.example/email#token={token}",
            ["Mail:Links:SignIn"] = "https://app.acme.example/sign-in",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(all).Build();
        return MailSettingsLoader.Load(configuration, new HostingEnvironment
        {
            EnvironmentName = environment, ContentRootPath = Path.GetTempPath(),
        });
    }
}
