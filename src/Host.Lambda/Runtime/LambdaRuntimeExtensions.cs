using Microsoft.AspNetCore.Hosting.Server;

namespace Latch.Host.Lambda.Runtime;

public static class LambdaRuntimeExtensions
{
    /// <summary>
    /// Serves the app through the Lambda Runtime API instead of Kestrel. Call it first, so that a failure
    /// anywhere in start-up is reported to Lambda as an init error.
    /// </summary>
    public static WebApplicationBuilder UseLambdaRuntime(this WebApplicationBuilder builder, Action<LambdaRuntimeOptions>? configure = null)
    {
        var options = new LambdaRuntimeOptions
        {
            RuntimeApi = builder.Configuration["AWS_LAMBDA_RUNTIME_API"],
            BasePath = builder.Configuration["Lambda:BasePath"],
            Handler = builder.Configuration["LATCH_HANDLER"] is { Length: > 0 } handler ? handler : LambdaRuntimeOptions.ApiHandler,
        };
        configure?.Invoke(options);
        if (string.IsNullOrEmpty(options.RuntimeApi))
        {
            throw new InvalidOperationException(
                "AWS_LAMBDA_RUNTIME_API is not set: this host runs only inside AWS Lambda or under the local Runtime API " +
                "emulator (README, \"Lambda locally\"). To run the API on its own, run src/Host.Kestrel.");
        }

        if (options.Handler is not (LambdaRuntimeOptions.ApiHandler or LambdaRuntimeOptions.MailSenderHandler))
        {
            throw new InvalidOperationException(
                $"LATCH_HANDLER must be {LambdaRuntimeOptions.ApiHandler} or {LambdaRuntimeOptions.MailSenderHandler}, not '{options.Handler}'.");
        }

        if (!string.IsNullOrEmpty(options.BasePath))
        {
            options.BasePath = UrlPath.Encode(options.BasePath).TrimEnd('/') is { Length: > 0 } basePath ? basePath : null;
        }

        LambdaMemory.ApplyHeapHardLimit();
        var client = new RuntimeApiClient(options.RuntimeApi);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(client);
        builder.Services.AddSingleton(new StartupFailureReporter(client));
        builder.Services.AddSingleton<IServer, LambdaServer>();
        builder.Services.Configure<Latch.Infrastructure.ApiHostOptions>(host =>
        {
            host.TransportSetsClientContext = true;
            host.DefersBackgroundWork = true;
        });
        return builder;
    }
}
