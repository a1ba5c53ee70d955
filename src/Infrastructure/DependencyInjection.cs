using System.Security.Authentication;
using Latch.Application.Common.Interfaces;
using Latch.Infrastructure.Configuration;
using Latch.Infrastructure.Mail;
using Latch.Infrastructure.Persistence;
using Latch.Infrastructure.Security;
using Latch.Infrastructure.Security.Passwords;
using Latch.Infrastructure.Security.SecondFactor;
using Latch.Infrastructure.Security.Tokens;
using Latch.Infrastructure.Telemetry;
using Latch.Infrastructure.Time;
using Latch.Infrastructure.Web;
using Latch.Infrastructure.Web.Authentication;
using Latch.Infrastructure.Web.Cookies;
using Latch.Infrastructure.Web.Endpoints;
using Latch.Infrastructure.Web.Health;
using Latch.Infrastructure.Web.Json;
using Latch.Infrastructure.Web.OpenApi;
using Latch.Infrastructure.Web.Protection;
using Latch.Infrastructure.Web.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Scalar.AspNetCore;

namespace Latch.Infrastructure;

/// <summary>The composition root both hosts call: every adapter, the HTTP pipeline and the endpoints.</summary>
public static class DependencyInjection
{
    public static WebApplicationBuilder AddInfrastructure(this WebApplicationBuilder builder)
    {
        var settings = SettingsCheck.Load(builder.Configuration, builder.Environment);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = RequestLimits.DefaultMaxBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = RequestLimits.MaxHeaderBytes;
            kestrel.Limits.MaxRequestHeaderCount = RequestLimits.MaxHeaderCount;
            kestrel.ConfigureHttpsDefaults(https => https.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13);
        });

        builder.AddTelemetry(settings);
        var services = builder.Services;
        var keys = services.AddAdapters(settings);
        services.AddMailDelivery(builder.Configuration, builder.Environment);
        services.AddSingleton<InvocationTelemetry>();
        services.AddSingleton<IServerHooks, ServerHooks>();
        services.AddSingleton<ISessionStatus, CachedSessionStatus>();
        services.AddBearerAuthentication(settings, keys);
        services.AddRateLimits(settings.RateLimiting);
        services.AddCrossOrigin(settings.CorsOrigins);
        services.AddHsts(hsts =>
        {
            hsts.MaxAge = TimeSpan.FromDays(365);
            hsts.IncludeSubDomains = true;
        });

        services.ConfigureHttpJsonOptions(options =>
        {
            var json = options.SerializerOptions;
            json.TypeInfoResolverChain.Insert(0, LatchJsonContext.Default);
            json.AllowDuplicateProperties = false;
            json.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
            json.Converters.Add(new UtcSecondsConverter());
            json.MaxDepth = RequestLimits.MaxJsonDepth;
        });
        services.AddProblemDetails();
        services.AddExceptionHandler<UnhandledExceptionHandler>();
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddHealthChecks();
        services.AddApiDocument();
        return builder;
    }

    /// <summary>
    /// The adapters without the HTTP surface (settings, clock, store, hasher, tokens), for a process that sends
    /// use cases through the mediator without serving the API: the operator tool's administrative commands.
    /// The settings are validated exactly as the hosts validate them.
    /// </summary>
    public static IServiceCollection AddInfrastructureServices(this IServiceCollection services,
        IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddAdapters(SettingsCheck.Load(configuration, environment));
        services.AddNoMailDelivery();
        return services;
    }

    public static WebApplication MapApi(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<LatchSettings>();
        foreach (var warning in settings.Warnings)
        {
#pragma warning disable CA1848, CA2254 // start-up only, fixed texts
            app.Logger.LogWarning(warning);
#pragma warning restore CA1848, CA2254
        }

        var host = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ApiHostOptions>>().Value;
        if (host.TransportSetsClientContext && settings.KnownProxies.Count > 0)
        {
            app.Logger.LogWarning("ForwardedHeaders:KnownProxies is ignored on this host: its transport sets the client address.");
        }

        // The framework's middlewares are built without UseMiddleware's reflection (FrameworkMiddleware: Native AOT cold start).
        app.UseClientAddress(settings.KnownProxies, host.TransportSetsClientContext);
        app.UseRequestLogging();
        app.UseSecurityHeaders(allowApiReference: app.Environment.IsDevelopment(), varyByOrigin: settings.CorsOrigins.Count > 0);
        app.UseExceptionHandler();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHstsHeader();
        }

        if (app.Environment.IsProduction())
        {
            app.UseHttpsRedirectionDirect();
        }

        // Inside HSTS, so that a failed request's HSTS header is noted before the exception handler clears it.
        app.UseSecurityHeadersAcrossFailures();
        app.UseStatusCodeProblems();
        app.UseCorsDirect();
        app.UseRateLimiter();
        app.UseRequestLimits(RequestLimits.DefaultMaxBodyBytes);
        app.UseCookieTransportGate(settings.CorsOrigins);
        app.UseAuthenticationDirect();
        app.UseAuthorizationDirect();

        app.MapHealthEndpoints();
        app.MapApiDocument();
        app.MapJwksEndpoint(app.Services.GetRequiredService<JwtKeyRing>());
        app.MapAuthEndpoints();
        app.MapEmailFlowEndpoints();
        app.MapUserEndpoints();
        app.MapSecondFactorEndpoints();
        app.MapStepUpEndpoints();
        app.MapSessionEndpoints();
        if (app.Environment.IsDevelopment())
        {
            app.MapScalarApiReference("/reference", options => options.OpenApiRoutePattern = "/openapi/{documentName}.json");
        }

        return app;
    }

    private static JwtKeyRing AddAdapters(this IServiceCollection services, LatchSettings settings)
    {
        services.AddSingleton(settings);
        services.AddSingleton(settings.SessionPolicy);
        services.AddSingleton(settings.PasswordPolicy);
        services.AddSingleton(settings.LockoutPolicy);
        services.AddSingleton(settings.StepUpPolicy);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IClock, SystemClock>();
        services.AddSingleton<BackgroundStartGate>();

        var keys = new JwtKeyRing(settings.Jwt.Keys);
        services.AddSingleton(keys);
        services.AddSingleton<IAccessTokenIssuer>(
            new JwtAccessTokenIssuer(keys, settings.Jwt.Issuer, settings.Jwt.Audience, settings.Jwt.AccessTokenLifetime));
        services.AddSingleton<IRefreshTokenCodec>(
            new RefreshTokenCodec(KeyDerivation.Derive(settings.Pepper, KeyDerivation.RefreshTokenMacLabel)));
        services.AddSingleton<IDeviceTokenCodec>(
            new DeviceTokenCodec(KeyDerivation.Derive(settings.Pepper, KeyDerivation.DeviceTokenMacLabel)));
        services.AddSingleton<IMfaTokenCodec>(
            new MfaTokenCodec(KeyDerivation.Derive(settings.Pepper, KeyDerivation.MfaTokenMacLabel)));
        services.AddSingleton<ITotpAuthenticator>(
            new TotpAuthenticator(KeyDerivation.Derive(settings.Pepper, KeyDerivation.TotpSealingLabel)));
        services.AddSingleton<IRecoveryCodes>(
            new RecoveryCodes(KeyDerivation.Derive(settings.Pepper, KeyDerivation.RecoveryCodeKeyLabel)));
        services.AddSingleton<IEmailTokenCodec>(
            new EmailTokenCodec(KeyDerivation.Derive(settings.Pepper, KeyDerivation.EmailTokenHashLabel)));
        services.AddSingleton(new BcryptPasswordHasher(settings.BcryptWorkFactor, settings.Pepper));
        services.AddSingleton(sp => new BoundedPasswordHasher(
            sp.GetRequiredService<BcryptPasswordHasher>(), settings.MaxConcurrentHashes, settings.MaxQueuedHashes));
        services.AddSingleton<IPasswordHasher>(sp => sp.GetRequiredService<BoundedPasswordHasher>());
        services.AddSingleton<ICommonPasswords, EmbeddedCommonPasswords>();
        services.AddBreachedPasswords(settings.PwnedPasswords);
        services.AddStore(settings, KeyDerivation.Derive(settings.Pepper, KeyDerivation.FailedLoginKeyLabel));

        // The audit trail serves the use cases wherever they run (the API, the admin tool).
        services.AddHttpContextAccessor();
        services.AddSingleton<LatchTelemetry>();
        services.AddSingleton<IAuditTrail>(sp => new AuditTrail(sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<Microsoft.AspNetCore.Http.IHttpContextAccessor>(), sp.GetRequiredService<LatchTelemetry>(),
            KeyDerivation.Derive(settings.Pepper, KeyDerivation.AuditIpLabel)));
        return keys;
    }
}
