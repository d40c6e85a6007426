/**
 * @module governance/signing/twin-keys
 * The twin's people (alice, bob, mallory) sign with ed25519 keys generated in the state dir, so the demo needs
 * no set-up: `<stateDir>/keys/<person>` (private, 0600) and `<person>.pub` (0600), in a 0700 directory.
 * Principals are `<person>@airlock.local`, the UPNs of src/emulator/principals.ts.
 *
 * The key is generated in process (node:crypto) and written as ssh-keygen writes an unencrypted ed25519 key
 * (openssh-key-v1, PROTOCOL.key), so no ssh-keygen run per person per state dir. ssh-keygen reads these files
 * as its own; a twin person's decision is signed in process with the same bytes ssh-keygen would write
 * (sign.ts, signWithTwinKey), since the twin made the key and it has no agent, passphrase or token to ask.
 *
 * Concurrent callers never corrupt a key: each generates into its own temporary directory and installs the
 * private key with link(2), which fails if another caller won; the registry is then read from the installed
 * private key's header (openssh-key-v1 stores the public key in clear), never from a possibly stale .pub.
 *
 * A twin person may also have passkeys (`airlock approvers add-passkey` on the twin): `<person>.passkeys.json`
 * beside the key, the same fields as a registry `webauthn:` entry. The state dir is already the twin's trust
 * root (it holds the private keys), so this adds no one who could not already sign.
 */
import { createHash, createPrivateKey, generateKeyPairSync, type KeyObject, randomBytes } from "node:crypto";
import { chmod, link, mkdir, mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { canonicalJson } from "../../canonical-json.ts";
import { InputError } from "../../errors.ts";
import type { ApproversRegistry, Person, WebAuthnRegistryKey } from "./registry.ts";
import { publicKeyOfPrivateKeyFile, type SshPublicKey, sshPublicKeyLine } from "./sshsig.ts";

/** The twin's UPN domain (src/emulator/principals.ts). */
export const TWIN_PRINCIPAL_DOMAIN = "airlock.local";

const PERSON = /^[a-z][a-z0-9-]{0,31}$/;

function keysDir(stateDir: string): string {
  return path.join(stateDir, "keys");
}

/** The private key file a twin person signs with. */
export function twinSigningKey(stateDir: string, person: string): string {
  if (!PERSON.test(person))
    throw new InputError("TWIN_PERSON_INVALID", `"${person}" is not a twin person name (${PERSON.source})`);
  return path.join(keysDir(stateDir), person);
}

/** SSH wire `string`: a uint32 length, then the bytes. */
function sshString(value: Buffer | string): Buffer {
  const bytes = typeof value === "string" ? Buffer.from(value, "utf8") : value;
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/**
 * A new ed25519 private key file, byte for byte the layout `ssh-keygen -t ed25519 -N ""` writes (PROTOCOL.key:
 * cipher and kdf "none", one key; the private section is two equal check ints, the key type, the public key,
 * seed‖public key, the comment, then padding 1, 2, 3 … to the 8-byte block size).
 */
export function ed25519PrivateKeyFile(comment: string): string {
  const jwk = generateKeyPairSync("ed25519").privateKey.export({ format: "jwk" });
  const seed = Buffer.from(jwk.d!, "base64url");
  const pub = Buffer.from(jwk.x!, "base64url");
  const type = "ssh-ed25519";
  const check = randomBytes(4);
  const section = Buffer.concat([
    check,
    check,
    sshString(type),
    sshString(pub),
    sshString(Buffer.concat([seed, pub])),
    sshString(comment),
  ]);
  const padding = Buffer.from(Array.from({ length: (8 - (section.length % 8)) % 8 }, (_, i) => i + 1));
  const one = Buffer.alloc(4);
  one.writeUInt32BE(1);
  const body = Buffer.concat([
    Buffer.from("openssh-key-v1\0", "ascii"),
    sshString("none"),
    sshString("none"),
    sshString(""),
    one,
    sshString(Buffer.concat([sshString(type), sshString(pub)])),
    sshString(Buffer.concat([section, padding])),
  ]);
  const lines = body.toString("base64").match(/.{1,70}/g) ?? [];
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${lines.join("\n")}\n-----END OPENSSH PRIVATE KEY-----\n`;
}

/**
 * The key in a file as ed25519PrivateKeyFile writes it: unencrypted openssh-key-v1 holding one ssh-ed25519 key
 * whose private half matches its public header. Undefined for any other file (encrypted, another key type,
 * not what this module writes), which sign.ts then leaves to ssh-keygen.
 */
export function twinEd25519Key(text: string): { privateKey: KeyObject; publicKey: SshPublicKey } | undefined {
  try {
    const publicKey = publicKeyOfPrivateKeyFile(text);
    if (publicKey.type !== "ssh-ed25519") return undefined;
    const body = /-----BEGIN OPENSSH PRIVATE KEY-----([\s\S]*?)-----END OPENSSH PRIVATE KEY-----/.exec(
      text,
    )![1]!;
    const bytes = Buffer.from(body.replace(/\s+/g, ""), "base64");
    let at = "openssh-key-v1\0".length;
    const next = (from: Buffer): Buffer => {
      const length = from.readUInt32BE(at);
      if (at + 4 + length > from.length) throw new RangeError("truncated");
      const value = from.subarray(at + 4, at + 4 + length);
      at += 4 + length;
      return value;
    };
    const [cipher, kdf] = [next(bytes).toString(), next(bytes).toString()];
    next(bytes); // kdf options
    const count = bytes.readUInt32BE(at);
    at += 4;
    if (cipher !== "none" || kdf !== "none" || count !== 1) return undefined;
    const publicBlob = next(bytes);
    const section = next(bytes);
    at = 8; // two check ints
    if (section.readUInt32BE(0) !== section.readUInt32BE(4)) return undefined;
    if (next(section).toString() !== "ssh-ed25519") return undefined;
    const pub = next(section);
    const secret = next(section);
    if (
      !publicBlob.equals(publicKey.blob) ||
      secret.length !== 64 ||
      !secret.subarray(32).equals(pub) ||
      !publicBlob.equals(Buffer.concat([sshString("ssh-ed25519"), sshString(pub)]))
    )
      return undefined;
    const privateKey = createPrivateKey({
      key: {
        kty: "OKP",
        crv: "Ed25519",
        d: secret.subarray(0, 32).toString("base64url"),
        x: pub.toString("base64url"),
      },
      format: "jwk",
    });
    return { privateKey, publicKey };
  } catch {
    return undefined;
  }
}

async function ensureKey(stateDir: string, person: string): Promise<{ line: string; key: SshPublicKey }> {
  const file = twinSigningKey(stateDir, person);
  const upn = `${person}@${TWIN_PRINCIPAL_DOMAIN}`;
  let text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (text === undefined) {
    const temp = await mkdtemp(path.join(keysDir(stateDir), `.${person}-`));
    try {
      await writeFile(path.join(temp, "key"), ed25519PrivateKeyFile(upn), { mode: 0o600 });
      await chmod(path.join(temp, "key"), 0o600);
      await link(path.join(temp, "key"), file).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== "EEXIST") throw error; // another caller installed its key first: use that one
      });
    } finally {
      await rm(temp, { recursive: true, force: true });
    }
    text = await readFile(file, "utf8");
  }
  const key = publicKeyOfPrivateKeyFile(text);
  const line = sshPublicKeyLine(key, upn);
  const pub = `${file}.pub`;
  const current = await readFile(pub, "utf8").catch(() => undefined);
  if (current?.trim() !== line) {
    // Every writer derives the same line from the installed private key; write-then-rename keeps it whole.
    const temp = `${pub}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    await writeFile(temp, `${line}\n`, { mode: 0o600 });
    await rename(temp, pub);
  }
  return { line, key };
}

/**
 * Generates (once) a key per twin person and returns the registry of those people: id = name, principal
 * `<name>@airlock.local`, the public key. Source "twin:<stateDir>".
 */
export async function ensureTwinKeys(stateDir: string, people: string[]): Promise<ApproversRegistry> {
  for (const person of people) twinSigningKey(stateDir, person);
  const dir = keysDir(stateDir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const entries: Person[] = [];
  for (const person of people) {
    const { line, key } = await ensureKey(stateDir, person);
    entries.push({
      id: person,
      principals: [`${person}@${TWIN_PRINCIPAL_DOMAIN}`],
      keys: [
        { kind: "ssh", keyid: key.fingerprint, algorithm: key.type, publicKey: line },
        ...(await twinPasskeys(stateDir, person)),
      ],
    });
  }
  const digest = `sha256:${createHash("sha256").update(canonicalJson(entries)).digest("hex")}`;
  return { source: `twin:${stateDir}`, digest, people: entries };
}

/** A twin person's passkeys, as a registry `webauthn:` entry holds them. */
export interface TwinPasskey {
  credentialId: string;
  publicKey: string;
  rpId: string;
  origins: string[];
}

function passkeysFile(stateDir: string, person: string): string {
  return `${twinSigningKey(stateDir, person)}.passkeys.json`;
}

const B64URL = /^[A-Za-z0-9_-]+$/;

async function twinPasskeys(stateDir: string, person: string): Promise<WebAuthnRegistryKey[]> {
  const file = passkeysFile(stateDir, person);
  const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (text === undefined) return [];
  let list: unknown;
  try {
    list = JSON.parse(text);
  } catch (error) {
    throw new InputError("TWIN_PASSKEYS_INVALID", `${file}: not JSON (${(error as Error).message})`);
  }
  const valid = (k: Partial<TwinPasskey> | null): k is TwinPasskey =>
    typeof k === "object" &&
    k !== null &&
    typeof k.credentialId === "string" &&
    B64URL.test(k.credentialId) &&
    typeof k.publicKey === "string" &&
    B64URL.test(k.publicKey) &&
    typeof k.rpId === "string" &&
    Array.isArray(k.origins) &&
    k.origins.every((o) => typeof o === "string");
  if (!Array.isArray(list) || !list.every(valid))
    throw new InputError(
      "TWIN_PASSKEYS_INVALID",
      `${file}: expected a list of {credentialId, publicKey, rpId, origins}`,
    );
  return list.map((k) => ({
    kind: "webauthn",
    keyid: `webauthn:${k.credentialId}`,
    credentialId: k.credentialId,
    publicKey: k.publicKey,
    rpId: k.rpId,
    origins: [...k.origins],
  }));
}

/** Adds a passkey to a twin person (write-then-rename; a credential already there is not added twice). */
export async function addTwinPasskey(stateDir: string, person: string, passkey: TwinPasskey): Promise<void> {
  const file = passkeysFile(stateDir, person);
  await mkdir(keysDir(stateDir), { recursive: true, mode: 0o700 });
  const current = (await twinPasskeys(stateDir, person)).map(
    ({ credentialId, publicKey, rpId, origins }) => ({
      credentialId,
      publicKey,
      rpId,
      origins,
    }),
  );
  if (current.some((k) => k.credentialId === passkey.credentialId)) return;
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  await writeFile(temp, `${JSON.stringify([...current, passkey], null, 2)}\n`, { mode: 0o600 });
  await rename(temp, file);
}
