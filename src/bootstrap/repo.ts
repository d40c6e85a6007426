/**
 * @module bootstrap/repo
 * The GitHub repository (`<org>/<repo>`) whose workflows log in: named explicitly, else from the environment
 * (GITHUB_REPOSITORY in Actions, AIRLOCK_GITHUB_REPOSITORY elsewhere), else from `git remote get-url origin`
 * when it points at github.com. Subjects must name the real repository, so nothing is guessed beyond that;
 * only the twin, whose subjects are symbolic, falls back to `local/airlock`.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { InputError } from "../errors.ts";
import { REPO_ROOT } from "../platform/index.ts";

const run = promisify(execFile);

export const TWIN_REPO = "local/airlock";

export function repoFromRemote(url: string): string | undefined {
  const match = /github\.com[:/]([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(url.trim());
  return match ? `${match[1]}/${match[2]}` : undefined;
}

export async function resolveRepo(option: string | undefined, mode: "twin" | "azure"): Promise<string> {
  const named = option || process.env.AIRLOCK_GITHUB_REPOSITORY || process.env.GITHUB_REPOSITORY;
  if (named) return named;
  try {
    const { stdout } = await run("git", ["-C", REPO_ROOT, "remote", "get-url", "origin"]);
    const repo = repoFromRemote(stdout);
    if (repo) return repo;
  } catch {
    // no git or no origin: fall through
  }
  if (mode === "twin") return TWIN_REPO;
  throw new InputError(
    "REPO_REQUIRED",
    "--repo <org>/<repo> is required: the federated credentials' subjects name the GitHub repository (or set GITHUB_REPOSITORY)",
  );
}
