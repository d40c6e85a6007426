/**
 * @module emulator/daemon-control
 * Starting, finding and stopping the background twin of a state directory (`airlock local up|down|status`).
 * The daemon is a detached node process; `<stateDir>/twin.json` says where it listens.
 */

import { spawn } from "node:child_process";
import { mkdir, open, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { UnavailableError } from "../errors.ts";
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
}

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
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export async function readRecord(stateDir: string): Promise<TwinRecord | undefined> {
  try {
    return JSON.parse(await readFile(path.join(stateDir, RECORD_FILE), "utf8")) as TwinRecord;
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

/** The running twin of this state dir, if its process is alive and answers health checks. */
export async function runningTwin(stateDir: string): Promise<TwinRecord | undefined> {
  const record = await readRecord(stateDir);
  if (!record) return undefined;
  if (isAlive(record.pid) && (await healthy(record))) return record;
  return undefined;
}

/** Starts the daemon and waits until it answers; reports its start failure otherwise. */
export async function startDaemon(options: DaemonOptions): Promise<TwinRecord> {
  const stateDir = options.stateDir;
  await mkdir(stateDir, { recursive: true });
  await rm(path.join(stateDir, RECORD_FILE), { force: true });
  await rm(path.join(stateDir, ERROR_FILE), { force: true });
  const log = await open(path.join(stateDir, LOG_FILE), "a");
  const args = [DAEMON, "--state-dir", stateDir, "--lro", options.lroMode ?? "fast"];
  if (options.armPort !== undefined) args.push("--arm-port", String(options.armPort));
  if (options.blobPort !== undefined) args.push("--blob-port", String(options.blobPort));
  if (options.infraDir) args.push("--infra-dir", options.infraDir);
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
    const failure = await readFile(path.join(stateDir, ERROR_FILE), "utf8").catch(() => undefined);
    if (failure)
      throw new UnavailableError(
        "TWIN_START_FAILED",
        `The twin failed to start: ${(JSON.parse(failure) as { message: string }).message}`,
      );
    if (!isAlive(pid)) {
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
  const record = await readRecord(stateDir);
  if (!record || !isAlive(record.pid)) {
    await rm(path.join(stateDir, RECORD_FILE), { force: true });
    return false;
  }
  process.kill(record.pid, "SIGTERM");
  const deadline = Date.now() + 15_000;
  while (isAlive(record.pid) && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 50));
  if (isAlive(record.pid)) process.kill(record.pid, "SIGKILL");
  await rm(path.join(stateDir, RECORD_FILE), { force: true });
  return true;
}
