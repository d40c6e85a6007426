/**
 * @module governance/signing/committed
 * A file as committed in a git checkout, read by git itself: `git cat-file blob <ref>:./<path>`, raw (no
 * textconv or filters) and without replace refs, so what `refs/replace/` says cannot stand in for the
 * committed blob.
 *
 * A process that runs many commands, each with its own connection (a test run runs hundreds), reads the same
 * file at HEAD over and over, and each read is a git process. So a successful read at HEAD is kept, with the
 * state of the files that say what HEAD is: `.git/HEAD`, the branch's loose ref, `packed-refs` and
 * `.git/config` (inode, size, change and modification times). Git replaces those files whenever HEAD moves
 * (commit, reset, checkout, pull), and an edit in place always changes the change time, so a kept read is
 * used only while all of them are exactly as they were when git read it. Anything else — another ref, a
 * checkout whose `.git` is not a folder in repoRoot (a linked worktree, a subfolder), a ref that is itself
 * symbolic, refs kept in reftable — is read by git every time.
 */
import { execFile } from "node:child_process";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";

export interface GitRun {
  ok: boolean;
  stdout: Buffer;
  stderr: string;
}

/** git's environment without GIT_* overrides, so repoRoot alone says which repository and objects are read. */
function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { GIT_OPTIONAL_LOCKS: "0" };
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith("GIT_")) env[name] = value;
  return env;
}

/** Runs `git -C repoRoot …args`; a failure (including git missing) is `ok: false` with git's stderr. */
export function git(repoRoot: string, args: string[]): Promise<GitRun> {
  return new Promise((resolve) => {
    execFile(
      "git",
      ["-C", repoRoot, ...args],
      { encoding: "buffer", maxBuffer: 16 * 1024 * 1024, env: gitEnv() },
      (error, stdout, stderr) =>
        resolve({ ok: error === null, stdout, stderr: stderr.toString("utf8").trim() }),
    );
  });
}

const kept = new Map<string, { headState: string; blob: Buffer }>();

async function fileState(file: string): Promise<string> {
  const info = await stat(file, { bigint: true }).catch(() => undefined);
  return info ? `${info.ino}:${info.size}:${info.mtimeNs}:${info.ctimeNs}` : "absent";
}

/**
 * The state of the files that say which commit HEAD is in repoRoot's own `.git` folder, or undefined when
 * HEAD cannot be pinned down by them.
 */
async function headState(repoRoot: string): Promise<string | undefined> {
  const gitDir = path.join(repoRoot, ".git");
  const [head, headFile, config, reftable] = await Promise.all([
    readFile(path.join(gitDir, "HEAD"), "utf8").catch(() => undefined),
    fileState(path.join(gitDir, "HEAD")),
    fileState(path.join(gitDir, "config")),
    fileState(path.join(gitDir, "reftable")),
  ]);
  if (head === undefined || reftable !== "absent") return undefined;
  if (/^[0-9a-f]{40}(?:[0-9a-f]{24})?\n?$/.test(head)) return `${headFile}|${config}`;
  const branch = /^ref: (refs\/heads\/[^\n]+)\n?$/.exec(head)?.[1];
  if (!branch || branch.split("/").some((part) => part === "" || part === "." || part === ".."))
    return undefined;
  const looseFile = path.join(gitDir, branch);
  const [loose, looseState, packedState] = await Promise.all([
    readFile(looseFile, "utf8").catch(() => undefined),
    fileState(looseFile),
    fileState(path.join(gitDir, "packed-refs")),
  ]);
  if (loose === undefined ? packedState === "absent" : !/^[0-9a-f]{40}(?:[0-9a-f]{24})?\n?$/.test(loose))
    return undefined;
  return `${headFile}|${config}|${looseState}|${packedState}`;
}

/** `relative` (to repoRoot) as committed at `ref`, read by git; `ok: false` with git's stderr when it is not. */
export async function readCommitted(repoRoot: string, ref: string, relative: string): Promise<GitRun> {
  const key = `${path.resolve(repoRoot)}\0${relative}`;
  // Taken before git reads, so a change while it reads shows as a different state next time.
  const state = ref === "HEAD" ? await headState(repoRoot) : undefined;
  const hit = state === undefined ? undefined : kept.get(key);
  if (hit && hit.headState === state) return { ok: true, stdout: hit.blob, stderr: "" };
  const shown = await git(repoRoot, ["--no-replace-objects", "cat-file", "blob", `${ref}:./${relative}`]);
  if (shown.ok && state !== undefined) kept.set(key, { headState: state, blob: shown.stdout });
  return shown;
}
