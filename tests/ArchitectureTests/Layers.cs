using System.Reflection;

namespace Latch.ArchitectureTests;

/// <summary>The product's assemblies, reached through a public type each so a rename breaks the build, not the rules.</summary>
internal static class Layers
{
    public static readonly Assembly Domain = typeof(Latch.Domain.Common.Error).Assembly;
    public static readonly Assembly Application = typeof(Latch.Application.DependencyInjection).Assembly;
    public static readonly Assembly Infrastructure = typeof(Latch.Infrastructure.DependencyInjection).Assembly;
    public static readonly Assembly HostKestrel = Assembly.Load("Latch.Host.Kestrel");
    public static readonly Assembly HostLambda = Assembly.Load("bootstrap");
    public static readonly Assembly Tools = Assembly.Load("Latch.Tools");

    /// <summary>Namespaces no inner layer may touch: web, stores, crypto libraries, telemetry.</summary>
    public static readonly string[] FrameworkNamespaces =
    [
        "Microsoft.AspNetCore",
        "MongoDB",
        "BCrypt",
        "System.IdentityModel",
        "Microsoft.IdentityModel",
        "OpenTelemetry",
        "Microsoft.Data.Sqlite",
        "SQLitePCL",
    ];

    /// <summary>
    /// All the Lambda host may name of Infrastructure: the composition's entry points (<c>AddInfrastructure</c>,
    /// <c>MapApi</c>, the start-up secret source) and the server seam (<see cref="Latch.Infrastructure.IServerHooks"/>,
    /// <see cref="Latch.Infrastructure.ApiHostOptions"/>) and the mail queue's consumer (<see cref="Latch.Infrastructure.IQueueConsumer"/>).
    /// </summary>
    public static readonly Type[] LambdaHostFace =
    [
        typeof(Latch.Infrastructure.DependencyInjection),
        typeof(Latch.Infrastructure.Configuration.SecretsManager.SecretsManagerConfiguration),
        typeof(Latch.Infrastructure.ApiHostOptions),
        typeof(Latch.Infrastructure.IServerHooks),
        typeof(Latch.Infrastructure.IInvocationScope),
        typeof(Latch.Infrastructure.IQueueConsumer),
    ];

    /// <summary>
    /// Framework services that are the composition's business, not a server's: Kestrel's options (the body limit) and
    /// the app's exception handlers (its error answers). The seam hands a server what it needs of them.
    /// </summary>
    public static readonly string[] CompositionInternals =
    [
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Diagnostics.IExceptionHandler",
    ];

    /// <summary>Namespaces of the adapters a host must never name: stores, hashers, token types.</summary>
    public static readonly string[] AdapterNamespaces =
    [
        "Latch.Infrastructure.Persistence",
        "Latch.Infrastructure.Security",
        "MongoDB",
        "BCrypt",
        "System.IdentityModel",
        "Microsoft.IdentityModel",
        "Microsoft.Data.Sqlite",
    ];
}
