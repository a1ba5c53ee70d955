using Latch.Application;
using Latch.Application.Auth.Login;
using Latch.Application.Auth.Register;
using Latch.Application.Common.Interfaces;
using Latch.Application.Common.Models;
using Latch.ApplicationTests.Ports;
using Latch.Domain.Common;
using Latch.Domain.Lockout;
using Latch.Domain.Passwords;
using Latch.Domain.Sessions;
using Latch.Domain.Users;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Latch.ApplicationTests.Support;

/// <summary>
/// The application as the hosts compose it — the real mediator, pipeline behaviours, validators and handlers — over
/// in-memory ports: no server, no store, no bcrypt. Requests go in through <see cref="Sender"/>, as the edge sends them.
/// </summary>
public sealed class TestApp : IDisposable
{
    public const string Password = "a perfectly fine passphrase";

    private readonly ServiceProvider _provider;

    public TestApp(LockoutPolicy? lockout = null, Action<IServiceCollection>? configure = null)
    {
        Sessions = new InMemorySessions();
        Users = new InMemoryUsers(Sessions);
        Sessions.Users = Users;

        var services = new ServiceCollection();
        services.AddLogging(logging => logging.ClearProviders().AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        services.AddApplication();
        services.AddSingleton<IUserRepository>(Users);
        services.AddSingleton<ISessionRepository>(Sessions);
        services.AddSingleton<IFailedLoginTracker>(FailedLogins);
        services.AddSingleton<IPasswordHasher>(Hasher);
        services.AddSingleton<IClock>(Clock);
        services.AddSingleton<IAuditTrail>(Audit);
        services.AddSingleton<IRefreshTokenCodec>(RefreshTokens);
        services.AddSingleton<IDeviceTokenCodec>(new FakeDeviceTokens());
        services.AddSingleton<IAccessTokenIssuer>(new FakeAccessTokens());
        services.AddSingleton<ITotpAuthenticator>(new FakeTotpAuthenticator());
        services.AddSingleton<IRecoveryCodes>(new FakeRecoveryCodes());
        services.AddSingleton<IMfaTokenCodec>(new FakeMfaTokens());
        services.AddSingleton<ICommonPasswords>(PasswordLists);
        services.AddSingleton<IBreachedPasswords>(PasswordLists);
        services.AddSingleton<IEmailTokenStore>(EmailTokens);
        services.AddSingleton<IEmailTokenCodec>(new FakeEmailTokenCodec());
        services.AddSingleton<IOutbox>(Outbox);
        services.AddSingleton(Lockout = lockout ?? LockoutPolicy.Default);
        services.AddSingleton(SessionPolicy.Default);
        services.AddSingleton(StepUpPolicy.Default);
        services.AddSingleton(new PasswordPolicy(15, ["latch"]));
        configure?.Invoke(services);
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        Sender = _provider.GetRequiredService<ISender>();
        Registration = _provider.GetRequiredService<RegisterParser>();
    }

    public ISender Sender { get; }

    /// <summary>What the edge parses a registration body with.</summary>
    public RegisterParser Registration { get; }

    public InMemoryUsers Users { get; }

    public InMemorySessions Sessions { get; }

    public InMemoryFailedLogins FailedLogins { get; } = new();

    public FakePasswordHasher Hasher { get; } = new();

    public FakeClock Clock { get; } = new();

    public CapturingAuditTrail Audit { get; } = new();

    public CapturingLoggerProvider Logs { get; } = new();

    public FakeRefreshTokens RefreshTokens { get; } = new();

    public FakePasswordLists PasswordLists { get; } = new();

    public LockoutPolicy Lockout { get; }

    public InMemoryEmailTokens EmailTokens { get; } = new();

    public CapturingOutbox Outbox { get; } = new();

    public static ClientInfo Client { get; } = new("test-agent/1.0", "192.0.2.10");

    /// <summary>A registered account with <see cref="Password"/>, and the caller its first session makes.</summary>
    public async Task<(AuthResponse Auth, CurrentUser Caller)> RegisterAsync(string email = "owner@example.com")
    {
        var result = await Sender.Send(Registration.Parse(email, Password, null, Client).Value);
        Assert.True(result.IsSuccess, result.Error?.Code);
        var user = (await Users.FindByEmailAsync(Email.Create(email).Value, CancellationToken.None))!;
        var session = Assert.Single(Sessions.All(), s => s.UserId == user.Id);
        return (result.Value, new CurrentUser(user.Id, session.Id));
    }

    public async Task<Result<AuthResponse>> LoginAsync(string? email, string password, string? deviceToken = null) =>
        await Sender.Send(LoginCommand.Parse(email, password, Client, deviceToken).Value);

    public void Dispose() => _provider.Dispose();
}
