using Latch.Infrastructure.Telemetry;

namespace Latch.UnitTests.Infrastructure.Telemetry;

/// <summary>The runtime's X-Ray header as the W3C parent of a Lambda request (the same parser as the propagator's).</summary>
public sealed class TraceParentTests
{
    [Theory]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
        "00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01")]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0",
        "00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-00")]
    [InlineData(" Sampled=1 ; Lineage=a87bd80c:1|68fd508a:5 ;Parent=53995c3f42cd8ad8; Root=1-5759e988-bd862e3fe1be46a994272793",
        "00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01")]
    public void A_valid_header_becomes_a_traceparent(string header, string expected) =>
        Assert.Equal(expected, InvocationTelemetry.TraceParentOf(header));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8")]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1")]
    [InlineData("Root=1-5759E988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1")]
    [InlineData("Root=1-00000000-000000000000000000000000;Parent=53995c3f42cd8ad8;Sampled=1")]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=0000000000000000;Sampled=1")]
    [InlineData("Root=2-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1")]
    [InlineData("RootX=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1")]
    public void Anything_else_gives_no_parent(string? header) => Assert.Null(InvocationTelemetry.TraceParentOf(header));
}
