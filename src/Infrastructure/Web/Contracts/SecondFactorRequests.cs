namespace Latch.Infrastructure.Web.Contracts;

public sealed record EnrolTotpRequest(string? CurrentPassword);

public sealed record ConfirmTotpRequest(string? Code);
