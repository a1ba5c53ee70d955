using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Latch.Infrastructure.Persistence.Sqlite;

/// <summary>Column conversions: instants as Unix milliseconds, ids as canonical GUID text.</summary>
internal static class SqliteValues
{
    public static long Millis(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static object Millis(DateTimeOffset? value) => value is { } v ? v.ToUnixTimeMilliseconds() : DBNull.Value;

    public static DateTimeOffset Instant(SqliteDataReader reader, int ordinal) =>
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    public static DateTimeOffset? NullableInstant(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Instant(reader, ordinal);

    public static string Id(Guid value) => value.ToString("D", CultureInfo.InvariantCulture);

    public static object Nullable(object? value) => value ?? DBNull.Value;

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100",
        Justification = "Every caller passes constant SQL; all values travel as parameters.")]
    public static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    /// <summary>SQLITE_CONSTRAINT_UNIQUE and SQLITE_CONSTRAINT_PRIMARYKEY.</summary>
    public static bool IsUniqueViolation(SqliteException exception) =>
        exception.SqliteErrorCode == 19 && exception.SqliteExtendedErrorCode is 2067 or 1555;
}
