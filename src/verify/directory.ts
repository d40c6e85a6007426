/**
 * @module verify/directory
 * Who a role assignment's principal id is. ARM role assignments carry only object ids; the RBAC matrix names
 * principals (`sp-aml-deployment-prod`, `aml-data-scientists-prod`, …). A directory maps between the two and
 * says whether a principal is a person (users and the people groups), which the isolation checks need.
 *
 * On the twin the directory is the twin's own (stable ids derived from names). Against Azure the operator
 * supplies it as a JSON file, `{ "<name>": "<object id>", … }` — the infra workflow writes it from the
 * Terraform variables and `terraform output -json airlock` — optionally with `"humans": ["<name>", …]` for
 * people outside the matrix (a user who should not hold a role shows as an unknown principal otherwise).
 */
import { readFile } from "node:fs/promises";
import { InputError } from "../errors.ts";
import { matrix, PURPOSES, principalName } from "../platform/index.ts";

export interface DirectoryEntry {
  name: string;
  objectId: string;
  human: boolean;
}

export class PrincipalDirectory {
  readonly #byId = new Map<string, DirectoryEntry>();
  readonly #byName = new Map<string, DirectoryEntry>();

  constructor(entries: Iterable<DirectoryEntry>) {
    for (const entry of entries) {
      const normalized = { ...entry, objectId: entry.objectId.toLowerCase() };
      this.#byId.set(normalized.objectId, normalized);
      this.#byName.set(normalized.name, normalized);
    }
  }

  byId(objectId: string): DirectoryEntry | undefined {
    return this.#byId.get(objectId.toLowerCase());
  }

  byName(name: string): DirectoryEntry | undefined {
    return this.#byName.get(name);
  }

  get size(): number {
    return this.#byId.size;
  }
}

/** Matrix principal names that are people (the data-scientist groups), for both environments. */
function humanMatrixNames(): Set<string> {
  const names = new Set<string>();
  for (const [key, principal] of Object.entries(matrix.principals)) {
    if (!principal.human) continue;
    for (const purpose of PURPOSES) names.add(principalName(key as keyof typeof matrix.principals, purpose));
  }
  return names;
}

/** The twin's directory: its principals and the people groups, with the ids the twin derives from names. */
export async function twinDirectory(): Promise<PrincipalDirectory> {
  const { twinPrincipals, objectIdFor, dataScientistGroup } = await import("../emulator/principals.ts");
  const entries: DirectoryEntry[] = twinPrincipals().map((p) => ({
    name: p.name,
    objectId: p.objectId,
    human: p.kind === "user",
  }));
  for (const purpose of PURPOSES) {
    const name = dataScientistGroup(purpose);
    entries.push({ name, objectId: objectIdFor(name), human: true });
  }
  return new PrincipalDirectory(entries);
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Parses a directory file: `{ "<name>": "<object id>", …, "humans"?: ["<name>", …] }`. */
export function parseDirectory(text: string, source: string): PrincipalDirectory {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new InputError(
      "PRINCIPALS_FILE_INVALID",
      `${source}: not JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  if (typeof document !== "object" || document === null || Array.isArray(document)) {
    throw new InputError(
      "PRINCIPALS_FILE_INVALID",
      `${source}: expected an object mapping principal names to object ids`,
    );
  }
  const { humans = [], ...ids } = document as Record<string, unknown>;
  if (!Array.isArray(humans) || humans.some((h) => typeof h !== "string")) {
    throw new InputError("PRINCIPALS_FILE_INVALID", `${source}: "humans" must be a list of names`);
  }
  const people = new Set([...humanMatrixNames(), ...(humans as string[])]);
  const entries: DirectoryEntry[] = [];
  for (const [name, id] of Object.entries(ids)) {
    if (typeof id !== "string" || !GUID.test(id)) {
      throw new InputError(
        "PRINCIPALS_FILE_INVALID",
        `${source}: ${name} must map to an object id (a GUID), not ${JSON.stringify(id)}`,
      );
    }
    entries.push({ name, objectId: id, human: people.has(name) });
  }
  return new PrincipalDirectory(entries);
}

export async function loadDirectory(file: string): Promise<PrincipalDirectory> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new InputError("PRINCIPALS_FILE_MISSING", `cannot read the principals file ${file}`);
  }
  return parseDirectory(text, file);
}
