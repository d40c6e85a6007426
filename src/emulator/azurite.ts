/**
 * @module emulator/azurite
 * Runs the twin's blob service on loopback: Azurite's blob service behind the twin's own front end
 * (blob-front.ts: WORM policies, writes saved before they are acknowledged), with the twin's storage accounts
 * (one per workspace, one per registry) and persistent data under a state directory. Bytes never pass
 * through the twin: copies between accounts are Azurite server-side copies.
 *
 * By default the front end is a child process (blob-front-server.ts) that exits when its parent does, and the
 * twin reads and changes policies over its IPC channel: Azurite's CPU stays off the twin's event loop, as the
 * daemon wants. `inProcess` runs it in the caller's process instead — same code, same files, no process start
 * or second module load, which is what a test suite starting dozens of twins wants.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ConflictError, UnavailableError } from "../errors.ts";
import type {
  ContainerInfo,
  FrontReady,
  FrontReply,
  FrontRequest,
  ImmutabilityPolicyRecord,
  StorageAccount,
} from "./blob-front-policy.ts";
import { withCompileCache } from "./compile-cache.ts";

export type { StorageAccount } from "./blob-front-policy.ts";

const FRONT_END = fileURLToPath(new URL("./blob-front-server.ts", import.meta.url));

export interface AzuriteOptions {
  /** Folder for Azurite's metadata and extents (created if missing). */
  dataDir: string;
  accounts: readonly StorageAccount[];
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  startTimeoutMs?: number;
  /** Run the front end in this process rather than a child (default false). */
  inProcess?: boolean;
  /** Acknowledge a write only once it is saved (default true); see blob-front.ts. */
  durableWrites?: boolean;
  /** Keep everything in memory, for a twin whose state is discarded (in-process only); see blob-front.ts. */
  inMemory?: boolean;
}

export interface RunningAzurite {
  host: string;
  port: number;
  /** `http://127.0.0.1:<port>` — an account's blob endpoint is `<base>/<account>`. */
  baseUrl: string;
  /** The front end's child process; null when it runs in this process. */
  pid: number | null;
  blobEndpoint(account: string): string;
  /** A container's time-based retention policy, or null. */
  getPolicy(account: string, container: string): Promise<ImmutabilityPolicyRecord | null>;
  /** Replaces (or removes, with null) a policy; ConflictError when its etag is no longer `expectEtag`. */
  setPolicy(
    account: string,
    container: string,
    expectEtag: string | null,
    policy: ImmutabilityPolicyRecord | null,
  ): Promise<void>;
  getContainer(account: string, container: string): Promise<ContainerInfo | null>;
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
  if (options.inProcess) return startInProcess(options, host);
  if (options.inMemory) throw new Error("an in-memory blob front end runs in the twin's process (inProcess)");
  const child = spawn(process.execPath, [FRONT_END], {
    env: {
      ...withCompileCache(process.env),
      AZURITE_ACCOUNTS: options.accounts.map((a) => `${a.name}:${a.key}`).join(";"),
      AIRLOCK_BLOB_DATA_DIR: path.resolve(options.dataDir),
      AIRLOCK_BLOB_HOST: host,
      AIRLOCK_BLOB_PORT: String(options.port ?? 0),
      AIRLOCK_BLOB_DURABLE_WRITES: options.durableWrites === false ? "0" : "1",
    },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  const port = await waitForReady(child, options.startTimeoutMs ?? 15_000);
  const control = new FrontControl(child);
  return running(
    host,
    port,
    child.pid!,
    (question) => control.ask(question),
    () => stopChild(child),
  );
}

async function startInProcess(options: AzuriteOptions, host: string): Promise<RunningAzurite> {
  // Loaded only here: a twin whose front end is a child never loads Azurite itself.
  const { startBlobFront } = await import("./blob-front.ts");
  let fatal: Error | undefined;
  const front = await startBlobFront({
    dataDir: path.resolve(options.dataDir),
    host,
    port: options.port ?? 0,
    accounts: options.accounts,
    durableWrites: options.durableWrites ?? true,
    inMemory: options.inMemory ?? false,
    onFatal: (error) => {
      fatal = error;
      void front.close();
    },
  });
  let nextId = 1;
  const ask = async (question: Question): Promise<FrontReply & { ok: true }> => {
    if (fatal) throw new UnavailableError("AZURITE_EXITED", `The blob front end stopped: ${fatal.message}`);
    return accepted(await front.answer({ ...question, id: nextId++ } as FrontRequest));
  };
  return running(host, front.port, null, ask, () => front.close());
}

function running(
  host: string,
  port: number,
  pid: number | null,
  ask: (question: Question) => Promise<FrontReply & { ok: true }>,
  close: () => Promise<void>,
): RunningAzurite {
  const baseUrl = `http://${host}:${port}`;
  return {
    host,
    port,
    baseUrl,
    pid,
    blobEndpoint: (account) => `${baseUrl}/${account}`,
    getPolicy: (account, container) =>
      ask({ op: "getPolicy", account, container }).then((r) => r.policy ?? null),
    setPolicy: (account, container, expectEtag, policy) =>
      ask({ op: "setPolicy", account, container, expectEtag, policy }).then(() => undefined),
    getContainer: (account, container) =>
      ask({ op: "getContainer", account, container }).then((r) => r.container ?? null),
    close,
  };
}

/** A reply, or the error it stands for. */
function accepted(reply: FrontReply): FrontReply & { ok: true } {
  if (reply.ok) return reply;
  throw reply.conflict
    ? new ConflictError("BLOB_POLICY_CHANGED", reply.message)
    : new UnavailableError("BLOB_FRONT_END_FAILED", reply.message);
}

type Question = FrontRequest extends infer R ? (R extends { id: number } ? Omit<R, "id"> : never) : never;

/** Request/reply over the child's IPC channel. */
class FrontControl {
  private readonly child: ChildProcess;
  private nextId = 1;
  private readonly waiting = new Map<
    number,
    { resolve(reply: FrontReply & { ok: true }): void; reject(error: Error): void }
  >();

  constructor(child: ChildProcess) {
    this.child = child;
    child.on("message", (reply: FrontReply) => {
      const pending = this.waiting.get(reply.id);
      if (!pending) return;
      this.waiting.delete(reply.id);
      try {
        pending.resolve(accepted(reply));
      } catch (error) {
        pending.reject(error as Error);
      }
    });
    child.once("exit", () => {
      for (const pending of this.waiting.values())
        pending.reject(new UnavailableError("AZURITE_EXITED", "The blob front end exited."));
      this.waiting.clear();
    });
  }

  ask(question: Question): Promise<FrontReply & { ok: true }> {
    if (!this.child.connected)
      return Promise.reject(new UnavailableError("AZURITE_EXITED", "The blob front end is not running."));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.child.send({ ...question, id } as FrontRequest);
    });
  }
}

function waitForReady(child: ChildProcess, timeoutMs: number): Promise<number> {
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
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString("utf8")).slice(-4000);
    };
    // Keep draining so a chatty child never blocks on a full pipe.
    child.stdout?.on("data", collect);
    child.stderr?.on("data", collect);
    const onMessage = (message: FrontReady) => {
      if (message?.ready !== true) return;
      clearTimeout(timer);
      child.off("message", onMessage);
      child.off("exit", onExit);
      resolve(message.port);
    };
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(
        new UnavailableError("AZURITE_EXITED", `Azurite exited with code ${code}:\n${output.slice(-2000)}`),
      );
    };
    child.on("message", onMessage);
    child.once("exit", onExit);
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
