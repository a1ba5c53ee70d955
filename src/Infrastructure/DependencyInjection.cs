using Latch.Infrastructure.Web;
using Latch.Infrastructure.Web.Health;
using Latch.Infrastructure.Web.OpenApi;
using Latch.Infrastructure.Web.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Latch.Infrastructure;

/// <summary>The composition root both hosts call: every adapter, the HTTP pipeline and the endpoints.</summary>
public static class DependencyInjection
{
    public static WebApplicationBuilder AddInfrastructure(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);

        var services = builder.Services;
        services.AddProblemDetails();
        services.AddExceptionHandler<UnhandledExceptionHandler>();
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddHealthChecks();
        services.AddApiDocument();
        return builder;
    }

    public static WebApplication MapApi(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodeProblems();

        app.MapHealthEndpoints();
        app.MapApiDocument();
        return app;
    }
}
