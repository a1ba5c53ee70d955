using Latch.Infrastructure.Telemetry;

namespace Latch.UnitTests.Infrastructure.Telemetry;

/// <summary>Which outgoing requests are the Lambda runtime's own (no span) and which are the app's (traced as before).</summary>
public sealed class RuntimeApiFilterTests
{
    [Theory]
    [InlineData("http://127.0.0.1:9001/2018-06-01/runtime/invocation/next", "127.0.0.1:9001")]
    [InlineData("http://127.0.0.1:9001/2018-06-01/runtime/invocation/abc/response", "127.0.0.1:9001")]
    [InlineData("http://localhost:80/2018-06-01/runtime/init/error", "localhost:80")]
    // As the runtime's client writes its address (http://{AWS_LAMBDA_RUNTIME_API}/...), however the variable spells it.
    [InlineData("http://localhost/2018-06-01/runtime/invocation/next", "localhost")]
    [InlineData("http://localhost/2018-06-01/runtime/invocation/next", "LocalHost:80")]
    [InlineData("http://[::1]:9001/2018-06-01/runtime/invocation/next", "[0:0:0:0:0:0:0:1]:9001")]
    [InlineData("http://[::1]:9001/2018-06-01/runtime/invocation/next", "[::1]:9001")]
    [InlineData("http://runtime.internal:9001/2018-06-01/runtime/invocation/next", "RUNTIME.internal:9001")]
    public void The_runtime_APIs_own_address_is_the_runtimes(string url, string runtimeApi) =>
        Assert.True(LambdaEnvironment.IsRuntimeApi(new Uri(url), runtimeApi));

    [Theory]
    [InlineData("https://email.us-east-1.amazonaws.com/v2/email/outbound-emails", "127.0.0.1:9001")]
    [InlineData("https://api.pwnedpasswords.com/range/21BD1", "127.0.0.1:9001")]
    [InlineData("http://127.0.0.1:4318/v1/traces", "127.0.0.1:9001")]
    [InlineData("http://127.0.0.1:9001/2018-06-01/runtime/invocation/next", null)]
    [InlineData("http://127.0.0.1:9001/2018-06-01/runtime/invocation/next", "")]
    [InlineData("http://127.0.0.1:9002/2018-06-01/runtime/invocation/next", "127.0.0.1:9001")]
    [InlineData("http://127.0.0.1/2018-06-01/runtime/invocation/next", "127.0.0.1:9001")]
    [InlineData("http://127.0.0.1:9001/2018-06-01/runtime/invocation/next", "not a host:port/")]
    public void Any_other_address_is_the_apps(string url, string? runtimeApi) =>
        Assert.False(LambdaEnvironment.IsRuntimeApi(new Uri(url), runtimeApi));

    [Fact]
    public void A_relative_address_is_the_apps() =>
        Assert.False(LambdaEnvironment.IsRuntimeApi(new Uri("/2018-06-01/runtime/invocation/next", UriKind.Relative), "127.0.0.1:9001"));
}
