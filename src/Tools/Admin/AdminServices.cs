using Latch.Application;
using Latch.Domain.Common;
using Latch.Infrastructure;
using Latch.Infrastructure.Configuration;
using Latch.Tools.Cli;
using Latch.Tools.Preflight;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Latch.Tools.Admin;

/// <summary>
/// What the administrative commands share: the use cases over the store the settings name — the stage's
/// (<c>--stage</c>: serverless.yml, .env.&lt;stage&gt; and the secrets, as preflight reads them) or the local one
/// (appsettings of <c>--content-root</c> and environment variables, as the Kestrel host reads them), with their audit
/// trail on the tool's error stream — and one way of reporting a refused command.
/// </summary>
internal static class AdminServices
{
    public static readonly string[] SettingsOptions = ["--stage", "--secrets", "--region", "--repo", "--content-root"];

    /// <summary>The composed services, or null once the reason they cannot be composed is written (exit 1).</summary>
    public static async Task<ServiceProvider?> ComposeAsync(string verb, Arguments arguments, ToolContext context)
    {
        LoadedSettings loaded;
        try
        {
            loaded = arguments.Option("--stage") is { } stage
                ? await StageSettings.LoadAsync(context, stage, arguments.Option("--repo"), arguments.Option("--secrets"), arguments.Option("--region"))
                : LoadedSettings.Local(context, arguments.Option("--content-root"));
        }
        catch (StageSettingsException exception)
        {
            await context.Error.WriteLineAsync($"{verb}: {exception.Message}");
            return null;
        }

        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(new AuditLines(context.Error)));
        services.AddApplication();
        try
        {
            services.AddInfrastructureServices(loaded.Configuration, loaded.Environment);
        }
        catch (InvalidConfigurationException exception)
        {
            await context.Error.WriteLineAsync($"{verb}: {exception.Message}");
            return null;
        }

        return services.BuildServiceProvider();
    }

    /// <summary>Writes a refused command's reason; a validation failure is a usage error (2), anything else a problem (1).</summary>
    public static async Task<int> RefusedAsync(string verb, Error error, ToolContext context)
    {
        var detail = error.Fields is { } fields ? string.Join(" ", fields.SelectMany(f => f.Value)) : error.Message;
        await context.Error.WriteLineAsync($"{verb}: {detail}");
        return error.Code == ErrorCodes.ValidationFailed ? LatchTool.Usage : LatchTool.Problems;
    }
}
