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
}
