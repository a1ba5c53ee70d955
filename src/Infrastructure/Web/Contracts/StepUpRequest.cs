namespace Latch.Infrastructure.Web.Contracts;

public sealed record StepUpRequest(string? Code, string? RecoveryCode);
