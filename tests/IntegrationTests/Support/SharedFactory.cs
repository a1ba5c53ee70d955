namespace Latch.IntegrationTests.Support;

/// <summary>One app for a whole test class; tests isolate themselves with fresh emails.</summary>
public sealed class SharedFactory : LatchFactory;
