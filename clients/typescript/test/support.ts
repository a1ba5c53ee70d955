import { LatchClient, type LatchClientOptions, type LockManagerLike, type TokenStore } from "../src/index.js";

/** The Latch under test: a real host (the .NET test harness starts the built Kestrel host and sets LATCH_URL). */
export const baseUrl = (() => {
  const url = process.env["LATCH_URL"];
  if (!url) throw new Error("LATCH_URL is not set: start Latch (dotnet run --project src/Host.Kestrel) and set LATCH_URL=http://localhost:5080");
  return url;
})();

export const password = "correct horse battery staple";

export const newEmail = (prefix = "ts") => `${prefix}-${crypto.randomUUID()}@example.com`;

/** One lock for every client given it, as navigator.locks is one per origin for all tabs. */
export class SharedLock implements LockManagerLike {
  private tail: Promise<unknown> = Promise.resolve();
  private queued = 0; // held or asked for: as navigator.locks, ifAvailable gets null while anyone holds or waits
  request<T>(_name: string, options: { ifAvailable?: boolean }, callback: (lock: unknown) => Promise<T>): Promise<T> {
    if (options.ifAvailable && this.queued > 0) return callback(null);
    this.queued++;
    const run = this.tail.then(async () => {
      try { return await callback({}); } finally { this.queued--; }
    });
    this.tail = run.catch(() => undefined);
    return run;
  }
}

/** What localStorage would be to two tabs of one origin. */
export class SharedStore implements TokenStore {
  value: string | null = null;
  get(): string | null { return this.value; }
  set(value: string | null): void { this.value = value; }
}

/** fetch, counting the requests per path. */
export function countingFetch(counts: Map<string, number>, inner: typeof fetch = fetch): typeof fetch {
  return (input, init) => {
    const path = new URL(String(input)).pathname;
    counts.set(path, (counts.get(path) ?? 0) + 1);
    return inner(input, init);
  };
}

export function client(options: Partial<LatchClientOptions> = {}): LatchClient {
  return new LatchClient({ baseUrl, transport: "body", locks: null, channelName: null, ...options });
}
