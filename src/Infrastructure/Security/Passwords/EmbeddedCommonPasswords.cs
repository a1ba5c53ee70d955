using Latch.Application.Common.Interfaces;

namespace Latch.Infrastructure.Security.Passwords;

/// <summary>
/// The 30,000 most common passwords (zxcvbn's list; see common-passwords.SOURCE.md) and 43,940 breached passwords of
/// 12 characters or more (SecLists' top million; see breached-passwords.SOURCE.md), in one set loaded on first use so
/// that start-up does not pay for it.
/// </summary>
internal sealed class EmbeddedCommonPasswords : ICommonPasswords
{
    private static readonly string[] ResourceNames = ["Latch.CommonPasswords", "Latch.BreachedPasswords"];

    private readonly Lazy<HashSet<string>> _passwords = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    public int Count => _passwords.Value.Count;

    public bool Contains(string normalizedPassword) => _passwords.Value.Contains(normalizedPassword);

    private static HashSet<string> Load()
    {
        var set = new HashSet<string>(80_000, StringComparer.OrdinalIgnoreCase);
        foreach (var name in ResourceNames)
        {
            using var stream = typeof(EmbeddedCommonPasswords).Assembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"Embedded resource {name} is missing.");
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
            {
                if (line.Length > 0)
                {
                    set.Add(line);
                }
            }
        }

        return set;
    }
}
