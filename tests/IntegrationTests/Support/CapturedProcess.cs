using System.Diagnostics;
using System.Text;

namespace Latch.IntegrationTests.Support;

/// <summary>
/// A child process a test starts (a host under test), with its standard output and error kept line by line; on
/// disposal it is killed with its children and its scratch folder removed. Shared with the Lambda tests.
/// </summary>
public sealed class CapturedProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _scratchDirectory;

    private CapturedProcess(Process process, string scratchDirectory)
    {
        _process = process;
        _scratchDirectory = scratchDirectory;
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The process id, for a test that reads the process's state from /proc.</summary>
    public int Id => _process.Id;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <paramref name="start"/> with its output redirected; <paramref name="scratchDirectory"/> goes with it.</summary>
    public static CapturedProcess Start(ProcessStartInfo start, string scratchDirectory)
    {
        ArgumentNullException.ThrowIfNull(start);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var process = new Process { StartInfo = start };
        var captured = new CapturedProcess(process, scratchDirectory);
        process.OutputDataReceived += (_, e) => captured.Append(e.Data);
        process.ErrorDataReceived += (_, e) => captured.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return captured;
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        try
        {
            Directory.Delete(_scratchDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
