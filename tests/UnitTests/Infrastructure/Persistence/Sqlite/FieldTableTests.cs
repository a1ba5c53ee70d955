using Latch.Infrastructure.Persistence.Sqlite;
using Microsoft.Data.Sqlite;

namespace Latch.UnitTests.Infrastructure.Persistence.Sqlite;

/// <summary>
/// The column tables and the migrated schema name the same columns in the same order: a column added to a table
/// without its migration (or the other way round) fails here, not on the first insert.
/// </summary>
public sealed class FieldTableTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("latch-tables-").FullName;

    [Fact]
    public void The_session_table_names_every_column_of_the_schema_in_order() =>
        Assert.Equal(SchemaColumns("sessions"), SessionTable.Table.Columns.Split(", "));

    [Fact]
    public void The_user_table_names_every_column_of_the_schema_in_order() =>
        Assert.Equal(SchemaColumns("users"), UserTable.Table.Columns.Split(", "));

    [Fact]
    public void Each_column_binds_the_parameter_named_after_it() =>
        Assert.Equal(SessionTable.Table.Columns.Split(", ").Select(c => "$" + c), SessionTable.Table.Parameters.Split(", "));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private string[] SchemaColumns(string table)
    {
        using var database = new SqliteDatabase(Path.Combine(_directory, "schema.db"));
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM pragma_table_info($table) ORDER BY cid";
        command.Parameters.AddWithValue("$table", table);
        using var reader = command.ExecuteReader();
        var columns = new List<string>();
        while (reader.Read())
        {
            columns.Add(reader.GetString(0));
        }

        return [.. columns];
    }
}
