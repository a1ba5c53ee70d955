// The sample app: a static page on its own origin using the TypeScript client with the cookie transport, so the
// refresh token never reaches this script. config.js (written by serve.mjs) names the API.
import { LatchClient, LatchProblem } from "/client/index.js";
import { apiUrl } from "/config.js";

const latch = new LatchClient({ baseUrl: apiUrl, transport: "cookie" });
window.latch = latch; // for the browser test and the console

const $ = (id) => document.getElementById(id);

function showError(error) {
  $("error").textContent = error instanceof LatchProblem ? `${error.code}: ${error.detail}` : String(error?.message ?? error);
}

async function render() {
  $("signed-in").hidden = !latch.signedIn;
  $("signed-out").hidden = latch.signedIn;
  if (!latch.signedIn) return;
  $("who").textContent = latch.user?.displayName ?? "";
  $("email").textContent = latch.user?.email ?? "";
  const list = $("sessions");
  list.replaceChildren(...(await latch.sessions()).map((session) => {
    const item = document.createElement("li");
    item.textContent = `${session.userAgent ?? "unknown device"} since ${session.createdAt}${session.current ? " (this one)" : ""}`;
    item.dataset.current = String(session.current);
    return item;
  }));
}

function onSubmit(id, action) {
  $(id).addEventListener("submit", async (event) => {
    event.preventDefault();
    $("error").textContent = "";
    const fields = Object.fromEntries(new FormData(event.target));
    try {
      await action(fields);
    } catch (error) {
      showError(error);
    }
  });
}

onSubmit("register", async ({ email, password, displayName }) => {
  // null: the API (email verification on, its default) mailed a link; the account exists once it is followed.
  const user = await latch.register({ email, password, ...(displayName ? { displayName } : {}) });
  if (user === null) $("error").textContent = "Check your email: the link in it completes the registration.";
});
onSubmit("login", ({ email, password }) => latch.login({ email, password }));
$("sign-out-others").addEventListener("click", () => latch.signOutOthers().then(render, showError));
$("logout").addEventListener("click", () => latch.logout().catch(showError));

latch.onChange(() => render().catch(showError));
// A reload, or a new tab: the session comes back from the HttpOnly cookie, if there is one.
latch.resume().then(render, showError).finally(() => document.body.dataset.ready = "true");
