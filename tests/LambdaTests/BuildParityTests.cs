using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Latch.LambdaEmulator;

namespace Latch.LambdaTests;

/// <summary>
/// What the function under test (in CI the Native AOT package) must do exactly as the JIT build does: describe the same
/// API, and issue and verify tokens with every kind of key it can be configured with.
/// </summary>
public sealed class BuildParityTests
{
    [Fact]
    public async Task The_OpenAPI_document_is_the_one_the_JIT_build_serves()
    {
        var underTest = await OpenApiDocumentAsync(api => FunctionProcess.StartBuilt(api));
        var jit = await OpenApiDocumentAsync(api => FunctionProcess.Start(api, "dotnet", TestPaths.BootstrapDll));

        Assert.StartsWith("3.", JsonDocument.Parse(underTest).RootElement.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.Equal(jit, underTest);
    }

    [Fact]
    public async Task An_HS256_signing_key_issues_tokens_it_verifies_and_an_ES256_verification_key_is_published()
    {
        using var es256 = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        await using var function = FunctionProcess.StartBuilt(emulator.RuntimeApi, new Dictionary<string, string?>
        {
            ["Jwt__Keys__0__Id"] = "current-hs256",
            ["Jwt__Keys__0__Algorithm"] = "HS256",
            ["Jwt__Keys__0__Secret"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Jwt__Keys__1__Id"] = "previous-es256",
            ["Jwt__Keys__1__Algorithm"] = "ES256",
            ["Jwt__Keys__1__PrivateKeyPem"] = es256.ExportPkcs8PrivateKeyPem(),
            ["Passwords__BcryptWorkFactor"] = "10",
        });
        await emulator.WaitUntilReadyAsync(() => function.Output, function);
        await using var front = await FrontDoor.StartAsync(emulator, EventFormat.V2);
        using var http = new HttpClient { BaseAddress = front.Address };

        using var register = await http.PostAsJsonAsync("/v1/auth/register",
            new { email = $"hs-{Guid.NewGuid():N}@example.com", password = "a long passphrase nobody would guess 42" });
        var token = (await register.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
        using var me = new HttpRequestMessage(HttpMethod.Get, "/v1/users/me");
        me.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var meResponse = await http.SendAsync(me);
        using var jwks = await http.GetAsync("/.well-known/jwks.json");

        Assert.Equal(HttpStatusCode.Created, register.StatusCode);
        var header = JsonDocument.Parse(Base64UrlDecode(token.Split('.')[0])).RootElement;
        Assert.Equal("HS256", header.GetProperty("alg").GetString());
        Assert.Equal("current-hs256", header.GetProperty("kid").GetString());
        Assert.Equal(HttpStatusCode.OK, meResponse.StatusCode);
        var published = Assert.Single((await jwks.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("keys").EnumerateArray());
        Assert.Equal("previous-es256", published.GetProperty("kid").GetString());
        Assert.Equal(Base64UrlEncode(es256.ExportParameters(false).Q.X!), published.GetProperty("x").GetString());
    }

    private static async Task<string> OpenApiDocumentAsync(Func<string, FunctionProcess> start)
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        await using var function = start(emulator.RuntimeApi);
        await emulator.WaitUntilReadyAsync(() => function.Output, function);
        var (_, response) = await emulator.SendAsync(EventFormat.V2, new HttpRequestData { RawPath = "/openapi/v1.json" });
        Assert.Equal(200, response.StatusCode);
        return response.Text;
    }

    private static byte[] Base64UrlDecode(string text) => System.Buffers.Text.Base64Url.DecodeFromChars(text);

    private static string Base64UrlEncode(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);
}
