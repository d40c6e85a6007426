/** Fixture for the infra tests: a full scratch copy of infra/, and whether terraform is installed. */
import { execFileSync } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { REPO_ROOT } from "../helpers/cli.ts";

export const INFRA_DIR = path.join(REPO_ROOT, "infra");

/** `false` when there is no terraform binary; tests that need it skip with this message. */
export const TERRAFORM_MISSING: string | false = (() => {
  try {
    execFileSync("terraform", ["version"], { stdio: "ignore" });
    return false;
  } catch {
    return "terraform is not installed (these tests need the terraform binary)";
  }
})();

/** A scratch copy of the whole infra folder (modules, roots, RBAC data, schemas). */
export async function copyInfra(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), "airlock-infra-copy-"));
  await cp(INFRA_DIR, dir, {
    recursive: true,
    // .terraform folders stay behind; the committed .terraform.lock.hcl files are copied.
    filter: (source) => !source.split(path.sep).includes(".terraform") && !source.endsWith(".tfstate"),
  });
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
