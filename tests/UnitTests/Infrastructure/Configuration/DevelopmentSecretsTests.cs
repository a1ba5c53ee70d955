using System.Diagnostics;
using System.Security.Cryptography;
using Latch.Infrastructure.Configuration;

namespace Latch.UnitTests.Infrastructure.Configuration;

/// <summary>
/// The development key and pepper on a fresh machine where several processes start at once (the host, the tools, a
/// second host): each starter reads or creates the files on its own, through the file system only, so threads released
/// together make the same race; every one of them must end with the same whole secret, never an empty or cut one.
/// </summary>
public sealed class DevelopmentSecretsTests : IDisposable
{
    private const int Starters = 8;
    private const int Rounds = 200;
    private static readonly TimeSpan Stagger = TimeSpan.FromMicroseconds(15);
    private readonly string _root = Directory.CreateTempSubdirectory("latch-dev-secrets-").FullName;

    [Fact]
    public void Starters_racing_on_a_fresh_directory_all_get_the_same_whole_pepper()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var data = Path.Combine(_root, $"pepper-{round}", "data");
            var peppers = Race(() => DevelopmentSecrets.Pepper(data));

            Assert.Single(peppers.Distinct());
            Assert.Equal(32, Convert.FromBase64String(peppers[0]).Length);
            Assert.Equal(peppers[0], File.ReadAllText(Path.Combine(data, "dev-pepper.txt")));
            Assert.Equal(["dev-pepper.txt"], Directory.GetFiles(data).Select(Path.GetFileName));
        }
    }

    [Fact]
    public void Starters_racing_on_a_fresh_directory_all_get_the_same_whole_signing_key()
    {
        for (var round = 0; round < Rounds / 4; round++)
        {
            var data = Path.Combine(_root, $"key-{round}", "data");
            var keys = Race(() => DevelopmentSecrets.JwtPrivateKeyPem(data));

            Assert.Single(keys.Distinct());
            using var key = ECDsa.Create();
            key.ImportFromPem(keys[0]);
            Assert.Equal(256, key.KeySize);
            Assert.Equal(["dev-jwt-es256.pem"], Directory.GetFiles(data).Select(Path.GetFileName));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(data, "dev-jwt-es256.pem")));
            }
        }
    }

    [Fact]
    public void A_file_left_empty_or_cut_short_is_refused_with_what_to_do_not_used_as_a_secret()
    {
        var data = Path.Combine(_root, "damaged", "data");
        Directory.CreateDirectory(data);
        File.WriteAllText(Path.Combine(data, "dev-pepper.txt"), string.Empty);
        File.WriteAllText(Path.Combine(data, "dev-jwt-es256.pem"), "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49");

        var pepper = Assert.Throws<InvalidConfigurationException>(() => DevelopmentSecrets.Pepper(data));
        Assert.Contains("dev-pepper.txt", pepper.Message, StringComparison.Ordinal);
        Assert.Contains("delete it", pepper.Message, StringComparison.Ordinal);
        var key = Assert.Throws<InvalidConfigurationException>(() => DevelopmentSecrets.JwtPrivateKeyPem(data));
        Assert.Contains("dev-jwt-es256.pem", key.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_still_being_written_by_another_starter_is_waited_for()
    {
        var data = Path.Combine(_root, "slow", "data");
        Directory.CreateDirectory(data);
        var path = Path.Combine(data, "dev-pepper.txt");
        var pepper = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        File.WriteAllText(path, string.Empty);

        // A starter that created the file first and writes it a moment later. Its own thread, as another process would be:
        // on the thread pool, a loaded test run (other tests blocking pool threads) could delay it past the reader's wait.
        var writer = new Thread(() =>
        {
            Thread.Sleep(TimeSpan.FromMilliseconds(300));
            File.WriteAllText(path, pepper);
        });
        writer.Start();

        var read = DevelopmentSecrets.Pepper(data);
        writer.Join();
        Assert.Equal(pepper, read);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static string[] Race(Func<string> start)
    {
        using var together = new Barrier(Starters);
        var threads = new Thread[Starters];
        var results = new string[Starters];
        var failures = new Exception?[Starters];
        for (var i = 0; i < Starters; i++)
        {
            var index = i;
            threads[i] = new Thread(() =>
            {
                together.SignalAndWait();

                // Starters a few microseconds apart, as processes are: some look while another is mid-creation.
                var released = Stopwatch.GetTimestamp();
                while (Stopwatch.GetElapsedTime(released) < Stagger * index)
                {
                    Thread.SpinWait(10);
                }

                try
                {
                    results[index] = start();
                }
                catch (Exception e)
                {
                    failures[index] = e;
                }
            });
            threads[i].Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        Assert.All(failures, f => Assert.Null(f));
        Assert.All(results, r => Assert.False(string.IsNullOrEmpty(r), "a starter got an empty secret"));
        return results;
    }
}
