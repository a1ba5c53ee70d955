using System.Buffers;

namespace Latch.Infrastructure.Configuration;

/// <summary>
/// The temporary files <see cref="DevelopmentSecrets"/> writes a secret into before giving it its name, and the removal
/// of those a starter that crashed between the two left behind (each holds a secret nobody uses). Only names of exactly
/// this pattern are touched, and only files no live starter holds: a writer keeps its file open and locked until the
/// temporary name is gone, and a fresh file is left alone even unlocked, since a writer locks it a moment after creating it.
/// </summary>
internal static class StaleTemporaryFiles
{
    private static readonly TimeSpan FreshFile = TimeSpan.FromSeconds(10);
    private const int GuidDigits = 32;
    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    public static string NewName(string directory, string secretFileName) =>
        Path.Combine(directory, $".{secretFileName}.{Guid.NewGuid():N}.tmp");

    public static void Remove(string directory, string secretFileName)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }

        var options = new EnumerationOptions { AttributesToSkip = 0, RecurseSubdirectories = false };
        foreach (var path in Directory.EnumerateFiles(directory, $".{secretFileName}.*.tmp", options))
        {
            if (IsOurs(Path.GetFileName(path), secretFileName)
                && !NoFollowFile.IsSymbolicLink(path)
                && DateTime.UtcNow - File.GetLastWriteTimeUtc(path) > FreshFile)
            {
                RemoveUnlessHeld(path);
            }
        }
    }

    private static bool IsOurs(string name, string secretFileName)
    {
        var prefix = $".{secretFileName}.";
        const string suffix = ".tmp";
        if (name.Length != prefix.Length + GuidDigits + suffix.Length
            || !name.StartsWith(prefix, StringComparison.Ordinal)
            || !name.EndsWith(suffix, StringComparison.Ordinal))
        {
            return false;
        }

        return !name.AsSpan(prefix.Length, GuidDigits).ContainsAnyExcept(LowerHex);
    }

    private static void RemoveUnlessHeld(string path)
    {
        try
        {
            // The same lock a writer holds: granted only when no live starter has the file, which goes when it is let go.
            using var held = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None, bufferSize: 1, FileOptions.DeleteOnClose);
        }
        catch (IOException)
        {
            // Held by a live starter, or already gone.
        }
        catch (UnauthorizedAccessException)
        {
            // Not this user's to remove: left as found.
        }
    }
}
