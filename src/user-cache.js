/**
 * @module user-cache
 * Where Airlock keeps what it caches on disk (parsed tfvars, Node's compile cache): a folder only this user can
 * write, `$XDG_CACHE_HOME/airlock/<name>` or else `~/.cache/airlock/<name>`. A cache in a shared folder such as
 * /tmp is an attack on every other user of the machine: someone who writes a parsed tfvars file there before
 * us changes the platform model we compute (names, scopes), and a file or link planted where we write makes us
 * overwrite what it points to.
 *
 * JavaScript (typed by user-cache.d.ts) rather than TypeScript: bin/airlock.js needs it before Node's compile
 * cache is on, and the first TypeScript file Node strips without that cache loads the type stripper itself,
 * about 40 ms of every start.
 */
import { lstatSync, mkdirSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";

/**
 * Who may own a folder above the cache: this user, or root for system folders.
 * @param {import("node:fs").Stats} stats
 * @param {number} uid
 */
function ownedSafely(stats, uid) {
  return stats.uid === uid || stats.uid === 0;
}

/**
 * Writable by group or others without the sticky bit (which stops them renaming what is not theirs).
 * @param {import("node:fs").Stats} stats
 */
function openToOthers(stats) {
  return (stats.mode & 0o022) !== 0 && (stats.mode & 0o1000) === 0;
}

/**
 * The private cache folder for `name`, created (0700) if missing; undefined when it cannot be made private
 * (no home; our folders not ours alone; a folder above them that another user owns, or may write without the
 * sticky bit; a symbolic link where ours should be), and then the caller caches nothing. On systems without
 * POSIX owners (Windows) the folder is returned unchecked.
 */
export function privateCacheDir(name, env = process.env) {
  let base;
  try {
    base =
      env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)
        ? env.XDG_CACHE_HOME
        : path.join(homedir(), ".cache");
  } catch {
    return undefined;
  }
  const dir = path.join(base, "airlock", name);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch {
    return undefined;
  }
  const uid = process.getuid?.();
  if (uid === undefined) return dir;
  try {
    // Our two folders must be ours alone (one that others could write may already hold what they planted);
    // the ones above them must not let others swap them.
    for (const folder of [dir, path.dirname(dir)]) {
      const stats = lstatSync(folder);
      if (!stats.isDirectory() || stats.uid !== uid || (stats.mode & 0o077) !== 0) return undefined;
    }
    for (let folder = base; ; folder = path.dirname(folder)) {
      const stats = lstatSync(folder);
      if (!stats.isDirectory() && !stats.isSymbolicLink()) return undefined;
      if (!ownedSafely(stats, uid) || (!stats.isSymbolicLink() && openToOthers(stats))) return undefined;
      if (path.dirname(folder) === folder) break;
    }
  } catch {
    return undefined;
  }
  return dir;
}
