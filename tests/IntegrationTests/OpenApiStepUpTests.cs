using System.Text.Json;
using Latch.IntegrationTests.Support;

namespace Latch.IntegrationTests;

/// <summary>Step-up in the served document: the operation, its answers and shapes, and the changes that may ask for it.</summary>
public sealed class OpenApiStepUpTests(SharedFactory factory) : IClassFixture<SharedFactory>
{
    [Fact]
    public async Task Step_up_is_a_bearer_operation_with_its_statuses_its_request_and_an_access_token_answer()
    {
        var document = await Document();
        var operation = document.GetProperty("paths").GetProperty("/v1/auth/step-up").GetProperty("post");
        Assert.Equal("stepUp", operation.GetProperty("operationId").GetString());
        Assert.True(Assert.Single(operation.GetProperty("security").EnumerateArray().ToArray()).TryGetProperty("Bearer", out _));
        var statuses = operation.GetProperty("responses").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.All(new[] { "200", "400", "401", "403", "409", "413", "415", "429", "503" }, s => Assert.Contains(s, statuses));

        var schemas = document.GetProperty("components").GetProperty("schemas");
        Assert.Equal(["code", "recoveryCode"],
            schemas.GetProperty("StepUpRequest").GetProperty("properties").EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(["accessToken", "expiresIn", "tokenType"],
            schemas.GetProperty("AccessTokenResponse").GetProperty("properties").EnumerateObject().Select(p => p.Name).Order());
        Assert.Contains("invalid_mfa_code", operation.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains("mfa_not_enrolled", operation.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/v1/users/me/password", "post")]
    [InlineData("/v1/users/me/email", "post")]
    [InlineData("/v1/users/me", "delete")]
    public async Task The_changes_that_need_a_recent_second_factor_say_so_and_document_403(string path, string method)
    {
        var operation = (await Document()).GetProperty("paths").GetProperty(path).GetProperty(method);
        Assert.Contains("403 step_up_required", operation.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains("/v1/auth/step-up", operation.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.True(operation.GetProperty("responses").TryGetProperty("403", out _));
    }

    private async Task<JsonElement> Document()
    {
        using var response = await factory.CreateClient().GetAsync("/openapi/v1.json");
        return await response.Body();
    }
}
