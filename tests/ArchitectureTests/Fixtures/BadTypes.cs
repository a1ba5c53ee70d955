// Deliberately bad types: each breaks exactly one rule, and a test shows that rule catching it.
#pragma warning disable CA1812, CA1852, CA1822, CA1051, CA1515, IDE0044, CA1052, CA1034
using FluentValidation;
using Mediator;

// Opens this assembly's internals to the operator tool, as no inner layer may (the tool references no test assembly,
// so this grants nothing in practice).
[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("Latch.Tools")]

namespace Latch.ArchitectureTests.Fixtures.BadDomain
{
    public sealed class UsesMongo
    {
        public MongoDB.Driver.IMongoClient? Client { get; }
    }

    public sealed class HasPublicSetter
    {
        public string Name { get; set; } = "";
    }

    public sealed class HasInitSetter
    {
        public string Name { get; init; } = "";
    }
}

namespace Latch.ArchitectureTests.Fixtures.BadApplication
{
    public sealed class UsesAspNetCore
    {
        public Microsoft.AspNetCore.Http.HttpContext? Context { get; }
    }
}

namespace Latch.ArchitectureTests.Fixtures.BadHost
{
    public static class NamesAStore
    {
        public static Type Store => typeof(MongoDB.Driver.MongoClient);
    }

    public static class NamesAnInfrastructureArea
    {
        public static Type Area => typeof(Latch.Infrastructure.Configuration.InvalidConfigurationException);
    }

    public sealed class ReadsKestrelLimits(Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions> kestrel)
    {
        public long? Limit => kestrel.Value.Limits.MaxRequestBodySize;
    }

    public sealed class CallsExceptionHandlers(IEnumerable<Microsoft.AspNetCore.Diagnostics.IExceptionHandler> handlers)
    {
        public int Count => handlers.Count();
    }

    public static class NamesTelemetry
    {
        public static Type Tracing => typeof(OpenTelemetry.Trace.TracerProvider);
    }

    public static class NamesMailDelivery
    {
        public static Type Smtp => typeof(MailKit.Net.Smtp.SmtpClient);

        public static Type Signer => typeof(Latch.Infrastructure.Aws.SigV4);
    }

    public sealed class UsesTheSeam(Latch.Infrastructure.IServerHooks hooks)
    {
        public long? Limit => hooks.MaxRequestBodySize;
    }
}

// Infrastructure's areas, as the area rule sees them: the last part of the namespace names the area.
namespace Latch.ArchitectureTests.Fixtures.BadAreas.Persistence
{
    public static class NamesAWebType
    {
        public static Type Contract => typeof(Latch.Infrastructure.Web.Contracts.RegisterRequest);
    }

    public static class UsesWhatItMay
    {
        public static Exception Refuse() => new Latch.Infrastructure.Configuration.InvalidConfigurationException("no");
    }
}

namespace Latch.ArchitectureTests.Fixtures.BadAreas.Configuration
{
    public static class CallsTheComposition
    {
        public static Type Root => typeof(Latch.Infrastructure.DependencyInjection);
    }
}

namespace Latch.ArchitectureTests.Fixtures.BadAreas.Telemetry
{
    public sealed class ImplementsTheHostSeam : Latch.Infrastructure.IInvocationScope
    {
        public string? TraceHeader => null;

        public string? TraceParent => null;

        public void Dispose()
        {
        }
    }
}

namespace Latch.ArchitectureTests.Fixtures.BadAreas.Billing
{
    public static class InNoArea
    {
    }
}

namespace Latch.ArchitectureTests.Fixtures.BadHandlers
{
    public sealed record Ping : ICommand<int>;

    public sealed class PublicHandler : ICommandHandler<Ping, int>
    {
        public ValueTask<int> Handle(Ping command, CancellationToken cancellationToken) => ValueTask.FromResult(1);
    }

    internal class UnsealedHandler : ICommandHandler<Ping, int>
    {
        public ValueTask<int> Handle(Ping command, CancellationToken cancellationToken) => ValueTask.FromResult(1);
    }

    public sealed class PublicValidator : AbstractValidator<Ping>;
}

namespace Latch.ArchitectureTests.Fixtures.BadRequests
{
    public sealed class MutableRequest : ICommand<int>
    {
        public string Email { get; set; } = "";
    }

    public sealed class RequestWithMutableField : ICommand<int>
    {
        public string Email = "";
    }
}
