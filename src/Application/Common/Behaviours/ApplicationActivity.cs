using System.Diagnostics;

namespace Latch.Application.Common.Behaviours;

/// <summary>The activity source of the use cases (BCL only; the host decides whether anyone listens).</summary>
internal static class ApplicationActivity
{
    public const string SourceName = "Latch.Application";

    public static readonly ActivitySource Source = new(SourceName);
}
