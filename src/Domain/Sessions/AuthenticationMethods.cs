namespace Latch.Domain.Sessions;

/// <summary>
/// How a session's sign-in was won, and what it has proved since: the methods of RFC 8176 that Latch uses. Every sign-in
/// is by password today; a second factor proved at sign-in or later (step-up) adds <see cref="OneTimePassword"/>. A
/// recovery code is a one-time password too. Passkeys would add <c>hwk</c> here as one more flag.
/// </summary>
[Flags]
public enum AuthenticationMethods
{
    None = 0,

    /// <summary><c>pwd</c>: the account's password.</summary>
    Password = 1,

    /// <summary><c>otp</c>: an authenticator code or a recovery code.</summary>
    OneTimePassword = 2,
}

/// <summary>The RFC 8176 names of <see cref="AuthenticationMethods"/>, as tokens carry them and both stores keep them.</summary>
public static class Amr
{
    public const string Password = "pwd";
    public const string OneTimePassword = "otp";

    /// <summary>The names, in a fixed order (<c>pwd</c> first).</summary>
    public static List<string> Values(AuthenticationMethods methods)
    {
        var values = new List<string>(2);
        if (methods.HasFlag(AuthenticationMethods.Password))
        {
            values.Add(Password);
        }

        if (methods.HasFlag(AuthenticationMethods.OneTimePassword))
        {
            values.Add(OneTimePassword);
        }

        return values;
    }

    /// <summary>The names joined by single spaces, as stored: <c>"pwd otp"</c>.</summary>
    public static string Format(AuthenticationMethods methods) => string.Join(' ', Values(methods));

    /// <summary>Reads <see cref="Format"/>'s text back; a name Latch never writes is a corrupt record.</summary>
    public static AuthenticationMethods Parse(string stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var methods = AuthenticationMethods.None;
        foreach (var name in stored.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            methods |= name switch
            {
                Password => AuthenticationMethods.Password,
                OneTimePassword => AuthenticationMethods.OneTimePassword,
                _ => throw new FormatException($"Unknown authentication method '{name}' in a stored session."),
            };
        }

        return methods;
    }
}
