/**
 * @module governance/signing/registry
 * The approvers registry: who the people are and which public keys are theirs, kept in the repository
 * (default `governance/approvers.yml`) and changed only through review. The gate trusts the file only as
 * committed: it is read with `git cat-file blob <ref>:<path>` (raw, see ./committed.ts), and a working-tree
 * copy that differs from it (uncommitted or untracked edits) is refused, so editing the file in a checkout
 * never adds an approver.
 *
 * A key belongs to exactly one person, and so do principals and GitHub logins: a decision's verified signer is
 * the owner of the key, never whoever the payload names.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { InputError, NotFoundError, VerificationError } from "../../errors.ts";
import { frozenMemo } from "../../freeze.ts";
import { compileSchema, describeSchemaErrors } from "../../platform/schema.ts";
import { git, readCommitted } from "./committed.ts";
import { parseSshPublicKeyLine } from "./sshsig.ts";

export const DEFAULT_APPROVERS_FILE = "governance/approvers.yml";

export interface SshRegistryKey {
  kind: "ssh";
  /** `SHA256:…` fingerprint (the DSSE keyid). */
  keyid: string;
  /** Key type, e.g. "ssh-ed25519". */
  algorithm: string;
  /** The authorized_keys line as written in the registry. */
  publicKey: string;
}

export interface WebAuthnRegistryKey {
  kind: "webauthn";
  /** `webauthn:<credentialId>` (the DSSE keyid). */
  keyid: string;
  /** base64url credential id. */
  credentialId: string;
  /** COSE public key, base64url. */
  publicKey: string;
  rpId: string;
  origins: string[];
}

export type RegistryKey = SshRegistryKey | WebAuthnRegistryKey;

export interface Person {
  /** Stable id, used as Decision.signer. */
  id: string;
  name?: string;
  /** Entra UPNs or object ids this person signs in as. */
  principals: string[];
  /** GitHub login (the CI actor who dispatches a workflow). */
  github?: string;
  /** ISO date-time after which the person's keys no longer count (optional). */
  validUntil?: string;
  keys: RegistryKey[];
}

export interface ApproversRegistry {
  /** Where it came from: "<path>@<ref>" in the repository, "twin:<stateDir>", or several joined by " + ". */
  source: string;
  /** `sha256:<hex>` of the committed file's bytes (of the first part when extras were merged). */
  digest: string;
  people: Person[];
}

/** The file a person writes. */
interface ApproversFile {
  version: 1;
  people?: Array<{
    id: string;
    name?: string;
    principals: string[];
    github?: string;
    validUntil?: string;
    keys: Array<
      | { ssh: string }
      | { webauthn: { credentialId: string; publicKey: string; rpId: string; origins: string[] } }
    >;
  }>;
}

const BASE64URL = "^[A-Za-z0-9_-]+$";
const schema = {
  type: "object",
  additionalProperties: false,
  required: ["version"],
  properties: {
    version: { const: 1 },
    people: {
      type: ["array", "null"],
      items: {
        type: "object",
        additionalProperties: false,
        required: ["id", "principals", "keys"],
        properties: {
          id: { type: "string", pattern: "^[a-z0-9][a-z0-9._-]{0,63}$" },
          name: { type: "string", minLength: 1 },
          principals: {
            type: "array",
            items: { type: "string", minLength: 1 },
            uniqueItems: true,
          },
          github: { type: "string", pattern: "^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$" },
          validUntil: { type: "string", format: "date-time" },
          keys: {
            type: "array",
            minItems: 1,
            items: {
              oneOf: [
                {
                  type: "object",
                  additionalProperties: false,
                  required: ["ssh"],
                  properties: { ssh: { type: "string", minLength: 1 } },
                },
                {
                  type: "object",
                  additionalProperties: false,
                  required: ["webauthn"],
                  properties: {
                    webauthn: {
                      type: "object",
                      additionalProperties: false,
                      required: ["credentialId", "publicKey", "rpId", "origins"],
                      properties: {
                        credentialId: { type: "string", pattern: BASE64URL },
                        publicKey: { type: "string", pattern: BASE64URL },
                        rpId: { type: "string", minLength: 1 },
                        origins: {
                          type: "array",
                          minItems: 1,
                          items: { type: "string", pattern: "^https?://[^/]+$" },
                        },
                      },
                    },
                  },
                },
              ],
            },
          },
        },
      },
    },
  },
};
const validate = compileSchema<ApproversFile>(schema);

function invalid(source: string, problems: string[]): InputError {
  return new InputError("APPROVERS_REGISTRY_INVALID", `${source}: ${problems.join("; ")}`, {
    file: source,
    problems,
  });
}

/**
 * Registries parsed before: a process that runs many commands reads the committed file every time but parses a
 * given text once.
 */
const parsedRegistries = frozenMemo<ApproversRegistry>(16);

/** Parses and validates registry YAML; `source` names it in errors. Throws APPROVERS_REGISTRY_INVALID. */
export function parseApproversRegistry(text: string, source: string, digest: string): ApproversRegistry {
  return parsedRegistries(`${source}\0${digest}\0${text}`, () => parseNewRegistry(text, source, digest));
}

function parseNewRegistry(text: string, source: string, digest: string): ApproversRegistry {
  let document: unknown;
  try {
    // No aliases: a registry has no use for them, and they are how YAML bombs work.
    document = parseYaml(text, { prettyErrors: true, uniqueKeys: true, maxAliasCount: 0 });
  } catch (error) {
    throw invalid(source, [`not valid YAML: ${(error as Error).message.split("\n")[0]}`]);
  }
  if (!validate(document)) throw invalid(source, describeSchemaErrors(validate.errors));
  const problems: string[] = [];
  const people: Person[] = (document.people ?? []).map((entry, i) => {
    const keys: RegistryKey[] = entry.keys.map((key, k) => {
      if ("ssh" in key) {
        try {
          const parsed = parseSshPublicKeyLine(key.ssh);
          return {
            kind: "ssh",
            keyid: parsed.fingerprint,
            algorithm: parsed.type,
            publicKey: key.ssh.trim(),
          };
        } catch (error) {
          problems.push(`people.${i}.keys.${k}.ssh: ${(error as Error).message}`);
          return { kind: "ssh", keyid: `invalid:${i}:${k}`, algorithm: "", publicKey: key.ssh };
        }
      }
      const w = key.webauthn;
      return {
        kind: "webauthn",
        keyid: `webauthn:${w.credentialId}`,
        credentialId: w.credentialId,
        publicKey: w.publicKey,
        rpId: w.rpId,
        origins: [...w.origins],
      };
    });
    return {
      id: entry.id,
      ...(entry.name === undefined ? {} : { name: entry.name }),
      principals: [...entry.principals],
      ...(entry.github === undefined ? {} : { github: entry.github }),
      ...(entry.validUntil === undefined ? {} : { validUntil: entry.validUntil }),
      keys,
    };
  });
  if (problems.length > 0) throw invalid(source, problems);
  const registry = { source, digest, people };
  const clashes = registryClashes([registry]);
  if (clashes.length > 0) throw invalid(source, clashes);
  return registry;
}

/** People ids, principals, GitHub logins and keys must each belong to one person across all parts. */
function registryClashes(parts: ApproversRegistry[]): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  const claim = (kind: string, value: string, owner: string): void => {
    const key = `${kind}\0${value}`;
    const previous = seen.get(key);
    if (previous !== undefined && previous !== owner)
      problems.push(`${kind} ${value} belongs to both ${previous} and ${owner}`);
    else if (previous === owner && kind === "person id") problems.push(`person id ${value} appears twice`);
    seen.set(key, owner);
  };
  for (const part of parts) {
    for (const person of part.people) {
      const owner = `${person.id} (${part.source})`;
      claim("person id", person.id, owner);
      for (const principal of person.principals) claim("principal", principal.toLowerCase(), owner);
      if (person.github) claim("GitHub login", person.github.toLowerCase(), owner);
      for (const key of person.keys) claim("key", key.keyid, owner);
    }
  }
  return problems;
}

/** Merges registries (the repository's and the twin's); throws APPROVERS_REGISTRY_INVALID on any clash. */
export function mergeApproversRegistries(parts: ApproversRegistry[]): ApproversRegistry {
  const [first, ...rest] = parts;
  if (!first) throw new InputError("APPROVERS_REGISTRY_INVALID", "no approvers registry to merge");
  if (rest.length === 0) return first;
  const clashes = registryClashes(parts);
  const source = parts.map((p) => p.source).join(" + ");
  if (clashes.length > 0) throw invalid(source, clashes);
  return { source, digest: first.digest, people: parts.flatMap((p) => p.people) };
}

export interface LoadApproversOptions {
  repoRoot: string;
  /** Relative to repoRoot; default governance/approvers.yml. */
  path?: string;
  /** The commit-ish to read (default HEAD); CI may pass the protected branch it checked out. */
  ref?: string;
  /** Further registries merged in (the twin's generated people). */
  extra?: ApproversRegistry[];
  /** Tests only: accept a repoRoot that is not a git checkout, reading the file from disk. */
  allowUncommitted?: boolean;
}

/**
 * Loads the registry as committed. Refuses APPROVERS_REGISTRY_MODIFIED when the working-tree file differs from
 * the commit or is untracked, APPROVERS_REGISTRY_UNVERIFIABLE outside a git checkout, APPROVERS_REGISTRY_INVALID
 * for a bad file, APPROVERS_REGISTRY_NOT_FOUND when neither exists.
 */
export async function loadApproversRegistry(options: LoadApproversOptions): Promise<ApproversRegistry> {
  const relative = options.path ?? DEFAULT_APPROVERS_FILE;
  const ref = options.ref ?? "HEAD";
  if (!/^[A-Za-z0-9_][A-Za-z0-9._/^~@{}-]*$/.test(ref))
    throw new InputError(
      "APPROVERS_REGISTRY_REF_INVALID",
      `"${ref}" is not a git commit-ish Airlock accepts`,
      {
        ref,
      },
    );
  const file = path.resolve(options.repoRoot, relative);
  const working = await readFile(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw new InputError("APPROVERS_REGISTRY_INVALID", `cannot read ${file}: ${error.message}`, { file });
  });

  // `./` makes the path relative to repoRoot even when repoRoot is a subdirectory of the checkout, and git
  // accepts `./` only inside a work tree, so a success is also the proof that repoRoot is a checkout: at most
  // one git run in the common case. Only a failure needs the second run that tells "not a checkout" from "not
  // committed".
  const shown = await readCommitted(options.repoRoot, ref, relative);
  let committed: Buffer;
  let source: string;
  if (shown.ok) {
    committed = shown.stdout;
    if (!working?.equals(committed))
      throw new VerificationError(
        "APPROVERS_REGISTRY_MODIFIED",
        `${relative} ${working ? "has uncommitted changes" : "is deleted in the working tree"}: only the committed, reviewed approvers registry counts (commit it through review, or restore it)`,
        { file: relative, ref },
      );
    source = `${relative}@${ref}`;
  } else {
    const inside = await git(options.repoRoot, ["rev-parse", "--is-inside-work-tree"]);
    if (!inside.ok || inside.stdout.toString().trim() !== "true") {
      if (!options.allowUncommitted)
        throw new VerificationError(
          "APPROVERS_REGISTRY_UNVERIFIABLE",
          `${relative}: ${options.repoRoot} is not a git checkout git can read (${inside.stderr.split("\n")[0] || "git failed"}), so the approvers registry cannot be checked against the reviewed commit`,
          { file: relative, repoRoot: options.repoRoot },
        );
      if (!working)
        throw new NotFoundError("APPROVERS_REGISTRY_NOT_FOUND", `approvers registry not found: ${file}`, {
          file: relative,
        });
      committed = working;
      source = relative;
    } else {
      if (working)
        throw new VerificationError(
          "APPROVERS_REGISTRY_MODIFIED",
          `${relative} is not committed (${ref} has no such file): only a reviewed, committed approvers registry counts`,
          { file: relative, ref },
        );
      throw new NotFoundError(
        "APPROVERS_REGISTRY_NOT_FOUND",
        `approvers registry ${relative} is not in ${ref}: ${shown.stderr}`,
        { file: relative, ref },
      );
    }
  }
  const digest = `sha256:${createHash("sha256").update(committed).digest("hex")}`;
  const registry = parseApproversRegistry(committed.toString("utf8"), source, digest);
  return mergeApproversRegistries([registry, ...(options.extra ?? [])]);
}

/** The person a signed-in principal (UPN or object id, case-insensitive) is, if any. */
export function personForPrincipal(registry: ApproversRegistry, principal: string): Person | undefined {
  const wanted = principal.toLowerCase();
  return registry.people.find((p) => p.principals.some((q) => q.toLowerCase() === wanted));
}

/** The person behind a GitHub login (case-insensitive), if any. */
export function personForGithub(registry: ApproversRegistry, login: string): Person | undefined {
  const wanted = login.toLowerCase();
  return registry.people.find((p) => p.github?.toLowerCase() === wanted);
}
