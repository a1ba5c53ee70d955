using System.Diagnostics;
using System.Runtime.InteropServices;
using Latch.LambdaEmulator;

// dotnet run --project tests/LambdaEmulator -- [--front PORT] [--format v1|v2] [--stage NAME] [--timeout SECONDS]
//     [--runtime-port PORT] [-- COMMAND [ARGS...]]
var options = EmulatorCommandLine.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(EmulatorCommandLine.Usage);
    return 2;
}

await using var emulator = await RuntimeApiEmulator.StartAsync(options.RuntimePort);
Console.WriteLine($"Runtime API: {emulator.RuntimeApi}  (AWS_LAMBDA_RUNTIME_API={emulator.RuntimeApi})");

await using var front = options.FrontPort is { } port
    ? await FrontDoor.StartAsync(emulator, options.Format, port, options.Stage, options.Timeout)
    : null;
if (front is not null)
{
    var stagePath = options.Stage is null ? "" : "/" + options.Stage;
    Console.WriteLine($"API Gateway ({options.Format}, stage {options.Stage ?? "$default"}): {front.Address.ToString().TrimEnd('/')}{stagePath}/");
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
{
    signal.Cancel = true;
    stop.Cancel();
});

if (options.Command.Count == 0)
{
    Console.WriteLine($"Start the function with AWS_LAMBDA_RUNTIME_API={emulator.RuntimeApi}; Ctrl+C stops the emulator.");
    try
    {
        await Task.Delay(Timeout.Infinite, stop.Token);
    }
    catch (OperationCanceledException)
    {
    }

    return 0;
}

var start = new ProcessStartInfo(options.Command[0]) { UseShellExecute = false };
foreach (var argument in options.Command.Skip(1))
{
    start.ArgumentList.Add(argument);
}

start.Environment["AWS_LAMBDA_RUNTIME_API"] = emulator.RuntimeApi;
using var function = Process.Start(start)!;
try
{
    await function.WaitForExitAsync(stop.Token);
    Console.WriteLine($"The function exited with code {function.ExitCode}.");
    return function.ExitCode;
}
catch (OperationCanceledException)
{
    function.Kill(entireProcessTree: true);
    await function.WaitForExitAsync();
    return 0;
}

/// <summary>The emulator's command line.</summary>
internal sealed record EmulatorCommandLine(int RuntimePort, int? FrontPort, EventFormat Format, string? Stage, TimeSpan Timeout,
    IReadOnlyList<string> Command)
{
    public const string Usage = """
        usage: dotnet run --project tests/LambdaEmulator -- [options] [-- COMMAND [ARGS...]]
          --front PORT         serve HTTP on 127.0.0.1:PORT as API Gateway would, one event per request
          --format v1|v2       REST API (payload 1.0) or HTTP API (payload 2.0) events; default v2
          --stage NAME         a named stage: requests must start with /NAME (default: the $default stage)
          --timeout SECONDS    the function's timeout, handed over as Lambda-Runtime-Deadline-Ms; default 29
          --runtime-port PORT  the Runtime API's port; default: a free one
          -- COMMAND ARGS      start the function with AWS_LAMBDA_RUNTIME_API set; the emulator ends when it does
        """;

    public static EmulatorCommandLine? Parse(string[] args)
    {
        var options = new EmulatorCommandLine(0, null, EventFormat.V2, null, TimeSpan.FromSeconds(29), []);
        for (var i = 0; i < args.Length; i++)
        {
            string? Value() => i + 1 < args.Length ? args[++i] : null;
            switch (args[i])
            {
                case "--":
                    return options with { Command = args[(i + 1)..] };
                case "--front" when int.TryParse(Value(), out var front):
                    options = options with { FrontPort = front };
                    break;
                case "--runtime-port" when int.TryParse(Value(), out var runtime):
                    options = options with { RuntimePort = runtime };
                    break;
                case "--format":
                    var format = Value();
                    if (format is not ("v1" or "v2"))
                    {
                        return null;
                    }

                    options = options with { Format = format == "v1" ? EventFormat.V1 : EventFormat.V2 };
                    break;
                case "--stage" when Value() is { Length: > 0 } stage:
                    options = options with { Stage = stage };
                    break;
                case "--timeout" when int.TryParse(Value(), out var seconds) && seconds > 0:
                    options = options with { Timeout = TimeSpan.FromSeconds(seconds) };
                    break;
                default:
                    return null;
            }
        }

        return options;
    }
}
