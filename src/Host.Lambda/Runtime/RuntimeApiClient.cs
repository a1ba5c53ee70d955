using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Latch.Host.Lambda.Runtime;

/// <summary>The Lambda Runtime API, version 2018-06-01: fetch an invocation, answer it, report errors.</summary>
internal sealed class RuntimeApiClient : IDisposable
{
    public const string ErrorTypeHeader = "Lambda-Runtime-Function-Error-Type";
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _http;

    public RuntimeApiClient(string runtimeApi)
    {
        Endpoint = runtimeApi;
        _http = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            ConnectTimeout = TimeSpan.FromSeconds(5),
        })
        {
            BaseAddress = new Uri($"http://{runtimeApi}/2018-06-01/runtime/"),
            // The process may be frozen between invocations for any length of time: /next must never time out.
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public string Endpoint { get; }

    /// <summary>Waits for the next invocation, however long that takes.</summary>
    public async Task<Invocation> NextAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync("invocation/next", HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new RuntimeApiException("invocation/next", response.StatusCode);
        }

        var requestId = Header(response, "Lambda-Runtime-Aws-Request-Id");
        if (string.IsNullOrEmpty(requestId))
        {
            throw new RuntimeApiException("invocation/next", response.StatusCode, "no Lambda-Runtime-Aws-Request-Id header");
        }

        DateTimeOffset? deadline = long.TryParse(Header(response, "Lambda-Runtime-Deadline-Ms"), NumberStyles.None,
            CultureInfo.InvariantCulture, out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
        return new Invocation(requestId, deadline, Header(response, "Lambda-Runtime-Invoked-Function-Arn"),
            Header(response, "Lambda-Runtime-Trace-Id"), await response.Content.ReadAsByteArrayAsync(cancellationToken));
    }

    /// <summary>Posts the invocation's result; the status tells the caller whether it was taken (202).</summary>
    public async Task<HttpStatusCode> PostResponseAsync(string requestId, byte[] payload, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(payload);
        content.Headers.ContentType = Json;
        using var response = await _http.PostAsync($"invocation/{Uri.EscapeDataString(requestId)}/response", content, cancellationToken);
        return response.StatusCode;
    }

    public async Task<HttpStatusCode> PostInvocationErrorAsync(string requestId, string errorType, string message,
        CancellationToken cancellationToken)
    {
        using var request = ErrorRequest($"invocation/{Uri.EscapeDataString(requestId)}/error", errorType, message);
        using var response = await _http.SendAsync(request, cancellationToken);
        return response.StatusCode;
    }

    /// <summary>Synchronous: it runs from the unhandled-exception handler, with the process on its way down.</summary>
    public HttpStatusCode PostInitError(string errorType, string message)
    {
        using var request = ErrorRequest("init/error", errorType, message);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        using var response = _http.Send(request, cancel.Token);
        return response.StatusCode;
    }

    public void Dispose() => _http.Dispose();

    private static HttpRequestMessage ErrorRequest(string path, string errorType, string message)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new RuntimeErrorBody { ErrorMessage = message, ErrorType = errorType },
            LambdaJsonContext.Default.RuntimeErrorBody);
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.TryAddWithoutValidation(ErrorTypeHeader, errorType);
        return request;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}

/// <summary>One invocation as <c>/next</c> hands it over.</summary>
internal sealed record Invocation(string RequestId, DateTimeOffset? Deadline, string? FunctionArn, string? TraceId, byte[] Payload);

/// <summary>The Runtime API answered in a way the runtime cannot go on from.</summary>
internal sealed class RuntimeApiException(string call, HttpStatusCode status, string? detail = null)
    : Exception($"Runtime API {call} answered {(int)status}{(detail is null ? "" : ": " + detail)}.")
{
    public HttpStatusCode Status { get; } = status;
}
