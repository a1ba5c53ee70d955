/** The stable problem codes of docs/api.md; unknown future codes still type-check as strings. */
export type ProblemCode =
  | "validation_failed" | "malformed_request" | "invalid_credentials" | "invalid_token" | "invalid_refresh_token"
  | "wrong_password" | "origin_refused" | "invalid_transport" | "not_found" | "method_not_allowed" | "email_taken"
  | "payload_too_large" | "unsupported_media_type" | "rate_limited" | "too_many_attempts" | "unavailable"
  | "internal_error" | (string & {});

/** An application/problem+json answer (RFC 9457) as an error: branch on `code`, never on `detail`. */
export class LatchProblem extends Error {
  readonly status: number;
  readonly code: ProblemCode;
  readonly detail: string;
  readonly traceId: string | undefined;
  readonly errors: Readonly<Record<string, string[]>> | undefined;
  readonly passwordRules: Readonly<Record<string, string[]>> | undefined;
  /** From Retry-After, when the server sent one: wait this long before asking again. */
  readonly retryAfterMs: number | undefined;

  constructor(status: number, body: Record<string, unknown>, retryAfterMs: number | undefined) {
    const code = typeof body["code"] === "string" ? body["code"] : `http_${status}`;
    const detail = typeof body["detail"] === "string" ? body["detail"] : `HTTP ${status}`;
    super(`${code}: ${detail}`);
    this.name = "LatchProblem";
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.traceId = typeof body["traceId"] === "string" ? body["traceId"] : undefined;
    this.errors = body["errors"] as Record<string, string[]> | undefined;
    this.passwordRules = body["passwordRules"] as Record<string, string[]> | undefined;
    this.retryAfterMs = retryAfterMs;
  }
}

/** Not signed in: no session, or it ended (logout elsewhere, expiry, detected token theft). */
export class SignedOut extends Error {
  constructor(readonly cause?: unknown) {
    super("Not signed in.");
    this.name = "SignedOut";
  }
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
