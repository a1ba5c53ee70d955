using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Latch.LambdaEmulator;

namespace Latch.LambdaTests;

/// <summary>The emulator's HTTP front: real HTTP in, API Gateway events to the real Host.Lambda, real HTTP out.</summary>
public sealed class FrontDoorTests(BuiltFunction function) : IClassFixture<BuiltFunction>
{
    [Theory]
    [InlineData(EventFormat.V1)]
    [InlineData(EventFormat.V2)]
    public async Task Plain_HTTP_reaches_the_app_through_the_Lambda_path(EventFormat format)
    {
        await using var front = await FrontDoor.StartAsync(function.Emulator, format);
        using var http = new HttpClient { BaseAddress = front.Address };

        using var live = await http.GetAsync("/health/live");
        using var missing = await http.GetAsync("/no/such/route?x=1");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", (await live.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", missing.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task A_named_stage_is_part_of_the_URL_as_on_execute_api()
    {
        await using var front = await FrontDoor.StartAsync(function.Emulator, EventFormat.V1, stage: "prod");
        using var http = new HttpClient { BaseAddress = front.Address };

        using var staged = await http.GetAsync("/prod/health/live");
        using var unstaged = await http.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, staged.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unstaged.StatusCode);
    }
}
