/** Fixture for the infra tests: a full scratch copy of infra/, and whether terraform is installed. */
import {
  accessSync,
  constants,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { REPO_ROOT } from "../helpers/cli.ts";

export const INFRA_DIR = path.join(REPO_ROOT, "infra");

let terraformMissing: string | false | undefined;

/**
 * `false` when there is no terraform binary on PATH; tests that need it skip with this message. Looked up
 * on PATH rather than by starting `terraform version` (a spawn from this large process and ~60 ms of
 * terraform's CPU): a binary that is there but broken fails the tests that run it, it does not skip them.
 * Asked once, and only by the files that run terraform (the others import this fixture for its folders).
 */
export function terraformMissingReason(): string | false {
  if (terraformMissing === undefined) {
    const found = (process.env.PATH ?? "")
      .split(path.delimiter)
      .filter(Boolean)
      .some((dir) => {
        try {
          accessSync(path.join(dir, "terraform"), constants.X_OK);
          return statSync(path.join(dir, "terraform")).isFile();
        } catch {
          return false;
        }
      });
    terraformMissing = found ? false : "terraform is not installed (these tests need the terraform binary)";
  }
  return terraformMissing;
}

/**
 * The files under `root` (relative paths), without .terraform folders and state files. Read synchronously,
 * as the copies below are made: about a hundred small files, where fs.cp's per-file promises and checks
 * cost ~120 ms of CPU per copy.
 */
function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.endsWith(".tfstate"))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
    .filter((rel) => !rel.split(path.sep).includes(".terraform"));
}

/** Copies infra/ into `dir` (which exists); the committed .terraform.lock.hcl files come along. */
function copyInto(dir: string, each?: (file: string, content: Buffer) => void): void {
  const made = new Set<string>();
  for (const rel of filesUnder(INFRA_DIR)) {
    const target = path.join(dir, rel);
    const parent = path.dirname(target);
    if (!made.has(parent)) {
      mkdirSync(parent, { recursive: true });
      made.add(parent);
    }
    if (!each) copyFileSync(path.join(INFRA_DIR, rel), target);
    else {
      const content = readFileSync(path.join(INFRA_DIR, rel));
      writeFileSync(target, content);
      each(target, content);
    }
  }
}

/** A scratch copy of the whole infra folder (modules, roots, RBAC data, schemas). */
export async function copyInfra(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), "airlock-infra-copy-"));
  copyInto(dir);
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Replaces `from` with `to` in `file` (relative to `dir`); fails when `from` is absent. */
export async function edit(dir: string, file: string, from: string | RegExp, to: string): Promise<void> {
  const full = path.join(dir, file);
  const before = await readFile(full, "utf8");
  const after = before.replace(from, to);
  if (after === before) throw new Error(`seeding ${file}: ${String(from)} not found`);
  await writeFile(full, after);
}

export async function append(dir: string, file: string, text: string): Promise<void> {
  const full = path.join(dir, file);
  await writeFile(full, `${await readFile(full, "utf8")}\n${text}\n`);
}

/** The mtime (seconds) of every untouched file of a shared copy: long before any seed can write. */
const PRISTINE_TIME = 946_684_800;

/**
 * One scratch copy of infra/ for a whole test file: `seeded(seed, check)` applies a seed, runs the check and
 * puts every file back as it was (content, and files removed or added), so cases share the copy. Cases
 * using it must run one at a time. Every file of the copy carries one fixed old mtime, so a put-back only
 * reads and rewrites the files whose size or mtime moved (any write since sets the mtime to now), not all.
 */
export async function sharedInfraCopy(): Promise<{
  dir: string;
  seeded: <T>(seed: (dir: string) => Promise<void>, check: (dir: string) => Promise<T>) => Promise<T>;
  cleanup: () => Promise<void>;
}> {
  const dir = mkdtempSync(path.join(tmpdir(), "airlock-infra-copy-"));
  const snapshot = new Map<string, Buffer>();
  const pristine = (file: string, content: Buffer) => {
    writeFileSync(file, content);
    utimesSync(file, PRISTINE_TIME, PRISTINE_TIME);
  };
  copyInto(dir, (file, content) => {
    utimesSync(file, PRISTINE_TIME, PRISTINE_TIME);
    snapshot.set(file, content);
  });
  // Synchronous, like the copy: a stat per file, and a promise round trip each cost more than the stat.
  const restore = () => {
    for (const rel of filesUnder(dir)) {
      const file = path.join(dir, rel);
      if (!snapshot.has(file)) rmSync(file);
    }
    for (const [file, content] of snapshot) {
      const now = statSync(file, { throwIfNoEntry: false });
      if (!now || now.size !== content.length || now.mtimeMs !== PRISTINE_TIME * 1000) {
        mkdirSync(path.dirname(file), { recursive: true });
        pristine(file, content);
      }
    }
  };
  return {
    dir,
    cleanup: () => rm(dir, { recursive: true, force: true }),
    async seeded(seed, check) {
      try {
        await seed(dir);
        return await check(dir);
      } finally {
        restore();
      }
    },
  };
}

/** `size` shared copies handed out one case at a time, so seeded cases can run `size` at once. */
export async function infraCopyPool(size: number): Promise<{
  seeded: <T>(seed: (dir: string) => Promise<void>, check: (dir: string) => Promise<T>) => Promise<T>;
  cleanup: () => Promise<void>;
}> {
  const copies = await Promise.all(Array.from({ length: size }, () => sharedInfraCopy()));
  const free = [...copies];
  const waiting: Array<(copy: (typeof copies)[number]) => void> = [];
  return {
    async seeded(seed, check) {
      const copy =
        free.pop() ?? (await new Promise<(typeof copies)[number]>((resolve) => waiting.push(resolve)));
      try {
        return await copy.seeded(seed, check);
      } finally {
        const next = waiting.shift();
        if (next) next(copy);
        else free.push(copy);
      }
    },
    cleanup: async () => {
      await Promise.all(copies.map((c) => c.cleanup()));
    },
  };
}
