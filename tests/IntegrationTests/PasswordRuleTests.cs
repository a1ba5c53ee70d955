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
        // 15 different emoji (the same one 15 times is refused as repetitive): 30 UTF-16 units, 60 UTF-8 bytes, 15 characters.
        var password = string.Concat(Enumerable.Range(0x1F600, 15).Select(char.ConvertFromUtf32));
        Assert.Equal(30, password.Length);
        using var response = await factory.CreateClient().PostJson("/v1/auth/register", new { email = Api.NewEmail(), password });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Two_long_passwords_sharing_their_first_72_bytes_are_different_passwords()
    {
        var client = factory.CreateClient();
        // 72 bytes without a repeated pattern (a repeated one would be refused before the hash is reached).
        var shared = string.Concat(Enumerable.Range(0, 72).Select(i => (char)('a' + i * 7 % 26)));
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

    [Theory]
    [InlineData("passwordpassword", "common repetitive")]
    [InlineData("aaaaaaaaaaaaaaa", "common repetitive")]
    [InlineData("123456789012345", "common sequential")]
    [InlineData("qwertyuiopasdfgh", "common sequential")]
    [InlineData("perasperaadastra", "common")]
    [InlineData("manchesterunited", "common")]
    [InlineData("bbbbbbbbbbbbbbbbbbbbbbb", "repetitive")]
    [InlineData("Sunflower Sunflower", "repetitive")]
    [InlineData("ghijklmnop7654321", "sequential")]
    [InlineData("lkjhgfdsapoiuytrewq", "sequential")]
    [InlineData("my latch password is strong", "context")]
    public async Task A_weak_password_is_refused_naming_each_rule_it_breaks(string password, string rules)
    {
        using var response = await factory.CreateClient().PostJson("/v1/auth/register", new { email = Api.NewEmail(), password });

        var problem = await response.AssertProblem(HttpStatusCode.BadRequest, "validation_failed");
        var named = problem.GetProperty("passwordRules").GetProperty("password").EnumerateArray().Select(r => r.GetString()).ToArray();
        Assert.Equal(rules.Split(' '), named);
        Assert.Equal(named.Length, problem.GetProperty("errors").GetProperty("password").GetArrayLength());
    }

    [Theory]
    [InlineData("ann.lindqvist@northwind.example", "lindqvist was here long ago")]
    [InlineData("ann.lindqvist@northwind.example", "greetings from northwind again")]
    [InlineData("ann.lindqvist@northwind.example", "ANN.LINDQVIST in capitals now")]
    public async Task A_password_built_from_the_email_is_refused_as_context(string email, string password)
    {
        using var response = await factory.CreateClient().PostJson("/v1/auth/register", new { email, password });

        var problem = await response.AssertProblem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(["context"], problem.GetProperty("passwordRules").GetProperty("password").EnumerateArray().Select(r => r.GetString()));
    }

    [Theory]
    [InlineData("correct horse battery staple")]
    [InlineData("a long passphrase nobody would guess 42")]
    [InlineData("typewriter quiet poetry mornings")]
    [InlineData("vq8#Lm2!xR7@pK4z")]
    public async Task A_good_long_passphrase_is_accepted(string password)
    {
        using var response = await factory.CreateClient().PostJson("/v1/auth/register", new { email = Api.NewEmail(), password });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task A_password_change_to_a_weak_password_is_refused_naming_the_rule_for_newPassword()
    {
        var client = factory.CreateClient();
        var tokens = await client.Register();

        using var response = await client.Send(HttpMethod.Post, "/v1/users/me/password", tokens.AccessToken,
            new { currentPassword = Api.StrongPassword, newPassword = "0987654321poiuytrewq" });

        var problem = await response.AssertProblem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(["sequential"], problem.GetProperty("passwordRules").GetProperty("newPassword").EnumerateArray().Select(r => r.GetString()));
        await client.Login(tokens.Email);
    }

    [Fact]
    public async Task Other_validation_failures_name_no_password_rule()
    {
        using var response = await factory.CreateClient().PostJson("/v1/auth/register", new { email = "no-at-sign", password = Api.StrongPassword });
        var problem = await response.AssertProblem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.False(problem.TryGetProperty("passwordRules", out _), problem.ToString());
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
