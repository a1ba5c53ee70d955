namespace Latch.Infrastructure.Configuration;

/// <summary>Start-up refused: the message is one line naming each setting at fault, and never a secret's value.</summary>
public sealed class InvalidConfigurationException : Exception
{
    public InvalidConfigurationException()
    {
    }

    public InvalidConfigurationException(string message)
        : base(message)
    {
    }

    public InvalidConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Every problem found, each naming its setting; the message joins them into one line.</summary>
    public InvalidConfigurationException(IReadOnlyList<string> problems)
        : base("Invalid configuration: " + string.Join(" ", problems)) => Problems = problems;

    /// <summary>The problems one by one (empty when the exception was made from a message alone).</summary>
    public IReadOnlyList<string> Problems { get; } = [];
}
