namespace Latch.Application.Auth.Logout;

public enum LogoutScope
{
    /// <summary>This session.</summary>
    Local,

    /// <summary>Every session of the user but this one.</summary>
    Others,

    /// <summary>Every session of the user.</summary>
    Global,
}
