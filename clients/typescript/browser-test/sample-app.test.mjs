// The sample app in headless Chromium against a real Latch: the API on one origin (LATCH_URL, http://localhost:A),
// the app on another of the same site (http://localhost:APP_PORT, the one configured origin), and a foreign site
// (http://127.0.0.1:FOREIGN_PORT: another host, so cross-site). Run by tests/IntegrationTests (BrowserTests), which
// starts the host; by hand: LATCH_URL=… APP_PORT=… FOREIGN_PORT=… node --test browser-test/
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { chromium } from "playwright-core";
import { serveSampleApp } from "../../../samples/web/serve.mjs";

const api = process.env.LATCH_URL;
const appPort = Number(process.env.APP_PORT);
const foreignPort = Number(process.env.FOREIGN_PORT);
if (!api || !appPort || !foreignPort) throw new Error("set LATCH_URL, APP_PORT and FOREIGN_PORT");
const app = `http://localhost:${appPort}`;
const foreign = `http://127.0.0.1:${foreignPort}`;
const cookieName = "__Host-latch-refresh";
const password = "correct horse battery staple";

// A page at any /v1/... path of the app's host shows document.cookie: cookies are shared across ports of one
// host, so a refresh cookie without HttpOnly (Path=/) would be readable right here.
const probe = (path) => path.startsWith("/v1/") ? "<!doctype html><title>probe</title><script>document.title = 'cookies:' + document.cookie</script>" : null;

// A cross-site page that posts a form to the refresh route, as a CSRF attack would.
const attack = (path) => path === "/attack" ? `<!doctype html><form method="post" action="${api}/v1/auth/refresh" enctype="text/plain">
  <input name='{"refreshToken":"' value='"}'></form><script>document.forms[0].submit()</script>` : null;

let browser, context, servers = [];

// Every cookie of the context, found by name and the API's host.
const refreshCookie = async () => (await context.cookies()).find((c) => c.name === cookieName && c.domain === new URL(api).hostname);

async function openApp(url = app) {
  const page = await context.newPage();
  await page.goto(url + "/");
  await page.waitForSelector("body[data-ready=true]");
  return page;
}

describe("the sample app in Chromium", { concurrency: false }, () => {
  before(async () => {
    servers.push(await serveSampleApp({ port: appPort, host: "localhost", api, extra: probe }));
    servers.push(await serveSampleApp({ port: foreignPort, host: "127.0.0.1", api, extra: attack }));
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
    context = await browser.newContext();
  });

  after(async () => {
    await browser?.close();
    for (const server of servers) server.close();
  });

  let first;
  const email = `browser-${crypto.randomUUID()}@example.com`;

  it("registers through credentialed CORS (the transport header forces a preflight, which passes)", async () => {
    first = await openApp();
    await first.fill("#register [name=email]", email);
    await first.fill("#register [name=password]", password);
    await first.fill("#register [name=displayName]", "Browser Ann");
    await first.click("#register button");
    await first.waitForFunction(() => document.querySelector("#who")?.textContent === "Browser Ann" &&
      document.querySelectorAll("#sessions li[data-current=true]").length === 1, null, { timeout: 10_000 });
  });

  it("keeps the refresh token in an HttpOnly cookie that page script never sees", async () => {
    const cookie = await refreshCookie();
    // Chromium treats http://localhost as a secure context, so it accepts the __Host- prefix (Secure, Path=/, no Domain).
    assert.ok(cookie, "no refresh cookie in the browser: Chromium refused the __Host- cookie");
    assert.equal(cookie.httpOnly, true, "the refresh cookie is not HttpOnly");
    assert.equal(cookie.secure, true);
    assert.equal(cookie.sameSite, "Strict");
    assert.equal(cookie.path, "/");
    assert.equal(await first.evaluate(() => document.cookie), "");
    const probePage = await context.newPage();
    await probePage.goto(app + "/v1/auth/refresh");
    assert.equal(await probePage.title(), "cookies:", "page script on the cookie's path could read it");
    assert.ok(!(await first.content()).includes(cookie.value), "the token reached the page");
    await probePage.close();
  });

  it("keeps two tabs signed in when both refresh at the same moment", async () => {
    const second = await openApp();
    await second.waitForSelector("#signed-in:not([hidden])", { timeout: 10_000 });
    const refresh = (page) => page.evaluate(() => window.latch.refresh().then((t) => t.length, (e) => `error ${e.name} ${e.message}`));
    for (let round = 0; round < 3; round++) {
      const [a, b] = await Promise.all([refresh(first), refresh(second)]);
      assert.equal(typeof a, "number", String(a));
      assert.equal(typeof b, "number", String(b));
    }
    for (const page of [first, second]) {
      assert.equal(await page.evaluate(() => window.latch.me().then((u) => u.email, (e) => e.name)), email);
    }
    await second.reload();
    await second.waitForSelector("#signed-in:not([hidden])", { timeout: 10_000 });
    await second.close();
  });

  it("gives a page on a non-listed origin nothing", async () => {
    const page = await openApp(foreign);
    assert.equal(await page.isVisible("#signed-in"), false, "the foreign page resumed the session");
    const results = await page.evaluate(async (apiUrl) => {
      const attempt = (path, init) => fetch(apiUrl + path, init).then((r) => `status ${r.status}`, (e) => e.name);
      return [
        await attempt("/v1/auth/refresh", { method: "POST", credentials: "include", headers: { "Content-Type": "application/json", "X-Latch-Transport": "cookie" }, body: "{}" }),
        await attempt("/v1/auth/login", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" }),
        await attempt("/health/live", {}),
      ];
    }, api);
    assert.deepEqual(results, ["TypeError", "TypeError", "TypeError"]);
    await page.close();
  });

  it("lets no cross-site form post use the cookie", async () => {
    const before = (await refreshCookie())?.value;
    const page = await context.newPage();
    const answer = page.waitForResponse((r) => r.url() === `${api}/v1/auth/refresh`);
    await page.goto(foreign + "/attack");
    const response = await answer;
    assert.notEqual(response.status(), 200, "the form post refreshed the session");
    assert.ok(!(await response.text()).includes("accessToken"));
    assert.equal(response.headers()["set-cookie"], undefined);
    assert.equal((await refreshCookie())?.value, before, "the form post changed the cookie");
    assert.equal(await first.evaluate(() => window.latch.refresh().then(() => "ok", (e) => e.name)), "ok");
    await page.close();
  });

  it("keeps this session's cookie when the other sessions are signed out", async () => {
    const before = (await refreshCookie())?.value;
    assert.ok(before, "no refresh cookie before signing out the others");
    assert.equal(await first.evaluate(() => window.latch.signOutOthers().then(() => "ok", (e) => e.name)), "ok");
    assert.equal((await refreshCookie())?.value, before, "signing out the other sessions removed this session's cookie");
    assert.equal(await first.evaluate(() => window.latch.refresh().then(() => "ok", (e) => e.name)), "ok");
    assert.equal(await first.isVisible("#signed-in"), true);
  });

  it("clears the cookie on logout, and other tabs are signed out", async () => {
    const other = await openApp();
    await other.waitForSelector("#signed-in:not([hidden])", { timeout: 10_000 });
    await first.click("#logout");
    await first.waitForSelector("#signed-out:not([hidden])", { timeout: 10_000 });
    assert.equal(await refreshCookie(), undefined, "the refresh cookie outlived the logout");
    await other.waitForSelector("#signed-out:not([hidden])", { timeout: 10_000 });
    const fresh = await openApp();
    assert.equal(await fresh.isVisible("#signed-in"), false);
  });
});
