/** @module platform/repo-path — paths as recorded in version properties and messages: repo-relative, POSIX. */
import path from "node:path";
import { REPO_ROOT } from "./model.ts";

/** `file` relative to the repository root with `/` separators; unchanged when it lies outside the repo. */
export function repoRelative(file: string): string {
  const relative = path.relative(REPO_ROOT, file);
  return relative.startsWith("..") ? file : relative.split(path.sep).join("/");
}
