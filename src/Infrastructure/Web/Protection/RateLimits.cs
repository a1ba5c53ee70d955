using System.Threading.RateLimiting;
using Latch.Domain.Common;
using Latch.Infrastructure.Configuration;
using Latch.Infrastructure.Web.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Latch.Infrastructure.Web.Protection;

/// <summary>
/// Per client IP: a token bucket for everything (burst <c>RateLimiting:PerIp:BurstLimit</c>, refilled at
/// <c>RateLimiting:PerIp:PerMinute</c>), chained with a stricter bucket on <c>/v1/auth/*</c> and on email change (every
/// endpoint that sends mail). The IP is the
/// connection's remote address — set from the Lambda event, or from <c>X-Forwarded-For</c> only when a
/// configured proxy sent it — so a client cannot choose its bucket.
/// </summary>
internal static class RateLimits
{
    private const string AuthPrefix = "/v1/auth";

    // The one mail-sending endpoint outside /v1/auth (email change) shares the stricter bucket.
    private const string EmailChangePrefix = "/v1/users/me/email";

    public static IServiceCollection AddRateLimits(this IServiceCollection services, RateLimitingOptions options) =>
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => RateLimitPartition.GetTokenBucketLimiter(
                    ClientKey(context), _ => Bucket(options.PerIp.BurstLimit, options.PerIp.PerMinute))),
                PartitionedRateLimiter.Create<HttpContext, string>(context =>
                    context.Request.Path.StartsWithSegments(AuthPrefix) || context.Request.Path.StartsWithSegments(EmailChangePrefix)
                        ? RateLimitPartition.GetTokenBucketLimiter(ClientKey(context),
                            _ => Bucket(options.Auth.PerMinute, options.Auth.PerMinute))
                        : RateLimitPartition.GetNoLimiter(string.Empty)));
            limiter.OnRejected = (context, _) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
                    ? wait
                    : TimeSpan.FromSeconds(60.0 / Math.Max(1, options.Auth.PerMinute));
                return new ValueTask(ProblemWriter.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests,
                    ErrorCodes.RateLimited, "Too many requests from this client. Try again later.", retryAfter));
            };
        });

    /// <summary>
    /// A bucket of <paramref name="capacity"/> tokens refilled at <paramref name="perMinute"/>, in the smallest
    /// whole-token steps that divide a minute evenly (1000/min → 50 every 3 s; 20/min → 1 every 3 s).
    /// </summary>
    internal static TokenBucketRateLimiterOptions Bucket(int capacity, int perMinute)
    {
        var step = Gcd(perMinute, 60);
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = capacity,
            TokensPerPeriod = perMinute / step,
            ReplenishmentPeriod = TimeSpan.FromSeconds(60.0 / step),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }

    /// <summary>
    /// The client's bucket: an IPv4 address, or an IPv6 address's /64 network. One home line, phone or server is given
    /// a whole /64 and picks any address in it at will, so keyed by the full address every request could have a
    /// bucket of its own.
    /// </summary>
    internal static string ClientKey(HttpContext context) => ClientKey(context.Connection.RemoteIpAddress);

    internal static string ClientKey(System.Net.IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new System.Net.IPAddress(bytes).ToString() + "/64";
    }

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);
}
