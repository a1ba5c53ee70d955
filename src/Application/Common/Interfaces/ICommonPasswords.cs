namespace Latch.Application.Common.Interfaces;

/// <summary>A list of passwords too common to allow.</summary>
public interface ICommonPasswords
{
    /// <summary>Case-insensitive membership of an NFKC-normalised password.</summary>
    bool Contains(string normalizedPassword);
}
