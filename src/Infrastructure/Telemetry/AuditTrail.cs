using System.Diagnostics;
using System.Security.Cryptography;
using Latch.Application.Common.Interfaces;
using Latch.Domain.Sessions;
using Latch.Domain.Users;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Latch.Infrastructure.Telemetry;

/// <summary>
/// Security events as structured log lines of their own category (<c>Latch.Audit</c>), with user and session
/// ids, the client IP as a keyed hash (linkable across events, not reversible without the pepper) and the
/// trace id; each event also counts in a metric.
/// </summary>
internal sealed partial class AuditTrail(
    ILoggerFactory loggers,
    IHttpContextAccessor http,
    LatchTelemetry telemetry,
    byte[] ipKey) : IAuditTrail
{
    private readonly ILogger _logger = loggers.CreateLogger(LatchTelemetry.AuditCategory);

    public void Record(AuditEvent auditEvent, UserId? userId = null, SessionId? sessionId = null, string? detail = null)
    {
        Count(auditEvent);
        if (_logger.IsEnabled(LogLevel.Information))
        {
            var ipHash = HashedIp();
            var traceId = Activity.Current?.TraceId.ToHexString();
            LogEvent(_logger, auditEvent, userId?.Value, sessionId?.Value, ipHash, detail, traceId);
        }
    }

    private void Count(AuditEvent auditEvent)
    {
        switch (auditEvent)
        {
            case AuditEvent.Registered:
                telemetry.Registrations.Add(1);
                break;
            case AuditEvent.LoginSucceeded:
                telemetry.Logins.Add(1, new KeyValuePair<string, object?>("outcome", "success"));
                break;
            case AuditEvent.LoginFailed:
                telemetry.Logins.Add(1, new KeyValuePair<string, object?>("outcome", "failure"));
                break;
            case AuditEvent.ReauthenticationFailed:
                telemetry.Reauthentications.Add(1, new KeyValuePair<string, object?>("outcome", "failure"));
                break;
            case AuditEvent.LoginThrottled:
                telemetry.Logins.Add(1, new KeyValuePair<string, object?>("outcome", "throttled"));
                break;
            case AuditEvent.BackoffStarted:
                telemetry.Backoffs.Add(1);
                break;
            case AuditEvent.RefreshReuseDetected:
                telemetry.RefreshReuse.Add(1);
                break;
            case AuditEvent.StepUpSucceeded:
                telemetry.StepUps.Add(1, new KeyValuePair<string, object?>("outcome", "success"));
                break;
            case AuditEvent.StepUpRequired:
                telemetry.StepUps.Add(1, new KeyValuePair<string, object?>("outcome", "required"));
                break;
        }
    }

    private string? HashedIp()
    {
        if (http.HttpContext?.Connection.RemoteIpAddress is not { } address)
        {
            return null;
        }

        Span<byte> bytes = stackalloc byte[16];
        var written = address.MapToIPv6().TryWriteBytes(bytes, out var length) ? length : 0;
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(ipKey, bytes[..written], mac);
        return Convert.ToHexStringLower(mac[..8]);
    }

    [LoggerMessage(EventId = 5000, Level = LogLevel.Information,
        Message = "Audit {AuditEvent} user {UserId} session {SessionId} ip {IpHash} detail {Detail} trace {TraceId}")]
    private static partial void LogEvent(ILogger logger, AuditEvent auditEvent, Guid? userId, Guid? sessionId, string? ipHash,
        string? detail, string? traceId);
}
