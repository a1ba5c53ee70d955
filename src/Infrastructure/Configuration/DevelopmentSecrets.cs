using System.Security.Cryptography;

namespace Latch.Infrastructure.Configuration;

/// <summary>
/// Development only: secrets generated once and kept under <c>data/</c> (git-ignored), so a fresh clone
/// runs with no setup and tokens survive restarts. Never used in any other environment.
/// </summary>
/// <remarks>
/// Several processes may start at once on a fresh machine (the host, the tools, a second host), each reading or creating
/// the same files. A file is therefore only ever seen whole: it is written under a temporary name in the same directory
/// and given its name by a move that fails when the name is taken (<see cref="ExclusiveMove"/>: the first starter wins,
/// the others read its file; on a file system without hard links, a plain move and a second read of the file),
/// and a reader refuses a file that is not a whole secret instead of starting with an empty key or pepper.
/// </remarks>
internal static class DevelopmentSecrets
{
    // Long enough for a starter of an earlier build, which created the file before writing it, to finish.
    private static readonly TimeSpan WriterGrace = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);
    private const int PepperBytes = 32;

    public static string JwtPrivateKeyPem(string dataDirectory) =>
        ReadOrCreate(Path.Combine(dataDirectory, "dev-jwt-es256.pem"), () =>
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            return key.ExportPkcs8PrivateKeyPem();
        }, IsSigningKey);

    public static string Pepper(string dataDirectory) =>
        ReadOrCreate(Path.Combine(dataDirectory, "dev-pepper.txt"),
            () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(PepperBytes)), IsPepper);

    private static string ReadOrCreate(string path, Func<string> create, Func<string, bool> isWhole)
    {
        var directory = Path.GetDirectoryName(path)!;
        RefuseSymbolicLink(path);
        StaleTemporaryFiles.Remove(directory, Path.GetFileName(path));
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(directory);
            var value = create();
            var temporary = StaleTemporaryFiles.NewName(directory, Path.GetFileName(path));
            FileStream? written = null;
            try
            {
                written = Write(temporary, value);
                if (OperatingSystem.IsWindows())
                {
                    // Windows does not move a file that is open without sharing; there the lock ends before the move.
                    written.Dispose();
                }

                // Refused when another starter's file is already in place. Where the file system allows no exclusive
                // move, a racer's file may have replaced this one: the file is read again, as a loser reads the winner's.
                if (ExclusiveMove.Move(temporary, path))
                {
                    return value;
                }
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another starter won: its file is the one every starter must use.
            }
            finally
            {
                File.Delete(temporary);

                // Held until the temporary name is gone, so a starter cleaning up never takes a file still in use for one.
                written?.Dispose();
            }
        }

        return ReadWhole(path, isWhole);
    }

    /// <summary>
    /// Created only if the name is free (<c>O_EXCL</c>, which also refuses a link planted at the name) and readable by
    /// the owner alone from the first moment; returned open and locked (<see cref="FileShare.None"/>) so that
    /// <see cref="StaleTemporaryFiles"/> can tell it from one a crashed starter left.
    /// </summary>
    private static FileStream Write(string path, string value)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var stream = new FileStream(path, options);
        try
        {
            using (var writer = new StreamWriter(stream, leaveOpen: true))
            {
                writer.Write(value);
            }

            // On disk before it has its name: a crash must not leave a named file that is empty.
            stream.Flush(flushToDisk: true);
            return stream;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private static void RefuseSymbolicLink(string path)
    {
        if (NoFollowFile.IsSymbolicLink(path))
        {
            throw SymbolicLink(path);
        }
    }

    private static InvalidConfigurationException SymbolicLink(string path) => new(
        $"Invalid configuration: the development secret {path} is a symbolic link, which is never followed; replace it with the file itself or delete it to generate a new one.");

    /// <summary>The file's secret once it is whole; a file that stays empty or cut short is refused, never used.</summary>
    private static string ReadWhole(string path, Func<string, bool> isWhole)
    {
        var deadline = DateTime.UtcNow + WriterGrace;
        while (true)
        {
            string text;
            using (var file = NoFollowFile.OpenRead(path) ?? throw SymbolicLink(path))
            using (var reader = new StreamReader(file))
            {
                text = reader.ReadToEnd().Trim();
            }

            if (isWhole(text))
            {
                return text;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new InvalidConfigurationException(
                    $"Invalid configuration: the development secret {path} is empty or damaged; delete it and start again to generate a new one.");
            }

            Thread.Sleep(Poll);
        }
    }

    private static bool IsSigningKey(string pem)
    {
        try
        {
            using var key = ECDsa.Create();
            key.ImportFromPem(pem);
            return key.KeySize == 256;
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            return false;
        }
    }

    private static bool IsPepper(string text)
    {
        Span<byte> bytes = stackalloc byte[PepperBytes + 1];
        return Convert.TryFromBase64String(text, bytes, out var written) && written == PepperBytes;
    }
}
