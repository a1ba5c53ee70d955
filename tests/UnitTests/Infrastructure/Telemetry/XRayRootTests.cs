using Latch.Infrastructure.Telemetry.XRay;

namespace Latch.UnitTests.Infrastructure.Telemetry;

/// <summary>The Root of an incoming X-Amzn-Trace-Id, as load balancers send it (no Parent, often no Sampled).</summary>
public sealed class XRayRootTests
{
    [Theory]
    [InlineData("Root=1-67891233-abcdef012345678912345678", null)]
    [InlineData("Self=1-67891233-12456789abcdef012345678;Root=1-67891233-abcdef012345678912345678", null)]
    [InlineData("Root=1-67891233-abcdef012345678912345678;Sampled=1", true)]
    [InlineData("Root=1-67891233-abcdef012345678912345678;Sampled=0", false)]
    [InlineData("Root=1-67891233-abcdef012345678912345678;Sampled=?", null)]
    [InlineData(" Root=1-67891233-abcdef012345678912345678 ; Parent=53995c3f42cd8ad8 ", null)]
    public void A_valid_root_names_the_trace_and_the_decision_if_any(string header, bool? sampled)
    {
        Assert.True(XRayTraceHeader.TryParseRoot(header, out var traceId, out var decision));
        Assert.Equal("67891233abcdef012345678912345678", traceId.ToHexString());
        Assert.Equal(sampled, decision);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Self=1-67891233-abcdef012345678912345678")]
    [InlineData("Root=1-67891233-ABCDEF012345678912345678")]
    [InlineData("Root=1-00000000-000000000000000000000000")]
    [InlineData("Root=2-67891233-abcdef012345678912345678")]
    [InlineData("RootX=1-67891233-abcdef012345678912345678")]
    public void Anything_else_names_no_trace(string? header) =>
        Assert.False(XRayTraceHeader.TryParseRoot(header, out _, out _));
}
