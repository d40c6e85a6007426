/**
 * @module emulator/tokens
 * The twin's bearer tokens: HS256 JWTs with Entra-shaped claims, signed with a per-state-dir key kept in
 * `<stateDir>/twin-signing-key` (0600). Any process that can read the state dir (the CLI) can mint tokens
 * for a running twin without a network call; nobody else can.
 */
import { createHmac, createSecretKey, type KeyObject, randomBytes, timingSafeEqual } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { InputError, NotFoundError } from "../errors.ts";
import { findPrincipal, TWIN_TENANT_ID, type TwinPrincipal, twinPrincipals } from "./principals.ts";

export const ARM_AUDIENCE = "https://management.azure.com/";
export const ML_AUDIENCE = "https://ml.azure.com/";
export const TOKEN_ISSUER = `https://sts.windows.net/${TWIN_TENANT_ID}/`;
const KEY_FILE = "twin-signing-key";

export interface TwinClaims {
  iss: string;
  aud: string;
  tid: string;
  oid: string;
  sub: string;
  name: string;
  upn?: string;
  appid?: string;
  idtyp: "user" | "app";
  groups: string[];
  iat: number;
  nbf: number;
  exp: number;
  /** AML endpoint tokens only: the `<workspace>/<endpoint>` they open. */
  endpoint?: string;
}

/**
 * Reads the signing key, creating it (0600) the first time a twin starts in this state dir. Keys are
 * KeyObjects: Node 24 takes about five times longer to start an HMAC from a Buffer key than from a KeyObject,
 * and the twin checks a token on every request.
 */
export function loadOrCreateSigningKey(stateDir: string): KeyObject {
  const file = path.join(stateDir, KEY_FILE);
  try {
    return createSecretKey(readFileSync(file));
  } catch {
    mkdirSync(stateDir, { recursive: true });
    const key = randomBytes(32);
    writeFileSync(file, key, { mode: 0o600, flag: "wx" });
    return createSecretKey(readFileSync(file));
  }
}

function readSigningKey(stateDir: string): KeyObject {
  try {
    return createSecretKey(readFileSync(path.join(stateDir, KEY_FILE)));
  } catch {
    throw new NotFoundError(
      "TWIN_NOT_INITIALISED",
      `No twin signing key in ${stateDir}: start the twin first (airlock local up)`,
    );
  }
}

const base64url = (value: Buffer | string) => Buffer.from(value).toString("base64url");
const HEADER = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));

export function claimsFor(principal: TwinPrincipal, ttlSeconds: number, audience = ARM_AUDIENCE): TwinClaims {
  const now = Math.floor(Date.now() / 1000);
  const claims: TwinClaims = {
    iss: TOKEN_ISSUER,
    aud: audience,
    tid: TWIN_TENANT_ID,
    oid: principal.objectId,
    sub: principal.objectId,
    name: principal.displayName,
    idtyp: principal.kind === "user" ? "user" : "app",
    groups: principal.groups,
    iat: now,
    nbf: now - 60,
    exp: now + ttlSeconds,
  };
  if (principal.upn) claims.upn = principal.upn;
  else claims.appid = principal.objectId;
  return claims;
}

export function signToken(key: KeyObject, claims: object): string {
  const payload = `${HEADER}.${base64url(JSON.stringify(claims))}`;
  return `${payload}.${createHmac("sha256", key).update(payload).digest("base64url")}`;
}

export type TokenCheck =
  | { ok: true; claims: TwinClaims }
  | { ok: false; reason: "invalid" | "expired"; exp?: number };

/** Verifies signature, audience and lifetime. */
export function verifyToken(key: KeyObject, token: string, audience = ARM_AUDIENCE): TokenCheck {
  const parts = token.split(".");
  if (parts.length !== 3 || parts[0] !== HEADER) return { ok: false, reason: "invalid" };
  const expected = createHmac("sha256", key).update(`${parts[0]}.${parts[1]}`).digest();
  const given = Buffer.from(parts[2]!, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: "invalid" };
  let claims: TwinClaims;
  try {
    claims = JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8")) as TwinClaims;
  } catch {
    return { ok: false, reason: "invalid" };
  }
  if (claims.aud !== audience || claims.iss !== TOKEN_ISSUER) return { ok: false, reason: "invalid" };
  const now = Date.now() / 1000;
  if (typeof claims.exp !== "number" || claims.exp <= now)
    return { ok: false, reason: "expired", exp: claims.exp };
  if (typeof claims.nbf === "number" && claims.nbf > now) return { ok: false, reason: "invalid" };
  return { ok: true, claims };
}

export function unknownPrincipal(name: string): InputError {
  const known = twinPrincipals().map((p) => p.name);
  return new InputError("UNKNOWN_PRINCIPAL", `Unknown twin principal "${name}"; known: ${known.join(", ")}`, {
    known,
  });
}

/** Mints an ARM bearer token for a twin principal from the key in `stateDir` (default lifetime 1 hour). */
export function mintTwinToken(stateDir: string, principalName: string, ttlSeconds = 3600): string {
  const principal = findPrincipal(principalName);
  if (!principal) throw unknownPrincipal(principalName);
  return signToken(readSigningKey(stateDir), claimsFor(principal, ttlSeconds));
}
