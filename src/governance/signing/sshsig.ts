/**
 * @module governance/signing/sshsig
 * In-process verification of OpenSSH signatures (the SSHSIG format `ssh-keygen -Y sign` writes and git uses
 * for SSH-signed commits), with node:crypto only.
 *
 * Hand-written because no maintained npm package verifies SSHSIG (sshpk, ssh2 and friends parse keys, but none
 * implements PROTOCOL.sshsig with FIDO `sk-` keys), and spawning `ssh-keygen -Y verify` costs ~5 ms a decision,
 * the whole budget of the gate. The format is small and fully specified:
 * - blob and signed data: openssh-portable PROTOCOL.sshsig;
 * - key and signature encodings: RFC 4253 §6.6 (ssh-rsa), RFC 8332 (rsa-sha2-256/512), RFC 5656 §3.1 (ecdsa),
 *   RFC 8709 (ssh-ed25519);
 * - FIDO keys: openssh-portable PROTOCOL.u2f. The authenticator signs
 *   sha256(application) ‖ flags ‖ counter ‖ sha256(message) (ssh-ed25519-sk.c, ssh-ecdsa-sk.c). We require
 *   the user-presence flag, as sshd does by default (auth2-pubkey.c); `ssh-keygen -Y verify` (9.2) does not.
 * Everything is parsed strictly: unknown versions, algorithms, trailing bytes and malformed armor are refused.
 */
import { createHash, createPublicKey, type KeyObject, sign, verify } from "node:crypto";

/** The namespace every Airlock decision is signed in (`ssh-keygen -Y sign -n airlock-decision`). */
export const DECISION_NAMESPACE = "airlock-decision";

const ARMOR_BEGIN = "-----BEGIN SSH SIGNATURE-----";
const ARMOR_END = "-----END SSH SIGNATURE-----";
const MAGIC = Buffer.from("SSHSIG", "ascii");
/** PROTOCOL.u2f: SSH_SK_USER_PRESENCE_REQD. */
const FLAG_USER_PRESENCE = 0x01;

/** Why an SSH signature was refused; the verifier maps these onto its refusal codes. */
export type SshSigProblem =
  | "SIGNATURE_MALFORMED"
  | "SIGNATURE_ALGORITHM_UNSUPPORTED"
  | "SIGNATURE_WRONG_NAMESPACE"
  | "SIGNATURE_NO_USER_PRESENCE"
  | "SIGNATURE_INVALID";

export class SshSigError extends Error {
  readonly problem: SshSigProblem;
  constructor(problem: SshSigProblem, message: string) {
    super(message);
    this.problem = problem;
  }
}

/** A public key as OpenSSH serialises it, parsed once. */
export interface SshPublicKey {
  /** Key type, e.g. "ssh-ed25519", "sk-ecdsa-sha2-nistp256@openssh.com". */
  type: string;
  /** The wire blob (what authorized_keys holds in base64). */
  blob: Buffer;
  /** `SHA256:<base64 without padding>`, as `ssh-keygen -l` prints. */
  fingerprint: string;
  key: KeyObject;
  /** FIDO keys: the application string (usually "ssh:"). */
  application?: string;
  /** ECDSA: the hash the curve signs with, and the size of r and s in bytes. */
  ecdsa?: { hash: "sha256" | "sha384" | "sha512"; size: number };
  /** RSA: modulus length in bytes. */
  rsaBytes?: number;
}

/** The parsed SSHSIG blob. */
export interface SshSignature {
  publicKey: SshPublicKey;
  namespace: string;
  reserved: Buffer;
  hashAlgorithm: "sha256" | "sha512";
  /** The inner SSH signature blob (algorithm name, signature, and for FIDO keys flags and counter). */
  signature: Buffer;
}

// ---- SSH wire encoding (RFC 4251 §5) ------------------------------------------------------------------

interface Cursor {
  buf: Buffer;
  at: number;
}

function malformed(message: string): SshSigError {
  return new SshSigError("SIGNATURE_MALFORMED", message);
}

function readU32(c: Cursor): number {
  if (c.at + 4 > c.buf.length) throw malformed("truncated (uint32)");
  const value = c.buf.readUInt32BE(c.at);
  c.at += 4;
  return value;
}

function readByte(c: Cursor): number {
  if (c.at + 1 > c.buf.length) throw malformed("truncated (byte)");
  return c.buf[c.at++]!;
}

function readString(c: Cursor): Buffer {
  const length = readU32(c);
  if (c.at + length > c.buf.length) throw malformed("truncated (string)");
  const value = c.buf.subarray(c.at, c.at + length);
  c.at += length;
  return value;
}

function readText(c: Cursor): string {
  const bytes = readString(c);
  const text = bytes.toString("utf8");
  if (!Buffer.from(text, "utf8").equals(bytes)) throw malformed("a name is not valid UTF-8");
  return text;
}

/** An SSH mpint as unsigned big-endian bytes without leading zeros; negative values are refused. */
function readMpint(c: Cursor): Buffer {
  const bytes = readString(c);
  if (bytes.length > 0 && (bytes[0]! & 0x80) !== 0) throw malformed("negative mpint");
  let start = 0;
  while (start < bytes.length && bytes[start] === 0) start++;
  return bytes.subarray(start);
}

function expectEnd(c: Cursor, what: string): void {
  if (c.at !== c.buf.length) throw malformed(`trailing bytes after the ${what}`);
}

/** SSH `string` encoding of `value`. */
function sshString(value: Buffer | string): Buffer {
  const bytes = typeof value === "string" ? Buffer.from(value, "utf8") : value;
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

const b64url = (bytes: Buffer): string => bytes.toString("base64url");

// ---- public keys --------------------------------------------------------------------------------------

const CURVES = {
  nistp256: { crv: "P-256", hash: "sha256", size: 32 },
  nistp384: { crv: "P-384", hash: "sha384", size: 48 },
  nistp521: { crv: "P-521", hash: "sha512", size: 66 },
} as const;

/** Smallest RSA modulus accepted for a decision key. */
const RSA_MIN_BITS = 2048;

const keyCache = new Map<string, SshPublicKey>();

/** `SHA256:<base64, no padding>` of a key blob, as `ssh-keygen -l` prints it. */
function sshFingerprint(blob: Buffer): string {
  return `SHA256:${createHash("sha256").update(blob).digest("base64").replace(/=+$/, "")}`;
}

/** Parses a public key wire blob (cached: the gate sees the same few keys over and over). */
function parseSshPublicKeyBlob(blob: Buffer): SshPublicKey {
  const cacheKey = blob.toString("base64");
  const cached = keyCache.get(cacheKey);
  if (cached) return cached;
  const parsed = parseBlob(Buffer.from(blob));
  if (keyCache.size > 10_000) keyCache.clear();
  keyCache.set(cacheKey, parsed);
  return parsed;
}

function parseBlob(blob: Buffer): SshPublicKey {
  const c: Cursor = { buf: blob, at: 0 };
  const type = readText(c);
  const base = { type, blob, fingerprint: sshFingerprint(blob) };
  const jwk = (key: Record<string, string>): KeyObject => {
    try {
      return createPublicKey({ key, format: "jwk" });
    } catch (error) {
      throw malformed(`invalid ${type} public key: ${(error as Error).message}`);
    }
  };
  switch (type) {
    case "ssh-ed25519":
    case "sk-ssh-ed25519@openssh.com": {
      const point = readString(c);
      if (point.length !== 32) throw malformed("an Ed25519 key is 32 bytes");
      const application = type === "ssh-ed25519" ? undefined : readText(c);
      expectEnd(c, "public key");
      const key = jwk({ kty: "OKP", crv: "Ed25519", x: b64url(point) });
      return application === undefined ? { ...base, key } : { ...base, key, application };
    }
    case "ecdsa-sha2-nistp256":
    case "ecdsa-sha2-nistp384":
    case "ecdsa-sha2-nistp521":
    case "sk-ecdsa-sha2-nistp256@openssh.com": {
      const curveName = readText(c);
      const expected = type.startsWith("sk-") ? "nistp256" : type.slice("ecdsa-sha2-".length);
      if (curveName !== expected) throw malformed(`key type ${type} names curve ${curveName}`);
      const curve = CURVES[curveName as keyof typeof CURVES];
      const point = readString(c);
      if (point.length !== 1 + 2 * curve.size || point[0] !== 0x04)
        throw malformed(`an ${curveName} key is an uncompressed point`);
      const application = type.startsWith("sk-") ? readText(c) : undefined;
      expectEnd(c, "public key");
      const key = jwk({
        kty: "EC",
        crv: curve.crv,
        x: b64url(point.subarray(1, 1 + curve.size)),
        y: b64url(point.subarray(1 + curve.size)),
      });
      const ecdsa = { hash: curve.hash, size: curve.size };
      return application === undefined ? { ...base, key, ecdsa } : { ...base, key, ecdsa, application };
    }
    case "ssh-rsa": {
      const e = readMpint(c);
      const n = readMpint(c);
      expectEnd(c, "public key");
      const bits = n.length * 8 - Math.clz32(n[0] ?? 0) + 24;
      if (n.length === 0 || bits < RSA_MIN_BITS)
        throw malformed(`RSA keys must have at least ${RSA_MIN_BITS} bits (this one has ${bits})`);
      return { ...base, key: jwk({ kty: "RSA", n: b64url(n), e: b64url(e) }), rsaBytes: n.length };
    }
    default:
      throw new SshSigError("SIGNATURE_ALGORITHM_UNSUPPORTED", `unsupported SSH key type "${type}"`);
  }
}

/** Parses an authorized_keys-style line: `<type> <base64 blob> [comment]`. */
export function parseSshPublicKeyLine(line: string): SshPublicKey & { comment: string } {
  const match = /^\s*(\S+)\s+([A-Za-z0-9+/]+={0,2})(?:\s+(.*))?$/.exec(line);
  if (!match) throw malformed(`not an OpenSSH public key line ("<type> <base64> [comment]")`);
  const blob = Buffer.from(match[2]!, "base64");
  if (blob.toString("base64") !== match[2]) throw malformed("the key's base64 is not canonical");
  const key = parseSshPublicKeyBlob(blob);
  if (key.type !== match[1]) throw malformed(`the line says ${match[1]} but the key is ${key.type}`);
  return { ...key, comment: (match[3] ?? "").trim() };
}

/** The authorized_keys line of a key (without comment unless given). */
export function sshPublicKeyLine(key: SshPublicKey, comment?: string): string {
  return `${key.type} ${key.blob.toString("base64")}${comment ? ` ${comment}` : ""}`;
}

/**
 * The public key in the header of an OpenSSH private key file ("openssh-key-v1", PROTOCOL.key). Readable
 * without the passphrase, so the twin derives its registry from the private keys alone.
 */
export function publicKeyOfPrivateKeyFile(text: string): SshPublicKey {
  const match = /-----BEGIN OPENSSH PRIVATE KEY-----([\s\S]*?)-----END OPENSSH PRIVATE KEY-----/.exec(text);
  if (!match) throw malformed("not an OpenSSH private key file");
  const bytes = Buffer.from(match[1]!.replace(/\s+/g, ""), "base64");
  const magic = Buffer.from("openssh-key-v1\0", "ascii");
  if (!bytes.subarray(0, magic.length).equals(magic)) throw malformed("not an openssh-key-v1 file");
  const c: Cursor = { buf: bytes, at: magic.length };
  readString(c); // cipher
  readString(c); // kdf
  readString(c); // kdf options
  if (readU32(c) < 1) throw malformed("the key file holds no key");
  return parseSshPublicKeyBlob(readString(c));
}

// ---- SSHSIG -------------------------------------------------------------------------------------------

/** The binary SSHSIG blob inside armored text; refuses anything but exactly one armored signature. */
export function dearmorSshSignature(text: string): Buffer {
  const trimmed = text.replace(/\r\n/g, "\n").replace(/\n+$/, "");
  if (!trimmed.startsWith(`${ARMOR_BEGIN}\n`) || !trimmed.endsWith(`\n${ARMOR_END}`))
    throw malformed(`not an armored SSH signature (${ARMOR_BEGIN} … ${ARMOR_END})`);
  const body = trimmed
    .slice(ARMOR_BEGIN.length + 1, trimmed.length - ARMOR_END.length - 1)
    .replace(/\n/g, "");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body)) throw malformed("the armored signature is not base64");
  const blob = Buffer.from(body, "base64");
  if (blob.toString("base64").replace(/=+$/, "") !== body.replace(/=+$/, ""))
    throw malformed("the armored signature's base64 is not canonical");
  return blob;
}

/** Parses an SSHSIG blob (PROTOCOL.sshsig §2). */
export function parseSshSignature(blob: Buffer): SshSignature {
  const c: Cursor = { buf: blob, at: 0 };
  if (blob.length < MAGIC.length || !blob.subarray(0, MAGIC.length).equals(MAGIC))
    throw malformed("no SSHSIG preamble");
  c.at = MAGIC.length;
  const version = readU32(c);
  if (version !== 1) throw malformed(`SSHSIG version ${version} is not supported (1 is)`);
  const publicKey = parseSshPublicKeyBlob(readString(c));
  const namespace = readText(c);
  const reserved = readString(c);
  const hashAlgorithm = readText(c);
  const signature = readString(c);
  expectEnd(c, "SSHSIG blob");
  if (hashAlgorithm !== "sha256" && hashAlgorithm !== "sha512")
    throw new SshSigError(
      "SIGNATURE_ALGORITHM_UNSUPPORTED",
      `SSHSIG hash algorithm "${hashAlgorithm}" (sha256 or sha512)`,
    );
  return { publicKey, namespace, reserved: Buffer.from(reserved), hashAlgorithm, signature };
}

/** The bytes the key signed (PROTOCOL.sshsig §3). */
function sshSignedData(
  namespace: string,
  reserved: Buffer,
  hashAlgorithm: "sha256" | "sha512",
  message: Buffer,
): Buffer {
  return Buffer.concat([
    MAGIC,
    sshString(namespace),
    sshString(reserved),
    sshString(hashAlgorithm),
    sshString(createHash(hashAlgorithm).update(message).digest()),
  ]);
}

/**
 * An armored SSHSIG over `message` by an ssh-ed25519 key, byte for byte what `ssh-keygen -Y sign` writes for the
 * same key: ed25519 signatures are deterministic, ssh-keygen hashes the message with sha512, leaves the
 * reserved field empty and wraps the armor at 70 columns.
 */
export function signSshSigEd25519(
  privateKey: KeyObject,
  publicKey: SshPublicKey,
  message: Buffer,
  namespace: string = DECISION_NAMESPACE,
): string {
  if (publicKey.type !== "ssh-ed25519") throw malformed(`${publicKey.type} is not an ssh-ed25519 key`);
  const reserved = Buffer.alloc(0);
  const signature = sign(null, sshSignedData(namespace, reserved, "sha512", message), privateKey);
  const version = Buffer.alloc(4);
  version.writeUInt32BE(1);
  const blob = Buffer.concat([
    MAGIC,
    version,
    sshString(publicKey.blob),
    sshString(namespace),
    sshString(reserved),
    sshString("sha512"),
    sshString(Buffer.concat([sshString(publicKey.type), sshString(signature)])),
  ]);
  const lines = blob.toString("base64").match(/.{1,70}/g) ?? [];
  return `${ARMOR_BEGIN}\n${lines.join("\n")}\n${ARMOR_END}\n`;
}

/**
 * Verifies a parsed SSHSIG over `message` in `namespace`. Throws SshSigError naming the problem; returns
 * the FIDO flags and counter for `sk-` keys.
 */
export function verifySshSignature(
  sig: SshSignature,
  message: Buffer,
  namespace: string = DECISION_NAMESPACE,
): { flags?: number; counter?: number } {
  if (sig.namespace !== namespace)
    throw new SshSigError(
      "SIGNATURE_WRONG_NAMESPACE",
      `signed in namespace "${sig.namespace}", not "${namespace}"`,
    );
  const data = sshSignedData(sig.namespace, sig.reserved, sig.hashAlgorithm, message);
  const key = sig.publicKey;
  const c: Cursor = { buf: sig.signature, at: 0 };
  const algorithm = readText(c);
  const raw = readString(c);
  const fido = key.application !== undefined;
  const flags = fido ? readByte(c) : undefined;
  const counter = fido ? readU32(c) : undefined;
  expectEnd(c, "signature");

  let ok: boolean;
  switch (key.type) {
    case "ssh-ed25519":
    case "sk-ssh-ed25519@openssh.com": {
      if (algorithm !== key.type) throw algorithmMismatch(algorithm, key.type);
      if (raw.length !== 64) throw malformed("an Ed25519 signature is 64 bytes");
      ok = verify(null, fido ? fidoSignedData(key, flags!, counter!, data) : data, key.key, raw);
      break;
    }
    case "ecdsa-sha2-nistp256":
    case "ecdsa-sha2-nistp384":
    case "ecdsa-sha2-nistp521":
    case "sk-ecdsa-sha2-nistp256@openssh.com": {
      if (algorithm !== key.type) throw algorithmMismatch(algorithm, key.type);
      const { hash, size } = key.ecdsa!;
      const p1363 = ecdsaP1363(raw, size);
      ok = verify(
        hash,
        fido ? fidoSignedData(key, flags!, counter!, data) : data,
        { key: key.key, dsaEncoding: "ieee-p1363" },
        p1363,
      );
      break;
    }
    case "ssh-rsa": {
      // PROTOCOL.sshsig: RSA signatures must be rsa-sha2-256 or rsa-sha2-512, never SHA-1 "ssh-rsa".
      if (algorithm !== "rsa-sha2-256" && algorithm !== "rsa-sha2-512")
        throw new SshSigError(
          "SIGNATURE_ALGORITHM_UNSUPPORTED",
          `RSA signature algorithm "${algorithm}" (rsa-sha2-256 or rsa-sha2-512)`,
        );
      const modulus = key.rsaBytes!;
      if (raw.length > modulus) throw malformed("the RSA signature is longer than the modulus");
      // Some signers drop leading zero bytes (OpenSSH pads them back too, ssh-rsa.c).
      const padded = raw.length < modulus ? Buffer.concat([Buffer.alloc(modulus - raw.length), raw]) : raw;
      ok = verify(algorithm === "rsa-sha2-256" ? "sha256" : "sha512", data, key.key, padded);
      break;
    }
    default:
      throw new SshSigError("SIGNATURE_ALGORITHM_UNSUPPORTED", `unsupported SSH key type "${key.type}"`);
  }
  if (!ok) throw new SshSigError("SIGNATURE_INVALID", "the signature does not verify");
  if (fido && (flags! & FLAG_USER_PRESENCE) === 0)
    throw new SshSigError(
      "SIGNATURE_NO_USER_PRESENCE",
      "the FIDO authenticator did not assert user presence (no touch)",
    );
  return fido ? { flags: flags!, counter: counter! } : {};
}

function algorithmMismatch(algorithm: string, keyType: string): SshSigError {
  return new SshSigError(
    "SIGNATURE_ALGORITHM_UNSUPPORTED",
    `signature algorithm "${algorithm}" does not match key type "${keyType}"`,
  );
}

/** PROTOCOL.u2f: what a FIDO authenticator signs for `data`. */
function fidoSignedData(key: SshPublicKey, flags: number, counter: number, data: Buffer): Buffer {
  const tail = Buffer.alloc(5);
  tail.writeUInt8(flags, 0);
  tail.writeUInt32BE(counter, 1);
  return Buffer.concat([
    createHash("sha256").update(key.application!, "utf8").digest(),
    tail,
    createHash("sha256").update(data).digest(),
  ]);
}

/** RFC 5656 §3.1.2 ECDSA signature (mpint r, mpint s) → fixed-size r ‖ s. */
function ecdsaP1363(raw: Buffer, size: number): Buffer {
  const c: Cursor = { buf: raw, at: 0 };
  const r = readMpint(c);
  const s = readMpint(c);
  expectEnd(c, "ECDSA signature");
  if (r.length > size || s.length > size) throw malformed("ECDSA r or s is larger than the curve");
  const out = Buffer.alloc(2 * size);
  r.copy(out, size - r.length);
  s.copy(out, 2 * size - s.length);
  return out;
}
