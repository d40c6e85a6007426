/**
 * @module emulator/daemon-control
 * Starting, finding, checking and stopping the background twin of a state directory
 * (`airlock local up|down|status`). The daemon is a detached node process; `<stateDir>/twin.json` says where
 * it and its Azurite listen. The state directory holds secrets (endpoint keys, account keys, SAS URLs), so it
 * is kept 0700 with 0600 files: the daemon runs under umask 077 and `local up` tightens what older versions
 * left readable.
 */

import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { chmod, type FileHandle, lstat, mkdir, open, readdir, readFile, rm, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { AirlockError, ConflictError, type ExitCode, InputError, UnavailableError } from "../errors.ts";
import { withCompileCache } from "./compile-cache.ts";

export const RECORD_FILE = "twin.json";
export const ERROR_FILE = "twin-error.json";
const LOG_FILE = "twin.log";
const DAEMON = fileURLToPath(new URL("./daemon.ts", import.meta.url));

export interface TwinRecord {
  pid: number;
  armEndpoint: string;
  blobEndpoint: string;
  subscriptionId: string;
  stateDir: string;
  lroMode: "fast" | "realistic";
  armPort: number;
  blobPort: number;
  startedAt: string;
  /** Azurite's own process and URL (absent in records of older versions). */
  azurite?: { pid: number | null; url: string };
  /** The --infra-dir the daemon was started with, so a restart loads the same platform. */
  infraDir?: string;
}

/** What a daemon that failed to start leaves in `<stateDir>/twin-error.json`. */
export interface StartFailure {
  pid: number;
  message: string;
  /** TWIN_PORT_IN_USE when a requested port is taken, an AirlockError's code, or absent (TWIN_START_FAILED). */
  code?: string;
  exitCode?: ExitCode;
}

/** What `local status` and `local up` find in a state directory. */
export type TwinHealth =
  /** No record, or its process is gone. */
  | { state: "stopped"; record?: TwinRecord }
  /** The daemon's process lives but its ARM endpoint does not answer as that process. */
  | { state: "unresponsive"; record: TwinRecord }
  /** The ARM endpoint answers; Azurite does not. */
  | { state: "azurite-down"; record: TwinRecord }
  | { state: "running"; record: TwinRecord };

export interface DaemonOptions {
  stateDir: string;
  armPort?: number;
  blobPort?: number;
  lroMode?: "fast" | "realistic";
  infraDir?: string;
  timeoutMs?: number;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  return !isZombie(pid);
}

/**
 * Whether the record's pid is still this state dir's daemon, not a process that got the pid after it died
 * (which `local up|down` would otherwise signal). Decided from /proc where there is one; elsewhere a live
 * pid is taken at its word.
 */
function daemonAlive(record: TwinRecord, stateDir: string): boolean {
  if (!isAlive(record.pid)) return false;
  let cmdline: string;
  try {
    cmdline = readFileSync(`/proc/${record.pid}/cmdline`, "utf8");
  } catch {
    return true;
  }
  const args = cmdline.split("\0");
  const dir = args.indexOf("--state-dir");
  return args.includes(DAEMON) && dir >= 0 && path.resolve(args[dir + 1] ?? "") === path.resolve(stateDir);
}

/** A killed daemon whose parent never reaps it (a container without an init) still answers kill(pid, 0). */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return false;
  }
}

/** Codes of a state directory path that cannot be a directory or cannot be written. */
const UNUSABLE = new Set([
  "ENOTDIR",
  "EISDIR",
  "EEXIST",
  "EACCES",
  "EPERM",
  "EROFS",
  "ELOOP",
  "ENAMETOOLONG",
]);

/** STATE_DIR_UNUSABLE for a file-system error the user's state directory caused, else undefined. */
export function unusableStateDir(stateDir: string, error: unknown): InputError | undefined {
  const code = (error as NodeJS.ErrnoException).code;
  if (!code || !UNUSABLE.has(code)) return undefined;
  return new InputError(
    "STATE_DIR_UNUSABLE",
    `The twin state directory ${stateDir} cannot be used (${(error as Error).message}). Point --state-dir or AIRLOCK_STATE_DIR at a directory you can write.`,
    { stateDir, reason: code },
  );
}

/**
 * Checks a state directory that commands only read: an existing path that is not a directory (or lies
 * under a file) is the user's mistake, reported as STATE_DIR_UNUSABLE; a missing one is fine.
 */
export async function checkStateDir(stateDir: string): Promise<void> {
  try {
    if (!(await stat(stateDir)).isDirectory())
      throw Object.assign(new Error("not a directory"), { code: "ENOTDIR" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw unusableStateDir(stateDir, error) ?? error;
  }
}

/** Entries only a twin writes: a directory holding one is a twin state directory (of any version). */
const TWIN_MARKERS = ["twin.db", "twin-signing-key", "storage-accounts.json", RECORD_FILE];

/**
 * Creates the state directory 0700 (with any missing parents) and, in a twin state directory an older
 * version left readable, takes group and other permissions off everything: directories become 0700 and
 * files 0600 at most. Symlinks are left alone, and so is what a directory that was never a twin's holds
 * (a state dir pointed at an existing folder must not rewrite the permissions of someone's files).
 */
export async function ensureStateDir(stateDir: string): Promise<void> {
  try {
    await mkdir(stateDir, { recursive: true, mode: 0o700 });
    const info = await stat(stateDir);
    if (!info.isDirectory()) throw Object.assign(new Error("not a directory"), { code: "ENOTDIR" });
    if ((info.mode & 0o077) !== 0) await chmod(stateDir, info.mode & 0o700);
    const names = await readdir(stateDir);
    if (!TWIN_MARKERS.some((marker) => names.includes(marker))) return;
    for (const name of names) await tighten(path.join(stateDir, name));
  } catch (error) {
    throw unusableStateDir(stateDir, error) ?? error;
  }
}

async function tighten(target: string): Promise<void> {
  const info = await lstat(target).catch(() => undefined);
  if (!info || info.isSymbolicLink()) return;
  if ((info.mode & 0o077) !== 0) await chmod(target, info.mode & 0o700);
  if (!info.isDirectory()) return;
  for (const name of await readdir(target).catch(() => [])) await tighten(path.join(target, name));
}

/** The daemon's record, or undefined when there is none or it is not one (a damaged or foreign file). */
export async function readRecord(stateDir: string): Promise<TwinRecord | undefined> {
  try {
    const record = JSON.parse(await readFile(path.join(stateDir, RECORD_FILE), "utf8")) as TwinRecord | null;
    const valid =
      typeof record === "object" &&
      record !== null &&
      Number.isInteger(record.pid) &&
      record.pid > 0 &&
      typeof record.armEndpoint === "string";
    return valid ? record : undefined;
  } catch {
    return undefined;
  }
}

async function healthy(record: TwinRecord): Promise<boolean> {
  try {
    const response = await fetch(`${record.armEndpoint}/_twin/health`, { signal: AbortSignal.timeout(2000) });
    return response.ok && ((await response.json()) as { pid?: number }).pid === record.pid;
  } catch {
    return false;
  }
}

/**
 * A real request to Azurite's blob endpoint: any answer from Azurite's own HTTP server (an unauthenticated
 * request gets 400/403 with `Server: Azurite-Blob/…`) shows it serves; a refused connection or a timeout
 * does not. A pid alone would not do: a stopped or wedged process keeps its pid.
 */
export async function azuriteAnswers(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/?restype=service&comp=properties`, {
      signal: AbortSignal.timeout(2000),
    });
    await response.arrayBuffer();
    return /^Azurite/i.test(response.headers.get("server") ?? "");
  } catch {
    return false;
  }
}

/** The daemon of this state dir and whether it and its Azurite answer. */
export async function twinHealth(stateDir: string): Promise<TwinHealth> {
  const record = await readRecord(stateDir);
  if (!record || !daemonAlive(record, stateDir))
    return record ? { state: "stopped", record } : { state: "stopped" };
  if (!(await healthy(record))) return { state: "unresponsive", record };
  if (!(await azuriteAnswers(record.azurite?.url ?? record.blobEndpoint)))
    return { state: "azurite-down", record };
  return { state: "running", record };
}

/** Why a twin whose daemon lives is not usable, in words. */
export const TWIN_FAULT: Record<"unresponsive" | "azurite-down", string> = {
  unresponsive: "its ARM endpoint does not answer",
  "azurite-down": "its Azurite (blob storage) does not answer",
};

/** The error for a twin that is not fully serving: exit 9 with a stable code per state. */
export function twinNotServing(
  stateDir: string,
  health: Exclude<TwinHealth, { state: "running" }>,
): UnavailableError {
  if (health.state === "stopped") {
    return new UnavailableError("TWIN_NOT_RUNNING", `No twin running in ${stateDir}.`, {
      running: false,
      stateDir,
    });
  }
  const code = health.state === "azurite-down" ? "TWIN_AZURITE_DOWN" : "TWIN_UNRESPONSIVE";
  return new UnavailableError(
    code,
    `The twin in ${stateDir} (pid ${health.record.pid}) runs but ${TWIN_FAULT[health.state]}. Run \`airlock local up\` to restart it.`,
    { running: false, stateDir, pid: health.record.pid, armEndpoint: health.record.armEndpoint },
  );
}

/**
 * The serving twin of this state dir, or undefined when no daemon runs. A daemon that runs but does not
 * serve (ARM or Azurite silent) is an error: starting a second twin on its state dir would be worse.
 */
export async function runningTwin(stateDir: string): Promise<TwinRecord | undefined> {
  const health = await twinHealth(stateDir);
  if (health.state === "running") return health.record;
  if (health.state === "stopped") return undefined;
  throw twinNotServing(stateDir, health);
}

/** Starts the daemon and waits until it answers; reports its start failure otherwise. */
export async function startDaemon(options: DaemonOptions): Promise<TwinRecord> {
  const stateDir = options.stateDir;
  await ensureStateDir(stateDir);
  let log: FileHandle;
  try {
    await rm(path.join(stateDir, RECORD_FILE), { force: true });
    await rm(path.join(stateDir, ERROR_FILE), { force: true });
    log = await open(path.join(stateDir, LOG_FILE), "a", 0o600);
  } catch (error) {
    throw unusableStateDir(stateDir, error) ?? error;
  }
  const args = [DAEMON, "--state-dir", stateDir, "--lro", options.lroMode ?? "fast"];
  if (options.armPort !== undefined) args.push("--arm-port", String(options.armPort));
  if (options.blobPort !== undefined) args.push("--blob-port", String(options.blobPort));
  if (options.infraDir) args.push("--infra-dir", path.resolve(options.infraDir));
  const child = spawn(process.execPath, args, {
    detached: true,
    stdio: ["ignore", log.fd, log.fd],
    cwd: stateDir,
    env: withCompileCache(process.env),
  });
  child.unref();
  await log.close();
  const pid = child.pid!;
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  while (Date.now() < deadline) {
    const record = await readRecord(stateDir);
    if (record?.pid === pid) return record;
    // Liveness first, then the failure record: a daemon that wrote its failure and exited in between is read.
    const alive = isAlive(pid);
    const failure = await readFile(path.join(stateDir, ERROR_FILE), "utf8").catch(() => undefined);
    if (failure) {
      const { message, code, exitCode } = JSON.parse(failure) as StartFailure;
      if (code === "TWIN_PORT_IN_USE")
        throw new ConflictError(code, `The twin cannot listen on a port it was given: ${message}`, {
          armPort: options.armPort,
          blobPort: options.blobPort,
        });
      if (code && exitCode !== undefined)
        throw new AirlockError(code, `The twin failed to start: ${message}`, { exitCode });
      throw new UnavailableError("TWIN_START_FAILED", `The twin failed to start: ${message}`);
    }
    if (!alive) {
      const tail = (await readFile(path.join(stateDir, LOG_FILE), "utf8").catch(() => "")).slice(-2000);
      throw new UnavailableError("TWIN_START_FAILED", `The twin exited during start-up:\n${tail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  process.kill(pid, "SIGKILL");
  throw new UnavailableError(
    "TWIN_START_TIMEOUT",
    `The twin did not become ready within ${options.timeoutMs ?? 30_000} ms`,
  );
}

/** Stops the daemon (SIGTERM, then SIGKILL after 15 s); false when none was running. */
export async function stopDaemon(stateDir: string): Promise<boolean> {
  await checkStateDir(stateDir);
  const record = await readRecord(stateDir);
  if (!record || !daemonAlive(record, stateDir)) {
    if (record) await stopOrphanedAzurite(record);
    await rm(path.join(stateDir, RECORD_FILE), { force: true });
    return false;
  }
  await terminate(record.pid, 15_000);
  await stopOrphanedAzurite(record);
  await rm(path.join(stateDir, RECORD_FILE), { force: true });
  return true;
}

/**
 * A daemon killed outright leaves its Azurite running on the state dir's data; a new daemon must not start a
 * second one beside it. Only a process that still answers as Azurite at the recorded URL is stopped, so a
 * recycled pid is never signalled.
 */
async function stopOrphanedAzurite(record: TwinRecord): Promise<void> {
  const { pid, url } = record.azurite ?? {};
  if (typeof pid !== "number" || !Number.isInteger(pid) || pid <= 0 || typeof url !== "string") return;
  if (!isAlive(pid) || !(await azuriteAnswers(url))) return;
  await terminate(pid, 5_000);
}

async function terminate(pid: number, graceMs: number): Promise<void> {
  try {
    process.kill(pid, "SIGTERM");
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  try {
    if (isAlive(pid)) process.kill(pid, "SIGKILL");
  } catch {
    // it exited between the check and the signal
  }
}
