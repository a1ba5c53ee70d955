namespace Latch.OpsTests.Support;

/// <summary>What the stand-in edge does with plain HTTP.</summary>
public enum PlainHttp
{
    /// <summary>Nothing listens: the connection fails (API Gateway has no port 80).</summary>
    Refused,

    /// <summary>301 to the https:// URL.</summary>
    Redirected,

    /// <summary>The API answers over plain HTTP: what smoke must catch.</summary>
    Served,
}

/// <summary>
/// The TLS edge of a deployment (API Gateway, a load balancer) as an HTTP handler in the client: requests to
/// <c>https://latch.test</c> go to a local instance as plain HTTP, like a TLS terminator would pass them on, and
/// come back with or without HSTS; requests to <c>http://latch.test</c> are refused, redirected or served.
/// No certificate is involved, so what this checks is smoke's judgement of the answers, not TLS itself.
/// </summary>
internal sealed class TlsEdge(Uri instance, bool addHsts, PlainHttp plainHttp) : DelegatingHandler(Loopback.Handler())
{
    public static readonly Uri PublicUrl = new("https://latch.test");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var url = request.RequestUri!;
        if (url.Host != PublicUrl.Host)
        {
            throw new HttpRequestException($"no route to {url.Host} in this test");
        }

        if (url.Scheme == "http")
        {
            switch (plainHttp)
            {
                case PlainHttp.Refused:
                    throw new HttpRequestException("Connection refused (latch.test:80)");
                case PlainHttp.Redirected:
                    return new HttpResponseMessage(System.Net.HttpStatusCode.MovedPermanently)
                    {
                        Headers = { Location = new UriBuilder(url) { Scheme = "https", Port = -1 }.Uri },
                        RequestMessage = request,
                    };
            }
        }

        request.RequestUri = new Uri(instance, url.PathAndQuery);
        var response = await base.SendAsync(request, cancellationToken);
        if (addHsts && url.Scheme == "https")
        {
            response.Headers.TryAddWithoutValidation("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
        }

        return response;
    }
}
