using Latch.Application.Common.Interfaces;
using Latch.Domain.Sessions;
using Latch.Domain.Users;
using Microsoft.Extensions.Logging;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Latch.Infrastructure.Persistence.Mongo;

/// <summary>
/// The process's one <see cref="MongoClient"/> (a singleton: on Lambda it lives across invocations, with its
/// pool and server monitoring), the database, and its collections. Every call of the adapters goes through
/// <see cref="RunAsync{T}"/>, which turns an outage into <see cref="StoreUnavailableException"/> — the HTTP
/// edge answers that with <c>503 unavailable</c> and never shows the driver's message.
/// </summary>
internal sealed partial class MongoStore : IDisposable
{
    private readonly MongoClient _client;
    private readonly ILogger<MongoStore> _logger;
    private readonly Lock _indexLock = new();
    private Task? _indexes;

    public MongoStore(MongoClientSettings settings, string databaseName, ILogger<MongoStore> logger)
    {
        MongoSerialization.Register();
        _logger = logger;
        _client = new MongoClient(settings);
        Database = _client.GetDatabase(databaseName);
        Users = Database.GetCollection<User>(UserDocument.Collection);
        Sessions = Database.GetCollection<Session>(SessionDocument.Collection);
        FailedLogins = Database.GetCollection<BsonDocument>(FailedLoginDocument.Collection);
        EmailTokens = Database.GetCollection<BsonDocument>(EmailTokenStatements.Collection);
        SentMail = Database.GetCollection<BsonDocument>(MongoSentMailLog.Collection);
    }

    public IMongoDatabase Database { get; }

    public IMongoCollection<User> Users { get; }

    public IMongoCollection<Session> Sessions { get; }

    public IMongoCollection<BsonDocument> FailedLogins { get; }

    public IMongoCollection<BsonDocument> EmailTokens { get; }

    public IMongoCollection<BsonDocument> SentMail { get; }

    public async Task<T> RunAsync<T>(Func<Task<T>> operation)
    {
        try
        {
            return await operation();
        }
        catch (Exception exception) when (MongoErrors.IsUnavailable(exception))
        {
            throw Unavailable(exception);
        }
    }

    public async Task RunAsync(Func<Task> operation)
    {
        try
        {
            await operation();
        }
        catch (Exception exception) when (MongoErrors.IsUnavailable(exception))
        {
            throw Unavailable(exception);
        }
    }

    /// <summary>
    /// Creates every index once per process (createIndexes is idempotent: existing indexes cost the server a
    /// lookup). A failed attempt is forgotten, so the next call tries again.
    /// </summary>
    public Task EnsureIndexesAsync(CancellationToken cancellationToken)
    {
        Task task;
        lock (_indexLock)
        {
            if (_indexes is null || _indexes.IsFaulted || _indexes.IsCanceled)
            {
                _indexes = CreateIndexesAsync();
            }

            task = _indexes;
        }

        return task.WaitAsync(cancellationToken);
    }

    public void Dispose() => _client.Dispose();

    // Not bound to any caller's token: a request that gives up must not cancel the build for everyone else.
    private async Task CreateIndexesAsync()
    {
        await Users.Indexes.CreateManyAsync(MongoIndexes.Users);
        await Sessions.Indexes.CreateManyAsync(MongoIndexes.Sessions);
        await FailedLogins.Indexes.CreateManyAsync(MongoIndexes.FailedLogins);
        await EmailTokens.Indexes.CreateManyAsync(MongoIndexes.EmailTokens);
        await SentMail.Indexes.CreateManyAsync(MongoIndexes.SentMail);
    }

    private StoreUnavailableException Unavailable(Exception exception)
    {
        // The type (and server code) only: driver messages name hosts and echo cluster state.
        LogUnavailable(_logger, exception.GetType().FullName ?? "unknown", (exception as MongoCommandException)?.Code);
        return new StoreUnavailableException("MongoDB is unreachable or did not answer in time.", exception);
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "MongoDB unavailable: {ExceptionType} (server code {Code})")]
    private static partial void LogUnavailable(ILogger logger, string exceptionType, int? code);
}
