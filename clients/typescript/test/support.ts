import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
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

/**
 * The folder the host writes its mail to, for the tests of the emailed links: the .NET harness starts a host with email
 * verification on (the shipped default) whose mail lands there and sets LATCH_MAILBOX.
 */
export const mailbox = process.env["LATCH_MAILBOX"];

/** node:test's `skip` for the tests that need {@link mailbox}: they cannot run without it, and say so. */
export const needsMailbox = mailbox ? false : "LATCH_MAILBOX is not set: these need a host with email verification on whose mail lands in that folder";

/**
 * The token of the newest link to `page` (the path before `#token=` in the host's Mail:Links, any page by default) in
 * the mail to `to`, read as a person's mail program would (quoted-printable undone); waits up to 10 s for it to arrive.
 */
export async function linkToken(to: string, page = ""): Promise<string> {
  const link = new RegExp(`${page}#token=([A-Za-z0-9_%-]+)`);
  const deadline = Date.now() + 10_000;
  for (;;) {
    for (const name of (await readdir(mailbox!)).filter((n) => n.endsWith(".eml")).sort().reverse()) {
      const raw = await readFile(join(mailbox!, name), "utf8");
      // Undone only where the message says it is quoted-printable: elsewhere "=DB" is just text (a token may start so).
      const text = /Content-Transfer-Encoding:\s*quoted-printable/i.test(raw)
        ? raw.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
        : raw;
      if (!text.includes(to)) continue;
      const match = link.exec(text);
      if (match) return decodeURIComponent(match[1]!);
    }
    if (Date.now() > deadline) {
      const names = (await readdir(mailbox!)).filter((n) => n.endsWith(".eml"));
      const last = names.length ? await readFile(join(mailbox!, names.sort().at(-1)!), "utf8") : "";
      throw new Error(`no link to "${page}" mailed to ${to}; ${names.length} messages: ${names.join(", ")}\n${last}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
