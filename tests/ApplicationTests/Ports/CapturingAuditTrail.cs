using Latch.Application.Common.Interfaces;
using Latch.Domain.Sessions;
using Latch.Domain.Users;

namespace Latch.ApplicationTests.Ports;

public sealed record AuditRecord(AuditEvent Event, UserId? UserId, SessionId? SessionId, string? Detail);

/// <summary>Keeps every audit event in order.</summary>
public sealed class CapturingAuditTrail : IAuditTrail
{
    private readonly List<AuditRecord> _records = [];

    public IReadOnlyList<AuditRecord> Records => _records;

    public IEnumerable<AuditEvent> Events => _records.Select(r => r.Event);

    public void Record(AuditEvent auditEvent, UserId? userId = null, SessionId? sessionId = null, string? detail = null) =>
        _records.Add(new AuditRecord(auditEvent, userId, sessionId, detail));
}
