using Latch.Application.Common.Interfaces;
using Latch.Domain.Users;
using Microsoft.Data.Sqlite;
using static Latch.Infrastructure.Persistence.Sqlite.SqliteValues;

namespace Latch.Infrastructure.Persistence.Sqlite;

internal sealed class SqliteUserRepository(SqliteDatabase database) : IUserRepository
{
    private static readonly string Columns = UserTable.Table.Columns;

    private static readonly string ById = $"SELECT {Columns} FROM users WHERE id = $id";
    private static readonly string ByEmail = $"SELECT {Columns} FROM users WHERE email = $email";
    private static readonly string Insert = $"INSERT INTO users ({Columns}) VALUES ({UserTable.Table.Parameters})";

    public Task<User?> FindByIdAsync(UserId id, CancellationToken cancellationToken) =>
        Task.FromResult(database.Reads.ReadSingle(ById, "$id", Id(id.Value), UserTable.Read));

    public Task<User?> FindByEmailAsync(Email email, CancellationToken cancellationToken) =>
        Task.FromResult(database.Reads.ReadSingle(ByEmail, "$email", email.Value, UserTable.Read));

    public Task<bool> TryAddAsync(User user, CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        using var command = Command(connection, Insert, UserTable.Table.Values(user));
        try
        {
            command.ExecuteNonQuery();
            return Task.FromResult(true);
        }
        catch (SqliteException exception) when (IsUniqueViolation(exception))
        {
            return Task.FromResult(false);
        }
    }

    public Task<bool> TryUpdateAsync(User user, CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        using var command = Command(connection,
            """
            UPDATE users SET email = $email, display_name = $name, password_hash = $hash, updated_at = $updated,
                version = version + 1, credential_version = $credential, totp_secret = $totpSecret,
                totp_confirmed_at = $totpConfirmed, totp_last_step = $totpStep, recovery_codes = $recovery
            WHERE id = $id AND version = $version
            """,
            ("$id", Id(user.Id.Value)), ("$email", user.Email.Value), ("$name", user.DisplayName.Value),
            ("$hash", user.PasswordHash), ("$updated", Millis(user.UpdatedAt)), ("$version", user.Version),
            ("$credential", user.CredentialVersion),
            ("$totpSecret", Nullable(TotpColumns.Secret(user))), ("$totpConfirmed", Millis(TotpColumns.ConfirmedAt(user))),
            ("$totpStep", TotpColumns.LastStep(user)), ("$recovery", Nullable(TotpColumns.RecoveryCodes(user))));
        try
        {
            return Task.FromResult(command.ExecuteNonQuery() == 1);
        }
        catch (SqliteException exception) when (IsUniqueViolation(exception))
        {
            return Task.FromResult(false);
        }
    }

    public Task<bool> DeleteAsync(UserId id, CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        using var sessions = Command(connection, "DELETE FROM sessions WHERE user_id = $id", ("$id", Id(id.Value)));
        sessions.Transaction = transaction;
        sessions.ExecuteNonQuery();
        using var user = Command(connection, "DELETE FROM users WHERE id = $id", ("$id", Id(id.Value)));
        user.Transaction = transaction;
        var deleted = user.ExecuteNonQuery() == 1;
        transaction.Commit();
        return Task.FromResult(deleted);
    }
}
