namespace Latch.Infrastructure.Web.Contracts;

public sealed record EnrolTotpRequest(string? CurrentPassword);

public sealed record ConfirmTotpRequest(string? Code);

public sealed record LoginMfaRequest(string? MfaToken, string? Code, string? RecoveryCode);
