using Latch.Application.Common.Interfaces;
using Latch.Domain.Common;

namespace Latch.ApplicationTests.Ports;

/// <summary>
/// A hasher without the cost: the "hash" names the password, so tests run in microseconds. A hash written as
/// <see cref="Weak"/> verifies but asks for a re-hash. Counts every verification, the dummy one included, so a test can
/// see that two answers cost the same; <see cref="Busy"/> makes every call fail as a full hashing queue does.
/// </summary>
public sealed class FakePasswordHasher : IPasswordHasher
{
    private const string Prefix = "fake:";

    public int Verifications { get; private set; }

    public int Hashes { get; private set; }

    public bool Busy { get; set; }

    public static string Hash(string password) => Prefix + password;

    public static string Weak(string password) => "weak:" + password;

    public ValueTask<Result<string>> HashAsync(string password, CancellationToken cancellationToken)
    {
        if (Busy)
        {
            return ValueTask.FromResult<Result<string>>(DomainErrors.Overloaded);
        }

        Hashes++;
        return ValueTask.FromResult<Result<string>>(Hash(password));
    }

    public ValueTask<Result<PasswordCheck>> VerifyAsync(string password, string storedHash, CancellationToken cancellationToken)
    {
        if (Busy)
        {
            return ValueTask.FromResult<Result<PasswordCheck>>(DomainErrors.Overloaded);
        }

        Verifications++;
        var check = storedHash == Hash(password) ? PasswordCheck.Match
            : storedHash == Weak(password) ? PasswordCheck.MatchNeedsRehash
            : PasswordCheck.Mismatch;
        return ValueTask.FromResult<Result<PasswordCheck>>(check);
    }

    public ValueTask<Result> VerifyAgainstDummyAsync(string password, CancellationToken cancellationToken)
    {
        if (Busy)
        {
            return ValueTask.FromResult<Result>(DomainErrors.Overloaded);
        }

        Verifications++;
        return ValueTask.FromResult(Result.Success());
    }
}
