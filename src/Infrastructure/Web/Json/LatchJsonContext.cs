using System.Text.Json.Serialization;
using Latch.Application.Common.Models;
using Latch.Application.Users.SecondFactor;
using Latch.Infrastructure.Web.Contracts;

namespace Latch.Infrastructure.Web.Json;

/// <summary>
/// Source-generated JSON for every shape of the contract: no reflection (AOT-safe, fast first request).
/// Duplicate properties are refused, so a body cannot say two things at once to two parsers.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    AllowDuplicateProperties = false,
    NumberHandling = JsonNumberHandling.Strict,
    Converters = [typeof(UtcSecondsConverter)])]
[JsonSerializable(typeof(RegisterRequest))]
[JsonSerializable(typeof(LoginRequest))]
[JsonSerializable(typeof(RefreshRequest))]
[JsonSerializable(typeof(UpdateMeRequest))]
[JsonSerializable(typeof(ChangePasswordRequest))]
[JsonSerializable(typeof(DeleteAccountRequest))]
[JsonSerializable(typeof(LoginMfaRequest))]
[JsonSerializable(typeof(EnrolTotpRequest))]
[JsonSerializable(typeof(ConfirmTotpRequest))]
[JsonSerializable(typeof(FactorProofRequest))]
[JsonSerializable(typeof(StepUpRequest))]
[JsonSerializable(typeof(AccessTokenResponse))]
[JsonSerializable(typeof(TotpEnrolmentResponse))]
[JsonSerializable(typeof(RecoveryCodesResponse))]
[JsonSerializable(typeof(PasswordResetRequest))]
[JsonSerializable(typeof(EmailChangeRequest))]
[JsonSerializable(typeof(EmailChangeConfirmRequest))]
[JsonSerializable(typeof(VerifyEmailRequest))]
[JsonSerializable(typeof(PasswordResetConfirmRequest))]
[JsonSerializable(typeof(AuthResponse))]
[JsonSerializable(typeof(Latch.Infrastructure.Web.Cookies.CookieAuthResponse))]
[JsonSerializable(typeof(UserResponse))]
[JsonSerializable(typeof(SessionResponse))]
[JsonSerializable(typeof(IReadOnlyList<SessionResponse>))]
internal sealed partial class LatchJsonContext : JsonSerializerContext;
