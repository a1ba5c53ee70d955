using System.Security.Claims;
using Latch.Application.Common.Models;
using Latch.Domain.Common;
using Latch.Domain.Sessions;
using Latch.Domain.Users;
using Latch.Infrastructure.Configuration;
using Latch.Infrastructure.Security.Tokens;
using Latch.Infrastructure.Web.Problems;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Latch.Infrastructure.Web.Authentication;

/// <summary>
/// Bearer access tokens: algorithm, type, issuer, audience and lifetime pinned; the key chosen by
/// <c>kid</c> among our own (never <c>jku</c>/<c>x5u</c>/<c>jwk</c>); the session still active; never
/// from a URL; every refusal a <c>401 invalid_token</c> problem.
/// </summary>
internal static class BearerAuthentication
{
    public const int MaxAuthorizationHeaderLength = 8 * 1024;
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromSeconds(30);

    public static IServiceCollection AddBearerAuthentication(this IServiceCollection services, LatchSettings settings, JwtKeyRing keys)
    {
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            options.MapInboundClaims = false;
            options.RequireHttpsMetadata = false;
            options.IncludeErrorDetails = false;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = settings.Jwt.Issuer,
                ValidAudience = settings.Jwt.Audience,
                ValidAlgorithms = keys.Algorithms,
                TypeValidator = AccessTokenType.Validate,
                ClockSkew = MaxClockSkew,
                RequireExpirationTime = true,
                RequireSignedTokens = true,
                ValidateIssuer = true,
                ValidateAudience = true,
                ValidateLifetime = true,
                ValidateIssuerSigningKey = true,
                TryAllIssuerSigningKeys = false,
                NameClaimType = JwtRegisteredClaimNames.Sub,
                IssuerSigningKeyResolver = (_, token, keyId, _) =>
                    keys.Resolve(keyId, (token as JsonWebToken)?.Alg) is { } key ? [key] : [],
            };
            options.Events = new JwtBearerEvents
            {
                OnMessageReceived = RefuseOversizedHeader,
                OnTokenValidated = RequireActiveSessionAsync,
                OnChallenge = WriteProblemAsync,
            };
        });
        services.AddAuthorization();

        // AddAuthentication brings Data Protection, whose hosted service loads (or creates) a key ring at start-up:
        // ~30 ms of a Lambda cold start, for keys nothing here uses (bearer tokens are JWTs; no cookies, no
        // antiforgery). Without the warm-up, a key ring would only be made if something ever asked for one.
        var keyRingWarmUp = services.FirstOrDefault(d => d.ServiceType == typeof(IHostedService) &&
            d.ImplementationType?.FullName == "Microsoft.AspNetCore.DataProtection.Internal.DataProtectionHostedService");
        if (keyRingWarmUp is not null)
        {
            services.Remove(keyRingWarmUp);
        }

        return services;
    }

    /// <summary>The caller named by a validated token.</summary>
    public static CurrentUser Caller(this ClaimsPrincipal principal) =>
        TryReadCaller(principal) ?? throw new InvalidOperationException("The endpoint requires authorization but has no caller.");

    private static CurrentUser? TryReadCaller(ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(JwtRegisteredClaimNames.Sub), out var user) &&
        Guid.TryParse(principal.FindFirstValue(JwtAccessTokenIssuer.SessionClaim), out var session)
            ? new CurrentUser(new UserId(user), new SessionId(session))
            : null;

    private static Task RefuseOversizedHeader(MessageReceivedContext context)
    {
        if (context.Request.Headers.Authorization.ToString().Length > MaxAuthorizationHeaderLength)
        {
            context.NoResult();
            context.Fail("Authorization header too large.");
        }

        return Task.CompletedTask;
    }

    private static async Task RequireActiveSessionAsync(TokenValidatedContext context)
    {
        if (context.Principal is null || TryReadCaller(context.Principal) is not { } caller)
        {
            context.Fail("Token has no subject or session.");
            return;
        }

        var sessions = context.HttpContext.RequestServices.GetRequiredService<ISessionStatus>();
        if (!await sessions.IsActiveAsync(caller.SessionId, caller.UserId, context.HttpContext.RequestAborted))
        {
            context.Fail("Session ended.");
        }
    }

    private static async Task WriteProblemAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        await ProblemWriter.WriteAsync(context.HttpContext, DomainErrors.InvalidToken);
    }
}
