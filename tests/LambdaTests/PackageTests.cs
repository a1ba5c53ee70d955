using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.RegularExpressions;
using Latch.LambdaEmulator;

namespace Latch.LambdaTests;

/// <summary>artifacts/lambda.zip, the Native AOT package scripts/package-lambda.sh builds, unpacked and run the way Lambda runs it.</summary>
public sealed partial class PackageTests : IAsyncLifetime
{
    private string _directory = "";

    public Task InitializeAsync()
    {
        Assert.True(File.Exists(TestPaths.Package),
            $"{TestPaths.Package} is missing: run scripts/package-lambda.sh (scripts/test.sh runs it before the tests).");
        _directory = Directory.CreateTempSubdirectory("latch-lambda-zip-").FullName;
        ZipFile.ExtractToDirectory(TestPaths.Package, _directory);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        if (_directory.Length > 0)
        {
            Directory.Delete(_directory, recursive: true);
        }

        return Task.CompletedTask;
    }

    [Fact]
    public void Bootstrap_is_an_executable_at_the_zips_root()
    {
        using var zip = ZipFile.OpenRead(TestPaths.Package);
        var bootstrap = zip.GetEntry("bootstrap");

        Assert.NotNull(bootstrap);
        var mode = (bootstrap.ExternalAttributes >> 16) & 0x1FF;
        Assert.True((mode & 0x49) == 0x49, $"bootstrap has mode {Convert.ToString(mode, 8)}: Lambda needs it executable by everyone");
    }

    [Fact]
    public void The_package_is_one_native_AOT_executable_for_x86_64_with_the_native_SQLite_beside_it()
    {
        var bootstrap = File.ReadAllBytes(Path.Combine(_directory, "bootstrap"));
        var files = Directory.GetFiles(_directory, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(_directory, f)).Order(StringComparer.Ordinal).ToArray();

        // ELF, 64-bit, little-endian, e_machine 0x3E (x86-64): serverless.yml says x86_64.
        Assert.Equal("\u007fELF"u8.ToArray(), bootstrap[..4]);
        Assert.Equal(2, bootstrap[4]);
        Assert.Equal(1, bootstrap[5]);
        Assert.Equal(0x3E, BinaryPrimitives.ReadUInt16LittleEndian(bootstrap.AsSpan(18)));
        // No runtime to load, no IL to JIT: nothing managed ships beside the binary.
        Assert.DoesNotContain(files, f => f.EndsWith(".dll", StringComparison.Ordinal) || f.EndsWith(".runtimeconfig.json", StringComparison.Ordinal));
        Assert.DoesNotContain("libcoreclr.so", files);
        Assert.Contains("libe_sqlite3.so", files);
        Assert.Contains("appsettings.json", files);
    }

    [Fact]
    public void Nothing_in_the_package_needs_a_newer_glibc_than_provided_al2023_has()
    {
        // The AOT link takes symbol versions from the build machine's glibc; provided.al2023 has glibc 2.34.
        var newest = new Version(2, 34);
        var elfFiles = Directory.GetFiles(_directory, "*", SearchOption.AllDirectories).Where(IsElf).ToArray();

        Assert.Contains(Path.Combine(_directory, "bootstrap"), elfFiles);
        foreach (var file in elfFiles)
        {
            var needed = GlibcVersions().Matches(System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(file)))
                .Select(m => Version.Parse(m.Groups[1].Value)).ToArray();
            Assert.NotEmpty(needed);
            Assert.All(needed, v => Assert.True(v <= newest, $"{Path.GetFileName(file)} needs GLIBC_{v}; provided.al2023 has {newest}"));
        }
    }

    [Fact]
    public async Task The_packaged_bootstrap_serves_both_formats_against_the_emulator()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        await using var function = FunctionProcess.Start(emulator.RuntimeApi, Path.Combine(_directory, "bootstrap"));
        await emulator.WaitUntilReadyAsync(() => function.Output, function);

        foreach (var format in new[] { EventFormat.V1, EventFormat.V2 })
        {
            var (_, live) = await emulator.SendAsync(format, new HttpRequestData { RawPath = "/health/live" });
            var (_, missing) = await emulator.SendAsync(format, new HttpRequestData { RawPath = "/no/such/route" });

            Assert.Equal(200, live.StatusCode);
            Assert.Equal(404, missing.StatusCode);
            Assert.Equal("application/problem+json", missing.HeaderValues("Content-Type").Single());
        }
    }

    private static bool IsElf(string path)
    {
        Span<byte> magic = stackalloc byte[4];
        using var file = File.OpenRead(path);
        return file.Read(magic) == 4 && magic.SequenceEqual("\u007fELF"u8);
    }

    [GeneratedRegex(@"GLIBC_([0-9]+\.[0-9]+(?:\.[0-9]+)?)")]
    private static partial Regex GlibcVersions();
}
