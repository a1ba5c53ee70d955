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

    /// <summary>
    /// Infrastructure's areas (a folder and namespace each under <c>src/Infrastructure</c>) and, for each, the other
    /// areas it may use: the module map of docs/decisions/0011. Every area may use Domain and Application; only the
    /// composition (the files at the project's root) uses them all. An area not listed here fails the rules, so
    /// adding one is adding its line.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> InfrastructureAreas = new Dictionary<string, string[]>
    {
        ["Aws"] = [],
        ["Configuration"] = ["Aws"],
        ["Time"] = [],
        ["Health"] = [],
        ["Telemetry"] = ["Configuration"],
        ["Security"] = ["Configuration"],
        ["Persistence"] = ["Configuration", "Health"],
        ["Web"] = ["Configuration", "Security", "Telemetry", "Health"],
        ["Mail"] = ["Configuration", "Aws"],
    };

    /// <summary>
    /// The host seam's contracts: the composition's public face, which an area may implement or read (telemetry's
    /// invocation scope, the host's options, the gate that start-up work waits for), unlike the rest of the composition.
    /// </summary>
    public static readonly Type[] HostSeam =
    [
        typeof(Latch.Infrastructure.IServerHooks),
        typeof(Latch.Infrastructure.IInvocationScope),
        typeof(Latch.Infrastructure.IQueueConsumer),
        typeof(Latch.Infrastructure.ApiHostOptions),
        typeof(Latch.Infrastructure.BackgroundStartGate),
    ];

    /// <summary>The composition's own types, which no area may name: it uses the areas, never the other way round.</summary>
    public static readonly Type[] CompositionRoot = [.. Infrastructure.GetTypes()
        .Where(t => t.Namespace == "Latch.Infrastructure" && !t.IsNested && !t.Name.StartsWith('<') && !HostSeam.Contains(t))];

    /// <summary>
    /// Namespaces of the adapters a host (or the operator tool) must never name: stores, hashers, token types,
    /// telemetry, the HTTP surface. It reaches them through the composition; of the areas only Configuration's
    /// public face (the start-up secret source, the settings error) is meant for it.
    /// </summary>
    public static readonly string[] AdapterNamespaces =
    [
        "Latch.Infrastructure.Persistence",
        "Latch.Infrastructure.Security",
        "Latch.Infrastructure.Telemetry",
        "Latch.Infrastructure.Web",
        "Latch.Infrastructure.Health",
        "Latch.Infrastructure.Time",
        "Latch.Infrastructure.Mail",
        "Latch.Infrastructure.Aws",
        "OpenTelemetry",
        "MailKit",
        "MimeKit",
        "MongoDB",
        "BCrypt",
        "System.IdentityModel",
        "Microsoft.IdentityModel",
        "Microsoft.Data.Sqlite",
    ];
}
