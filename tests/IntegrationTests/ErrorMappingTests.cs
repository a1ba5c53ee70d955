using System.Net;
using Latch.Application.Common.Interfaces;
using Latch.Domain.Common;
using Latch.IntegrationTests.Support;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Latch.IntegrationTests;

public sealed class ErrorMappingTests
{
    private const string Secret = "mongodb://admin:hunter2@db.internal:27017";

    [Fact]
    public async Task An_unexpected_exception_is_a_500_problem_with_nothing_internal_in_it()
    {
        await using var app = new LatchFactory().WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.AddSingleton<IPasswordHasher>(new ThrowingHasher(new InvalidOperationException(Secret)))));
        using var response = await app.CreateClient().PostJson("/v1/auth/register", new { email = Api.NewEmail(), password = Api.StrongPassword });

        var problem = await response.AssertProblem(HttpStatusCode.InternalServerError, "internal_error");
        var text = problem.ToString();
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_store_outage_is_503_unavailable_with_Retry_After_and_ready_turns_503()
    {
        await using var app = new LatchFactory().WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        {
            s.AddSingleton<IPasswordHasher>(new ThrowingHasher(new StoreUnavailableException("store down: " + Secret)));
            s.AddHealthChecks().AddCheck("down", () => HealthCheckResult.Unhealthy("down: " + Secret), ["ready"]);
        }));
        var client = app.CreateClient();

        using var response = await client.PostJson("/v1/auth/register", new { email = Api.NewEmail(), password = Api.StrongPassword });
        var problem = await response.AssertProblem(HttpStatusCode.ServiceUnavailable, "unavailable");
        Assert.True(response.Headers.RetryAfter is not null);
        Assert.DoesNotContain("hunter2", problem.ToString(), StringComparison.Ordinal);

        using var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.DoesNotContain("hunter2", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var live = await client.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    private sealed class ThrowingHasher(Exception exception) : IPasswordHasher
    {
        public ValueTask<Result<string>> HashAsync(string password, CancellationToken cancellationToken) => throw exception;

        public ValueTask<Result<PasswordCheck>> VerifyAsync(string password, string storedHash, CancellationToken cancellationToken) =>
            throw exception;

        public ValueTask<Result> VerifyAgainstDummyAsync(string password, CancellationToken cancellationToken) => throw exception;
    }
}
