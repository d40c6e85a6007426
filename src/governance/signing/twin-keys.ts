/**
 * @module governance/signing/twin-keys
 * The twin's people (alice, bob, mallory) sign with ed25519 keys generated in the state dir, so the demo needs
 * no set-up: `<stateDir>/keys/<person>` (private, 0600) and `<person>.pub` (0600), in a 0700 directory.
 * Principals are `<person>@airlock.local`, the UPNs of src/emulator/principals.ts.
 *
 * Concurrent callers never corrupt a key: each generates into its own temporary directory and installs the
 * private key with link(2), which fails if another caller won; the registry is then read from the installed
 * private key's header (openssh-key-v1 stores the public key in clear), never from a possibly stale .pub.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { chmod, link, mkdir, mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { canonicalJson } from "../../canonical-json.ts";
import { InputError, UnavailableError } from "../../errors.ts";
import type { ApproversRegistry, Person } from "./registry.ts";
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

function generate(file: string, comment: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      "ssh-keygen",
      ["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", file],
      (error, _stdout, stderr) => {
        if (!error) return resolve();
        reject(
          (error as NodeJS.ErrnoException).code === "ENOENT"
            ? new UnavailableError(
                "SSH_KEYGEN_NOT_FOUND",
                "ssh-keygen is needed to generate the twin's signing keys and is not on PATH",
              )
            : new UnavailableError(
                "TWIN_KEYGEN_FAILED",
                `ssh-keygen could not generate ${file}: ${String(stderr).trim() || error.message}`,
              ),
        );
      },
    );
  });
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
      await generate(path.join(temp, "key"), upn);
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
      keys: [{ kind: "ssh", keyid: key.fingerprint, algorithm: key.type, publicKey: line }],
    });
  }
  const digest = `sha256:${createHash("sha256").update(canonicalJson(entries)).digest("hex")}`;
  return { source: `twin:${stateDir}`, digest, people: entries };
}
