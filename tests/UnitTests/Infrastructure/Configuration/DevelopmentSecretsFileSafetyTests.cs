using System.Security.Cryptography;
using Latch.Infrastructure.Configuration;

namespace Latch.UnitTests.Infrastructure.Configuration;

/// <summary>
/// What else may be found where a development secret goes: a symbolic link planted at its name (followed, it would
/// make the host sign with a key or hash with a pepper someone else chose, or write a secret where they want it), and
/// the temporary file a starter that crashed between writing and naming left behind, holding a secret nobody uses.
/// </summary>
public sealed class DevelopmentSecretsFileSafetyTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("latch-dev-secrets-safety-").FullName;

    [SkippableFact]
    public void A_symbolic_link_to_a_whole_secret_elsewhere_is_refused_naming_the_file_not_read()
    {
        Skip.If(OperatingSystem.IsWindows(), "SKIPPED: symbolic links need privileges on Windows");
        var data = DataDirectory("link-to-secret");
        var planted = Path.Combine(_root, "planted-pepper.txt");
        File.WriteAllText(planted, NewPepper());
        File.CreateSymbolicLink(Path.Combine(data, "dev-pepper.txt"), planted);

        var refused = Assert.Throws<InvalidConfigurationException>(() => DevelopmentSecrets.Pepper(data));

        Assert.Contains(Path.Combine(data, "dev-pepper.txt"), refused.Message, StringComparison.Ordinal);
        Assert.Contains("symbolic link", refused.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void A_symbolic_link_to_nowhere_is_refused_and_nothing_is_written_where_it_points()
    {
        Skip.If(OperatingSystem.IsWindows(), "SKIPPED: symbolic links need privileges on Windows");
        var data = DataDirectory("dangling-link");
        var target = Path.Combine(_root, "where-the-key-would-go.pem");
        File.CreateSymbolicLink(Path.Combine(data, "dev-jwt-es256.pem"), target);

        var refused = Assert.Throws<InvalidConfigurationException>(() => DevelopmentSecrets.JwtPrivateKeyPem(data));

        Assert.Contains(Path.Combine(data, "dev-jwt-es256.pem"), refused.Message, StringComparison.Ordinal);
        Assert.Contains("symbolic link", refused.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(target));
        Assert.Equal([], Directory.GetFiles(data, "*.tmp", new EnumerationOptions { AttributesToSkip = 0 }));
    }

    [SkippableFact]
    public async Task A_file_swapped_for_a_symbolic_link_while_it_is_waited_for_is_refused_not_followed()
    {
        Skip.If(OperatingSystem.IsWindows(), "SKIPPED: symbolic links need privileges on Windows");
        var data = DataDirectory("swapped");
        var path = Path.Combine(data, "dev-pepper.txt");
        var planted = Path.Combine(_root, "planted-pepper.txt");
        File.WriteAllText(planted, NewPepper());
        File.WriteAllText(path, string.Empty);

        // The reader finds a regular file still being written and reads it again; by then it is a link.
        // Swapped in one step (a rename over the file), so the reader never finds the name missing.
        var swap = Task.Delay(TimeSpan.FromMilliseconds(300)).ContinueWith(_ =>
        {
            var link = Path.Combine(_root, "link-to-planted");
            File.CreateSymbolicLink(link, planted);
            File.Move(link, path, overwrite: true);
        }, TaskScheduler.Default);

        var refused = await Assert.ThrowsAsync<InvalidConfigurationException>(() => Task.Run(() => DevelopmentSecrets.Pepper(data)));
        await swap;
        Assert.Contains("symbolic link", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_temporary_file_a_crashed_starter_left_is_removed_at_the_next_start_and_no_other_file_is()
    {
        var data = DataDirectory("crashed");
        var stale = Path.Combine(data, $".dev-pepper.txt.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(stale, NewPepper());
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddMinutes(-5));
        string[] others =
        [
            Path.Combine(data, ".dev-pepper.txt.notes.tmp"),
            Path.Combine(data, $".dev-pepper.txt.{Guid.NewGuid():N}.tmp.bak"),
            Path.Combine(data, $"dev-pepper.txt.{Guid.NewGuid():N}.tmp"),
            Path.Combine(data, $".dev-jwt-es256.pem.{Guid.NewGuid():N}.tmp"),
        ];
        foreach (var other in others)
        {
            File.WriteAllText(other, "not this starter's");
            File.SetLastWriteTimeUtc(other, DateTime.UtcNow.AddMinutes(-5));
        }

        var pepper = DevelopmentSecrets.Pepper(data);

        Assert.False(File.Exists(stale));
        Assert.All(others, other => Assert.True(File.Exists(other), $"{Path.GetFileName(other)} was removed"));
        Assert.Equal(pepper, File.ReadAllText(Path.Combine(data, "dev-pepper.txt")));
    }

    [Fact]
    public void A_stale_temporary_file_is_removed_also_when_the_secret_already_exists()
    {
        var data = DataDirectory("crashed-loser");
        var pepper = NewPepper();
        File.WriteAllText(Path.Combine(data, "dev-pepper.txt"), pepper);
        var stale = Path.Combine(data, $".dev-pepper.txt.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(stale, NewPepper());
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddMinutes(-5));

        Assert.Equal(pepper, DevelopmentSecrets.Pepper(data));
        Assert.False(File.Exists(stale));
    }

    [Fact]
    public void A_temporary_file_a_live_starter_still_holds_is_left_to_it()
    {
        var data = DataDirectory("live");
        var writing = Path.Combine(data, $".dev-pepper.txt.{Guid.NewGuid():N}.tmp");
        using (var held = new FileStream(writing, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            File.SetLastWriteTimeUtc(writing, DateTime.UtcNow.AddMinutes(-5));

            DevelopmentSecrets.Pepper(data);

            Assert.True(File.Exists(writing));
        }
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string DataDirectory(string name) => Directory.CreateDirectory(Path.Combine(_root, name, "data")).FullName;

    private static string NewPepper() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
