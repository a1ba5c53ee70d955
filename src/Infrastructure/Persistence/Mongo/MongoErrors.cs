using MongoDB.Driver;

namespace Latch.Infrastructure.Persistence.Mongo;

/// <summary>Which driver exceptions mean "the store is not there right now", and which mean a duplicate key.</summary>
internal static class MongoErrors
{
    public const int DuplicateKey = 11000;

    // Server codes of a primary stepping down, a node shutting down or recovering, or a network error seen by
    // a mongos: the same list the driver retries on. Anything else from the server is a bug, not an outage.
    private static readonly HashSet<int> TransientCodes =
        [6, 7, 89, 91, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436, 50];

    /// <summary>
    /// Unreachable, too slow, failing over, or overloaded: server selection, connection-pool and socket
    /// timeouts, network and handshake failures, <c>maxTimeMS</c> expiry, write concern not met.
    /// </summary>
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        TimeoutException => true,
        MongoConnectionException => true,
        MongoExecutionTimeoutException => true,
        MongoConnectionPoolPausedException or MongoWaitQueueFullException => true,
        MongoDuplicateKeyException => false,
        MongoWriteConcernException => true,
        MongoCommandException command when TransientCodes.Contains(command.Code) => true,
        MongoException mongo => mongo.HasErrorLabel("RetryableWriteError") || mongo.HasErrorLabel("TransientTransactionError")
            || mongo.HasErrorLabel("SystemOverloadedError"),
        _ => false,
    };

    public static bool IsDuplicateKey(Exception exception) => exception switch
    {
        MongoWriteException write => write.WriteError?.Category == ServerErrorCategory.DuplicateKey,
        MongoCommandException command => command.Code == DuplicateKey,
        _ => false,
    };
}
