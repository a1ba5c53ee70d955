namespace Latch.Infrastructure.Configuration;

internal sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary><c>Sqlite</c> (embedded, the default) or <c>Mongo</c>.</summary>
    public string Provider { get; set; } = "Sqlite";

    public SqliteStorageOptions Sqlite { get; set; } = new();

    public MongoStorageOptions Mongo { get; set; } = new();
}

internal sealed class SqliteStorageOptions
{
    public string Path { get; set; } = "data/app.db";
}

internal sealed class MongoStorageOptions
{
    public string? ConnectionString { get; set; }

    public string? Database { get; set; }
}
