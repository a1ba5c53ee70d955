import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LatchProblem, SignedOut } from "../src/index.js";
import { SharedLock, SharedStore, client, countingFetch, newEmail, password } from "./support.js";

describe("accounts and sessions against a real Latch", () => {
  it("registers, reads the profile and sessions, signs out others, logs out", async () => {
    const email = newEmail();
    const first = client();
    const user = await first.register({ email, password, displayName: "Ann" }); // verification off in this host
    assert.ok(user, "a host without email verification answers register with the signed-in user");
    assert.equal(user.email, email);
    assert.equal((await first.me()).displayName, "Ann");

    const second = client();
    await second.login({ email, password });
    assert.equal((await first.sessions()).length, 2);

    await first.signOutOthers();
    assert.equal(first.signedIn, true);
    const sessions = await first.sessions();
    assert.equal(sessions.length, 1);
    assert.equal(sessions[0]?.current, true);
    await assert.rejects(second.me(), SignedOut);

    await first.logout();
    assert.equal(first.signedIn, false);
    await assert.rejects(first.me(), SignedOut);
  });

  it("turns problem+json into typed errors with the stable code", async () => {
    const email = newEmail();
    await client().register({ email, password });
    await assert.rejects(client().register({ email, password }), (e: unknown) => e instanceof LatchProblem && e.status === 409 && e.code === "email_taken");
    await assert.rejects(client().login({ email, password: "not the password at all" }),
      (e: unknown) => e instanceof LatchProblem && e.code === "invalid_credentials" && /^[0-9a-f]{32}$/.test(e.traceId ?? ""));
    await assert.rejects(client().register({ email: newEmail(), password: "123456789012345" }),
      (e: unknown) => e instanceof LatchProblem && e.code === "validation_failed" && (e.passwordRules?.["password"] ?? []).includes("sequential"));
  });
});

describe("refresh", () => {
  it("is one request for many concurrent callers in a tab", async () => {
    const counts = new Map<string, number>();
    const tab = client({ fetch: countingFetch(counts) });
    await tab.register({ email: newEmail(), password });
    const tokens = await Promise.all(Array.from({ length: 8 }, () => tab.refresh()));
    assert.equal(counts.get("/v1/auth/refresh"), 1);
    assert.equal(new Set(tokens).size, 1);
    assert.ok(await tab.me());
  });

  it("is one request for two tabs refreshing at the same moment, and both stay signed in", async () => {
    const counts = new Map<string, number>();
    const lock = new SharedLock();
    const store = new SharedStore();
    const channelName = `latch-test-${crypto.randomUUID()}`;
    const options = { fetch: countingFetch(counts), locks: lock, refreshTokenStore: store, channelName };
    const a = client(options);
    const b = client(options);
    try {
      await a.register({ email: newEmail(), password });
      await b.refresh(); // b picks up the session from the shared store, as a second tab would
      counts.clear();

      const [fromA, fromB] = await Promise.all([a.refresh(), b.refresh()]);
      assert.equal(counts.get("/v1/auth/refresh"), 1, "the second tab used the first one's result");
      assert.equal(fromA, fromB);
      assert.ok(await a.me());
      assert.ok(await b.me());
      await a.refresh(); // the session is still alive: no rotated token was presented twice
    } finally {
      a.close();
      b.close();
    }
  });

  it("retries a refresh whose answer was lost, within the grace period, and gets the same successor", async () => {
    let drop = true;
    const lossy: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (drop && String(input).endsWith("/v1/auth/refresh")) {
        drop = false;
        await response.arrayBuffer();
        throw new TypeError("network error: the answer was lost"); // the server did rotate the token
      }
      return response;
    };
    const tab = client({ fetch: lossy });
    await tab.register({ email: newEmail(), password });
    const token = await tab.refresh();
    assert.equal(drop, false);
    assert.ok(await tab.me());
    assert.notEqual(await tab.refresh(), token); // the session survived: the retry was not taken for reuse
  });

  it("signs out when the session is gone", async () => {
    const tab = client();
    await tab.register({ email: newEmail(), password });
    const other = client({ refreshTokenStore: new SharedStore() });
    await assert.rejects(other.refresh(), SignedOut);
    await tab.logout("global");
    await assert.rejects(tab.refresh(), SignedOut);
  });
});

describe("Retry-After", () => {
  const busy = (seconds: number, then: typeof fetch): typeof fetch => {
    let answered = false;
    return async (input, init) => {
      if (!answered) {
        answered = true;
        return new Response(JSON.stringify({ status: 503, code: "unavailable", detail: "busy" }),
          { status: 503, headers: { "Content-Type": "application/problem+json", "Retry-After": String(seconds) } });
      }
      return then(input, init);
    };
  };

  it("waits a short Retry-After out and tries once more", async () => {
    const counts = new Map<string, number>();
    const tab = client({ fetch: busy(1, countingFetch(counts)) });
    const started = Date.now();
    await tab.register({ email: newEmail(), password });
    assert.ok(Date.now() - started >= 1000, "asked again before Retry-After");
    assert.equal(counts.get("/v1/auth/register"), 1);
  });

  it("hands a long Retry-After to the caller without asking again", async () => {
    const counts = new Map<string, number>();
    const tab = client({ fetch: busy(120, countingFetch(counts)) });
    await assert.rejects(tab.register({ email: newEmail(), password }),
      (e: unknown) => e instanceof LatchProblem && e.code === "unavailable" && e.retryAfterMs === 120_000);
    assert.equal(counts.size, 0);
  });
});
