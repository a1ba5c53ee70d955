import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LatchProblem, type LatchClient } from "../src/index.js";
import { client, linkToken, needsMailbox, newEmail, password } from "./support.js";

/**
 * Password reset and email change through the links the host mails, against a host as it ships (email verification on,
 * mail written to LATCH_MAILBOX by the .NET harness, whose links end in /reset#token=… and /email#token=…).
 */
const problem = (status: number, code: string) => (e: unknown) => e instanceof LatchProblem && e.status === status && e.code === code;

/** A verified, signed-in account (registration mails its link first, as the shipped API does). */
async function account(tab: LatchClient, email: string): Promise<void> {
  assert.equal(await tab.register({ email, password }), null);
  await tab.verifyEmail({ token: await linkToken(email, "verify"), password });
}

describe("emailed links", { skip: needsMailbox }, () => {
  it("requestPasswordReset answers alike for any address; resetPassword with the mailed token sets the new password once", async () => {
    const email = newEmail("reset");
    await account(client(), email);

    const tab = client();
    assert.equal(await tab.requestPasswordReset({ email }), undefined);
    assert.equal(await tab.requestPasswordReset({ email: newEmail("nobody") }), undefined);
    const token = await linkToken(email, "reset");

    await assert.rejects(tab.resetPassword({ token, newPassword: "short" }), problem(400, "validation_failed"));
    const newPassword = "a brand new passphrase from the link";
    assert.equal(await tab.resetPassword({ token, newPassword }), undefined);
    await assert.rejects(tab.resetPassword({ token, newPassword: newPassword + " again" }), problem(400, "invalid_email_token"));

    await assert.rejects(tab.login({ email, password }), problem(401, "invalid_credentials"));
    assert.equal((await tab.login({ email, password: newPassword })).email, email);
  });

  it("requestEmailChange takes the password; confirmEmailChange with the token mailed to the new address moves the account", async () => {
    const tab = client();
    const email = newEmail("before");
    await account(tab, email);
    const moved = newEmail("after");

    await assert.rejects(tab.requestEmailChange({ newEmail: moved, currentPassword: "not the password at all" }),
      problem(403, "wrong_password"));
    assert.equal(await tab.requestEmailChange({ newEmail: moved, currentPassword: password }), undefined);
    const token = await linkToken(moved, "email");

    const user = await tab.confirmEmailChange({ token });
    assert.equal(user.email, moved);
    assert.equal(tab.user?.email, moved);
    assert.equal((await tab.me()).email, moved);
    await assert.rejects(tab.confirmEmailChange({ token }), problem(400, "invalid_email_token"));
    assert.equal((await client().login({ email: moved, password })).email, moved);
  });
});
