using System.IO.Compression;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using Latch.LambdaEmulator;

namespace Latch.LambdaTests;

/// <summary>artifacts/lambda.zip, as scripts/package-lambda.sh builds it, unpacked and run the way Lambda runs it.</summary>
public sealed class PackageTests : IAsyncLifetime
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
    public void The_package_is_self_contained_and_ReadyToRun()
    {
        var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(_directory, "bootstrap.runtimeconfig.json"))).RootElement
            .GetProperty("runtimeOptions");
        using var pe = new PEReader(File.OpenRead(Path.Combine(_directory, "bootstrap.dll")));

        Assert.True(config.TryGetProperty("includedFrameworks", out _), "not self-contained");
        Assert.True(File.Exists(Path.Combine(_directory, "libcoreclr.so")), "no runtime in the package");
        Assert.True(pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0, "bootstrap.dll is not ReadyToRun");
        Assert.False(config.GetProperty("configProperties").GetProperty("System.GC.Server").GetBoolean());
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
}
