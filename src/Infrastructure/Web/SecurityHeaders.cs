using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Latch.Infrastructure.Web;

/// <summary>
/// Headers every response carries, whatever wrote it. They are set as the response starts — the last word before the
/// headers go out — because the exception handler clears every header before it writes its problem (and the
/// framework answers some requests on its own). HSTS, which the HSTS middleware sets further in, is remembered when a
/// request fails and restored on that answer.
/// </summary>
internal static class SecurityHeaders
{
    public const string ApiReferencePath = "/reference";
    private const string ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";

    /// <summary>Headers other middleware sets that the exception handler's answer must keep.</summary>
    private static readonly string[] KeptAcrossFailures = [HeaderNames.StrictTransportSecurity];

    /// <param name="app">The pipeline, at its start: outside the exception handler.</param>
    /// <param name="allowApiReference">Whether the API reference page (Development only), which runs scripts, is served.</param>
    /// <param name="varyByOrigin">
    /// Whether CORS is configured: then whether a response grants access depends on the request's <c>Origin</c>, so every
    /// response says <c>Vary: Origin</c> — with and without a grant, preflights included — or a shared cache could hand
    /// one origin's answer to another.
    /// </param>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app, bool allowApiReference, bool varyByOrigin)
    {
        var policy = new Policy(allowApiReference, varyByOrigin);
        return app.Use((context, next) =>
        {
            context.Response.OnStarting(policy.ApplyAtStart, context);
            return next(context);
        });
    }

    /// <summary>
    /// Placed inside the HSTS middleware and the exception handler: when a request fails, notes the headers of
    /// <see cref="KeptAcrossFailures"/> before the exception handler clears them. The exception passes on untouched.
    /// </summary>
    public static IApplicationBuilder UseSecurityHeadersAcrossFailures(this IApplicationBuilder app) =>
        app.Use(static async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception) when (Remember(context))
            {
                // Never reached: the filter only takes note.
                throw;
            }
        });

    private static bool Remember(HttpContext context)
    {
        var kept = new KeyValuePair<string, StringValues>[KeptAcrossFailures.Length];
        for (var i = 0; i < KeptAcrossFailures.Length; i++)
        {
            kept[i] = KeyValuePair.Create(KeptAcrossFailures[i], context.Response.Headers[KeptAcrossFailures[i]]);
        }

        context.Features.Set(new KeptHeaders(kept));
        return false;
    }

    private sealed record KeptHeaders(KeyValuePair<string, StringValues>[] Headers);

    private sealed class Policy(bool allowApiReference, bool varyByOrigin)
    {
        public Func<object, Task> ApplyAtStart => _applyAtStart ??= state =>
        {
            var context = (HttpContext)state;
            Apply(context);
            Restore(context);
            return Task.CompletedTask;
        };

        private Func<object, Task>? _applyAtStart;

        private void Apply(HttpContext context)
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";

            // The API reference page runs scripts; everything else is data and may run nothing.
            if (!(allowApiReference && context.Request.Path.StartsWithSegments(ApiReferencePath)))
            {
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
            }

            // Token and user data must never sit in a cache.
            if (context.Request.Path.StartsWithSegments("/v1"))
            {
                headers.CacheControl = "no-store";
                headers.Pragma = "no-cache";
            }

            if (varyByOrigin && !VariesByOrigin(headers.Vary))
            {
                headers.Append(HeaderNames.Vary, HeaderNames.Origin);
            }
        }

        private static void Restore(HttpContext context)
        {
            if (context.Features.Get<KeptHeaders>() is not { } kept)
            {
                return;
            }

            foreach (var (name, value) in kept.Headers)
            {
                if (!StringValues.IsNullOrEmpty(value) && StringValues.IsNullOrEmpty(context.Response.Headers[name]))
                {
                    context.Response.Headers[name] = value;
                }
            }
        }

        private static bool VariesByOrigin(StringValues vary)
        {
            foreach (var value in vary)
            {
                foreach (var name in (value ?? "").Split(',', StringSplitOptions.TrimEntries))
                {
                    if (name.Equals(HeaderNames.Origin, StringComparison.OrdinalIgnoreCase) || name == "*")
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
