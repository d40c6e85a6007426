/**
 * @module governance/ci-identity
 * The person behind a CI-filed request. In CI, `airlock request` runs as the CI's service principal, which
 * says nothing about who asked; separation of duties needs the person. The CI's OIDC token says it: GitHub
 * Actions signs an `actor` claim (the account that dispatched the run) with keys published at its issuer's
 * JWKS. `ciRequesterFromEnvironment` gets such a token (GitHub's ACTIONS_ID_TOKEN_REQUEST_URL, or
 * AIRLOCK_CI_OIDC_TOKEN for other CIs and tests), verifies it against the trusted issuers, and returns the
 * `CiRequester` to record with the token kept as evidence; `verifyCiRequester` re-verifies that evidence at
 * promote time, long after the token expired. Nothing here is taken from a workflow input.
 *
 * Trust: the policy's `ci.trustedIssuers` (default GitHub Actions); against the twin, also the twin's own CI
 * issuer, whose issuer string no real CI uses, so a twin token is never accepted in Azure mode.
 */
import {
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  type JWTPayload,
  jwtVerify,
} from "jose";
import { InputError, UnavailableError } from "../errors.ts";
import { CI_AUDIENCE, TWIN_CI_ISSUER } from "../platform/index.ts";
import type { GovernancePolicy, TrustedCiIssuer } from "./policy.ts";
import type { CiRequester } from "./records.ts";

// Defined in platform/ci-oidc (the twin issues with them too); exported here for callers of this module.
export { CI_AUDIENCE, TWIN_CI_ISSUER };

/** Clock skew allowed on `exp`, `nbf` and `iat`. */
const LEEWAY_SECONDS = 60;
/** Asymmetric algorithms only: a JWKS publishes public keys, and `none`/HS* must never verify. */
const ALGORITHMS = [
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
  "ES256",
  "ES384",
  "ES512",
  "EdDSA",
  "Ed25519",
];
const REQUEST_TIMEOUT_MS = 30_000;

export interface CiTrust {
  issuers: TrustedCiIssuer[];
}

/** Stable codes of a refused CI token. */
export type CiTokenRefusal =
  | "CI_TOKEN_MALFORMED"
  | "CI_ISSUER_UNTRUSTED"
  | "CI_TOKEN_KEY_UNKNOWN"
  | "CI_TOKEN_SIGNATURE_INVALID"
  | "CI_TOKEN_ALGORITHM_REFUSED"
  | "CI_TOKEN_AUDIENCE_INVALID"
  | "CI_TOKEN_EXPIRED"
  | "CI_TOKEN_NOT_YET_VALID"
  | "CI_TOKEN_CLAIMS_INVALID"
  | "CI_TOKEN_NO_ACTOR"
  | "CI_TOKEN_RERUN"
  | "CI_JWKS_UNAVAILABLE"
  | "CI_ACTOR_MISMATCH"
  | "CI_EVIDENCE_MISMATCH";

export type CiVerification =
  | { ok: true; actor: string; claims: Record<string, unknown> }
  | { ok: false; code: CiTokenRefusal; reason: string };

/** The policy's trusted CI issuers (Azure mode trusts only these). */
export function ciTrustFromPolicy(policy: Pick<GovernancePolicy, "ci">): CiTrust {
  return { issuers: policy.ci.trustedIssuers.map((entry) => ({ ...entry })) };
}

/** The twin as a CI issuer: its keys are served at `<armEndpoint>/oidc/jwks`. */
export function twinCiTrust(armEndpoint: string): CiTrust {
  return { issuers: [{ issuer: TWIN_CI_ISSUER, jwksUri: `${armEndpoint.replace(/\/+$/, "")}/oidc/jwks` }] };
}

/** What to trust: the policy's issuers, plus the twin's when Airlock runs against the twin. */
export function ciTrustFor(policy: Pick<GovernancePolicy, "ci">, twinArmEndpoint?: string): CiTrust {
  const trust = ciTrustFromPolicy(policy);
  if (twinArmEndpoint === undefined) return trust;
  // The twin's entry wins over a policy entry of the same issuer string (its keys live only in the twin).
  const twin = twinCiTrust(twinArmEndpoint);
  return { issuers: [...trust.issuers.filter((i) => i.issuer !== TWIN_CI_ISSUER), ...twin.issuers] };
}

/**
 * The person behind this CI run, from a verified OIDC token; undefined when not in CI. Throws (InputError or
 * UnavailableError with a CI_* code) when a token is there but cannot be had or is refused, and when GitHub
 * Actions runs without `permissions: id-token: write` — filing as the service principal would lose the person.
 */
export async function ciRequesterFromEnvironment(options: {
  audience?: string;
  env?: NodeJS.ProcessEnv;
  trust: CiTrust;
}): Promise<CiRequester | undefined> {
  const env = options.env ?? process.env;
  const audience = options.audience ?? CI_AUDIENCE;
  let token: string;
  if (env.ACTIONS_ID_TOKEN_REQUEST_URL) {
    token = await requestGitHubToken(
      env.ACTIONS_ID_TOKEN_REQUEST_URL,
      env.ACTIONS_ID_TOKEN_REQUEST_TOKEN,
      audience,
    );
  } else if (env.AIRLOCK_CI_OIDC_TOKEN) {
    token = env.AIRLOCK_CI_OIDC_TOKEN.trim();
  } else if (env.GITHUB_ACTIONS === "true") {
    throw new InputError(
      "CI_OIDC_UNAVAILABLE",
      "running in GitHub Actions without an OIDC token: give the job `permissions: id-token: write` so the request names the person who dispatched the workflow",
    );
  } else {
    return undefined;
  }
  const verified = await verifyToken(token, options.trust, {
    audience,
    now: new Date(),
    allowExpired: false,
  });
  if (!verified.ok) {
    const ErrorClass = verified.code === "CI_JWKS_UNAVAILABLE" ? UnavailableError : InputError;
    throw new ErrorClass(verified.code, `the CI's OIDC token was refused: ${verified.reason}`, {
      code: verified.code,
    });
  }
  return requesterFromClaims(verified.claims, toEvidence(token));
}

/**
 * Re-verifies recorded CI evidence: the signature against the issuer's current keys, a trusted issuer, the
 * audience, and that every recorded field (actor above all) is what the token says. `allowExpired` (the gate,
 * long after the run) checks the lifetime as at the token's `iat` instead of now.
 */
export async function verifyCiRequester(
  ci: CiRequester,
  trust: CiTrust,
  options: { now?: Date; allowExpired?: boolean; audience?: string } = {},
): Promise<CiVerification> {
  // The record comes from the ledger, which anyone who can append to it may have written: check its shape.
  if (typeof ci !== "object" || ci === null || typeof ci.token !== "string" || typeof ci.actor !== "string") {
    return { ok: false, code: "CI_TOKEN_MALFORMED", reason: "the CI evidence has no token or no actor" };
  }
  const verified = await verifyToken(fromEvidence(ci.token), trust, {
    audience: options.audience ?? CI_AUDIENCE,
    now: options.now ?? new Date(),
    allowExpired: options.allowExpired ?? false,
  });
  if (!verified.ok) return verified;
  if (verified.actor !== ci.actor) {
    return {
      ok: false,
      code: "CI_ACTOR_MISMATCH",
      reason: `the record names actor "${ci.actor}" but the token was issued for "${verified.actor}"`,
    };
  }
  const expected = requesterFromClaims(verified.claims, ci.token);
  for (const key of ["issuer", "actorId", "repository", "runId", "workflowRef"] as const) {
    if (ci[key] !== expected[key]) {
      return {
        ok: false,
        code: "CI_EVIDENCE_MISMATCH",
        reason: `the record's ${key} ${JSON.stringify(ci[key])} is not the token's ${JSON.stringify(expected[key])}`,
      };
    }
  }
  return verified;
}

/**
 * The approvers registry's person for a CI login (`github: <login>`), matched case-insensitively as GitHub
 * logins are; undefined when nobody, or more than one person, claims it (fail closed).
 */
export function personOfCiActor(
  registry: { people: Array<{ id: string; github?: string }> },
  actor: string,
): string | undefined {
  const wanted = actor.toLowerCase();
  const matches = registry.people.filter((person) => person.github?.toLowerCase() === wanted);
  return matches.length === 1 ? matches[0]!.id : undefined;
}

/**
 * How the token is kept in the ledger. The ledger's redactor (redact.ts) refuses anything JWT-shaped, rightly:
 * a bearer token in a record would be a credential for anyone who reads it. This one is not, so it is kept
 * with "~" instead of "." between its segments (base64url never contains "~"):
 * - its audience is `airlock`, which nothing accepts as a credential: Entra ID exchanges an external token only
 *   when its `aud` equals the single `audiences` value of a federated identity credential, documented as
 *   "mandatory and should be set to api://AzureADTokenExchange for Microsoft Entra ID" (Microsoft Graph,
 *   federatedIdentityCredential resource) — the audience this repository's workflows use for Azure login
 *   (.github/actions/oidc-token-file); it stays safe as long as no federated credential lists `airlock`.
 *   Airlock itself only ever reads it as evidence of the `actor` it names;
 * - it expires minutes after the run (GitHub's documented example token: exp = iat + 300 s), long before
 *   anyone reads the ledger;
 * - its claims (login, repository, run) are not secret.
 * Kept, it lets anyone re-verify later, against the issuer's public keys, who asked.
 */
function toEvidence(token: string): string {
  return token.split(".").join("~");
}

function fromEvidence(evidence: string): string {
  return evidence.split("~").join(".");
}

const stringClaim = (claims: Record<string, unknown>, name: string): string | undefined => {
  const value = claims[name];
  if (typeof value === "string" && value !== "") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return undefined;
};

function requesterFromClaims(claims: Record<string, unknown>, evidence: string): CiRequester {
  const requester: CiRequester = { issuer: String(claims.iss), actor: String(claims.actor), token: evidence };
  const optional: Array<[keyof CiRequester, string]> = [
    ["actorId", "actor_id"],
    ["repository", "repository"],
    ["runId", "run_id"],
    ["workflowRef", "workflow_ref"],
  ];
  for (const [field, claim] of optional) {
    const value = stringClaim(claims, claim);
    if (value !== undefined) requester[field] = value;
  }
  return requester;
}

async function requestGitHubToken(requestUrl: string, requestToken: string | undefined, audience: string) {
  if (!requestToken) {
    throw new InputError(
      "CI_OIDC_UNAVAILABLE",
      "ACTIONS_ID_TOKEN_REQUEST_URL is set but ACTIONS_ID_TOKEN_REQUEST_TOKEN is not: the job needs `permissions: id-token: write`",
    );
  }
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    throw new InputError("CI_OIDC_UNAVAILABLE", "ACTIONS_ID_TOKEN_REQUEST_URL is not a URL");
  }
  url.searchParams.set("audience", audience);
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { authorization: `Bearer ${requestToken}`, accept: "application/json" },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    throw new UnavailableError(
      "CI_OIDC_REQUEST_FAILED",
      `could not reach the CI's OIDC token endpoint (${url.origin}): ${(error as Error).message}`,
    );
  }
  const body = await response.text();
  if (!response.ok) {
    throw new UnavailableError(
      "CI_OIDC_REQUEST_FAILED",
      `the CI's OIDC token endpoint answered ${response.status} ${response.statusText}`,
      { status: response.status },
    );
  }
  let value: unknown;
  try {
    value = (JSON.parse(body) as { value?: unknown }).value;
  } catch {
    value = undefined;
  }
  if (typeof value !== "string" || value === "") {
    throw new UnavailableError(
      "CI_OIDC_REQUEST_FAILED",
      "the CI's OIDC token endpoint answered without a token (no `value`)",
    );
  }
  return value;
}

const jwksByUri = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
function keySet(jwksUri: string) {
  let set = jwksByUri.get(jwksUri);
  if (!set) {
    set = createRemoteJWKSet(new URL(jwksUri), { timeoutDuration: 10_000 });
    jwksByUri.set(jwksUri, set);
  }
  return set;
}

type TokenCheck =
  | { ok: true; actor: string; claims: Record<string, unknown> }
  | { ok: false; code: CiTokenRefusal; reason: string };

async function verifyToken(
  token: string,
  trust: CiTrust,
  options: { audience: string; now: Date; allowExpired: boolean },
): Promise<TokenCheck> {
  let unverified: JWTPayload;
  try {
    decodeProtectedHeader(token);
    unverified = decodeJwt(token);
  } catch {
    return { ok: false, code: "CI_TOKEN_MALFORMED", reason: "not a JWT" };
  }
  // The issuer picks the keys, so it is looked up before the signature is checked (and checked again by it).
  const issuer = trust.issuers.find((entry) => entry.issuer === unverified.iss);
  if (!issuer) {
    return {
      ok: false,
      code: "CI_ISSUER_UNTRUSTED",
      reason: `issuer ${JSON.stringify(unverified.iss ?? null)} is not trusted (trusted: ${trust.issuers.map((i) => i.issuer).join(", ") || "none"})`,
    };
  }
  const nowSeconds = Math.floor(options.now.getTime() / 1000);
  let currentDate = options.now;
  if (options.allowExpired) {
    // Evidence read after the run: valid at the moment it was issued, and not issued in the future.
    if (typeof unverified.iat !== "number" || unverified.iat > nowSeconds + LEEWAY_SECONDS) {
      return { ok: false, code: "CI_TOKEN_CLAIMS_INVALID", reason: "the token has no plausible `iat`" };
    }
    currentDate = new Date(unverified.iat * 1000);
  }
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, keySet(issuer.jwksUri), {
      issuer: issuer.issuer,
      audience: options.audience,
      algorithms: ALGORITHMS,
      clockTolerance: LEEWAY_SECONDS,
      currentDate,
      requiredClaims: ["exp"],
    }));
  } catch (error) {
    return refusal(error, issuer);
  }
  const actor = payload.actor;
  if (typeof actor !== "string" || actor === "") {
    return { ok: false, code: "CI_TOKEN_NO_ACTOR", reason: "the token has no `actor` claim" };
  }
  // GitHub re-runs keep the original `actor` (whoever clicks re-run is `triggering_actor`, which is no claim),
  // so a re-run would file a request in the name of someone who did not ask for it this time.
  const attempt = payload.run_attempt;
  if (attempt !== undefined && String(attempt) !== "1") {
    return {
      ok: false,
      code: "CI_TOKEN_RERUN",
      reason: `the token comes from attempt ${String(attempt)} of run ${String(payload.run_id)}, whose actor "${actor}" need not be who re-ran it: dispatch a new run instead`,
    };
  }
  return { ok: true, actor, claims: { ...payload } };
}

function refusal(error: unknown, issuer: TrustedCiIssuer): Extract<TokenCheck, { ok: false }> {
  const message = (error as Error).message;
  if (error instanceof errors.JWTExpired) {
    return { ok: false, code: "CI_TOKEN_EXPIRED", reason: `the token expired (${message})` };
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === "aud") return { ok: false, code: "CI_TOKEN_AUDIENCE_INVALID", reason: message };
    if (error.claim === "iss") return { ok: false, code: "CI_ISSUER_UNTRUSTED", reason: message };
    if (error.claim === "nbf") return { ok: false, code: "CI_TOKEN_NOT_YET_VALID", reason: message };
    return { ok: false, code: "CI_TOKEN_CLAIMS_INVALID", reason: message };
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return {
      ok: false,
      code: "CI_TOKEN_SIGNATURE_INVALID",
      reason: `the signature does not verify (${message})`,
    };
  }
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return {
      ok: false,
      code: "CI_TOKEN_KEY_UNKNOWN",
      reason: `no key published at ${issuer.jwksUri} matches the token's key id (${message})`,
    };
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return { ok: false, code: "CI_TOKEN_ALGORITHM_REFUSED", reason: message };
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) {
    return { ok: false, code: "CI_TOKEN_MALFORMED", reason: message };
  }
  // Timeouts, unreachable or invalid key sets (fetch's own failure is a TypeError) are the issuer's
  // availability; anything else is a bug here and is not dressed up as a refusal.
  if (!(error instanceof errors.JOSEError) && !(error instanceof TypeError && message === "fetch failed")) {
    throw error;
  }
  return {
    ok: false,
    code: "CI_JWKS_UNAVAILABLE",
    reason: `could not read the issuer's keys at ${issuer.jwksUri}: ${message}`,
  };
}
