using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Latch.Infrastructure.Web;

/// <summary>
/// The framework's middlewares the pipeline uses, each constructed with its dependencies resolved once, as the
/// framework's own <c>UseHsts</c>, <c>UseHttpsRedirection</c>, <c>UseCors</c>, <c>UseAuthentication</c> and
/// <c>UseAuthorization</c> would place them, but without <c>UseMiddleware</c>'s reflection binder: under Native AOT that
/// binder (constructor search, <c>ActivatorUtilities</c>, generic types built by the type loader at run time) was about a
/// seventh of the Lambda function's cold start (docs/performance.md, "Lambda cold start"). The exception handler needs
/// nothing here: under <c>WebApplication</c> the framework already builds it without the binder. The rate limiter's
/// middleware is not public and stays with <c>UseRateLimiter</c>.
/// </summary>
internal static class FrameworkMiddleware
{
    // The markers WebApplication reads when it builds the pipeline: without them it would add authentication and
    // authorization a second time, ahead of everything here (before the security headers, CORS and the rate limiter).
    private const string AuthenticationSetKey = "__AuthenticationMiddlewareSet";
    private const string AuthorizationSetKey = "__AuthorizationMiddlewareSet";

    public static IApplicationBuilder UseHstsHeader(this IApplicationBuilder app)
    {
        var services = app.ApplicationServices;
        var options = services.GetRequiredService<IOptions<HstsOptions>>();
        var loggers = services.GetRequiredService<ILoggerFactory>();
        return app.Use(next => new HstsMiddleware(next, options, loggers).Invoke);
    }

    public static IApplicationBuilder UseHttpsRedirectionDirect(this IApplicationBuilder app)
    {
        var services = app.ApplicationServices;
        var options = services.GetRequiredService<IOptions<HttpsRedirectionOptions>>();
        var configuration = services.GetRequiredService<IConfiguration>();
        var loggers = services.GetRequiredService<ILoggerFactory>();

        // As UseHttpsRedirection: the server's addresses, when it has them, give the HTTPS port.
        var addresses = app.ServerFeatures.Get<IServerAddressesFeature>();
        return app.Use(next => (addresses is null
            ? new HttpsRedirectionMiddleware(next, options, configuration, loggers)
            : new HttpsRedirectionMiddleware(next, options, configuration, loggers, addresses)).Invoke);
    }

    public static IApplicationBuilder UseCorsDirect(this IApplicationBuilder app)
    {
        var services = app.ApplicationServices;
        var cors = services.GetRequiredService<ICorsService>();
        var loggers = services.GetRequiredService<ILoggerFactory>();

        // The binder resolves the policy provider per request; the default one only reads the configured options.
        var policies = services.GetRequiredService<ICorsPolicyProvider>();
        return app.Use(next =>
        {
            var middleware = new CorsMiddleware(next, cors, loggers);
            return context => middleware.Invoke(context, policies);
        });
    }

    public static IApplicationBuilder UseAuthenticationDirect(this IApplicationBuilder app)
    {
        var schemes = app.ApplicationServices.GetRequiredService<IAuthenticationSchemeProvider>();
        app.Properties[AuthenticationSetKey] = true;
        return app.Use(next => new AuthenticationMiddleware(next, schemes).Invoke);
    }

    public static IApplicationBuilder UseAuthorizationDirect(this IApplicationBuilder app)
    {
        var services = app.ApplicationServices;
        var policies = services.GetRequiredService<IAuthorizationPolicyProvider>();
        var logger = services.GetRequiredService<ILogger<AuthorizationMiddleware>>();
        app.Properties[AuthorizationSetKey] = true;
        return app.Use(next => new AuthorizationMiddleware(next, policies, services, logger).Invoke);
    }
}
