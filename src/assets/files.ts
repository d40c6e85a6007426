/**
 * @module assets/files
 * Lists the regular files under a local asset path (a file or a folder) with POSIX relative paths, following
 * symlinks (with loop detection) and, when a boundary is given, reporting every link that resolves outside it.
 * The digest, the upload and the loader's path checks all read the same listing, so they agree on what an
 * asset contains.
 */
import type { Dirent } from "node:fs";
import { lstat, readdir, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { compareCodePoints } from "../canonical-json.ts";
import { InputError } from "../errors.ts";

export interface LocalFile {
  /** POSIX path relative to the listed folder; for a single file, its base name. */
  path: string;
  absolutePath: string;
  size: number;
}

export interface WalkProblem {
  code: "ASSET_PATH_ESCAPES" | "ASSET_FILE_MISSING" | "ASSET_INVALID";
  /** POSIX path relative to the listed folder ("" for the listed path itself). */
  path: string;
  message: string;
}

export interface WalkResult {
  kind: "file" | "folder";
  /** Sorted by path (code point order). */
  files: LocalFile[];
  problems: WalkProblem[];
}

/**
 * Walks `localPath`. With `boundary` (an absolute, real folder path), any symlink whose target resolves outside
 * the boundary is a problem and is not followed.
 */
export async function walkLocalPath(
  localPath: string,
  options: { boundary?: string } = {},
): Promise<WalkResult> {
  const problems: WalkProblem[] = [];
  const files: LocalFile[] = [];
  const top = await resolveEntry(localPath, "", options.boundary, problems);
  if (!top) return { kind: "file", files, problems };
  if (top.isFile) {
    files.push({ path: path.basename(localPath), absolutePath: localPath, size: top.size });
    return { kind: "file", files, problems };
  }
  await walkFolder(localPath, "", new Set([top.real]), options.boundary, files, problems);
  files.sort((a, b) => compareCodePoints(a.path, b.path));
  return { kind: "folder", files, problems };
}

/** The same listing, throwing InputError when anything is wrong. */
export async function listLocalFiles(
  localPath: string,
  options: { boundary?: string } = {},
): Promise<WalkResult> {
  const result = await walkLocalPath(localPath, options);
  const first = result.problems[0];
  if (first) {
    throw new InputError(first.code, result.problems.map((p) => p.message).join("\n"), {
      problems: result.problems,
    });
  }
  return result;
}

interface ResolvedEntry {
  isFile: boolean;
  size: number;
  real: string;
}

async function resolveEntry(
  absolute: string,
  relative: string,
  boundary: string | undefined,
  problems: WalkProblem[],
): Promise<ResolvedEntry | undefined> {
  const shown = relative || absolute;
  let linkInfo: Awaited<ReturnType<typeof lstat>>;
  try {
    linkInfo = await lstat(absolute);
  } catch {
    problems.push({ code: "ASSET_FILE_MISSING", path: relative, message: `${shown} does not exist` });
    return undefined;
  }
  let real: string;
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    real = await realpath(absolute);
    info = await stat(absolute);
  } catch {
    problems.push({
      code: "ASSET_FILE_MISSING",
      path: relative,
      message: `${shown} is a symlink to something that does not exist`,
    });
    return undefined;
  }
  if (linkInfo.isSymbolicLink() && boundary !== undefined && !isInside(real, boundary)) {
    problems.push({
      code: "ASSET_PATH_ESCAPES",
      path: relative,
      message: `${shown} is a symlink that resolves outside the asset folder ${boundary} (to ${real})`,
    });
    return undefined;
  }
  if (!info.isFile() && !info.isDirectory()) {
    problems.push({
      code: "ASSET_INVALID",
      path: relative,
      message: `${shown} is neither a regular file nor a folder`,
    });
    return undefined;
  }
  return { isFile: info.isFile(), size: info.size, real };
}

async function walkFolder(
  absolute: string,
  relative: string,
  ancestors: Set<string>,
  boundary: string | undefined,
  files: LocalFile[],
  problems: WalkProblem[],
): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(absolute, { withFileTypes: true });
  } catch (error) {
    problems.push({
      code: "ASSET_INVALID",
      path: relative,
      message: `cannot read folder ${relative || absolute}: ${String(error)}`,
    });
    return;
  }
  for (const entry of entries) {
    const childAbsolute = path.join(absolute, entry.name);
    const childRelative = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.isFile()) {
      const info = await stat(childAbsolute);
      files.push({ path: childRelative, absolutePath: childAbsolute, size: info.size });
      continue;
    }
    if (entry.isDirectory() && !entry.isSymbolicLink()) {
      const real = await realpath(childAbsolute);
      await walkFolder(
        childAbsolute,
        childRelative,
        new Set([...ancestors, real]),
        boundary,
        files,
        problems,
      );
      continue;
    }
    const resolved = await resolveEntry(childAbsolute, childRelative, boundary, problems);
    if (!resolved) continue;
    if (resolved.isFile) {
      files.push({ path: childRelative, absolutePath: childAbsolute, size: resolved.size });
    } else if (ancestors.has(resolved.real)) {
      problems.push({
        code: "ASSET_INVALID",
        path: childRelative,
        message: `${childRelative} is a symlink loop`,
      });
    } else {
      await walkFolder(
        childAbsolute,
        childRelative,
        new Set([...ancestors, resolved.real]),
        boundary,
        files,
        problems,
      );
    }
  }
}

/** True when `candidate` is `folder` or lies under it (both absolute, real paths). */
export function isInside(candidate: string, folder: string): boolean {
  const relative = path.relative(folder, candidate);
  return (
    relative === "" ||
    (relative !== ".." && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative))
  );
}
