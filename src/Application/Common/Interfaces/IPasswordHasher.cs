namespace Latch.Application.Common.Interfaces;

public enum PasswordCheck
{
    Mismatch,
    Match,

    /// <summary>Correct, but the stored hash is weaker than today's settings: re-hash it now that the password is known.</summary>
    MatchNeedsRehash,
}

public interface IPasswordHasher
{
    string Hash(string password);

    PasswordCheck Verify(string password, string storedHash);

    /// <summary>Costs what a real verification costs, for an email with no account: both failures take the same time.</summary>
    void VerifyAgainstDummy(string password);
}
