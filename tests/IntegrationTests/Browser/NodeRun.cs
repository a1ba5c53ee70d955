using System.Diagnostics;
using Latch.IntegrationTests.Support;

namespace Latch.IntegrationTests.Browser;

/// <summary>Runs a Node.js command in clients/typescript (built by scripts/test.d/35-typescript-client.sh) and captures it.</summary>
internal static class NodeRun
{
    public static string ClientDirectory => Path.Combine(RepositoryPaths.Root, "clients", "typescript");

    public static void AssertBuilt()
    {
        var built = Path.Combine(ClientDirectory, "dist", "src", "index.js");
        Assert.True(File.Exists(built) && Directory.Exists(Path.Combine(ClientDirectory, "node_modules")),
            $"{built} is missing: scripts/test.d/35-typescript-client.sh installs and builds the client (the test command runs it).");
    }

    public static async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyList<string> arguments,
        IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("node", arguments)
        {
            WorkingDirectory = ClientDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return (-1, $"timed out after {timeout}\n{await output}\n{await errors}");
        }

        return (process.ExitCode, await output + await errors);
    }

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
