using Microsoft.Data.Sqlite;

namespace Latch.Infrastructure.Persistence.Sqlite;

/// <summary>
/// The column table of one SQLite table: each column's name, its value in the domain object and its conversion, in
/// select-list order. The insert's column and parameter lists, its values and the reader's ordinals all come from
/// here, so adding a column is one line here, one argument where the domain object is restored, and the migration
/// that adds it to the schema (migrations are history, written once and never derived).
/// </summary>
internal sealed class SqliteTable<TRow>(string name)
{
    private readonly List<IColumn> _columns = [];

    public string Name { get; } = name;

    /// <summary>Every column, comma-separated, in ordinal order: the select list and the insert's column list.</summary>
    public string Columns => string.Join(", ", _columns.Select(c => c.Name));

    /// <summary>The insert's parameter list, in the same order as <see cref="Columns"/>.</summary>
    public string Parameters => string.Join(", ", _columns.Select(c => c.Parameter));

    public SqliteColumn<TRow, TValue> Add<TValue>(string column, Func<TRow, TValue> value, SqliteType<TValue> type)
    {
        var added = new SqliteColumn<TRow, TValue>(column, _columns.Count, value, type);
        _columns.Add(added);
        return added;
    }

    /// <summary>Every column's parameter and value for <paramref name="row"/>.</summary>
    public (string Name, object Value)[] Values(TRow row) => [.. _columns.Select(c => (c.Parameter, c.Bind(row)))];

    internal interface IColumn
    {
        string Name { get; }

        string Parameter { get; }

        object Bind(TRow row);
    }
}

/// <summary>One column: its name, its parameter, its place in the select list, and its value's conversion.</summary>
internal sealed class SqliteColumn<TRow, TValue>(string name, int ordinal, Func<TRow, TValue> value, SqliteType<TValue> type)
    : SqliteTable<TRow>.IColumn
{
    public string Name { get; } = name;

    public string Parameter { get; } = "$" + name;

    public object Bind(TRow row) => type.ToParameter(value(row));

    public object Bind(TValue columnValue) => type.ToParameter(columnValue);

    /// <summary>This column of the current row of a reader over the table's full select list.</summary>
    public TValue Read(SqliteDataReader reader) => type.Read(reader, ordinal);

    public override string ToString() => Name;
}

/// <summary>How one kind of value is stored: its parameter value and how it is read back.</summary>
internal sealed class SqliteType<TValue>(Func<TValue, object> toParameter, Func<SqliteDataReader, int, TValue> read)
{
    public object ToParameter(TValue value) => toParameter(value);

    public TValue Read(SqliteDataReader reader, int ordinal) => read(reader, ordinal);
}
