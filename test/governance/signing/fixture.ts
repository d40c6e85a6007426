/**
 * Test fixtures for signed decisions: keys made by ssh-keygen, `ssh-keygen -Y verify` as the reference
 * verifier, and a software signer that writes SSHSIG with node:crypto (written from PROTOCOL.sshsig and
 * PROTOCOL.u2f independently of src/, so it can play a FIDO authenticator, which needs no hardware here).
 */
import { execFile, spawn } from "node:child_process";
import { createHash, createPrivateKey, generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Decision, type DsseEnvelope, decisionPayload } from "../../../src/governance/signing/index.ts";

export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), "airlock-signing-"));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function run(
  command: string,
  args: string[],
  options: { input?: Buffer | string; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env ?? process.env, cwd: options.cwd });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (status) => resolve({ status: status ?? -1, stdout, stderr }));
    child.stdin.on("error", () => {}); // a command that does not read stdin may exit first (EPIPE)
    child.stdin.end(options.input ?? "");
  });
}

/** Generates a key with ssh-keygen; returns the private key file and the public key line. */
export async function sshKeygen(
  dir: string,
  name: string,
  type: "ed25519" | "ecdsa" | "rsa",
  bits?: number,
): Promise<{ keyFile: string; publicKey: string }> {
  const keyFile = path.join(dir, name);
  const args = ["-q", "-t", type, "-N", "", "-C", `${name}@test`, "-f", keyFile];
  if (bits) args.push("-b", String(bits));
  const result = await run("ssh-keygen", args);
  if (result.status !== 0) throw new Error(`ssh-keygen failed: ${result.stderr}`);
  return { keyFile, publicKey: (await readFile(`${keyFile}.pub`, "utf8")).trim() };
}

/** `ssh-keygen -Y verify` of an armored signature over `message`, as `principal` holding `publicKey`. */
export async function sshKeygenVerify(
  dir: string,
  armored: string,
  message: Buffer,
  publicKey: string,
  namespace = "airlock-decision",
): Promise<{ ok: boolean; output: string }> {
  const signers = path.join(dir, `allowed_signers-${Math.random().toString(36).slice(2)}`);
  const sigFile = `${signers}.sig`;
  await writeFile(signers, `signer@test namespaces="${namespace}" ${publicKey}\n`);
  await writeFile(sigFile, armored);
  const result = await run(
    "ssh-keygen",
    ["-Y", "verify", "-f", signers, "-I", "signer@test", "-n", namespace, "-s", sigFile],
    { input: message },
  );
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}`.trim() };
}

export function sampleDecision(overrides: Partial<Decision> = {}): Decision {
  return {
    decision: "approve",
    requestId: "req-0001",
    asset: { kind: "model", name: "churn-model", version: "3" },
    digest: `sha256:${"1".repeat(64)}`,
    bundleDigest: `sha256:${"2".repeat(64)}`,
    target: "prod",
    expiresAt: "2030-01-01T00:00:00.000Z",
    signedAt: "2029-12-31T00:00:00.000Z",
    signer: "bob",
    ...overrides,
  };
}

/** The armored SSHSIG text inside an envelope's first signature. */
export function armoredOf(envelope: DsseEnvelope): string {
  return Buffer.from(envelope.signatures[0]!.sig, "base64").toString("utf8");
}

/** DSSE PAE, computed here independently of src/. */
export function paeOf(envelope: DsseEnvelope): Buffer {
  const body = Buffer.from(envelope.payload, "base64");
  const type = Buffer.from(envelope.payloadType, "utf8");
  return Buffer.concat([Buffer.from(`DSSEv1 ${type.length} `), type, Buffer.from(` ${body.length} `), body]);
}

export function payloadOf(envelope: DsseEnvelope): { predicate: Decision; [key: string]: unknown } {
  return JSON.parse(Buffer.from(envelope.payload, "base64").toString("utf8"));
}

/** Re-encodes an envelope with a changed payload, keeping the original signature (a tampered envelope). */
export function withPayload(envelope: DsseEnvelope, payload: unknown): DsseEnvelope {
  return { ...envelope, payload: Buffer.from(JSON.stringify(payload)).toString("base64") };
}

// ---- a software SSHSIG signer (PROTOCOL.sshsig, PROTOCOL.u2f) ----------------------------------------

const u32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};
export const str = (v: Buffer | string): Buffer => {
  const bytes = typeof v === "string" ? Buffer.from(v) : v;
  return Buffer.concat([u32(bytes.length), bytes]);
};
const mpint = (v: Buffer): Buffer => {
  let start = 0;
  while (start < v.length - 1 && v[start] === 0) start++;
  const trimmed = v.subarray(start);
  return str((trimmed[0]! & 0x80) !== 0 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
};
const sha256 = (data: Buffer | string): Buffer => createHash("sha256").update(data).digest();

export interface SoftKey {
  type: string;
  blob: Buffer;
  /** authorized_keys line. */
  publicKey: string;
  /** Signs SSHSIG signed data, returning the inner SSH signature blob. */
  signData: (data: Buffer) => Buffer;
}

function jwkOf(key: KeyObject): { x: Buffer; y?: Buffer; n?: Buffer; e?: Buffer } {
  const jwk = key.export({ format: "jwk" });
  const b = (v: string | undefined): Buffer | undefined => (v ? Buffer.from(v, "base64url") : undefined);
  return { x: b(jwk.x)!, y: b(jwk.y), n: b(jwk.n), e: b(jwk.e) };
}

function softKey(type: string, blob: Buffer, signData: (data: Buffer) => Buffer): SoftKey {
  return { type, blob, publicKey: `${type} ${blob.toString("base64")} soft@test`, signData };
}

/** A FIDO authenticator in software: `flags` 0x01 is user presence. */
export function softSkEd25519(options: { flags?: number; counter?: number; application?: string } = {}) {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const application = options.application ?? "ssh:";
  const type = "sk-ssh-ed25519@openssh.com";
  const blob = Buffer.concat([str(type), str(jwkOf(publicKey).x), str(application)]);
  return softKey(type, blob, (data) => {
    const flags = options.flags ?? 0x01;
    const counter = options.counter ?? 7;
    const signed = Buffer.concat([sha256(application), Buffer.from([flags]), u32(counter), sha256(data)]);
    const raw = sign(null, signed, privateKey);
    return Buffer.concat([str(type), str(raw), Buffer.from([flags]), u32(counter)]);
  });
}

export function softSkEcdsa(options: { flags?: number; counter?: number } = {}) {
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const application = "ssh:";
  const type = "sk-ecdsa-sha2-nistp256@openssh.com";
  const { x, y } = jwkOf(publicKey);
  const point = Buffer.concat([Buffer.from([4]), x, y!]);
  const blob = Buffer.concat([str(type), str("nistp256"), str(point), str(application)]);
  return softKey(type, blob, (data) => {
    const flags = options.flags ?? 0x01;
    const counter = options.counter ?? 9;
    const signed = Buffer.concat([sha256(application), Buffer.from([flags]), u32(counter), sha256(data)]);
    const rs = sign("sha256", signed, { key: privateKey, dsaEncoding: "ieee-p1363" });
    const ecdsa = Buffer.concat([mpint(rs.subarray(0, 32)), mpint(rs.subarray(32))]);
    return Buffer.concat([str(type), str(ecdsa), Buffer.from([flags]), u32(counter)]);
  });
}

/** RSA key pairs by size, made once per process: generating one is what costs, not signing. */
const rsaPairs = new Map<number, { publicKey: KeyObject; privateKey: KeyObject }>();

export function softRsa(algorithm: "rsa-sha2-256" | "rsa-sha2-512", bits = 2048) {
  let pair = rsaPairs.get(bits);
  if (!pair) {
    pair = generateKeyPairSync("rsa", { modulusLength: bits });
    rsaPairs.set(bits, pair);
  }
  const { publicKey, privateKey } = pair;
  const { n, e } = jwkOf(publicKey);
  const blob = Buffer.concat([str("ssh-rsa"), mpint(e!), mpint(n!)]);
  return softKey("ssh-rsa", blob, (data) => {
    const raw = sign(algorithm === "rsa-sha2-256" ? "sha256" : "sha512", data, privateKey);
    return Buffer.concat([str(algorithm), str(raw)]);
  });
}

export function softEd25519() {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const blob = Buffer.concat([str("ssh-ed25519"), str(jwkOf(publicKey).x)]);
  return softKey("ssh-ed25519", blob, (data) =>
    Buffer.concat([str("ssh-ed25519"), str(sign(null, data, privateKey))]),
  );
}

/** An armored SSHSIG over `message` by a software key. */
export function softSshSig(
  key: SoftKey,
  message: Buffer,
  options: { namespace?: string; hash?: "sha256" | "sha512"; reserved?: Buffer; version?: number } = {},
): string {
  const namespace = options.namespace ?? "airlock-decision";
  const hash = options.hash ?? "sha512";
  const reserved = options.reserved ?? Buffer.alloc(0);
  const signedData = Buffer.concat([
    Buffer.from("SSHSIG"),
    str(namespace),
    str(reserved),
    str(hash),
    str(createHash(hash).update(message).digest()),
  ]);
  const blob = Buffer.concat([
    Buffer.from("SSHSIG"),
    u32(options.version ?? 1),
    str(key.blob),
    str(namespace),
    str(reserved),
    str(hash),
    str(key.signData(signedData)),
  ]);
  const lines = blob.toString("base64").match(/.{1,70}/g)!;
  return `-----BEGIN SSH SIGNATURE-----\n${lines.join("\n")}\n-----END SSH SIGNATURE-----\n`;
}

/** An envelope for `decision` signed by a software key (payload: canonical JSON, as Airlock writes it). */
export function softEnvelope(
  key: SoftKey,
  decision: Decision,
  options: Parameters<typeof softSshSig>[2] & { payload?: Buffer } = {},
): DsseEnvelope {
  const payloadType = "application/vnd.in-toto+json";
  const payload =
    options.payload ??
    Buffer.from(
      canonical({
        _type: "https://in-toto.io/Statement/v1",
        subject: [
          {
            name: `${decision.asset.kind}:${decision.asset.name}@${decision.asset.version}`,
            digest: { sha256: decision.digest.slice(7) },
          },
        ],
        predicateType: "https://airlock.dev/attestations/decision/v1",
        predicate: decision,
      }),
    );
  const envelope: DsseEnvelope = { payloadType, payload: payload.toString("base64"), signatures: [] };
  const armored = softSshSig(key, paeOf(envelope), options);
  const fingerprint = `SHA256:${createHash("sha256").update(key.blob).digest("base64").replace(/=+$/, "")}`;
  envelope.signatures.push({ keyid: fingerprint, sig: Buffer.from(armored).toString("base64") });
  return envelope;
}

/**
 * The key of an unencrypted ed25519 OpenSSH private key file (openssh-key-v1, PROTOCOL.key), read here
 * independently of src/, as a software key.
 */
export async function softEd25519FromFile(keyFile: string): Promise<SoftKey> {
  const text = await readFile(keyFile, "utf8");
  const body = /-----BEGIN OPENSSH PRIVATE KEY-----([\s\S]*?)-----END/.exec(text)?.[1];
  if (!body) throw new Error(`${keyFile}: not an OpenSSH private key`);
  const bytes = Buffer.from(body.replace(/\s+/g, ""), "base64");
  let at = "openssh-key-v1\0".length;
  const next = (): Buffer => {
    const length = bytes.readUInt32BE(at);
    const value = bytes.subarray(at + 4, at + 4 + length);
    at += 4 + length;
    return value;
  };
  const [cipher, kdf] = [next().toString(), next().toString()];
  if (cipher !== "none" || kdf !== "none") throw new Error(`${keyFile}: encrypted (${cipher}/${kdf})`);
  next(); // kdf options
  at += 4; // number of keys (1)
  next(); // public key blob
  const section = next();
  at = 0;
  const inner = (): Buffer => {
    const length = section.readUInt32BE(at);
    const value = section.subarray(at + 4, at + 4 + length);
    at += 4 + length;
    return value;
  };
  at = 8; // two check ints
  const type = inner().toString();
  if (type !== "ssh-ed25519") throw new Error(`${keyFile}: ${type}, not ssh-ed25519`);
  const pub = inner();
  const seed = inner().subarray(0, 32);
  const privateKey = createPrivateKey({
    key: { kty: "OKP", crv: "Ed25519", d: seed.toString("base64url"), x: pub.toString("base64url") },
    format: "jwk",
  });
  const blob = Buffer.concat([str(type), str(pub)]);
  return softKey(type, blob, (data) => Buffer.concat([str(type), str(sign(null, data, privateKey))]));
}

/**
 * Signs decisions with an ed25519 key file in process, writing byte for byte what `signWithSsh` (ssh-keygen
 * -Y sign) writes for it: ed25519 signatures are deterministic, SSHSIG's hash is sha512 and the payload is
 * Airlock's own (decisionPayload). For tests whose claim is about what a signature means, not how it is
 * made; approvals.test.ts checks the equality against ssh-keygen.
 */
export async function inProcessSigner(
  keyFile: string,
): Promise<(decision: Decision) => Promise<DsseEnvelope>> {
  const key = await softEd25519FromFile(keyFile);
  return async (decision) => softEnvelope(key, decision, { payload: decisionPayload(decision) });
}

/** Sorted-keys compact JSON (what Python's json.dumps(sort_keys=True, separators=(",", ":")) writes). */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object")
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(value);
}

/** Registry YAML text for people and their key lines. */
export function registryYaml(people: Array<{ id: string; keys: string[]; principals?: string[] }>): string {
  return `version: 1\npeople:\n${people
    .map(
      (p) =>
        `  - id: ${p.id}\n    principals: [${(p.principals ?? [`${p.id}@contoso.com`]).join(", ")}]\n    keys:\n${p.keys
          .map((k) => `      - ssh: "${k}"\n`)
          .join("")}`,
    )
    .join("")}`;
}

export function git(cwd: string, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      "git",
      ["-c", "user.email=t@test", "-c", "user.name=t", "-c", "commit.gpgsign=false", ...args],
      { cwd },
      (error, stdout, stderr) =>
        error ? reject(new Error(`git ${args.join(" ")}: ${stderr}`)) : resolve(stdout),
    );
  });
}
