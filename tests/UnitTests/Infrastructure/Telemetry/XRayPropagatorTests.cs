using System.Diagnostics;
using Latch.Infrastructure.Telemetry.XRay;
using OpenTelemetry.Context.Propagation;

namespace Latch.UnitTests.Infrastructure.Telemetry;

/// <summary>The vectors of xray-vectors.md sections 2–4 (upstream OpenTelemetry .NET contrib tests and probes).</summary>
public sealed class XRayPropagatorTests
{
    private const string TraceId = "5759e988bd862e3fe1be46a994272793";
    private const string ParentId = "53995c3f42cd8ad8";
    private const string Valid = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
    private static readonly XRayPropagator Propagator = new();

    // Section 2: inject.
    [Theory]
    [InlineData(ActivityTraceFlags.Recorded, "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1")]
    [InlineData(ActivityTraceFlags.None, "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0")]
    public void Inject_writes_the_header(ActivityTraceFlags flags, string expected)
    {
        var carrier = new Dictionary<string, string>();
        Propagator.Inject(Context(TraceId, ParentId, flags), carrier, (c, k, v) => c[k] = v);
        Assert.Equal(expected, carrier["X-Amzn-Trace-Id"]);
    }

    [Fact]
    public void Inject_leaves_an_HTTP_request_that_already_has_the_header()
    {
        const string existing = "Root=1-00000-00000000000000000;Parent=123456789;Sampled=0";
        using var request = new HttpRequestMessage();
        request.Headers.TryAddWithoutValidation("X-Amzn-Trace-Id", existing);
        Propagator.Inject(Context(TraceId, ParentId, ActivityTraceFlags.Recorded), request,
            (r, k, v) => r.Headers.TryAddWithoutValidation(k, v));
        Assert.Equal(existing, Assert.Single(request.Headers.GetValues("X-Amzn-Trace-Id")));
    }

    [Fact]
    public void Inject_overwrites_the_header_in_any_other_carrier()
    {
        var carrier = new Dictionary<string, string> { ["X-Amzn-Trace-Id"] = "Root=1-00000-00000000000000000;Parent=123456789;Sampled=0" };
        Propagator.Inject(Context(TraceId, ParentId, ActivityTraceFlags.None), carrier, (c, k, v) => c[k] = v);
        Assert.Equal("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0", carrier["X-Amzn-Trace-Id"]);
    }

    [Fact]
    public void Inject_writes_nothing_for_an_invalid_context()
    {
        var carrier = new Dictionary<string, string>();
        Propagator.Inject(default, carrier, (c, k, v) => c[k] = v);
        Assert.Empty(carrier);
    }

    [Fact]
    public void Inject_a_W3C_style_id()
    {
        var carrier = new Dictionary<string, string>();
        Propagator.Inject(Context("4efaaf4d1e8720b39541901950019ee5", ParentId, ActivityTraceFlags.None), carrier, (c, k, v) => c[k] = v);
        Assert.Equal("Root=1-4efaaf4d-1e8720b39541901950019ee5;Parent=53995c3f42cd8ad8;Sampled=0", carrier["X-Amzn-Trace-Id"]);
    }

    // Sections 3 and 4: extract.
    [Theory]
    [InlineData(Valid, TraceId, ParentId, true)]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0", TraceId, ParentId, false)]
    [InlineData("Sampled=1;Parent=53995c3f42cd8ad8;Root=1-5759e988-bd862e3fe1be46a994272793", TraceId, ParentId, true)]
    [InlineData(Valid + ";Foo=Bar", TraceId, ParentId, true)]
    [InlineData(Valid + ";Lineage=a87bd80c:1|68fd508a:5|c512fbe3:2", TraceId, ParentId, true)]
    [InlineData(Valid + ";Lineage=32767:e65a2c4d:255", TraceId, ParentId, true)]
    [InlineData(Valid + ";Self=1-5759e989-aaaaaaaaaaaaaaaaaaaaaaaa", TraceId, ParentId, true)]
    [InlineData(Valid + ";", TraceId, ParentId, true)]
    [InlineData(" Root=1-5759e988-bd862e3fe1be46a994272793 ; Parent=53995c3f42cd8ad8 ; Sampled=1 ", TraceId, ParentId, true)]
    [InlineData("Root=1-00000000-d188f8fa79d48a391a778fa6;Parent=53995c3f42cd8ad8;Sampled=1", "00000000d188f8fa79d48a391a778fa6", ParentId, true)]
    [InlineData(Valid + ";Root=1-11111111-222222222222222222222222", "11111111222222222222222222222222", ParentId, true)]
    [InlineData("Root=1-4efaaf4d-1e8720b39541901950019ee5;Parent=53995c3f42cd8ad8;Sampled=0", "4efaaf4d1e8720b39541901950019ee5", ParentId, false)]
    [InlineData("Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1", "5bef4de7ad49b0e87f6ef6c87fc2e700", "9a9197af755a6419", true)]
    public void Extract_parses_valid_headers(string header, string traceId, string spanId, bool sampled)
    {
        var context = Extract(header).ActivityContext;
        Assert.Equal(traceId, context.TraceId.ToHexString());
        Assert.Equal(spanId, context.SpanId.ToHexString());
        Assert.Equal(sampled ? ActivityTraceFlags.Recorded : ActivityTraceFlags.None, context.TraceFlags);
        Assert.True(context.IsRemote);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1")]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8")]
    [InlineData("Root=15759e988bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1")]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=123;Sampled=1")]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=")]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=3")]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=123")]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=?")]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1;Lineage=a87bd80c:1|68fd508a:5|c512fbe3:2")]
    [InlineData(Valid + ";Foo")]
    [InlineData("Root=1-5759E988-BD862E3FE1BE46A994272793;Parent=53995c3f42cd8ad8;Sampled=1")]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995C3F42CD8AD8;Sampled=1")]
    [InlineData("Root=1-00000000-000000000000000000000000;Parent=53995c3f42cd8ad8;Sampled=1")]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=0000000000000000;Sampled=1")]
    [InlineData("Root=1-0-d188f8fa79d48a391a778fa6;Parent=53995c3f42cd8ad8;Sampled=1")]
    [InlineData("Root=2-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1")]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a99427279g;Parent=53995c3f42cd8ad8;Sampled=1")]
    [InlineData("root=1-5759e988-bd862e3fe1be46a994272793;parent=53995c3f42cd8ad8;sampled=1")]
    public void Extract_returns_the_incoming_context_for_anything_malformed(string header) =>
        Assert.Equal(default, Extract(header).ActivityContext);

    [Fact]
    public void Extract_keeps_an_already_valid_context_without_parsing()
    {
        var incoming = Context("12345678901234567890123456789012", "1234567890123456", ActivityTraceFlags.None);
        var result = Propagator.Extract(incoming, new Dictionary<string, string[]> { ["X-Amzn-Trace-Id"] = [Valid] }, Getter);
        Assert.Equal(incoming.ActivityContext, result.ActivityContext);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void Extract_parses_only_a_single_header_value(int count)
    {
        var carrier = new Dictionary<string, string[]> { ["X-Amzn-Trace-Id"] = [.. Enumerable.Repeat(Valid, count)] };
        Assert.Equal(default, Propagator.Extract(default, carrier, Getter).ActivityContext);
    }

    // Section 5: trace ids.
    [Fact]
    public void Root_trace_ids_start_with_the_epoch_seconds()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var id = XRayTraceIds.Create().ToHexString();
        var epoch = Convert.ToUInt32(id[..8], 16);
        Assert.InRange(epoch, before - 1, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
        Assert.NotEqual(XRayTraceIds.Create(), XRayTraceIds.Create());
        Assert.Equal("58406520", XRayTraceIds.Create(DateTimeOffset.FromUnixTimeSeconds(1480615200)).ToHexString()[..8]);
    }

    [Fact]
    public async Task Root_trace_ids_made_at_once_on_many_threads_within_one_second_are_all_distinct()
    {
        var now = DateTimeOffset.UtcNow;
        var batches = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            Enumerable.Range(0, 25_000).Select(_ => XRayTraceIds.Create(now).ToHexString()).ToArray())));
        var ids = batches.SelectMany(b => b).ToArray();
        Assert.Equal(ids.Length, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.NotEqual(new string('0', 24), id[8..]));
    }

    // The hosting propagator: X-Ray first, then W3C.
    [Fact]
    public void The_hosting_propagator_turns_an_XRay_header_into_a_W3C_parent()
    {
        var propagator = new XRayContextPropagator(DistributedContextPropagator.CreateW3CPropagator());
        var headers = new Dictionary<string, string> { ["X-Amzn-Trace-Id"] = Valid, ["traceparent"] = "00-11111111111111111111111111111111-2222222222222222-01" };
        propagator.ExtractTraceIdAndState(headers, (carrier, name, out value, out values) =>
        {
            values = null;
            value = ((Dictionary<string, string>)carrier!).GetValueOrDefault(name);
        }, out var parent, out _);
        Assert.Equal($"00-{TraceId}-{ParentId}-01", parent);
    }

    private static PropagationContext Extract(string header) =>
        Propagator.Extract(default, new Dictionary<string, string[]> { ["X-Amzn-Trace-Id"] = [header] }, Getter);

    private static IEnumerable<string>? Getter(Dictionary<string, string[]> carrier, string name) =>
        carrier.TryGetValue(name, out var values) ? values : null;

    private static PropagationContext Context(string traceId, string spanId, ActivityTraceFlags flags) =>
        new(new ActivityContext(ActivityTraceId.CreateFromString(traceId), ActivitySpanId.CreateFromString(spanId), flags), default);
}
