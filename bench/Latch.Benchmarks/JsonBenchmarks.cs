using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Latch.Application.Common.Models;
using Latch.Infrastructure.Web.Contracts;
using Latch.Infrastructure.Web.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Latch.Benchmarks;

/// <summary>
/// The contract's shapes to and from UTF-8 JSON, three ways: reflection (what an app without a context gets), the
/// options the app's minimal APIs use (<c>ConfigureHttpJsonOptions</c>: the source-generated context first in the
/// resolver chain), and the source-generated context's own options; and the first use of fresh options, which is what
/// a cold start pays (reflection builds each type's metadata then; the context has it generated).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class JsonBenchmarks
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 9, 30, 0, TimeSpan.Zero);
    private static readonly UserResponse User = new(Guid.NewGuid(), "ann@example.com", "Ann", Now, new SecondFactorStatus(false, 0));

    private static readonly AuthResponse Auth = new("Bearer",
        "eyJhbGciOiJFUzI1NiIsImtpZCI6ImJlbmNoIiwidHlwIjoiYXQrand0In0." + new string('x', 300) + "." + new string('y', 86),
        900, new string('r', 98), 1_209_600, new string('d', 87), User);

    private static readonly SessionResponse[] Sessions =
        [.. Enumerable.Range(0, 5).Select(i => new SessionResponse(Guid.NewGuid(), Now, Now, Now.AddDays(14), "Mozilla/5.0 (X11; Linux x86_64)", "198.51.100." + i, i == 0))];

    private static readonly byte[] LoginJson = """{"email":"ann@example.com","password":"correct horse battery staple"}"""u8.ToArray();

    private static readonly byte[] RegisterJson =
        """{"email":"ann@example.com","password":"correct horse battery staple","displayName":"Ann"}"""u8.ToArray();

    private JsonSerializerOptions _reflection = null!;
    private JsonSerializerOptions _app = null!;
    private LatchApp _latch = null!;

    [GlobalSetup]
    public void Setup()
    {
        _latch = LatchApp.Create();
        _app = _latch.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        _reflection = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
            Converters = { new UtcSecondsConverter() },
        };
        _ = JsonSerializer.SerializeToUtf8Bytes(Auth, _reflection);
    }

    [GlobalCleanup]
    public ValueTask Cleanup() => _latch.DisposeAsync();

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("AuthResponse")]
    public byte[] Auth_Reflection() => JsonSerializer.SerializeToUtf8Bytes(Auth, _reflection);

    [Benchmark]
    [BenchmarkCategory("AuthResponse")]
    public byte[] Auth_AppOptions() => JsonSerializer.SerializeToUtf8Bytes(Auth, (JsonTypeInfo<AuthResponse>)_app.GetTypeInfo(typeof(AuthResponse)));

    [Benchmark]
    [BenchmarkCategory("AuthResponse")]
    public byte[] Auth_SourceGenerated() => JsonSerializer.SerializeToUtf8Bytes(Auth, LatchJsonContext.Default.AuthResponse);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("User")]
    public byte[] User_Reflection() => JsonSerializer.SerializeToUtf8Bytes(User, _reflection);

    [Benchmark]
    [BenchmarkCategory("User")]
    public byte[] User_AppOptions() => JsonSerializer.SerializeToUtf8Bytes(User, (JsonTypeInfo<UserResponse>)_app.GetTypeInfo(typeof(UserResponse)));

    [Benchmark]
    [BenchmarkCategory("User")]
    public byte[] User_SourceGenerated() => JsonSerializer.SerializeToUtf8Bytes(User, LatchJsonContext.Default.UserResponse);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Session[5]")]
    public byte[] Sessions_Reflection() => JsonSerializer.SerializeToUtf8Bytes<IReadOnlyList<SessionResponse>>(Sessions, _reflection);

    [Benchmark]
    [BenchmarkCategory("Session[5]")]
    public byte[] Sessions_AppOptions() => JsonSerializer.SerializeToUtf8Bytes<IReadOnlyList<SessionResponse>>(Sessions,
        (JsonTypeInfo<IReadOnlyList<SessionResponse>>)_app.GetTypeInfo(typeof(IReadOnlyList<SessionResponse>)));

    [Benchmark]
    [BenchmarkCategory("Session[5]")]
    public byte[] Sessions_SourceGenerated() => JsonSerializer.SerializeToUtf8Bytes(Sessions, LatchJsonContext.Default.IReadOnlyListSessionResponse);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("first use")]
    public byte[] FirstUse_Reflection()
    {
#pragma warning disable CA1869 // fresh options on purpose: this measures their first use
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
            Converters = { new UtcSecondsConverter() },
        };
        return JsonSerializer.SerializeToUtf8Bytes(Auth, options);
#pragma warning restore CA1869
    }

    [Benchmark]
    [BenchmarkCategory("first use")]
    public byte[] FirstUse_SourceGenerated() =>
        JsonSerializer.SerializeToUtf8Bytes(Auth, new LatchJsonContext(new JsonSerializerOptions(LatchJsonContext.Default.Options)).AuthResponse);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("LoginRequest")]
    public LoginRequest? Login_Reflection() => JsonSerializer.Deserialize<LoginRequest>(LoginJson, _reflection);

    [Benchmark]
    [BenchmarkCategory("LoginRequest")]
    public LoginRequest? Login_AppOptions() => JsonSerializer.Deserialize(LoginJson, (JsonTypeInfo<LoginRequest>)_app.GetTypeInfo(typeof(LoginRequest)));

    [Benchmark]
    [BenchmarkCategory("LoginRequest")]
    public LoginRequest? Login_SourceGenerated() => JsonSerializer.Deserialize(LoginJson, LatchJsonContext.Default.LoginRequest);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("RegisterRequest")]
    public RegisterRequest? Register_Reflection() => JsonSerializer.Deserialize<RegisterRequest>(RegisterJson, _reflection);

    [Benchmark]
    [BenchmarkCategory("RegisterRequest")]
    public RegisterRequest? Register_AppOptions() =>
        JsonSerializer.Deserialize(RegisterJson, (JsonTypeInfo<RegisterRequest>)_app.GetTypeInfo(typeof(RegisterRequest)));

    [Benchmark]
    [BenchmarkCategory("RegisterRequest")]
    public RegisterRequest? Register_SourceGenerated() => JsonSerializer.Deserialize(RegisterJson, LatchJsonContext.Default.RegisterRequest);
}
