using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Latch.Application.Common.Interfaces;
using Latch.Application.Common.Models;
using Latch.Application.Users.GetMe;
using Latch.Domain.Common;
using Latch.Domain.Users;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace Latch.Benchmarks;

/// <summary>
/// One request through the source-generated mediator — logging behaviour (span + log call), validation behaviour,
/// handler — against the same work done by hand (find the user, map the response), over an in-memory repository
/// (the pipeline alone) and over the embedded store (what <c>GET /v1/users/me</c> does).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class MediatorBenchmarks
{
    private LatchApp _memoryApp = null!;
    private LatchApp _sqliteApp = null!;
    private ISender _memorySender = null!;
    private ISender _sqliteSender = null!;
    private IUserRepository _memoryUsers = null!;
    private IUserRepository _sqliteUsers = null!;
    private GetMeQuery _memoryQuery = null!;
    private GetMeQuery _sqliteQuery = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        var memory = new InMemoryUsers();
        _memoryApp = LatchApp.Create(configure: s => s.AddSingleton<IUserRepository>(memory));
        // In memory, the user only: the embedded store behind the session repository has no such user to refer to.
        var (user, session) = await _memoryApp.SeedAsync(0);
        _memoryQuery = new GetMeQuery(new CurrentUser(user.Id, session.Id));
        _memorySender = _memoryApp.Services.GetRequiredService<ISender>();
        _memoryUsers = memory;

        _sqliteApp = LatchApp.Create();
        (user, session) = await _sqliteApp.SeedAsync(1);
        _sqliteQuery = new GetMeQuery(new CurrentUser(user.Id, session.Id));
        _sqliteSender = _sqliteApp.Services.GetRequiredService<ISender>();
        _sqliteUsers = _sqliteApp.Services.GetRequiredService<IUserRepository>();
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _memoryApp.DisposeAsync();
        await _sqliteApp.DisposeAsync();
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("in-memory")]
    public Task<UserResponse?> ByHand_InMemory() => ByHand(_memoryUsers, _memoryQuery);

    [Benchmark]
    [BenchmarkCategory("in-memory")]
    public ValueTask<Result<UserResponse>> Mediator_InMemory() => _memorySender.Send(_memoryQuery);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("sqlite")]
    public Task<UserResponse?> ByHand_Sqlite() => ByHand(_sqliteUsers, _sqliteQuery);

    [Benchmark]
    [BenchmarkCategory("sqlite")]
    public ValueTask<Result<UserResponse>> Mediator_Sqlite() => _sqliteSender.Send(_sqliteQuery);

    private static async Task<UserResponse?> ByHand(IUserRepository users, GetMeQuery query)
    {
        var user = await users.FindByIdAsync(query.Caller.UserId, CancellationToken.None);
        return user is null ? null : new UserResponse(user.Id.Value, user.Email.Value, user.DisplayName.Value, user.CreatedAt,
            new SecondFactorStatus(user.HasSecondFactor, user.Totp?.RecoveryCodeHashes.Count ?? 0));
    }

    private sealed class InMemoryUsers : IUserRepository
    {
        private readonly Dictionary<UserId, User> _users = [];

        public Task<User?> FindByIdAsync(UserId id, CancellationToken cancellationToken) =>
            Task.FromResult(_users.GetValueOrDefault(id));

        public Task<User?> FindByEmailAsync(Email email, CancellationToken cancellationToken) =>
            Task.FromResult(_users.Values.FirstOrDefault(u => u.Email == email));

        public Task<bool> TryAddAsync(User user, CancellationToken cancellationToken) => Task.FromResult(_users.TryAdd(user.Id, user));

        public Task<bool> TryUpdateAsync(User user, CancellationToken cancellationToken) => Task.FromResult(true);

        public Task<bool> DeleteAsync(UserId id, CancellationToken cancellationToken) => Task.FromResult(_users.Remove(id));
    }
}
