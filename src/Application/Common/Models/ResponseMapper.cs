using Latch.Domain.Sessions;
using Latch.Domain.Users;
using Riok.Mapperly.Abstractions;

namespace Latch.Application.Common.Models;

/// <summary>Domain → response mapping, generated at compile time (no reflection, safe under Native AOT).</summary>
[Mapper(RequiredMappingStrategy = RequiredMappingStrategy.Target)]
internal static partial class ResponseMapper
{
    [MapPropertyFromSource(nameof(UserResponse.Mfa), Use = nameof(SecondFactorOf))]
    public static partial UserResponse ToResponse(this User user);

    [MapperIgnoreSource(nameof(Session.UserId))]
    public static partial SessionResponse ToResponse(this Session session, bool current);

    private static SecondFactorStatus SecondFactorOf(User user) =>
        new(user.HasSecondFactor, user.HasSecondFactor ? user.Totp!.RecoveryCodeHashes.Count : 0);

    private static Guid ToGuid(UserId id) => id.Value;

    private static Guid ToGuid(SessionId id) => id.Value;

    private static string ToText(Email email) => email.Value;

    private static string ToText(DisplayName name) => name.Value;
}
