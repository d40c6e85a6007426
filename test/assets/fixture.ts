/**
 * Fixture for asset tests: a scratch project folder (with an `outside` sibling) built from a file map, and the
 * python interpreter to run scripts with.
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { resolveInterpreter } from "../../src/emulator/inference/host.ts";

/**
 * The interpreter behind `python3`, looked up once per process (shared with the inference host): a pyenv shim
 * costs about 0.1 s of bash on every call.
 */
export function python3(): Promise<string> {
  return resolveInterpreter("python3");
}

export type ScratchEntry = string | Buffer | { symlink: string } | { folder: true };

export interface Scratch {
  /** The temp dir holding `project/` and `outside/`. */
  base: string;
  project: string;
  outside: string;
  cleanup(): Promise<void>;
}

/** Paths are relative to `project/`; symlink targets are written as given (relative to the link's folder). */
export async function makeScratch(files: Record<string, ScratchEntry>): Promise<Scratch> {
  const base = await mkdtemp(path.join(tmpdir(), "airlock-assets-"));
  const project = path.join(base, "project");
  const outside = path.join(base, "outside");
  await mkdir(project, { recursive: true });
  await mkdir(outside, { recursive: true });
  await writeFile(path.join(outside, "secret.txt"), "not part of any asset\n");
  await writeFile(path.join(outside, "Dockerfile"), "FROM scratch\n");
  await writeFiles(project, files);
  return { base, project, outside, cleanup: () => rm(base, { recursive: true, force: true }) };
}

export async function writeFiles(folder: string, files: Record<string, ScratchEntry>): Promise<void> {
  for (const [relative, entry] of Object.entries(files)) {
    const target = path.join(folder, relative);
    await mkdir(path.dirname(target), { recursive: true });
    if (typeof entry === "string" || Buffer.isBuffer(entry)) await writeFile(target, entry);
    else if ("symlink" in entry) await symlink(entry.symlink, target);
    else await mkdir(target, { recursive: true });
  }
}
