namespace Latch.Infrastructure.Configuration;

/// <summary>
/// <c>Registration:RequireEmailVerification</c> (default true): register answers 202 for every address and the account
/// is created by <c>verify-email</c>. False keeps the immediate 201 — and its 409 <c>email_taken</c>, which tells
/// anyone which addresses have accounts (docs/api.md).
/// </summary>
internal sealed class RegistrationOptions
{
    public const string Section = "Registration";

    public bool RequireEmailVerification { get; set; } = true;
}
