using System.Text;
using System.Text.Json;
using CsCheck;
using Latch.Domain.Users;
using Latch.IntegrationTests.Support;
using Microsoft.Data.Sqlite;

namespace Latch.IntegrationTests;

/// <summary>
/// Every endpoint against hostile bodies: named attacks first, then a few thousand generated structured
/// bodies. Every answer must be a 4xx problem+json (or a legitimate success), never a 5xx, and the store must
/// hold nothing that its rules would refuse.
/// </summary>
public sealed class HostileInputTests : IClassFixture<HostileInputTests.Fixture>
{
    private readonly Fixture _fixture;

    public HostileInputTests(Fixture fixture) => _fixture = fixture;

    public sealed record Target(HttpMethod Method, string Path, bool Authenticated, string[] Fields)
    {
        public override string ToString() => $"{Method} {Path}";
    }

    public static readonly Target[] Targets =
    [
        new(HttpMethod.Post, "/v1/auth/register", false, ["email", "password", "displayName"]),
        new(HttpMethod.Post, "/v1/auth/login", false, ["email", "password"]),
        new(HttpMethod.Post, "/v1/auth/refresh", false, ["refreshToken"]),
        new(HttpMethod.Patch, "/v1/users/me", true, ["displayName"]),
        new(HttpMethod.Post, "/v1/users/me/password", true, ["currentPassword", "newPassword"]),
        new(HttpMethod.Delete, "/v1/users/me", true, ["password"]),
        // scope=others: a local logout would end the fixture's one session, and every later request would get 401.
        new(HttpMethod.Post, "/v1/auth/logout?scope=others", true, []),
        new(HttpMethod.Delete, "/v1/users/me/sessions/00000000-0000-0000-0000-000000000000", true, []),
    ];

    public static TheoryData<int, string> NamedAttacks()
    {
        var data = new TheoryData<int, string>();
        for (var t = 0; t < Targets.Length; t++)
        {
            foreach (var attack in Attacks.Keys)
            {
                data.Add(t, attack);
            }
        }

        return data;
    }

    private static readonly Dictionary<string, Func<Target, byte[]>> Attacks = new()
    {
        ["malformed JSON"] = _ => Utf8("{\"email\": \"a@example.com\", "),
        ["wrong types"] = t => Utf8(Object(t, _ => "12345")),
        ["booleans and arrays"] = t => Utf8(Object(t, i => i % 2 == 0 ? "true" : "[\"a\",\"b\"]")),
        ["missing fields"] = _ => Utf8("{}"),
        ["nulls"] = t => Utf8(Object(t, _ => "null")),
        ["extra fields"] = t => Utf8(Object(t, _ => "\"x\"", """ "isAdmin":true, "id":"00000000-0000-0000-0000-000000000001", "version":7, """)),
        ["huge strings"] = t => Utf8(Object(t, _ => JsonSerializer.Serialize(new string('A', 5000)))),
        ["control characters and NUL"] = t => Utf8(Object(t, _ => "\"a\\u0000b\\u0001c\\u001fd\\u007f@example.com\"")),
        ["lone surrogates"] = t => Utf8(Object(t, _ => "\"\\ud800abc\\udfff@example.com\"")),
        ["invalid UTF-8"] = _ => [.. Utf8("{\"email\":\"a"), 0xC3, 0x28, 0xFF, .. Utf8("@example.com\",\"password\":\"x\"}")],
        ["Mongo operators"] = t => Utf8(Object(t, _ => """{"$ne":null}""")),
        ["Mongo operator strings"] = t => Utf8(Object(t, _ => "\"{\\\"$gt\\\":\\\"\\\"}\"")),
        ["one megabyte"] = _ => Utf8("{\"email\":\"" + new string('a', 1024 * 1024) + "\"}"),
        ["deep nesting"] = _ => Utf8(string.Concat(Enumerable.Repeat("{\"a\":", 64)) + "1" + new string('}', 64)),
        ["array root"] = _ => Utf8("[]"),
        ["null root"] = _ => Utf8("null"),
        ["duplicate properties"] = t => Utf8(Object(t, _ => "\"a\"", t.Fields.Length > 0 ? $"\"{t.Fields[0]}\":\"b\"," : "")),
    };

    [Theory]
    [MemberData(nameof(NamedAttacks))]
    public async Task Named_attacks_get_a_4xx_problem_and_never_a_5xx(int target, string attack)
    {
        var status = await _fixture.SendAsync(Targets[target], Attacks[attack](Targets[target]));
        Assert.True(status is >= 200 and < 500, $"{Targets[target]} / {attack}: {status}");
    }

    [Fact]
    public async Task Thousands_of_generated_bodies_never_get_a_5xx_and_leave_the_store_clean()
    {
        var leaf = Gen.OneOf(
            Gen.String.Select(s => JsonSerializer.Serialize(s)),
            Gen.Char.Array[0, 40].Select(c => JsonSerializer.Serialize(new string(c))),
            Gen.OneOf("\"\"", "\" \"", "\"a@b.co\"", "\"ann@example.com\"", "\"correct horse battery staple\"",
                "\"\\u0000\"", "\"$where\"", "\"\\u202e\"", "\"1qaz2wsx3edc4rfv\""),
            Gen.Int.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Gen.Double.Select(d => double.IsFinite(d) ? d.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : "1e400"),
            Gen.OneOf("true", "false", "null", "[]", "{}", """{"$ne":null}""", """{"$gt":""}""", "[1,\"a\",null]"));
        var body = Gen.Select(Gen.Int[0, Targets.Length - 1], Gen.Bool, Gen.Int[0, 6].SelectMany(n =>
                Gen.Select(Gen.OneOf(Gen.Int[0, 9].Select(i => $"f{i}"), Gen.String[0, 12], Gen.Const("field")).Array[n], leaf.Array[n])),
            (target, useSchemaNames, pairs) =>
            {
                var t = Targets[target];
                var (names, values) = pairs;
                var props = names.Select((name, i) =>
                {
                    var key = useSchemaNames && t.Fields.Length > 0 ? t.Fields[i % t.Fields.Length] : name;
                    return $"{JsonSerializer.Serialize(key)}:{values[i]}";
                }).Distinct();
                return (Target: target, Json: "{" + string.Join(',', props) + "}");
            });

        var statuses = new System.Collections.Concurrent.ConcurrentBag<int>();
        await body.SampleAsync(async sample =>
        {
            var status = await _fixture.SendAsync(Targets[sample.Target], Utf8(sample.Json));
            statuses.Add(status);
            Assert.True(status is >= 200 and < 500, $"{Targets[sample.Target]} {sample.Json}: {status}");
        }, iter: 2000, threads: 1);

        // The generator must reach past the parser: validation, credentials checks and successes too.
        var seen = statuses.GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        var histogram = string.Join(", ", seen.OrderBy(p => p.Key).Select(p => $"{p.Key}×{p.Value}"));
        Assert.Equal(2000, statuses.Count);
        Assert.True(seen.ContainsKey(400) && seen.ContainsKey(401), histogram);
        Console.WriteLine($"Generated-body statuses: {histogram}");
        _fixture.AssertStoreClean();
    }

    private static string Object(Target target, Func<int, string> value, string prefix = "") =>
        "{" + prefix + string.Join(',', target.Fields.Select((f, i) => $"\"{f}\":{value(i)}")) + "}";

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public sealed class Fixture : IDisposable
    {
        private readonly LatchFactory _factory = new(new Dictionary<string, string?>
        {
            ["RateLimiting:PerIp:BurstLimit"] = "1000000",
            ["RateLimiting:PerIp:PerMinute"] = "1000000",
            ["RateLimiting:Auth:PerMinute"] = "1000000",
            ["Lockout:FreeFailures"] = "1000000",
        });

        private readonly HttpClient _client;
        private string _accessToken;

        public Fixture()
        {
            _client = _factory.CreateClient();
            _accessToken = _client.Register().GetAwaiter().GetResult().AccessToken;
        }

        public async Task<int> SendAsync(Target target, byte[] body)
        {
            using var request = new HttpRequestMessage(target.Method, target.Path) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            if (target.Authenticated)
            {
                request.WithBearer(_accessToken);
            }

            using var response = await _client.SendAsync(request);
            var status = (int)response.StatusCode;
            if (target.Method == HttpMethod.Delete && target.Path == "/v1/users/me" && status == 204)
            {
                // A generated body held the password and deleted the account: carry on with a new one.
                _accessToken = (await _client.Register()).AccessToken;
            }

            if (status >= 400)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                var problem = await response.Body();
                Assert.False(string.IsNullOrEmpty(problem.GetProperty("code").GetString()));
                Assert.DoesNotContain("Exception", problem.ToString(), StringComparison.Ordinal);
            }

            return status;
        }

        /// <summary>Every stored user passes the rules its fields were checked against.</summary>
        public void AssertStoreClean()
        {
            using var connection = new SqliteConnection($"Data Source={_factory.DatabasePath}");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT email, display_name, password_hash FROM users";
            using var reader = command.ExecuteReader();
            var rows = 0;
            while (reader.Read())
            {
                rows++;
                var email = reader.GetString(0);
                Assert.Equal(email, Email.Create(email).Value.Value);
                Assert.True(DisplayName.Create(reader.GetString(1)).IsSuccess, reader.GetString(1));
                Assert.StartsWith("$latch-hs384$", reader.GetString(2));
            }

            Assert.True(rows >= 1);
        }

        public void Dispose()
        {
            _client.Dispose();
            _factory.Dispose();
        }
    }
}
