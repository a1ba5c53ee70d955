import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { describe, it } from "node:test";
import { LatchProblem, type LatchClient } from "../src/index.js";
import { client, newEmail, password } from "./support.js";

/** The code an authenticator app shows at 30-second step `step`, from an independent RFC 6238 implementation. */
function code(secret: string, step: number): string {
  return execFileSync("oathtool", ["--totp", "--base32", secret, "--now", `@${step * 30 + 15}`], { encoding: "utf8" }).trim();
}

/** The server takes one step either side, each step once: start where three steps in a row fit before the clock moves on. */
async function currentStep(): Promise<number> {
  const into = (Date.now() / 1000) % 30;
  if (into > 18) await new Promise((resolve) => setTimeout(resolve, (30 - into + 0.5) * 1000));
  return Math.floor(Date.now() / 30_000);
}

/** Enrols and confirms an authenticator with the client's helpers, with the code of the step before `step`. */
async function enrol(tab: LatchClient, step: number): Promise<{ secret: string; recoveryCodes: string[] }> {
  const { secret } = await tab.enrolTotp({ currentPassword: password });
  const recoveryCodes = await tab.confirmTotp({ code: code(secret, step - 1) });
  return { secret, recoveryCodes };
}

/** fetch, keeping the bearer token of the last request, as the client sent it. */
function bearerRecorder(): { fetch: typeof fetch; last: () => string } {
  let last = "";
  return {
    fetch: (input, init) => {
      last = new Headers(init?.headers).get("Authorization")?.replace(/^Bearer /, "") ?? "";
      return fetch(input, init);
    },
    last: () => last,
  };
}

const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString()) as Record<string, unknown>;

const problem = (status: number, code: string) => (e: unknown) => e instanceof LatchProblem && e.status === status && e.code === code;

describe("second factor against a real Latch", () => {
  it("enrols an authenticator: the secret and its URI once, then a current code confirms it and answers 10 recovery codes", async () => {
    const tab = client();
    const email = newEmail("enrol");
    await tab.register({ email, password });

    await assert.rejects(tab.enrolTotp({ currentPassword: "not the password at all" }), problem(403, "wrong_password"));
    await assert.rejects(tab.confirmTotp({ code: "123456" }), problem(409, "mfa_not_enrolled"));
    const enrolment = await tab.enrolTotp({ currentPassword: password });
    assert.match(enrolment.secret, /^[A-Z2-7]{32}$/);
    const uri = new URL(enrolment.otpauthUri);
    assert.equal(`${uri.protocol}//${uri.host}`, "otpauth://totp");
    assert.equal(decodeURIComponent(uri.pathname), `/Latch:${email}`);
    assert.equal(uri.searchParams.get("secret"), enrolment.secret);
    assert.equal(uri.searchParams.get("issuer"), "Latch");
    assert.equal(tab.user?.mfa.totp, false, "a pending enrolment is no factor yet");

    const step = await currentStep();
    await assert.rejects(tab.confirmTotp({ code: code(enrolment.secret, step - 5) }), problem(403, "invalid_mfa_code"));
    const recoveryCodes = await tab.confirmTotp({ code: code(enrolment.secret, step) });
    assert.equal(recoveryCodes.length, 10);
    assert.ok(recoveryCodes.every((c) => /^[a-z0-9]{5}-[a-z0-9]{5}$/.test(c)));
    assert.deepEqual(tab.user?.mfa, { totp: true, recoveryCodesLeft: 10 });
    assert.deepEqual((await tab.me()).mfa, { totp: true, recoveryCodesLeft: 10 });
    await assert.rejects(tab.enrolTotp({ currentPassword: password }), problem(409, "mfa_already_enabled"));
  });

  it("steps up, regenerates recovery codes and disables the authenticator", async () => {
    const recorder = bearerRecorder();
    const tab = client({ fetch: recorder.fetch });
    await tab.register({ email: newEmail("mfa"), password });
    const step = await currentStep();
    const { secret, recoveryCodes } = await enrol(tab, step);

    await assert.rejects(tab.stepUp({ code: code(secret, step - 5) }), problem(403, "invalid_mfa_code"));
    await tab.stepUp({ code: code(secret, step) });
    await tab.me();
    const stepped = claims(recorder.last());
    assert.ok(Array.isArray(stepped["amr"]) && stepped["amr"].includes("otp"), "the client sends the step-up's access token");
    assert.equal(typeof stepped["mfa_time"], "number");
    await assert.rejects(tab.stepUp({ code: code(secret, step) }), problem(403, "invalid_mfa_code")); // each step once

    await assert.rejects(tab.regenerateRecoveryCodes({ currentPassword: "not the password at all", code: code(secret, step + 1) }),
      problem(403, "wrong_password"));
    const fresh = await tab.regenerateRecoveryCodes({ currentPassword: password, code: code(secret, step + 1) });
    assert.equal(fresh.length, 10);
    assert.ok(fresh.every((c) => /^[a-z0-9]{5}-[a-z0-9]{5}$/.test(c) && !recoveryCodes.includes(c)));
    assert.equal(tab.user?.mfa.recoveryCodesLeft, 10);

    await assert.rejects(tab.disableTotp({ currentPassword: password, recoveryCode: recoveryCodes[0]! }), problem(403, "invalid_mfa_code"));
    await tab.disableTotp({ currentPassword: password, recoveryCode: fresh[0]! });
    assert.equal(tab.user?.mfa.totp, false);
    assert.deepEqual((await tab.me()).mfa, { totp: false, recoveryCodesLeft: 0 });

    await assert.rejects(tab.disableTotp({ currentPassword: password, recoveryCode: fresh[1]! }), problem(409, "mfa_not_enrolled"));
    await assert.rejects(tab.regenerateRecoveryCodes({ currentPassword: password, recoveryCode: fresh[1]! }), problem(409, "mfa_not_enrolled"));
    await assert.rejects(tab.stepUp({ recoveryCode: fresh[1]! }), problem(409, "mfa_not_enrolled"));
  });
});
