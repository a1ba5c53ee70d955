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
