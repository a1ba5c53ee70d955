import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { LatchProblem } from "../src/index.js";
import { client, newEmail, password } from "./support.js";

/**
 * Registration as the API ships it: email verification on. The .NET harness starts such a host with its mail written
 * to a folder and sets LATCH_MAILBOX; against a host without verification these tests cannot run and say so.
 */
const mailbox = process.env["LATCH_MAILBOX"];
const skip = mailbox ? false : "LATCH_MAILBOX is not set: these need a host with email verification on whose mail lands in that folder";

/** The token of the link in the message to `to`, read as a person's mail program would (quoted-printable undone). */
async function linkToken(to: string): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    for (const name of (await readdir(mailbox!)).filter((n) => n.endsWith(".eml")).sort().reverse()) {
      const raw = await readFile(join(mailbox!, name), "utf8");
      // Undone only where the message says it is quoted-printable: elsewhere "=DB" is just text (a token may start so).
      const text = /Content-Transfer-Encoding:\s*quoted-printable/i.test(raw)
        ? raw.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
        : raw;
      if (!text.includes(to)) continue;
      const match = /#token=([A-Za-z0-9_%-]+)/.exec(text);
      if (match) return decodeURIComponent(match[1]!);
    }
    if (Date.now() > deadline) {
      const names = (await readdir(mailbox!)).filter((n) => n.endsWith(".eml"));
      const last = names.length ? await readFile(join(mailbox!, names.sort().at(-1)!), "utf8") : "";
      throw new Error(`no link mailed to ${to}; ${names.length} messages: ${names.join(", ")}\n${last}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("registration with email verification", { skip }, () => {
  it("register resolves to null and signs nobody in; the link and the same password create the account and sign in", async () => {
    const tab = client();
    const email = newEmail("verify");
    assert.equal(await tab.register({ email, password, displayName: "Vera" }), null);
    assert.equal(tab.signedIn, false);
    assert.equal(tab.user, null);

    const user = await tab.verifyEmail({ token: await linkToken(email), password });
    assert.equal(user.email, email);
    assert.equal(user.displayName, "Vera");
    assert.equal(tab.signedIn, true);
    assert.equal((await tab.me()).id, user.id);
  });

  it("a link with another password is refused and still works with the right one", async () => {
    const tab = client();
    const email = newEmail("verify");
    await tab.register({ email, password });
    const token = await linkToken(email);
    await assert.rejects(tab.verifyEmail({ token, password: password + " but not this" }),
      (e: unknown) => e instanceof LatchProblem && e.status === 403 && e.code === "wrong_password");
    assert.equal(tab.signedIn, false);
    assert.equal((await tab.verifyEmail({ token, password })).email, email);
  });
});
