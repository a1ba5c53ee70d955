// The sample app's pages for the emailed links, in headless Chromium against a real Latch as it ships (email
// verification on): the API's mail lands in LATCH_MAILBOX and its Mail:Links point at the app
// (http://localhost:APP_PORT/verify-email#token=…, /reset-password#token=…, /confirm-email#token=…, the Development
// defaults on the app's port). The test opens each link from the mail itself, as the user's mail program would. Run by
// tests/IntegrationTests (SampleAppBrowserTests), which starts such a host; skipped without LATCH_MAILBOX.
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { chromium } from "playwright-core";
import { serveSampleApp } from "../../../samples/web/serve.mjs";

const api = process.env.LATCH_URL;
const appPort = Number(process.env.APP_PORT);
const mailbox = process.env.LATCH_MAILBOX;
const skip = mailbox ? false : "LATCH_MAILBOX is not set: these need a host with email verification on whose mail lands in that folder";
const app = `http://localhost:${appPort}`;
const password = "correct horse battery staple";

/** The newest link to `page` of the app in the mail to `to` (quoted-printable undone where the message says so). */
async function mailedLink(to, page) {
  const link = new RegExp(`${app.replace(/[.:/]/g, "\\$&")}/${page}#token=[A-Za-z0-9_%-]+`);
  const deadline = Date.now() + 10_000;
  for (;;) {
    for (const name of (await readdir(mailbox)).filter((n) => n.endsWith(".eml")).sort().reverse()) {
      const raw = await readFile(join(mailbox, name), "utf8");
      const text = /Content-Transfer-Encoding:\s*quoted-printable/i.test(raw)
        ? raw.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)))
        : raw;
      const match = text.includes(to) ? link.exec(text) : null;
      if (match) return match[0];
    }
    if (Date.now() > deadline) throw new Error(`no ${page} link mailed to ${to}: ${(await readdir(mailbox)).join(", ")}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("the sample app's pages for the emailed links", { concurrency: false, skip }, () => {
  let server, browser, context, page;
  const email = `links-${crypto.randomUUID()}@example.com`;
  const moved = `moved-${crypto.randomUUID()}@example.com`;
  const newPassword = "a new passphrase from the reset link";
  let usedResetLink;

  before(async () => {
    if (!mailbox) return;
    server = await serveSampleApp({ port: appPort, host: "localhost", api });
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
    context = await browser.newContext();
    page = await context.newPage();
  });

  after(async () => {
    await browser?.close();
    server?.close();
  });

  const text = (selector) => page.textContent(selector);
  const open = async (url) => {
    await page.goto(url);
    await page.waitForSelector("body[data-ready=true]");
  };

  it("registers, and the verification link's page asks for the password and signs in", async () => {
    await open(app + "/");
    await page.fill("#register [name=email]", email);
    await page.fill("#register [name=password]", password);
    await page.fill("#register [name=displayName]", "Linked Lou");
    await page.click("#register button");
    await page.waitForFunction(() => document.querySelector("#error")?.textContent?.startsWith("Check your email"));
    assert.equal(await page.isVisible("#signed-in"), false);

    await open(await mailedLink(email, "verify-email"));
    assert.equal(await page.isVisible("#verify-email"), true, "the link opened no verification page");
    assert.equal(await page.isVisible("#signed-out"), false);
    await page.fill("#verify [name=password]", password + " but not this");
    await page.click("#verify button");
    await page.waitForFunction(() => document.querySelector("#error")?.textContent?.startsWith("wrong_password"));
    assert.equal(await page.isVisible("#verify-email"), true, "a wrong password must leave the page and its token usable");

    await page.fill("#verify [name=password]", password);
    await page.click("#verify button");
    await page.waitForSelector("#signed-in:not([hidden])", { timeout: 10_000 });
    assert.equal(await text("#who"), "Linked Lou");
    assert.equal(await text("#email"), email);
    assert.equal(await page.isVisible("#verify-email"), false);
    assert.equal(new URL(page.url()).hash, "", "the token stayed in the address bar");
  });

  it("changes the address from the link mailed to the new one, confirmed on the signed-in session", async () => {
    await page.fill("#change-email [name=newEmail]", moved);
    await page.fill("#change-email [name=currentPassword]", password);
    await page.click("#change-email button");
    await page.waitForFunction(() => document.querySelector("#notice")?.textContent?.startsWith("Check "));

    await open(await mailedLink(moved, "confirm-email"));
    await page.waitForSelector("#confirm-email:not([hidden])");
    await page.waitForSelector("#confirm-email-button:not([disabled])", { timeout: 10_000 });
    await page.click("#confirm-email-button");
    await page.waitForFunction((address) => document.querySelector("#email")?.textContent === address, moved, { timeout: 10_000 });
    assert.equal(await text("#notice"), `Your address is now ${moved}.`);
    assert.equal(new URL(page.url()).pathname, "/");

  });

  it("resets a forgotten password from the mailed link, after which only the new one signs in", async () => {
    await page.click("#logout");
    await page.waitForSelector("#signed-out:not([hidden])", { timeout: 10_000 });
    await page.fill("#forgot [name=email]", moved);
    await page.click("#forgot button");
    await page.waitForFunction(() => document.querySelector("#notice")?.textContent?.startsWith("If an account"));

    usedResetLink = await mailedLink(moved, "reset-password");
    await open(usedResetLink);
    assert.equal(await page.isVisible("#reset-password"), true, "the link opened no reset page");
    await page.fill("#reset [name=newPassword]", newPassword);
    await page.click("#reset button");
    await page.waitForFunction(() => document.querySelector("#notice")?.textContent === "Your password is changed: sign in with it.");
    assert.equal(await page.isVisible("#signed-out"), true);
    assert.equal(new URL(page.url()).hash, "");

    await page.fill("#login [name=email]", moved);
    await page.fill("#login [name=password]", password);
    await page.click("#login button");
    await page.waitForFunction(() => document.querySelector("#error")?.textContent?.startsWith("invalid_credentials"));
    await page.fill("#login [name=password]", newPassword);
    await page.click("#login button");
    await page.waitForSelector("#signed-in:not([hidden])", { timeout: 10_000 });
    assert.equal(await text("#email"), moved);
  });

  it("takes the token out of the address bar and the history as soon as it reads it, also when the flow then fails", async () => {
    const token = new URLSearchParams(new URL(usedResetLink).hash.slice(1)).get("token");
    const carriesToken = (url) => url.includes("token=") || url.includes(token);
    await open(app + "/");
    await open(usedResetLink);
    assert.equal(await page.isVisible("#reset-password"), true, "the link opened no reset page");
    assert.equal(carriesToken(page.url()), false, "the token is still in the address bar before the form is sent");

    // The link was used by the reset above: the API refuses it again.
    await page.fill("#reset [name=newPassword]", "yet another passphrase for a used link");
    await page.click("#reset button");
    await page.waitForFunction(() => (document.querySelector("#error")?.textContent ?? "") !== "", null, { timeout: 10_000 });
    assert.equal(await page.isVisible("#signed-in"), false);

    assert.equal(carriesToken(page.url()), false, `the token stayed in the address bar: ${page.url()}`);
    assert.equal(carriesToken(await page.evaluate(() => location.href)), false);
    const cdp = await context.newCDPSession(page);
    const { entries } = await cdp.send("Page.getNavigationHistory");
    assert.deepEqual(entries.map((entry) => entry.url).filter(carriesToken), [], "a history entry kept the token");

    // Back and forward again: the entry the link opened comes back without it.
    await page.goBack();
    await page.goForward();
    await page.waitForSelector("body[data-ready=true]");
    assert.equal(carriesToken(page.url()), false, `the history entry brought the token back: ${page.url()}`);
  });
});
