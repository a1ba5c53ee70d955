using System.Net;
using Latch.IntegrationTests.Support;
using Microsoft.Data.Sqlite;

namespace Latch.IntegrationTests;

public sealed class PasswordRuleTests(SharedFactory factory) : IClassFixture<SharedFactory>
{
    [Theory]
    [InlineData(14, HttpStatusCode.BadRequest)]
    [InlineData(15, HttpStatusCode.Created)]
    [InlineData(128, HttpStatusCode.Created)]
    [InlineData(129, HttpStatusCode.BadRequest)]
    public async Task Length_is_15_to_128_characters(int length, HttpStatusCode expected)
    {
        var password = string.Concat(Enumerable.Range(0, length).Select(i => (char)('a' + i * 7 % 26)));
        using var response = await factory.CreateClient().PostJson("/v1/auth/register", new { email = Api.NewEmail(), password });
        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Length_counts_code_points_not_UTF16_units()
    {
        // 15 emoji: 30 UTF-16 units, 60 UTF-8 bytes, 15 characters.
        var password = string.Concat(Enumerable.Repeat("\U0001F510", 15));
        using var response = await factory.CreateClient().PostJson("/v1/auth/register", new { email = Api.NewEmail(), password });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Two_long_passwords_sharing_their_first_72_bytes_are_different_passwords()
    {
        var client = factory.CreateClient();
        var shared = new string('k', 72);
        var email = Api.NewEmail();
        await client.Register(email, shared + "-first-ending-0000000000");
        using var wrong = await client.PostJson("/v1/auth/login", new { email, password = shared + "-other-ending-1111111111" });
        await wrong.AssertProblem(HttpStatusCode.Unauthorized, "invalid_credentials");
        await client.Login(email, shared + "-first-ending-0000000000");
    }

    [Fact]
    public async Task Precomposed_and_decomposed_letters_are_the_same_password()
    {
        var client = factory.CreateClient();
        var email = Api.NewEmail();
        await client.Register(email, "caf\u00e9 au lait every morning");
        await client.Login(email, "cafe\u0301 au lait every morning");
    }

    [Fact]
    public async Task A_common_password_is_refused()
    {
        using var response = await factory.CreateClient().PostJson("/v1/auth/register",
            new { email = Api.NewEmail(), password = "1qaz2wsx3edc4rfv" });
        var problem = await response.AssertProblem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Contains("common", problem.GetProperty("errors").GetProperty("password")[0].GetString());
    }

    [Fact]
    public async Task A_password_containing_the_email_local_part_is_refused()
    {
        using var response = await factory.CreateClient().PostJson("/v1/auth/register",
            new { email = "margarethe@example.com", password = "my name is MARGARETHE ok" });
        var problem = await response.AssertProblem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Contains("email", problem.GetProperty("errors").GetProperty("password")[0].GetString());
    }

    [Theory]
    [InlineData("$2a$")]
    [InlineData("$2b$")]
    [InlineData("$2y$")]
    public async Task A_plain_bcrypt_hash_made_elsewhere_verifies_and_is_upgraded(string prefix)
    {
        var client = factory.CreateClient();
        var email = Api.NewEmail("imported");
        var tokens = await client.Register(email);
        var legacy = BCrypt.Net.BCrypt.HashPassword("an imported password of old", 10);
        legacy = prefix + legacy[4..];
        SetHash(tokens.UserId, legacy);

        await client.Login(email, "an imported password of old");

        var upgraded = ReadHash(tokens.UserId);
        Assert.StartsWith("$latch-hs384$", upgraded);
        await client.Login(email, "an imported password of old");
    }

    [Fact]
    public async Task A_hash_below_the_configured_cost_is_rehashed_on_login()
    {
        await using var stronger = new LatchFactory(new Dictionary<string, string?>
        {
            ["Passwords:BcryptWorkFactor"] = "11",
        });
        var email = Api.NewEmail();
        await using (var weaker = new LatchFactory(new Dictionary<string, string?>
        {
            ["Storage:Sqlite:Path"] = stronger.DatabasePath,
            ["Passwords:Pepper"] = stronger.Setting("Passwords:Pepper"),
        }))
        {
            await weaker.CreateClient().Register(email);
        }

        var userId = (await stronger.CreateClient().Login(email)).UserId;
        Assert.Contains("$2a$11$", ReadHash(userId, stronger.DatabasePath));
    }

    private void SetHash(string userId, string hash)
    {
        using var connection = new SqliteConnection($"Data Source={factory.DatabasePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE users SET password_hash = $hash WHERE id = $id";
        command.Parameters.AddWithValue("$hash", hash);
        command.Parameters.AddWithValue("$id", userId);
        Assert.Equal(1, command.ExecuteNonQuery());
    }

    private string ReadHash(string userId, string? path = null)
    {
        using var connection = new SqliteConnection($"Data Source={path ?? factory.DatabasePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT password_hash FROM users WHERE id = $id";
        command.Parameters.AddWithValue("$id", userId);
        return (string)command.ExecuteScalar()!;
    }
}
