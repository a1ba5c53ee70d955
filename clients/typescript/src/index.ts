export { LatchClient } from "./client.js";
export type { AuthState, LatchClientOptions, LockManagerLike, TokenStore } from "./client.js";
export { LatchProblem, SignedOut, parseRetryAfter } from "./errors.js";
export type { ProblemCode } from "./errors.js";
export type {
  AccessTokenResponse, AuthResponse, CookieAuthResponse, FactorProofRequest, LogoutScope, RecoveryCodesResponse, SecondFactorProof, Session, User,
} from "./types.js";
export type { TotpEnrolment } from "./types.js";
