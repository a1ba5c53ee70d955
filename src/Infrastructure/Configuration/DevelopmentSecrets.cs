using System.Security.Cryptography;

namespace Latch.Infrastructure.Configuration;

/// <summary>
/// Development only: secrets generated once and kept under <c>data/</c> (git-ignored), so a fresh clone
/// runs with no setup and tokens survive restarts. Never used in any other environment.
/// </summary>
internal static class DevelopmentSecrets
{
    public static string JwtPrivateKeyPem(string dataDirectory) =>
        ReadOrCreate(Path.Combine(dataDirectory, "dev-jwt-es256.pem"), () =>
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            return key.ExportPkcs8PrivateKeyPem();
        });

    public static string Pepper(string dataDirectory) =>
        ReadOrCreate(Path.Combine(dataDirectory, "dev-pepper.txt"),
            () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

    private static string ReadOrCreate(string path, Func<string> create)
    {
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var value = create();
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var writer = new StreamWriter(path, options);
            writer.Write(value);
            return value;
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first: use theirs.
            return File.ReadAllText(path).Trim();
        }
    }
}
