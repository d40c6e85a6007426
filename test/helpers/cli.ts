/**
 * Test helpers: run the real `airlock` CLI, and make scratch copies of the infra folder.
 *
 * `runCli` runs the command line in this process (`runAirlock`, the same function bin/airlock.js calls), with
 * the given environment and folder applied for the duration and its stdout/stderr captured: a subprocess costs
 * about half a second of CPU to start, and the suite runs hundreds. It uses a real subprocess when the run must
 * be one: a crash injected with AIRLOCK_CRASH_AT, input on stdin, a timeout, `{ subprocess: true }`, or
 * AIRLOCK_TEST_CLI=subprocess for the whole run. In-process runs take turns (the environment and the current
 * folder are the process's): tests that start several at once get them one after another.
 *
 * `startCliServer` lets a shell script (the workflows' run scripts) run `airlock` the same way: a loopback
 * endpoint in this process runs each command line it is sent, with the script's whole environment and folder,
 * and the bash function test/helpers/airlock-client.sh defines (no interpreter to start per call) is the
 * script's `airlock`.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { spawn } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestContext } from "node:test";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const AIRLOCK_BIN = path.join(REPO_ROOT, "bin", "airlock.js");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunCliOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  input?: string;
  timeoutMs?: number;
  /** Run `bin/airlock.js` in a child process (signals, exit behaviour, start-up itself under test). */
  subprocess?: boolean;
}

export function runCli(args: string[], options: RunCliOptions = {}): Promise<CliResult> {
  const needsProcess =
    options.subprocess ||
    process.env.AIRLOCK_TEST_CLI === "subprocess" ||
    options.input !== undefined ||
    options.timeoutMs !== undefined ||
    options.env?.AIRLOCK_CRASH_AT !== undefined;
  if (needsProcess) return runCliProcess(args, options);
  const run = turn.then(() => runCliInProcess(args, options));
  turn = run.then(
    () => undefined,
    () => undefined,
  );
  return run;
}

interface Capture {
  stdout: string;
  stderr: string;
}
const capture = new AsyncLocalStorage<Capture>();
/** The in-process run before this one (they take turns). */
let turn: Promise<void> = Promise.resolve();
let runAirlock: ((argv: readonly string[]) => Promise<number>) | undefined;

/** Writes made inside a captured run (the async context `capture.run` starts) go to it; all others pass. */
function captureWrites(stream: NodeJS.WriteStream, into: "stdout" | "stderr"): void {
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    const store = capture.getStore();
    if (!store) return write(chunk, ...rest);
    store[into] += typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8");
    const callback = rest.find((arg) => typeof arg === "function") as (() => void) | undefined;
    callback?.();
    return true;
  }) as typeof stream.write;
}

async function runCliInProcess(args: string[], options: RunCliOptions): Promise<CliResult> {
  runAirlock ??= (await import("../../src/cli/main.ts")).runAirlock;
  if (!capturing) {
    captureWrites(process.stdout, "stdout");
    captureWrites(process.stderr, "stderr");
    capturing = true;
  }
  const changes: Record<string, string | undefined> = { NO_COLOR: "1", ...options.env };
  const saved = Object.fromEntries(Object.keys(changes).map((name) => [name, process.env[name]]));
  const savedCwd = process.cwd();
  const apply = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  const store: Capture = { stdout: "", stderr: "" };
  try {
    apply(changes);
    process.chdir(options.cwd ?? REPO_ROOT);
    const code = await capture.run(store, () => runAirlock!([process.execPath, AIRLOCK_BIN, ...args]));
    return { code, stdout: store.stdout, stderr: store.stderr };
  } finally {
    process.chdir(savedCwd);
    apply(saved);
  }
}
let capturing = false;

function runCliProcess(args: string[], options: RunCliOptions): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [AIRLOCK_BIN, ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env: { ...process.env, NO_COLOR: "1", ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 120_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.end(options.input ?? "");
  });
}

/** Defines the bash function `airlock_twin`; a script gets it with BASH_ENV pointing here. */
export const AIRLOCK_CLIENT = path.join(REPO_ROOT, "test", "helpers", "airlock-client.sh");

interface ScriptRun {
  args: string[];
  env: Record<string, string>;
  cwd: string;
}

/**
 * A loopback endpoint that runs the command lines a script sends (see airlock-client.sh) in this process, each
 * with exactly the script's environment: variables the script does not have are unset for the run.
 */
export async function startCliServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", async () => {
      try {
        const run = parseScriptRun(Buffer.concat(chunks));
        const env: Record<string, string | undefined> = Object.fromEntries(
          Object.keys(process.env).map((name) => [name, undefined]),
        );
        Object.assign(env, run.env);
        const result = await runCli(run.args, { env, cwd: run.cwd });
        const head = `${result.code} ${Buffer.byteLength(result.stdout)} ${Buffer.byteLength(result.stderr)}\n`;
        res.writeHead(200, { "content-type": "text/plain" }).end(head + result.stdout + result.stderr);
      } catch (error) {
        res.writeHead(500).end(String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The client's body: items `<bytes>:<item>` — argument count, arguments, folder, NAME=value per variable. */
function parseScriptRun(body: Buffer): ScriptRun {
  const items: string[] = [];
  for (let at = 0; at < body.length; ) {
    const colon = body.indexOf(":", at);
    const length = Number(body.toString("latin1", at, colon));
    if (colon < 0 || !Number.isSafeInteger(length) || colon + 1 + length > body.length)
      throw new Error(`malformed client request at byte ${at}`);
    items.push(body.toString("utf8", colon + 1, colon + 1 + length));
    at = colon + 1 + length;
  }
  const count = Number(items[0]);
  const args = items.slice(1, 1 + count);
  const cwd = items[1 + count];
  if (!Number.isSafeInteger(count) || cwd === undefined) throw new Error("malformed client request");
  const env: Record<string, string> = {};
  for (const pair of items.slice(2 + count)) {
    const eq = pair.indexOf("=");
    env[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return { args, env, cwd };
}

/** A scratch copy of infra/ whose tfvars a test may edit; removed when the test `t` ends. */
export async function scratchInfra(t: TestContext): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "airlock-infra-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await cp(path.join(REPO_ROOT, "infra", "environments"), path.join(dir, "environments"), {
    recursive: true,
    filter: (source) => !source.includes(".terraform") && !source.endsWith(".tfstate"),
  });
  return dir;
}

export async function editFile(file: string, edit: (text: string) => string): Promise<void> {
  const before = await readFile(file, "utf8");
  const after = edit(before);
  if (after === before) throw new Error(`edit of ${file} changed nothing`);
  await writeFile(file, after);
}
