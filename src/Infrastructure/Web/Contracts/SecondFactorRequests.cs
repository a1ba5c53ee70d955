namespace Latch.Infrastructure.Web.Contracts;

public sealed record EnrolTotpRequest(string? CurrentPassword);

public sealed record ConfirmTotpRequest(string? Code);

public sealed record LoginMfaRequest(string? MfaToken, string? Code, string? RecoveryCode);

/// <summary>Disabling the authenticator, or replacing the recovery codes: the password and exactly one of the two codes.</summary>
public sealed record FactorProofRequest(string? CurrentPassword, string? Code, string? RecoveryCode);
