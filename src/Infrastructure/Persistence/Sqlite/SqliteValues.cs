using System.Globalization;
using Latch.Domain.Sessions;
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

    /// <summary>The column conversions above, for a <see cref="SqliteTable{TRow}"/>.</summary>
    public static class Types
    {
        public static readonly SqliteType<Guid> Id = new(v => SqliteValues.Id(v), (r, o) => r.GetGuid(o));

        public static readonly SqliteType<long> Int64 = new(v => v, (r, o) => r.GetInt64(o));

        public static readonly SqliteType<string> Text = new(v => v, (r, o) => r.GetString(o));

        public static readonly SqliteType<string?> NullableText = new(v => Nullable(v), (r, o) => r.IsDBNull(o) ? null : r.GetString(o));

        public static readonly SqliteType<byte[]> Bytes = new(v => v, (r, o) => (byte[])r[o]);

        public static readonly SqliteType<byte[]?> NullableBytes = new(v => Nullable(v), (r, o) => r.IsDBNull(o) ? null : (byte[])r[o]);

        public static readonly SqliteType<DateTimeOffset> Instant = new(v => Millis(v), SqliteValues.Instant);

        public static readonly SqliteType<DateTimeOffset?> NullableInstant = new(v => Millis(v), SqliteValues.NullableInstant);

        /// <summary>The RFC 8176 names, space-separated (<c>pwd otp</c>), as the Mongo store keeps them.</summary>
        public static readonly SqliteType<AuthenticationMethods> Methods =
            new(v => Amr.Format(v), (r, o) => Amr.Parse(r.GetString(o)));

        /// <summary>The reason's stable number, as the Mongo store keeps it.</summary>
        public static readonly SqliteType<RevocationReason?> NullableReason =
            new(v => Nullable((int?)v), (r, o) => r.IsDBNull(o) ? null : (RevocationReason)r.GetInt32(o));
    }

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
