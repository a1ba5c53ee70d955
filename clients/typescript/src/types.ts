// The contract's shapes, taken from the types generated from the served OpenAPI document (src/generated/openapi.ts,
// kept in step by `npm run generate`; a test fails when the document and this file drift apart).
import type { components } from "./generated/openapi.js";

type Schemas = components["schemas"];

export type User = Schemas["UserResponse"];
export type Session = Schemas["SessionResponse"];
/** The body transport's answer: the refresh token in the body. */
export type AuthResponse = Schemas["AuthResponse"];
/** The cookie transport's answer: the refresh token is in an HttpOnly cookie, out of the page's reach. */
export type CookieAuthResponse = Schemas["CookieAuthResponse"];
export type RegisterRequest = Schemas["RegisterRequest"];
export type LoginRequest = Schemas["LoginRequest"];
export type LogoutScope = "local" | "others" | "global";
/** A second factor proved in a request body: an authenticator code or one recovery code, exactly one of the two. */
export type SecondFactorProof = { code: string; recoveryCode?: never } | { recoveryCode: string; code?: never };
/** The body of the requests that take the password and a second factor (disable, regenerate recovery codes). */
export type FactorProofRequest = { currentPassword: string } & SecondFactorProof;
/** The answer of a step-up: a new access token for the same session; the refresh token is unchanged. */
export type AccessTokenResponse = Schemas["AccessTokenResponse"];
export type RecoveryCodesResponse = Schemas["RecoveryCodesResponse"];
/** A pending authenticator enrolment: the base32 secret, shown this once, and the otpauth:// URI apps scan it from. */
export type TotpEnrolment = Schemas["TotpEnrolmentResponse"];
