/**
 * @module infra/terraform-files
 * Reads Terraform configuration as data: every `.tf` file of a folder tree parsed with @cdktn/hcl2json,
 * and the resource/module/provider/variable blocks flattened with the file they came from. Parses are
 * remembered by file name and content, so checking many copies of infra/ parses each distinct file once.
 * Parsed bodies are shared and frozen: read them, never change them.
 */
import { type Dirent, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { InputError } from "../errors.ts";
import { deepFreeze } from "../freeze.ts";

export type HclBody = Record<string, unknown>;

/** One parsed `.tf` file. `dir` is relative to the infra folder, with forward slashes. */
export interface TerraformFile {
  file: string;
  dir: string;
  body: HclBody;
}

export interface TerraformBlock {
  /** resource | data | module | variable | output | provider | terraform | locals */
  kind: string;
  /** resource/data type (e.g. azurerm_storage_account); empty for the others. */
  type: string;
  name: string;
  dir: string;
  file: string;
  body: HclBody;
}

const parsed = new Map<string, Promise<HclBody>>();

/**
 * hcl2json, loaded on the first parse: importing it unpacks and compiles its WebAssembly and starts a Go
 * runtime (~0.3 s of CPU), which a process that only checks plan JSON (`infra check --plan`) never needs.
 */
let hcl2json: Promise<typeof import("@cdktn/hcl2json")> | undefined;
async function parseHcl(rel: string, text: string): Promise<HclBody> {
  hcl2json ??= import("@cdktn/hcl2json");
  return (await hcl2json).parse(rel, text) as Promise<HclBody>;
}

/**
 * hcl2json's parse of `text` as `rel`, remembered and shared: it is frozen, deeply, so a caller that tried
 * to change it would throw rather than change what the next check reads (a copy per call cost more than
 * the rest of a check of a seeded tree).
 */
async function parseOnce(rel: string, text: string): Promise<HclBody> {
  const key = `${rel}\0${text}`;
  let body = parsed.get(key);
  if (!body) {
    body = parseHcl(rel, text).then((value: HclBody) => deepFreeze(value));
    parsed.set(key, body);
    // A failure is not remembered: the next call parses again (and reports the same error).
    body.catch(() => parsed.delete(key));
  }
  return body;
}

/**
 * Parses every `.tf` file under `infraDir` (skipping .terraform folders and tests). The folder is read
 * synchronously: it is a hundred small files, and a promise round trip per directory and file cost more
 * CPU than the reads (this runs in the CLI's `infra check`, nowhere serving requests).
 */
export async function readTerraformTree(infraDir: string): Promise<TerraformFile[]> {
  const files: string[] = [];
  function walk(dir: string): void {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      throw new InputError("INFRA_DIR_MISSING", `Cannot read the infra folder ${dir}`);
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== ".terraform" && entry.name !== "tests") walk(full);
      } else if (entry.name.endsWith(".tf")) files.push(full);
    }
  }
  walk(infraDir);
  files.sort();
  return Promise.all(
    files.map(async (file) => {
      const rel = path.relative(infraDir, file).split(path.sep).join("/");
      let body: HclBody;
      try {
        body = await parseOnce(rel, readFileSync(file, "utf8"));
      } catch (error) {
        throw new InputError("INFRA_HCL_INVALID", `${rel}: not valid HCL: ${(error as Error).message}`);
      }
      return { file: rel, dir: path.posix.dirname(rel), body };
    }),
  );
}

/** Flattens the parsed files into blocks: `resource "t" "n"` → {kind: resource, type: t, name: n}. */
export function blocksOf(files: readonly TerraformFile[]): TerraformBlock[] {
  const blocks: TerraformBlock[] = [];
  for (const { file, dir, body } of files) {
    for (const [kind, value] of Object.entries(body)) {
      if (kind === "resource" || kind === "data") {
        for (const [type, byName] of Object.entries(value as Record<string, Record<string, HclBody[]>>))
          for (const [name, bodies] of Object.entries(byName))
            for (const b of bodies) blocks.push({ kind, type, name, dir, file, body: b });
      } else if (kind === "module" || kind === "variable" || kind === "output" || kind === "provider") {
        for (const [name, bodies] of Object.entries(value as Record<string, HclBody[]>))
          for (const b of bodies) blocks.push({ kind, type: "", name, dir, file, body: b });
      } else if (kind === "terraform" || kind === "locals") {
        for (const b of value as HclBody[]) blocks.push({ kind, type: "", name: "", dir, file, body: b });
      }
    }
  }
  return blocks;
}

/** stringsIn of a frozen (shared, parsed) body: it cannot change, so each body is walked once. */
const stringsOfFrozen = new WeakMap<object, ReadonlyArray<{ path: string; text: string }>>();

/** Every string literal in a parsed value, with a dotted path for reports. */
export function stringsIn(value: unknown, at = ""): ReadonlyArray<{ path: string; text: string }> {
  if (at === "" && value && typeof value === "object" && Object.isFrozen(value)) {
    let strings = stringsOfFrozen.get(value);
    if (!strings) {
      strings = Object.freeze(collectStrings(value, ""));
      stringsOfFrozen.set(value, strings);
    }
    return strings;
  }
  return collectStrings(value, at);
}

function collectStrings(value: unknown, at: string): Array<{ path: string; text: string }> {
  if (typeof value === "string") return [{ path: at, text: value }];
  if (Array.isArray(value)) return value.flatMap((item, index) => collectStrings(item, `${at}[${index}]`));
  if (value && typeof value === "object")
    return Object.entries(value).flatMap(([key, item]) => collectStrings(item, at ? `${at}.${key}` : key));
  return [];
}

/** The first block of a nested block list (`network_rules = [{...}]` in hcl2json's shape). */
export function firstBlock(body: HclBody | undefined, name: string): HclBody | undefined {
  const value = body?.[name];
  return Array.isArray(value) && value[0] && typeof value[0] === "object" ? (value[0] as HclBody) : undefined;
}
