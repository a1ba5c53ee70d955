import { LatchProblem, SignedOut, parseRetryAfter } from "./errors.js";
import type {
  AccessTokenResponse, AuthResponse, CookieAuthResponse, FactorProofRequest, LoginRequest, LogoutScope, RecoveryCodesResponse,
  SecondFactorProof, Session, TotpEnrolment, User,
} from "./types.js";

/** Where the body transport keeps the refresh token, and any transport the device token (ADR 0010). */
export interface TokenStore {
  get(): string | null;
  set(value: string | null): void;
}

/** The part of the Web Locks API the client uses (navigator.locks in browsers). */
export interface LockManagerLike {
  request<T>(name: string, options: { ifAvailable?: boolean }, callback: (lock: unknown) => Promise<T>): Promise<T>;
}

export interface LatchClientOptions {
  /** The API's URL, e.g. https://api.example.com (a stage or base path included). */
  baseUrl: string;
  /**
   * "cookie" (browsers): the refresh token lives in a Secure, HttpOnly, SameSite=Strict cookie set by the API, out of
   * the page's reach; the app's origin must be in the API's Cors:AllowedOrigins. "body" (Node, mobile, servers): the
   * refresh token is returned in the body and kept in `refreshTokenStore`.
   */
  transport?: "cookie" | "body";
  fetch?: typeof fetch;
  refreshTokenStore?: TokenStore;
  deviceTokenStore?: TokenStore;
  /** Serialises refreshes across tabs; navigator.locks by default, null for none. */
  locks?: LockManagerLike | null;
  /** BroadcastChannel name on which tabs share a refreshed access token; null for none. */
  channelName?: string | null;
  /** The server's Sessions:ReuseGracePeriod: a lost refresh is retried with the same token only within it. */
  gracePeriodMs?: number;
  /** Longest Retry-After the client waits out by itself before retrying once; longer ones are thrown. */
  maxRetryWaitMs?: number;
  /** Refresh this long before the access token expires. */
  expiryMarginMs?: number;
}

export type AuthState = { user: User | null; signedIn: boolean };

const LOCK_NAME = "latch-refresh";
const TRANSPORT_HEADER = "X-Latch-Transport";

type Message = { type: "token"; accessToken: string; expiresAt: number; user: User } | { type: "signedOut" };

class MemoryStore implements TokenStore {
  private value: string | null = null;
  get(): string | null { return this.value; }
  set(value: string | null): void { this.value = value; }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A Latch client. The access token stays in memory only. Refreshes are single-flighted: concurrent callers in one
 * tab share one request, and tabs take turns through a Web Lock and share the result over a BroadcastChannel, so
 * that tabs never present a rotated refresh token after the server's grace period (which the server treats as theft).
 */
export class LatchClient {
  private readonly baseUrl: string;
  private readonly transport: "cookie" | "body";
  private readonly fetcher: typeof fetch;
  private readonly refreshTokens: TokenStore;
  private readonly deviceTokens: TokenStore;
  private readonly locks: LockManagerLike | null;
  private readonly channel: BroadcastChannel | null;
  private readonly gracePeriodMs: number;
  private readonly maxRetryWaitMs: number;
  private readonly expiryMarginMs: number;
  private readonly listeners = new Set<(state: AuthState) => void>();

  private accessToken: string | null = null;
  private expiresAt = 0;
  private currentUser: User | null = null;
  private version = 0;
  private inflight: Promise<string> | undefined;
  private readonly waiters = new Set<() => void>();

  constructor(options: LatchClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.transport = options.transport ?? "cookie";
    this.fetcher = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.refreshTokens = options.refreshTokenStore ?? new MemoryStore();
    this.deviceTokens = options.deviceTokenStore ?? new MemoryStore();
    this.locks = options.locks !== undefined ? options.locks
      : (globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks ?? null;
    const name = options.channelName === undefined ? "latch-auth" : options.channelName;
    this.channel = name !== null && typeof BroadcastChannel !== "undefined" ? new BroadcastChannel(name) : null;
    this.channel?.addEventListener("message", (event: MessageEvent<Message>) => this.receive(event.data));
    this.gracePeriodMs = options.gracePeriodMs ?? 10_000;
    this.maxRetryWaitMs = options.maxRetryWaitMs ?? 5_000;
    this.expiryMarginMs = options.expiryMarginMs ?? 30_000;
  }

  get user(): User | null { return this.currentUser; }

  get signedIn(): boolean { return this.accessToken !== null; }

  /** Called on every sign-in, refresh (here or in another tab) and sign-out. Returns the unsubscribe function. */
  onChange(listener: (state: AuthState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Registers an account. With email verification on (the API's default) the API answers 202 and nothing more: this
   * resolves to null, nobody is signed in, and the account exists once the user follows the emailed link and the app
   * calls {@link verifyEmail} with its token and the same password. With verification off it resolves to the new,
   * signed-in user.
   */
  async register(request: { email: string; password: string; displayName?: string }): Promise<User | null> {
    const answer = await this.send<AuthResponse | CookieAuthResponse | undefined>("POST", "/v1/auth/register", { body: request, authRoute: true });
    return answer === undefined ? null : this.accept(answer);
  }

  /**
   * Completes a registration from its emailed link: the token (from the link's fragment) and the password chosen at
   * registration, which the API asks for so that a link alone cannot create an account with someone else's password.
   * Resolves to the new, signed-in user.
   */
  async verifyEmail(request: { token: string; password: string }): Promise<User> {
    return this.accept(await this.send<AuthResponse | CookieAuthResponse>("POST", "/v1/auth/verify-email", { body: request, authRoute: true }));
  }

  /**
   * Asks for a password-reset link (POST /v1/auth/password-reset). The API answers alike whether or not the address has
   * an account (202, nothing more), so this resolves for every address; the link's token goes to {@link resetPassword}.
   */
  async requestPasswordReset(request: { email: string }): Promise<void> {
    await this.send<void>("POST", "/v1/auth/password-reset", { body: request });
  }

  /**
   * Sets a new password with the token from a password-reset link's fragment (POST /v1/auth/password-reset/confirm).
   * Every session of the account ends, so nobody is signed in by it: sign in with the new password. A password the
   * rules refuse (400 validation_failed, `passwordRules`) leaves the token usable; a used or void one is
   * 400 invalid_email_token.
   */
  async resetPassword(request: { token: string; newPassword: string }): Promise<void> {
    await this.send<void>("POST", "/v1/auth/password-reset/confirm", { body: request });
  }

  async login(request: { email: string; password: string }): Promise<User> {
    const deviceToken = this.deviceTokens.get();
    const body: Partial<LoginRequest> = deviceToken ? { ...request, deviceToken } : request;
    return this.accept(await this.send<AuthResponse | CookieAuthResponse>("POST", "/v1/auth/login", { body, authRoute: true }));
  }

  /** Picks up an existing session (cookie transport: the cookie; body transport: the stored token), or null. */
  async resume(): Promise<User | null> {
    try {
      await this.refresh();
      return this.currentUser;
    } catch (error) {
      if (error instanceof SignedOut) return null;
      throw error;
    }
  }

  /** A new access token. One request however many callers, in this tab and across tabs. Throws SignedOut. */
  refresh(): Promise<string> {
    this.inflight ??= this.refreshAcrossTabs().finally(() => { this.inflight = undefined; });
    return this.inflight;
  }

  /** Ends this session (local), every other one (others), or all (global). */
  async logout(scope: LogoutScope = "local"): Promise<void> {
    try {
      await this.authorized<void>("POST", `/v1/auth/logout?scope=${scope}`, { authRoute: true });
    } catch (error) {
      if (!(error instanceof SignedOut || error instanceof LatchProblem && error.status === 401)) throw error;
    } finally {
      if (scope !== "others") this.signOutHere(true);
    }
  }

  me(): Promise<User> { return this.authorized<User>("GET", "/v1/users/me"); }

  async updateDisplayName(displayName: string): Promise<User> {
    const user = await this.authorized<User>("PATCH", "/v1/users/me", { body: { displayName } });
    this.currentUser = user;
    this.emit();
    return user;
  }

  sessions(): Promise<Session[]> { return this.authorized<Session[]>("GET", "/v1/users/me/sessions"); }

  revokeSession(id: string): Promise<void> {
    return this.authorized<void>("DELETE", `/v1/users/me/sessions/${encodeURIComponent(id)}`);
  }

  signOutOthers(): Promise<void> { return this.logout("others"); }

  /**
   * Asks to move the account to `newEmail` (POST /v1/users/me/email): a link goes to the new address, a notice to the
   * current one, and the API answers alike whether or not the new address is taken. The account keeps its address
   * until {@link confirmEmailChange}. With a second factor active, 403 step_up_required until {@link stepUp}.
   */
  async requestEmailChange(request: { newEmail: string; currentPassword: string }): Promise<void> {
    await this.authorized<void>("POST", "/v1/users/me/email", { body: request });
  }

  /**
   * Completes an email change with the token from the link mailed to the new address (POST /v1/users/me/email/confirm),
   * on a session of the account that asked; resolves to the user with the new address.
   */
  async confirmEmailChange(request: { token: string }): Promise<User> {
    await this.authorized<void>("POST", "/v1/users/me/email/confirm", { body: request });
    const user = await this.me();
    if (this.currentUser !== null) {
      this.currentUser = user;
      this.emit();
    }
    return user;
  }

  /**
   * Starts (or restarts) an authenticator enrolment (POST /v1/users/me/mfa/totp): the secret and its otpauth:// URI, to
   * show the user this once (as a QR code). The factor plays no part in sign-in until {@link confirmTotp}.
   */
  enrolTotp(request: { currentPassword: string }): Promise<TotpEnrolment> {
    return this.authorized<TotpEnrolment>("POST", "/v1/users/me/mfa/totp", { body: request });
  }

  /**
   * Activates the pending authenticator with a current code from the app (POST /v1/users/me/mfa/totp/confirm) and
   * resolves to its 10 recovery codes, to show the user this once. It also counts as a second factor proved on this
   * session.
   */
  async confirmTotp(request: { code: string }): Promise<string[]> {
    const answer = await this.authorized<RecoveryCodesResponse>("POST", "/v1/users/me/mfa/totp/confirm", { body: request });
    this.updateSecondFactor({ totp: true, recoveryCodesLeft: answer.recoveryCodes.length });
    return answer.recoveryCodes;
  }

  /**
   * Proves the second factor on this session (POST /v1/auth/step-up), as password change, email change and account
   * deletion ask for with 403 step_up_required. The session's new access token replaces the current one here and in
   * the other tabs; the refresh token is unchanged.
   */
  async stepUp(proof: SecondFactorProof): Promise<void> {
    const answer = await this.authorized<AccessTokenResponse>("POST", "/v1/auth/step-up", { body: proof });
    const user = this.currentUser;
    if (user === null) return; // signed out while the request was on its way: keep nothing
    this.setToken(answer.accessToken, Date.now() + Number(answer.expiresIn) * 1000, user);
    this.channel?.postMessage({ type: "token", accessToken: answer.accessToken, expiresAt: this.expiresAt, user } satisfies Message);
  }

  /** Removes the authenticator and its recovery codes; every other session of the account ends, this one stays. */
  async disableTotp(request: FactorProofRequest): Promise<void> {
    await this.authorized<void>("POST", "/v1/users/me/mfa/totp/disable", { body: request });
    this.updateSecondFactor({ totp: false, recoveryCodesLeft: 0 });
  }

  /** 10 new recovery codes, to show the user this once; every earlier one stops working. */
  async regenerateRecoveryCodes(request: FactorProofRequest): Promise<string[]> {
    const answer = await this.authorized<RecoveryCodesResponse>("POST", "/v1/users/me/mfa/recovery-codes", { body: request });
    this.updateSecondFactor({ totp: true, recoveryCodesLeft: answer.recoveryCodes.length });
    return answer.recoveryCodes;
  }

  /** Stops listening to other tabs. */
  close(): void { this.channel?.close(); }

  private async authorized<T>(method: string, path: string, options: { body?: unknown; authRoute?: boolean } = {}): Promise<T> {
    const token = this.accessToken !== null && Date.now() < this.expiresAt - this.expiryMarginMs ? this.accessToken : await this.refresh();
    try {
      return await this.send<T>(method, path, { ...options, bearer: token });
    } catch (error) {
      // Revoked or expired early (another instance, clock skew): one refresh, one retry.
      if (!(error instanceof LatchProblem && error.code === "invalid_token")) throw error;
      return this.send<T>(method, path, { ...options, bearer: await this.refresh() });
    }
  }

  private async refreshAcrossTabs(): Promise<string> {
    const seen = this.version;
    const run = async (waited: boolean) => {
      // The tab that held the lock posted its result before releasing it; the message may still be on its way.
      if (waited && this.version === seen) await this.changed(seen, 250);
      if (this.version !== seen && this.accessToken !== null && Date.now() < this.expiresAt - this.expiryMarginMs) {
        return this.accessToken; // another tab refreshed while this one waited, and shared the result
      }
      return this.refreshNow();
    };
    if (!this.locks) return run(false);
    const busy = Symbol("busy");
    const first = await this.locks.request(LOCK_NAME, { ifAvailable: true }, async (lock) => lock === null ? busy : run(false));
    return first !== busy ? first as string : this.locks.request(LOCK_NAME, {}, () => run(true));
  }

  /** Resolves when the state changes from `seen` (here or from another tab), or after `timeoutMs`. */
  private changed(seen: number, timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => { clearTimeout(timer); this.waiters.delete(check); resolve(); };
      const check = () => { if (this.version !== seen) done(); };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.add(check);
    });
  }

  private async refreshNow(): Promise<string> {
    const body = this.transport === "cookie" ? {} : { refreshToken: this.refreshTokens.get() };
    if (this.transport === "body" && !body.refreshToken) throw new SignedOut();

    // A refresh whose answer is lost may have rotated the token already. Within the grace period the same token
    // gets the same successor back; after it, presenting it again would end the session, so retrying stops there.
    const deadline = Date.now() + this.gracePeriodMs;
    for (let attempt = 0; ; attempt++) {
      try {
        const answer = await this.send<AuthResponse | CookieAuthResponse>("POST", "/v1/auth/refresh",
          { body, authRoute: true, retry: false });
        this.accept(answer);
        return this.accessToken!;
      } catch (error) {
        if (error instanceof LatchProblem && error.status === 401) {
          this.signOutHere(true);
          throw new SignedOut(error);
        }

        const wait = error instanceof LatchProblem ? error.retryAfterMs : error instanceof TypeError ? Math.min(2000, 200 * 2 ** attempt) : undefined;
        if (wait === undefined || Date.now() + wait >= deadline - 500) throw error;
        await sleep(wait);
      }
    }
  }

  private async send<T>(method: string, path: string,
    options: { body?: unknown; bearer?: string; authRoute?: boolean; retry?: boolean }): Promise<T> {
    const headers: Record<string, string> = { Accept: "application/json" };
    if (options.body !== undefined) headers["Content-Type"] = "application/json";
    if (options.bearer !== undefined) headers["Authorization"] = `Bearer ${options.bearer}`;
    const cookie = this.transport === "cookie" && options.authRoute === true;
    if (cookie) headers[TRANSPORT_HEADER] = "cookie";

    for (let attempt = 0; ; attempt++) {
      const response = await this.fetcher(this.baseUrl + path, {
        method,
        headers,
        // Cookies go only to the auth routes, and only under the cookie transport; never elsewhere.
        credentials: cookie ? "include" : "omit",
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      });
      if (response.ok) {
        // 202 (a registration waiting for its email) and 204 carry no body.
        return (response.status === 202 || response.status === 204 ? undefined : await response.json()) as T;
      }

      const retryAfterMs = parseRetryAfter(response.headers.get("Retry-After"));
      const problem = new LatchProblem(response.status, await response.json().catch(() => ({})) as Record<string, unknown>, retryAfterMs);
      if (options.retry !== false && attempt === 0 && (response.status === 429 || response.status === 503) &&
          retryAfterMs !== undefined && retryAfterMs <= this.maxRetryWaitMs) {
        await sleep(retryAfterMs);
        continue;
      }
      throw problem;
    }
  }

  private accept(answer: AuthResponse | CookieAuthResponse): User {
    if ("refreshToken" in answer && this.transport === "body") this.refreshTokens.set(answer.refreshToken);
    this.deviceTokens.set(answer.deviceToken);
    this.setToken(answer.accessToken, Date.now() + Number(answer.expiresIn) * 1000, answer.user);
    this.channel?.postMessage({ type: "token", accessToken: answer.accessToken, expiresAt: this.expiresAt, user: answer.user } satisfies Message);
    return answer.user;
  }

  private receive(message: Message): void {
    if (message.type === "token") this.setToken(message.accessToken, message.expiresAt, message.user);
    else this.signOutHere(false);
  }

  private setToken(accessToken: string, expiresAt: number, user: User): void {
    this.accessToken = accessToken;
    this.expiresAt = expiresAt;
    this.currentUser = user;
    this.version++;
    this.emit();
  }

  private signOutHere(tellOthers: boolean): void {
    const wasSignedIn = this.accessToken !== null;
    this.accessToken = null;
    this.expiresAt = 0;
    this.currentUser = null;
    this.version++;
    if (this.transport === "body") this.refreshTokens.set(null);
    if (tellOthers) this.channel?.postMessage({ type: "signedOut" } satisfies Message);
    if (wasSignedIn) this.emit();
  }

  /** Keeps `user.mfa` in step with a change this client made, without asking the server again. */
  private updateSecondFactor(mfa: User["mfa"]): void {
    if (this.currentUser === null) return;
    this.currentUser = { ...this.currentUser, mfa };
    this.emit();
  }

  private emit(): void {
    for (const waiter of [...this.waiters]) waiter();
    const state = { user: this.currentUser, signedIn: this.accessToken !== null };
    for (const listener of this.listeners) listener(state);
  }
}
