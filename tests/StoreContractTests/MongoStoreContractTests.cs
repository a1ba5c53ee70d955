using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Latch.Domain.Sessions;
using Latch.Infrastructure.Persistence.Mongo;
using Microsoft.Extensions.Logging.Abstractions;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Latch.StoreContractTests;

/// <summary>
/// The contract against MongoDB: runs when <c>MONGODB_URI</c> names a server (each run uses a fresh database and
/// drops it), or when a <c>mongod</c> binary is on PATH (started on a temporary directory and a free port, and
/// stopped afterwards); otherwise every test reports itself skipped, with the reason.
/// </summary>
public sealed class MongoStoreContractTests(MongoStoreFixture fixture)
    : StoreContract(fixture), IClassFixture<MongoStoreFixture>
{
    /// <summary>MongoDB-only: the TTL index deletes a session once its expiry has passed, with no help from the service.</summary>
    [SkippableFact]
    public async Task MongoDB_deletes_an_expired_session_by_itself()
    {
        var stores = Open();
        Skip.If(fixture.Store is null || !fixture.OwnsServer,
            "Needs a mongod started by these tests (put mongod on PATH): its TTL monitor runs every second instead of every minute.");

        var user = await AddUserAsync(stores);
        var past = Now.AddDays(-20);
        var expired = Session.Start(SessionId.New(), user.Id, 1, RandomHash(), past, SessionPolicy.Default, null, null);
        Assert.True(await stores.Sessions.TryStartAsync(expired, CancellationToken.None));

        var deadline = Stopwatch.StartNew();
        while (await stores.Sessions.FindByIdAsync(expired.Id, CancellationToken.None) is not null)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), "The TTL monitor did not delete the expired session.");
            await Task.Delay(250);
        }
    }

    [SkippableFact]
    public async Task Every_index_is_in_place_after_start_up()
    {
        Open();
        var store = fixture.Store!;
        var users = await IndexNames(store.Users);
        var sessions = await IndexNames(store.Sessions);
        var failed = await IndexNames(store.FailedLogins);
        Assert.Contains("email_unique", users);
        Assert.Superset(new HashSet<string> { "secretHash_unique", "userId_createdAt", "expiresAt_ttl", "revokedAt_ttl" }, sessions);
        Assert.Contains("expiresAt_ttl", failed);
        // The mail collections' TTL indexes too, before any token or claim is written.
        Assert.Contains("expiresAt_ttl", await IndexNames(store.EmailTokens));
        Assert.Contains("expiresAt_ttl", await IndexNames(store.SentMail));

        // Idempotent: creating them again changes nothing and raises nothing.
        using (var again = new MongoStore(MongoConnection.ClientSettings(fixture.ConnectionString!), fixture.DatabaseName,
                   NullLogger<MongoStore>.Instance))
        {
            await again.EnsureIndexesAsync(CancellationToken.None);
        }

        Assert.Equal(sessions, await IndexNames(store.Sessions));
    }

    private static async Task<HashSet<string>> IndexNames<T>(IMongoCollection<T> collection)
    {
        var indexes = await (await collection.Indexes.ListAsync()).ToListAsync();
        return [.. indexes.Select(i => i["name"].AsString)];
    }
}

public sealed class MongoStoreFixture : IStoreFixture, IAsyncLifetime
{
    public const string UriVariable = "MONGODB_URI";

    private Process? _mongod;
    private string? _dataDirectory;

    public string? SkipReason { get; private set; }

    public Stores Stores { get; private set; } = null!;

    internal MongoStore? Store { get; private set; }

    public string? ConnectionString { get; private set; }

    /// <summary>A fresh database per run, dropped at the end, so a shared server is left as it was.</summary>
    public string DatabaseName { get; } = $"latch_contract_{Guid.NewGuid():N}";

    /// <summary>True when these tests started the mongod themselves.</summary>
    public bool OwnsServer => _mongod is not null;

    public async Task InitializeAsync()
    {
        ConnectionString = Environment.GetEnvironmentVariable(UriVariable);
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            if (FindOnPath("mongod") is not { } mongod)
            {
                SkipReason = $"MongoDB store contract skipped: set {UriVariable} (for example mongodb://localhost:27017) " +
                             "or put a mongod binary on PATH to run it against MongoDB.";
                return;
            }

            ConnectionString = await StartMongodAsync(mongod);
        }

        Store = new MongoStore(MongoConnection.ClientSettings(ConnectionString), DatabaseName, NullLogger<MongoStore>.Instance);
        await Store.EnsureIndexesAsync(CancellationToken.None);
        Stores = new Stores(
            new MongoUserRepository(Store),
            new MongoSessionRepository(Store),
            new MongoFailedLoginTracker(Store, RandomNumberGenerator.GetBytes(32)));
    }

    public async Task DisposeAsync()
    {
        if (Store is not null)
        {
            try
            {
                await Store.Database.Client.DropDatabaseAsync(DatabaseName);
            }
            catch (Exception exception) when (MongoErrors.IsUnavailable(exception))
            {
                // The server went away first; nothing is left to clean.
            }

            Store.Dispose();
        }

        if (_mongod is not null)
        {
            if (!_mongod.HasExited)
            {
                _mongod.Kill(entireProcessTree: true);
                await _mongod.WaitForExitAsync();
            }

            _mongod.Dispose();
        }

        if (_dataDirectory is not null)
        {
            try
            {
                Directory.Delete(_dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // Left to the OS temp cleanup.
            }
        }
    }

    private async Task<string> StartMongodAsync(string mongod)
    {
        _dataDirectory = Directory.CreateTempSubdirectory("latch-mongod-").FullName;
        var port = FreePort();
        var start = new ProcessStartInfo(mongod)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "--dbpath", _dataDirectory, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--bind_ip", "127.0.0.1", "--quiet", "--setParameter", "ttlMonitorSleepSecs=1",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        _mongod = Process.Start(start) ?? throw new InvalidOperationException("mongod did not start.");
        _mongod.OutputDataReceived += (_, _) => { };
        _mongod.ErrorDataReceived += (_, _) => { };
        _mongod.BeginOutputReadLine();
        _mongod.BeginErrorReadLine();

        var uri = $"mongodb://127.0.0.1:{port}/?serverSelectionTimeoutMS=1000";
        using var client = new MongoClient(uri);
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (_mongod.HasExited)
            {
                throw new InvalidOperationException($"mongod exited with code {_mongod.ExitCode} before it answered.");
            }

            try
            {
                await client.GetDatabase("admin").RunCommandAsync<BsonDocument>(new BsonDocument("ping", 1));
                return $"mongodb://127.0.0.1:{port}/";
            }
            catch (TimeoutException) when (waited.Elapsed < TimeSpan.FromSeconds(60))
            {
                // Still starting.
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? FindOnPath(string name)
    {
        var names = OperatingSystem.IsWindows() ? new[] { name + ".exe" } : [name];
        return (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(directory => names.Select(n => Path.Combine(directory, n)))
            .FirstOrDefault(File.Exists);
    }
}
