// The sample app: a static page on its own origin using the TypeScript client with the cookie transport, so the
// refresh token never reaches this script. config.js (written by serve.mjs) names the API.
import { LatchClient, LatchProblem } from "/client/index.js";
import { apiUrl } from "/config.js";

const latch = new LatchClient({ baseUrl: apiUrl, transport: "cookie" });
window.latch = latch; // for the browser test and the console

const $ = (id) => document.getElementById(id);

// The page an emailed link opened (its path) and the link's token (from the fragment, which reaches no server).
const linkPages = ["verify-email", "reset-password", "confirm-email"];
let linkPage = linkPages.find((page) => location.pathname === `/${page}`) ?? null;
const linkToken = new URLSearchParams(location.hash.slice(1)).get("token");
// Out of the address bar and the history entry the moment it is read, whatever the flow's outcome: a failed flow (a
// used or expired link, an error) must not leave it there. It lives on only in this variable; a reload asks for the link.
if (linkPage !== null || linkToken) history.replaceState(null, "", location.pathname);
if (linkPage !== null && !linkToken) {
  $("error").textContent = "This link is incomplete: open the link from the email again, or ask for a new one.";
  linkPage = null;
}

/** The link's flow is done: back to the app's main page. */
function leaveLinkPage(notice = "") {
  linkPage = null;
  history.replaceState(null, "", "/");
  $("notice").textContent = notice;
}

function showError(error) {
  $("error").textContent = error instanceof LatchProblem ? `${error.code}: ${error.detail}` : String(error?.message ?? error);
}

async function render() {
  for (const page of linkPages) $(page).hidden = page !== linkPage;
  // Completing a registration or a reset needs nobody signed in; confirming an email change needs the account that asked.
  const onlyTheLink = linkPage === "verify-email" || linkPage === "reset-password";
  $("signed-in").hidden = onlyTheLink || !latch.signedIn;
  $("signed-out").hidden = onlyTheLink || latch.signedIn;
  $("confirm-email-button").disabled = !latch.signedIn;
  $("confirm-email-help").hidden = latch.signedIn;
  if (!latch.signedIn || onlyTheLink) return;
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
    $("notice").textContent = "";
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
onSubmit("forgot", async ({ email }) => {
  await latch.requestPasswordReset({ email });
  $("notice").textContent = "If an account has this address, a reset link is on its way.";
});
onSubmit("change-email", async ({ newEmail, currentPassword }) => {
  await latch.requestEmailChange({ newEmail, currentPassword });
  $("notice").textContent = `Check ${newEmail}: the link in it completes the change.`;
});
onSubmit("verify", async ({ password }) => {
  // Creates the account and signs in; a wrong password throws and leaves the token usable, so the page stays.
  await latch.verifyEmail({ token: linkToken, password });
  leaveLinkPage();
  await render();
});
onSubmit("reset", async ({ newPassword }) => {
  await latch.resetPassword({ token: linkToken, newPassword });
  leaveLinkPage("Your password is changed: sign in with it.");
  await render();
});
$("confirm-email-button").addEventListener("click", async () => {
  $("error").textContent = "";
  try {
    const user = await latch.confirmEmailChange({ token: linkToken });
    leaveLinkPage(`Your address is now ${user.email}.`);
    await render();
  } catch (error) {
    showError(error);
  }
});
$("sign-out-others").addEventListener("click", () => latch.signOutOthers().then(render, showError));
$("logout").addEventListener("click", () => latch.logout().catch(showError));

latch.onChange(() => render().catch(showError));
// A reload, or a new tab: the session comes back from the HttpOnly cookie, if there is one.
latch.resume().then(render, showError).finally(() => document.body.dataset.ready = "true");
