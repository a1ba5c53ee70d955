using System.Text;
using Latch.Infrastructure.Configuration;
using MongoDB.Driver;
using MongoDB.Driver.Core.Configuration;

namespace Latch.Infrastructure.Persistence.Mongo;

/// <summary>
/// Checks the connection settings at start-up and builds the client's settings: the connection string, with
/// defaults sized for Lambda (15 s function timeout, one request at a time per instance) wherever the
/// connection string does not name the option itself.
/// </summary>
internal static class MongoConnection
{
    /// <summary>How long an operation waits for a usable server (the primary) before the API answers 503.</summary>
    public static readonly TimeSpan ServerSelectionTimeout = TimeSpan.FromSeconds(3);

    /// <summary>TCP connect (TLS and authentication then run under the socket timeout).</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(3);

    /// <summary>A single read or write on an open connection; every call of this service takes milliseconds.</summary>
    public static readonly TimeSpan SocketTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Waiting for a pooled connection when all are busy (the driver's default is two minutes).</summary>
    public static readonly TimeSpan WaitQueueTimeout = TimeSpan.FromSeconds(3);

    /// <summary>
    /// A Lambda instance serves one request at a time and a request's store calls run one after another, so it
    /// needs one connection; the rest cover the background index build and a readiness ping overlapping it, and a
    /// retry replacing a broken connection. Connections open lazily, so an instance that needs one holds one.
    /// A Kestrel host under concurrent load raises it with <c>maxPoolSize</c> in the connection string.
    /// </summary>
    public const int MaxPoolSize = 4;

    public const string ApplicationName = "latch";

    private const string ConnectionStringKey = "Storage:Mongo:ConnectionString";
    private const string DatabaseKey = "Storage:Mongo:Database";

    // Options that switch off certificate or host name checks. The driver ignores the last two, but their
    // presence says the operator meant to weaken TLS, and that is refused all the same.
    private static readonly string[] InsecureTlsOptions = ["tlsInsecure", "tlsAllowInvalidCertificates", "tlsAllowInvalidHostnames"];

    public static MongoClientSettings ClientSettings(string connectionString)
    {
        var named = new ConnectionString(connectionString);
        var settings = MongoClientSettings.FromConnectionString(connectionString);
        settings.ServerSelectionTimeout = named.ServerSelectionTimeout ?? ServerSelectionTimeout;
        settings.ConnectTimeout = named.ConnectTimeout ?? ConnectTimeout;
        settings.SocketTimeout = named.SocketTimeout ?? SocketTimeout;
        settings.WaitQueueTimeout = named.WaitQueueTimeout ?? WaitQueueTimeout;
        settings.MaxConnectionPoolSize = named.MaxPoolSize ?? MaxPoolSize;
        settings.ApplicationName = named.ApplicationName ?? ApplicationName;
        return settings;
    }

    /// <summary>
    /// Adds one line per problem. Never echoes the connection string (it holds a password), not even through a
    /// driver message.
    /// </summary>
    public static void Check(MongoStorageOptions options, bool production, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            problems.Add($"{ConnectionStringKey} is required when Storage:Provider is Mongo.");
        }
        else if (Parse(options.ConnectionString) is not { } parsed)
        {
            problems.Add($"{ConnectionStringKey} is not a valid MongoDB connection string.");
        }
        else if (production)
        {
            var (named, settings) = parsed;
            if (!settings.UseTls)
            {
                problems.Add($"{ConnectionStringKey} must use TLS in Production: a mongodb+srv:// address, or tls=true.");
            }
            else if (settings.AllowInsecureTls || InsecureTlsOptions.Any(o => IsTrue(named, o)))
            {
                problems.Add($"{ConnectionStringKey} must not switch off TLS certificate or host name checks in Production.");
            }
        }

        if (string.IsNullOrWhiteSpace(options.Database))
        {
            problems.Add($"{DatabaseKey} is required when Storage:Provider is Mongo.");
        }
        else if (!IsDatabaseName(options.Database))
        {
            problems.Add($"{DatabaseKey} must be a MongoDB database name: at most 63 bytes, without spaces or any of / \\ . \" $.");
        }
    }

    private static (ConnectionString Named, MongoClientSettings Settings)? Parse(string connectionString)
    {
        try
        {
            return (new ConnectionString(connectionString), ClientSettings(connectionString));
        }
        catch (Exception exception) when (exception is MongoException or ArgumentException or FormatException
                                              or NotSupportedException or InvalidOperationException)
        {
            return null;
        }
    }

    private static bool IsTrue(ConnectionString named, string option) =>
        string.Equals(named.GetOption(option), "true", StringComparison.OrdinalIgnoreCase);

    private static bool IsDatabaseName(string name) =>
        Encoding.UTF8.GetByteCount(name) <= 63 && !name.Any(c => c is '/' or '\\' or '.' or '"' or '$' or '\0' || char.IsWhiteSpace(c));
}
