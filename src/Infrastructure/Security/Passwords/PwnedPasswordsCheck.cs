using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Latch.Application.Common.Interfaces;
using Latch.Infrastructure.Configuration;
using Microsoft.Extensions.Logging;

namespace Latch.Infrastructure.Security.Passwords;

/// <summary>
/// The Pwned Passwords range API with k-anonymity: only the first five hex digits of the password's SHA-1 leave the
/// service, with <c>Add-Padding: true</c> so that the size of the answer does not tell which prefix was asked either;
/// padding entries (count 0) are not matches. A lookup that fails or outlasts its timeout is a failure, answered as
/// <see cref="PwnedPasswordsOptions.FailClosed"/> says. Nothing of the password, its hash or the answer is logged.
/// </summary>
internal sealed partial class PwnedPasswordsCheck(HttpClient http, PwnedPasswordsOptions options, ILogger<PwnedPasswordsCheck> logger)
    : IBreachedPasswords
{
    /// <summary>A padded answer is some 40 KB; anything far larger is not one.</summary>
    public const int MaxResponseBytes = 1024 * 1024;

    private const int PrefixLength = 5;

    public async ValueTask<BreachCheck> CheckAsync(string normalizedPassword, CancellationToken cancellationToken)
    {
#pragma warning disable CA5350 // SHA-1 is what the range API is keyed by; it protects nothing here
        var hash = Convert.ToHexString(SHA1.HashData(Encoding.UTF8.GetBytes(normalizedPassword)));
#pragma warning restore CA5350
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "range/" + hash[..PrefixLength]);
            request.Headers.Add("Add-Padding", "true");
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                return Failed("status " + ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
            }

            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            return Contains(body, hash.AsSpan(PrefixLength)) ? BreachCheck.Found : BreachCheck.NotFound;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed("timeout");
        }
        catch (HttpRequestException exception)
        {
            return Failed(exception.HttpRequestError.ToString());
        }
    }

    /// <summary>Whether the answer lists the suffix with a count above zero (lines are <c>SUFFIX:COUNT</c>).</summary>
    internal static bool Contains(string body, ReadOnlySpan<char> suffix)
    {
        foreach (var line in body.AsSpan().EnumerateLines())
        {
            var colon = line.IndexOf(':');
            if (colon > 0 && line[..colon].Trim().Equals(suffix, StringComparison.OrdinalIgnoreCase) &&
                long.TryParse(line[(colon + 1)..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0)
            {
                return true;
            }
        }

        return false;
    }

    private BreachCheck Failed(string reason)
    {
        LogFailed(logger, reason, options.FailClosed ? "closed" : "open");
        return options.FailClosed ? BreachCheck.Unavailable : BreachCheck.NotFound;
    }

    [LoggerMessage(EventId = 3100, Level = LogLevel.Warning,
        Message = "Pwned Passwords lookup failed ({Reason}); failing {FailMode}")]
    private static partial void LogFailed(ILogger logger, string reason, string failMode);
}

