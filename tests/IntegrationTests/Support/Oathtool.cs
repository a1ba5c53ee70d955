using System.Diagnostics;
using System.Globalization;

namespace Latch.IntegrationTests.Support;

/// <summary>
/// Authenticator codes computed by an independent implementation of RFC 6238, Debian's <c>oathtool</c> (installed by
/// <c>scripts/test.d/05-system-tools.sh</c>), as a user's app would compute them.
/// </summary>
public static class Oathtool
{
    /// <summary>The 6-digit SHA-1 code of the base32 <paramref name="secret"/> at <paramref name="at"/>.</summary>
    public static string Code(string secret, DateTimeOffset at)
    {
        var start = new ProcessStartInfo("oathtool",
            ["--totp", "--base32", secret, "--now", "@" + at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("oathtool did not start");
        var output = process.StandardOutput.ReadToEnd().Trim();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"oathtool failed: {error}");
        Assert.Matches("^[0-9]{6}$", output);
        return output;
    }
}
