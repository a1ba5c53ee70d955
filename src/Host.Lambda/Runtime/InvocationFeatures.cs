using Microsoft.AspNetCore.Http.Features;

namespace Latch.Host.Lambda.Runtime;

/// <summary>
/// The features of one invocation's request that Kestrel would provide per connection or per request:
/// body detection, the body size limit, synchronous-IO control and <c>RequestAborted</c>.
/// </summary>
internal sealed class InvocationFeatures(LambdaRequest request, long? maxRequestBodySize, CancellationToken requestAborted)
    : IHttpRequestBodyDetectionFeature, IHttpMaxRequestBodySizeFeature, IHttpBodyControlFeature, IHttpRequestLifetimeFeature
{
    private long? _maxRequestBodySize = maxRequestBodySize;
    private bool _bodyRead;

    public bool CanHaveBody => request.Body.Length > 0 || request.BodyIsInvalid;

    public bool IsReadOnly => _bodyRead;

    public long? MaxRequestBodySize
    {
        get => _maxRequestBodySize;
        set
        {
            if (_bodyRead)
            {
                throw new InvalidOperationException("The maximum request body size cannot be modified after the app has already started reading from the request body.");
            }

            _maxRequestBodySize = value;
        }
    }

    public bool AllowSynchronousIO { get; set; }

    public CancellationToken RequestAborted { get; set; } = requestAborted;

    /// <summary>There is no connection to close: the app's abort only shows as a cancelled <see cref="RequestAborted"/>.</summary>
    public void Abort()
    {
    }

    public void MarkBodyRead() => _bodyRead = true;

    /// <summary>Everything the ASP.NET Core pipeline needs for this invocation's request, and its buffered response.</summary>
    public static (FeatureCollection Features, LambdaResponseFeature Response) Create(LambdaRequest request,
        string requestId, long? maxRequestBodySize, CancellationToken requestAborted)
    {
        var invocation = new InvocationFeatures(request, maxRequestBodySize, requestAborted);
        var response = new LambdaResponseFeature(invocation);
        var features = new FeatureCollection();
        features.Set<IHttpRequestFeature>(new HttpRequestFeature
        {
            Protocol = request.Protocol,
            Scheme = "https",
            Method = request.Method,
            PathBase = request.PathBase,
            Path = request.Path,
            QueryString = request.QueryString,
            RawTarget = request.RawTarget,
            Headers = request.Headers,
            Body = new RequestBodyStream(request.Body, request.BodyIsInvalid, invocation),
        });
        features.Set<IHttpResponseFeature>(response);
        features.Set<IHttpResponseBodyFeature>(response);
        features.Set<IHttpConnectionFeature>(new HttpConnectionFeature
        {
            ConnectionId = requestId,
            RemoteIpAddress = request.RemoteIpAddress,
        });
        features.Set<IHttpRequestIdentifierFeature>(new HttpRequestIdentifierFeature { TraceIdentifier = requestId });
        features.Set<IHttpRequestBodyDetectionFeature>(invocation);
        features.Set<IHttpMaxRequestBodySizeFeature>(invocation);
        features.Set<IHttpBodyControlFeature>(invocation);
        features.Set<IHttpRequestLifetimeFeature>(invocation);
        return (features, response);
    }
}
