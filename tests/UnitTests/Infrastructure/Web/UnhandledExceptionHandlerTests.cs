using System.Text.Json;
using Latch.Infrastructure.Web.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Latch.UnitTests.Infrastructure.Web;

public sealed class UnhandledExceptionHandlerTests
{
    [Fact]
    public async Task An_unexpected_exception_becomes_a_bare_500_with_nothing_internal_in_it()
    {
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();
        var secret = "mongodb://admin:hunter2@db.internal:27017";
        var handler = new UnhandledExceptionHandler(NullLogger<UnhandledExceptionHandler>.Instance);

        var handled = await handler.TryHandleAsync(context, new InvalidOperationException(secret), CancellationToken.None);

        Assert.True(handled);
        Assert.Equal(500, context.Response.StatusCode);
        Assert.Equal("application/problem+json", context.Response.ContentType);
        context.Response.Body.Position = 0;
        var body = await new StreamReader(context.Response.Body).ReadToEndAsync();
        Assert.DoesNotContain("hunter2", body, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", body, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", body, StringComparison.Ordinal);
        Assert.Equal("internal_error", JsonDocument.Parse(body).RootElement.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData(413, 413, "payload_too_large")]
    [InlineData(415, 415, "unsupported_media_type")]
    [InlineData(400, 400, "malformed_request")]
    public void Framework_bad_requests_keep_their_4xx(int thrownStatus, int expectedStatus, string expectedCode)
    {
        var (status, code, _) = UnhandledExceptionHandler.Classify(new BadHttpRequestException("x", thrownStatus));
        Assert.Equal(expectedStatus, status);
        Assert.Equal(expectedCode, code);
    }
}
