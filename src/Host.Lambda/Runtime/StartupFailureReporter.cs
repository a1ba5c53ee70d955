namespace Latch.Host.Lambda.Runtime;

/// <summary>
/// Reports a start-up failure to <c>/runtime/init/error</c>: any exception that escapes <c>Program</c> before
/// the first invocation is fetched (configuration, composition, a hosted service that fails to start). The
/// process then ends as it would anyway, with the exception and its stack trace in the log.
/// </summary>
internal sealed class StartupFailureReporter
{
    public const string ErrorType = "Runtime.StartupFailure";
    private readonly RuntimeApiClient _client;
    private int _initFinished;

    public StartupFailureReporter(RuntimeApiClient client)
    {
        _client = client;
        AppDomain.CurrentDomain.UnhandledException += OnUnhandledException;
    }

    public void InitFinished() => Interlocked.Exchange(ref _initFinished, 1);

    private void OnUnhandledException(object sender, UnhandledExceptionEventArgs e)
    {
        if (Interlocked.Exchange(ref _initFinished, 1) == 1)
        {
            return;
        }

        var type = e.ExceptionObject.GetType().FullName ?? "unknown";
        var message = e.ExceptionObject is Exception exception ? exception.Message : "";
        try
        {
            _client.PostInitError(ErrorType, $"Start-up failed: {type}: {message}");
        }
        catch (Exception reportFailure) when (reportFailure is HttpRequestException or OperationCanceledException)
        {
            // The process is ending either way; the exception itself reaches the log.
        }
    }
}
