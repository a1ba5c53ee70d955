using System.Net;
using Latch.IntegrationTests.Support;

namespace Latch.IntegrationTests;

public sealed class LoginTests(SharedFactory factory) : IClassFixture<SharedFactory>
{
    [Fact]
    public async Task Login_with_the_right_password_signs_in_whatever_the_email_case()
    {
        var client = factory.CreateClient();
        var email = Api.NewEmail();
        var registered = await client.Register(email);
        var tokens = await client.Login("  " + email.ToUpperInvariant());
        Assert.Equal(registered.UserId, tokens.UserId);
        Assert.NotEqual(registered.RefreshToken, tokens.RefreshToken);
    }

    [Fact]
    public async Task Unknown_email_and_wrong_password_get_the_same_answer()
    {
        var client = factory.CreateClient();
        var email = Api.NewEmail();
        await client.Register(email);

        using var unknown = await client.PostJson("/v1/auth/login", new { email = Api.NewEmail(), password = Api.StrongPassword });
        using var wrong = await client.PostJson("/v1/auth/login", new { email, password = "not the right password at all" });

        var a = await unknown.AssertProblem(HttpStatusCode.Unauthorized, "invalid_credentials");
        var b = await wrong.AssertProblem(HttpStatusCode.Unauthorized, "invalid_credentials");
        Assert.Equal(a.GetProperty("detail").GetString(), b.GetProperty("detail").GetString());
        Assert.Equal(a.EnumerateObject().Select(p => p.Name), b.EnumerateObject().Select(p => p.Name));
        Assert.False(unknown.Headers.Contains("WWW-Authenticate"));
    }

    [Theory]
    [InlineData("""{"email":"a@example.com"}""", "password")]
    [InlineData("""{"password":"whatever it is here"}""", "email")]
    public async Task Missing_fields_are_validation_failed(string json, string field)
    {
        using var response = await factory.CreateClient().PostAsync("/v1/auth/login", Api.Json(json));
        var problem = await response.AssertProblem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }
}
