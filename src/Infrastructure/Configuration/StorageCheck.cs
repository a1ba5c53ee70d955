namespace Latch.Infrastructure.Configuration;

/// <summary>
/// The chosen store's own rules for its settings, run by <see cref="SettingsLoader"/> with the other rules so one
/// start-up failure lists every problem. The store supplies it (through the composition), since only the store's
/// driver knows a valid connection string; Configuration names no store.
/// </summary>
internal delegate void StorageCheck(StorageOptions storage, bool production, List<string> problems);
