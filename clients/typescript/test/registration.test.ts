import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LatchProblem } from "../src/index.js";
import { client, linkToken, needsMailbox, newEmail, password } from "./support.js";

/**
 * Registration as the API ships it: email verification on. The .NET harness starts such a host with its mail written
 * to a folder and sets LATCH_MAILBOX; against a host without verification these tests cannot run and say so.
 */
describe("registration with email verification", { skip: needsMailbox }, () => {
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
