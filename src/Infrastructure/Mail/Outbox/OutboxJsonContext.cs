using System.Text.Json;
using System.Text.Json.Serialization;
using Latch.Application.Common.Outbox;

namespace Latch.Infrastructure.Mail.Outbox;

/// <summary>
/// An outbox message as a queue body: camelCase JSON with a <c>type</c> discriminator, by generated code (Native AOT).
/// Unknown properties are refused rather than ignored, so a body from another producer is never half-read.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(OutboxMessage))]
internal sealed partial class OutboxJsonContext : JsonSerializerContext;
