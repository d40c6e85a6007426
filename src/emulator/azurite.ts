/**
 * @module emulator/azurite
 * Runs Azurite's blob service as a child process on loopback, with the twin's storage accounts (one per
 * workspace, one per registry) and persistent data under a state directory. Bytes never pass through the
 * twin: copies between accounts are Azurite server-side copies.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { UnavailableError } from "../errors.ts";
import { withCompileCache } from "./compile-cache.ts";

const require = createRequire(import.meta.url);

export interface StorageAccount {
  name: string;
  /** Base64 account key; a secret: never log or print it. */
  key: string;
}

export interface AzuriteOptions {
  /** Folder for Azurite's metadata and extents (created if missing). */
  dataDir: string;
  accounts: readonly StorageAccount[];
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  startTimeoutMs?: number;
}

export interface RunningAzurite {
  host: string;
  port: number;
  /** `http://127.0.0.1:<port>` — an account's blob endpoint is `<base>/<account>`. */
  baseUrl: string;
  pid: number;
  blobEndpoint(account: string): string;
  close(): Promise<void>;
}

/** Account keys are generated once per state directory and kept in a 0600 file beside the data. */
export async function loadOrCreateAccountKeys(
  stateDir: string,
  accountNames: readonly string[],
): Promise<StorageAccount[]> {
  const file = path.join(stateDir, "storage-accounts.json");
  let known: Record<string, string> = {};
  try {
    known = JSON.parse(await readFile(file, "utf8")) as Record<string, string>;
  } catch {
    known = {};
  }
  let changed = false;
  for (const name of accountNames) {
    if (!known[name]) {
      known[name] = randomBytes(64).toString("base64");
      changed = true;
    }
  }
  if (changed) {
    await mkdir(stateDir, { recursive: true });
    await writeFile(file, JSON.stringify(known, null, 2), { mode: 0o600 });
  }
  return accountNames.map((name) => ({ name, key: known[name]! }));
}

export async function startAzurite(options: AzuriteOptions): Promise<RunningAzurite> {
  const host = options.host ?? "127.0.0.1";
  if (host !== "127.0.0.1" && host !== "localhost" && host !== "::1") {
    throw new UnavailableError("LOOPBACK_ONLY", `Azurite must listen on loopback, not ${host}`);
  }
  await mkdir(options.dataDir, { recursive: true });
  const entry = require.resolve("azurite/dist/src/blob/main.js");
  const args = [
    entry,
    "--blobHost",
    host,
    "--blobPort",
    String(options.port ?? 0),
    "--location",
    options.dataDir,
    "--skipApiVersionCheck",
    "--disableTelemetry",
    "--disableProductStyleUrl",
    "--silent",
  ];
  const child = spawn(process.execPath, args, {
    env: {
      ...withCompileCache(process.env),
      AZURITE_ACCOUNTS: options.accounts.map((a) => `${a.name}:${a.key}`).join(";"),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const port = await waitForListening(child, options.startTimeoutMs ?? 15_000);
  const baseUrl = `http://${host}:${port}`;
  return {
    host,
    port,
    baseUrl,
    pid: child.pid!,
    blobEndpoint: (account) => `${baseUrl}/${account}`,
    close: () => stopChild(child),
  };
}

function waitForListening(child: ChildProcess, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(
        new UnavailableError(
          "AZURITE_START_TIMEOUT",
          `Azurite did not start within ${timeoutMs} ms:\n${output.slice(-2000)}`,
        ),
      );
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      const match = /successfully listens on https?:\/\/[^:\s]+:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout?.off("data", onData);
        // Keep draining so a chatty child never blocks on a full pipe.
        child.stdout?.resume();
        child.stderr?.resume();
        resolve(Number(match[1]));
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(
        new UnavailableError("AZURITE_EXITED", `Azurite exited with code ${code}:\n${output.slice(-2000)}`),
      );
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
