/**
 * @module emulator/ci-oidc
 * The twin as a CI's OIDC issuer, so CI-filed requests can be tried locally: GitHub-shaped tokens (RS256,
 * GitHub Actions' claim names) signed with a key pair kept per state dir in `twin-ci-oidc-key.json` (0600,
 * beside the HS256 `twin-signing-key`), and the issuer's public documents on the ARM endpoint, without auth
 * like GitHub's: `GET /oidc/.well-known/openid-configuration` and `GET /oidc/jwks`. Its issuer string is
 * TWIN_CI_ISSUER, never GitHub's, so Azure-mode trust never accepts a twin token.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { link, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { JWK } from "jose";
import { InputError, NotFoundError } from "../errors.ts";
import { CI_AUDIENCE, TWIN_CI_ISSUER } from "../platform/index.ts";
import { ArmError } from "./arm-errors.ts";
import type { Reply } from "./context.ts";

const KEY_FILE = "twin-ci-oidc-key.json";
/** tokens.ts's key: a state dir holds it once a twin has started there. */
const TWIN_SIGNING_KEY_FILE = "twin-signing-key";
const ALG = "RS256";
/** GitHub's tokens: valid from 10 minutes before issue to 5 minutes after (its documented example token). */
const NOT_BEFORE_SKEW_SECONDS = 600;
export const DEFAULT_CI_TOKEN_TTL_SECONDS = 300;

interface CiKey {
  privateJwk: JWK;
  publicJwk: JWK;
}

const keys = new Map<string, Promise<CiKey>>();

/** jose (sixty milliseconds of start-up), loaded by the first CI token or key-set request. */
const jose = () => import("jose");

/**
 * The state dir's CI issuer key, created (0600, atomically) on first use — by the twin serving its key set or
 * by `airlock local ci-token`, whichever comes first; both then read the same file.
 */
export function loadOrCreateCiKey(stateDir: string): Promise<CiKey> {
  const file = path.join(path.resolve(stateDir), KEY_FILE);
  let key = keys.get(file);
  if (!key) {
    key = readKey(file).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== "ENOENT") throw error;
      await createKey(file);
      return readKey(file);
    });
    key.catch(() => keys.delete(file));
    keys.set(file, key);
  }
  return key;
}

async function createKey(file: string): Promise<void> {
  const { generateKeyPair, exportJWK } = await jose();
  const { privateKey } = await generateKeyPair(ALG, { extractable: true, modulusLength: 2048 });
  const jwk = await exportJWK(privateKey);
  // Written aside then linked: a second process starting at the same time reads a whole key or its own.
  const temp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
  await writeFile(temp, JSON.stringify(jwk), { mode: 0o600, flag: "wx" });
  try {
    await link(temp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    await rm(temp, { force: true });
  }
}

async function readKey(file: string): Promise<CiKey> {
  const privateJwk = JSON.parse(await readFile(file, "utf8")) as JWK;
  const { kty, n, e } = privateJwk;
  const kid = await (await jose()).calculateJwkThumbprint({ kty, n, e });
  return {
    privateJwk: { ...privateJwk, kid, alg: ALG },
    publicJwk: { kty, n, e, kid, alg: ALG, use: "sig" },
  };
}

/** `GET /oidc/…` on the ARM endpoint: the issuer's discovery document and key set. */
export async function handleCiOidcRoute(
  twin: { stateDir: string; armEndpoint: string },
  method: string,
  rawPath: string,
): Promise<Reply> {
  const route = rawPath.replace(/\/+$/, "");
  if (route !== "/oidc/.well-known/openid-configuration" && route !== "/oidc/jwks") {
    throw new ArmError(404, "NotFound", `No route matches '${rawPath}'.`);
  }
  if (method !== "GET") {
    throw new ArmError(405, "MethodNotAllowed", `The HTTP method '${method}' is not supported.`);
  }
  if (route === "/oidc/jwks") {
    const { publicJwk } = await loadOrCreateCiKey(twin.stateDir);
    return { status: 200, body: { keys: [publicJwk] } };
  }
  return {
    status: 200,
    body: {
      issuer: TWIN_CI_ISSUER,
      jwks_uri: `${twin.armEndpoint}/oidc/jwks`,
      subject_types_supported: ["public", "pairwise"],
      response_types_supported: ["id_token"],
      claims_supported: [
        "sub",
        "aud",
        "exp",
        "iat",
        "iss",
        "jti",
        "nbf",
        "ref",
        "repository",
        "repository_owner",
        "run_id",
        "run_number",
        "run_attempt",
        "actor",
        "actor_id",
        "workflow",
        "workflow_ref",
        "event_name",
        "ref_type",
      ],
      id_token_signing_alg_values_supported: [ALG],
      scopes_supported: ["openid"],
    },
  };
}

export interface CiTokenRequest {
  /** The GitHub login of the person who dispatched the run. */
  actor: string;
  actorId?: string;
  /** owner/name (default "airlock-local/airlock"). */
  repository?: string;
  runId?: string;
  workflowRef?: string;
  audience?: string;
  ttlSeconds?: number;
  /** Tests only: another issuer string (the twin's key still signs). */
  issuer?: string;
  /** Tests only: when the token was issued (default now). */
  issuedAt?: Date;
  /** Tests only: the run_attempt claim (default "1"; a re-run's token says 2, 3, …). */
  runAttempt?: string;
}

// GitHub: logins are alphanumeric with single hyphens, at most 39 characters; apps act as "<name>[bot]".
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}(\[bot\])?$/;
const REPOSITORY = /^[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100}$/;
const NUMBER = /^[1-9][0-9]{0,19}$/;

/** A GitHub-shaped CI token from the twin's issuer key (the twin must have started in `stateDir`). */
export async function mintCiToken(stateDir: string, request: CiTokenRequest): Promise<string> {
  if (!LOGIN.test(request.actor)) {
    throw new InputError("ARG_INVALID", `--actor must be a GitHub login, not "${request.actor}"`);
  }
  const repository = request.repository ?? "airlock-local/airlock";
  if (!REPOSITORY.test(repository)) {
    throw new InputError("ARG_INVALID", `--repository must be owner/name, not "${repository}"`);
  }
  for (const [flag, value] of [
    ["--run-id", request.runId],
    ["--actor-id", request.actorId],
  ] as const) {
    if (value !== undefined && !NUMBER.test(value)) {
      throw new InputError("ARG_INVALID", `${flag} must be a positive number, not "${value}"`);
    }
  }
  const ttl = request.ttlSeconds ?? DEFAULT_CI_TOKEN_TTL_SECONDS;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > 86_400) {
    throw new InputError("ARG_INVALID", `--ttl must be 1-86400 seconds, not "${request.ttlSeconds}"`);
  }
  try {
    await stat(path.join(path.resolve(stateDir), TWIN_SIGNING_KEY_FILE));
  } catch {
    throw new NotFoundError(
      "TWIN_NOT_INITIALISED",
      `No twin in ${stateDir}: start the twin first (airlock local up)`,
    );
  }
  const { privateJwk } = await loadOrCreateCiKey(stateDir);
  const { importJWK, SignJWT } = await jose();
  const key = await importJWK(privateJwk, ALG);
  const iat = Math.floor((request.issuedAt ?? new Date()).getTime() / 1000);
  const runId = request.runId ?? String(iat);
  const ref = "refs/heads/main";
  const workflowRef = request.workflowRef ?? `${repository}/.github/workflows/promote.yml@${ref}`;
  return new SignJWT({
    ref,
    repository,
    repository_owner: repository.split("/")[0],
    actor: request.actor,
    actor_id: request.actorId ?? stableId(request.actor),
    run_id: runId,
    run_number: "1",
    run_attempt: request.runAttempt ?? "1",
    workflow: "promote",
    workflow_ref: workflowRef,
    event_name: "workflow_dispatch",
    ref_type: "branch",
  })
    .setProtectedHeader({ alg: ALG, typ: "JWT", kid: privateJwk.kid! })
    .setIssuer(request.issuer ?? TWIN_CI_ISSUER)
    .setAudience(request.audience ?? CI_AUDIENCE)
    .setSubject(`repo:${repository}:environment:promotion-request`)
    .setJti(randomUUID())
    .setIssuedAt(iat)
    .setNotBefore(iat - NOT_BEFORE_SKEW_SECONDS)
    .setExpirationTime(iat + ttl)
    .sign(key);
}

/** A login's numeric id on the twin (GitHub ids are numbers): the same login always gets the same one. */
function stableId(login: string): string {
  let hash = 0;
  for (const char of login.toLowerCase()) hash = (hash * 31 + char.charCodeAt(0)) % 99_999_989;
  return String(hash + 1);
}
