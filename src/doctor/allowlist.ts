/**
 * @module doctor/allowlist
 * governance/inherited-owners.yml: the Owners assigned above the environments (subscription or management
 * group) that doctor lists as expected rather than as RBAC drift. Entries name a principal (directory name
 * or object id) and say why.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "yaml";
import { InputError } from "../errors.ts";
import { REPO_ROOT } from "../platform/index.ts";

export interface AllowedOwner {
  principal: string;
  why: string;
}

export const DEFAULT_ALLOWLIST = path.join(REPO_ROOT, "governance", "inherited-owners.yml");

export function parseAllowlist(text: string, source: string): AllowedOwner[] {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    throw new InputError("ALLOWLIST_INVALID", `${source} is not YAML: ${(error as Error).message}`);
  }
  const owners = (document as { owners?: unknown } | null)?.owners;
  if (owners === undefined || owners === null) return [];
  if (!Array.isArray(owners)) throw new InputError("ALLOWLIST_INVALID", `${source}: owners must be a list`);
  return owners.map((entry, i) => {
    const e = entry as { principal?: unknown; why?: unknown } | null;
    if (typeof e?.principal !== "string" || !e.principal || typeof e.why !== "string" || !e.why)
      throw new InputError("ALLOWLIST_INVALID", `${source}: owners[${i}] needs a principal and a why`);
    return { principal: e.principal, why: e.why };
  });
}

export async function loadAllowlist(file = DEFAULT_ALLOWLIST): Promise<AllowedOwner[]> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new InputError("ALLOWLIST_NOT_FOUND", `${file} does not exist`);
  }
  return parseAllowlist(text, file);
}
