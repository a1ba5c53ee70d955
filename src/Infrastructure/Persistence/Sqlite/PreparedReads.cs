using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Latch.Infrastructure.Persistence.Sqlite;

/// <summary>
/// The hot single-row reads (a user by id or email, a session by id) on connections kept open with their statements
/// prepared. Opening a pooled connection runs <c>PRAGMA foreign_keys</c>, and a fresh command parses its SQL again:
/// together more CPU than the read itself, on every authenticated request (docs/performance.md, "Kestrel
/// throughput"). Each read is one statement outside any transaction, so it sees the latest committed state, as a
/// fresh connection would. A connection whose read failed is closed, never reused.
/// </summary>
internal sealed class PreparedReads(string connectionString, int maxIdle) : IDisposable
{
    private readonly ConcurrentBag<ReadConnection> _idle = [];
    private bool _disposed;

    /// <summary>Runs <paramref name="sql"/> (constant text) with one parameter and maps its first row, if any.</summary>
    public T? ReadSingle<T>(string sql, string parameterName, object parameterValue, Func<SqliteDataReader, T> map)
        where T : class
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = _idle.TryTake(out var idle) ? idle : new ReadConnection(connectionString);
        T? result;
        try
        {
            var command = connection.Command(sql, parameterName);
            command.Parameters[0].Value = parameterValue;
            using var reader = command.ExecuteReader();
            result = reader.Read() ? map(reader) : null;
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        if (_disposed || _idle.Count >= maxIdle)
        {
            connection.Dispose();
        }
        else
        {
            _idle.Add(connection);
        }

        return result;
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var connection))
        {
            connection.Dispose();
        }
    }

    /// <summary>One open connection and the statements prepared on it, by SQL text.</summary>
    private sealed class ReadConnection : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

        public ReadConnection(string connectionString)
        {
            // Taken from SQLite's pool once and held open for as long as it is in ours: closing it would finalise the
            // prepared statements.
            _connection = new SqliteConnection(connectionString);
            _connection.Open();
        }

        [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100",
            Justification = "Every caller passes constant SQL; the value travels as a parameter.")]
        public SqliteCommand Command(string sql, string parameterName)
        {
            if (!_commands.TryGetValue(sql, out var command))
            {
                command = _connection.CreateCommand();
                command.CommandText = sql;
                command.Parameters.Add(new SqliteParameter { ParameterName = parameterName });
                _commands.Add(sql, command);
            }

            return command;
        }

        public void Dispose()
        {
            foreach (var command in _commands.Values)
            {
                command.Dispose();
            }

            _connection.Dispose();
        }
    }
}
