using Latch.Application.Common.Interfaces;

namespace Latch.Infrastructure.Security.Passwords;

/// <summary>
/// The 30,000 most common passwords (zxcvbn's list; see common-passwords.SOURCE.md), loaded on first use
/// so that start-up does not pay for it.
/// </summary>
internal sealed class EmbeddedCommonPasswords : ICommonPasswords
{
    private const string ResourceName = "Latch.CommonPasswords";

    private readonly Lazy<HashSet<string>> _passwords = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    public int Count => _passwords.Value.Count;

    public bool Contains(string normalizedPassword) => _passwords.Value.Contains(normalizedPassword);

    private static HashSet<string> Load()
    {
        using var stream = typeof(EmbeddedCommonPasswords).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(32_768, StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                set.Add(line);
            }
        }

        return set;
    }
}
