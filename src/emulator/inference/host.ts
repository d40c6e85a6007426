/**
 * @module emulator/inference/host
 * Runs each online deployment of the twin as a python3 process that serves the Azure ML inference-server
 * contract (server.py beside this file) on loopback, and proxies scoring requests to it.
 *
 * How the twin's scoring differs from Azure:
 * - No image is built. The deployment's environment (conda file, base image, pip packages) is recorded by the
 *   ARM emulator but never materialised: the machine's `python3` runs the scoring script, so a
 *   script can import only what that interpreter has installed (no azureml packages); an import failure
 *   makes start() reject with the traceback.
 * - server.py stands in for azmlinfsrv (Flask + gunicorn): same routes, status codes, error bodies and headers,
 *   one worker running run() one call at a time, SCORING_TIMEOUT_MS enforced with SIGALRM. Not emulated:
 *   swagger generation and @input_schema decorators, App Insights, CORS, several gunicorn workers
 *   (WORKER_COUNT). `AMLResponse` and `@rawhttp` are provided as small shims when azureml is not installed.
 * - AZUREML_MODEL_DIR points at the model folder the twin prepared (not `/var/azureml-app/azureml-models/...`);
 *   AML_APP_ROOT is the code folder itself; the working directory is a scratch folder under the host's workDir.
 * - The process gets a minimal environment (PATH, HOME, locale) plus the deployment's environment variables: the
 *   twin's own environment, and so any credentials in it, never reach the scoring script.
 * - The endpoint credential (`Authorization`) is consumed by the twin's front end and is not forwarded to the
 *   script; hop-by-hop headers are dropped in both directions.
 * - Each process answers only the twin: the host hands it a random secret on stdin (not argv or the
 *   environment, which other local users or the script's children could read) and sends it in
 *   `x-airlock-inference-secret` on every request; without it the process answers 401. On Azure the scoring
 *   container is not reachable at all except through the endpoint.
 * - There is no nginx, no request_settings (request timeout, max concurrent requests per instance), no
 *   liveness/readiness probe settings and no instance count: one process per deployment.
 *
 * How the process starts: starting python and importing server.py's modules (http.server & co.) costs ~140 ms
 * of CPU, the same for every deployment, so the process is forked from a zygote (zygote.ts) that paid it once;
 * the fork is then given exactly what spawning `python3 server.py <args>` gave it (session, cwd, environment,
 * argv, stdio whose stdin carries the secret and whose EOF means the twin is gone), and loads the script
 * itself. A deployment whose variables change what python reads while starting (PYTHONPATH, a locale, ...)
 * is spawned as a fresh interpreter instead, as every deployment used to be.
 */
import { execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { existsSync, statSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { InputError, NotFoundError, UnavailableError } from "../../errors.ts";
import { forkScoringProcess, type ScoringProcess, startupEnv } from "./zygote.ts";

export interface DeploymentSpec {
  /** `<workspace>/<endpoint>/<deployment>` */
  key: string;
  /** Folder the script sees as AZUREML_MODEL_DIR. */
  modelDir: string;
  /** Folder the script sees as AML_APP_ROOT (added to sys.path). */
  codeDir: string;
  /** The entry script, relative to codeDir (AZUREML_ENTRY_SCRIPT). */
  scoringScript: string;
  environmentVariables?: Record<string, string>;
}

export interface ScoreResult {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: Buffer;
}

/** Optional parts of a scoring request; the default is `POST /score` with no query string. */
export interface ScoreRequestOptions {
  /** "GET" passes the query parameters to run() JSON-encoded; OPTIONS, PUT, ... get the server's answer. */
  method?: string;
  /** Query string, with or without the leading "?". */
  query?: string;
  /** Give up waiting for the answer after this long (UnavailableError INFERENCE_REQUEST_TIMEOUT). */
  timeoutMs?: number;
}

export interface InferenceHostOptions {
  /** Scratch folders of the deployments (each process's working directory and TMPDIR). */
  workDir: string;
  /** The interpreter; default "python3". */
  python?: string;
  /** How long import + init() + the first health probe may take; default 60 s. */
  startTimeoutMs?: number;
}

const SERVER_SCRIPT = fileURLToPath(new URL("./server.py", import.meta.url));
const OUTPUT_TAIL_CHARS = 256 * 1024;
const ERROR_TAIL_CHARS = 4000;
const HEALTH_TIMEOUT_MS = 2000;
const STOP_GRACE_MS = 2000;
const EXIT_SETTLE_MS = 200;
/** Names the process keeps from the twin's environment; everything else stays out of user code. */
const INHERITED_ENV = ["PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "SYSTEMROOT"];
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);
/** The header carrying a process's secret; server.py refuses requests without it. */
const SECRET_HEADER = "x-airlock-inference-secret";
/** Request headers the python server must not see: framing is ours, the credential is the front end's. */
const DROPPED_REQUEST_HEADERS = new Set([
  ...HOP_BY_HOP,
  "host",
  "content-length",
  "expect",
  "authorization",
  SECRET_HEADER,
]);

/** Keeps the last `limit` characters of everything a process printed. */
class OutputTail {
  #text = "";
  readonly #limit: number;
  constructor(limit: number) {
    this.#limit = limit;
  }
  append(chunk: string): void {
    this.#text += chunk;
    if (this.#text.length > this.#limit * 2) this.#text = this.#text.slice(-this.#limit);
  }
  tail(chars: number = this.#limit): string {
    return this.#text.slice(-Math.min(chars, this.#limit));
  }
}

interface RunningDeployment {
  key: string;
  child: ScoringProcess;
  port: number;
  /** Sent on every request; the process answers nothing else. */
  secret: string;
  output: OutputTail;
  exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
}

export class InferenceHost {
  readonly #workDir: string;
  readonly #python: string;
  readonly #startTimeoutMs: number;
  readonly #agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  readonly #running = new Map<string, RunningDeployment>();
  /** Last output of deployments that stopped or failed to start, for logs(). */
  readonly #lastOutput = new Map<string, OutputTail>();
  /** Serialises start/stop per key so a restart never races another. */
  readonly #queues = new Map<string, Promise<unknown>>();
  #closed = false;

  constructor(options: InferenceHostOptions) {
    this.#workDir = path.resolve(options.workDir);
    this.#python = options.python ?? "python3";
    this.#startTimeoutMs = options.startTimeoutMs ?? 60_000;
  }

  /** Starts (or restarts) a deployment; resolves once its server answers `GET /` with Healthy. */
  async start(spec: DeploymentSpec): Promise<void> {
    const checked = checkSpec(spec);
    return await this.#serialise(spec.key, async () => {
      if (this.#closed) throw new UnavailableError("INFERENCE_HOST_CLOSED", "The inference host is closed");
      await this.#stopRunning(spec.key);
      this.#running.set(spec.key, await this.#launch(checked));
    });
  }

  async score(
    key: string,
    body: Buffer,
    headers: Record<string, string>,
    options: ScoreRequestOptions = {},
  ): Promise<ScoreResult> {
    const deployment = this.#running.get(key);
    if (!deployment) {
      throw new NotFoundError("DEPLOYMENT_NOT_RUNNING", `No inference process is running for ${key}`, {
        key,
      });
    }
    if (deployment.exit) throw exitedError(deployment);
    const forwarded: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      if (!DROPPED_REQUEST_HEADERS.has(name.toLowerCase())) forwarded[name] = value;
    }
    forwarded["content-length"] = String(body.length);
    forwarded[SECRET_HEADER] = deployment.secret;
    const query = options.query ? (options.query.startsWith("?") ? options.query : `?${options.query}`) : "";
    try {
      const response = await this.#request(deployment.port, {
        method: (options.method ?? "POST").toUpperCase(),
        path: `/score${query}`,
        headers: forwarded,
        body,
        timeoutMs: options.timeoutMs,
      });
      return response;
    } catch (error) {
      if (error instanceof UnavailableError) throw error;
      // The process may have died mid-request: give its exit event a moment to land before deciding.
      if (await exitsWithin(deployment, EXIT_SETTLE_MS)) throw exitedError(deployment);
      throw new UnavailableError(
        "INFERENCE_REQUEST_FAILED",
        `Scoring request to ${key} failed: ${(error as Error).message}`,
        { key },
      );
    }
  }

  async healthy(key: string): Promise<boolean> {
    const deployment = this.#running.get(key);
    if (!deployment || deployment.exit) return false;
    return probeHealth(this.#agent, deployment, HEALTH_TIMEOUT_MS);
  }

  /** The last characters the deployment's python process printed (stdout and stderr interleaved). */
  logs(key: string, maxChars = OUTPUT_TAIL_CHARS): string {
    const output = this.#running.get(key)?.output ?? this.#lastOutput.get(key);
    if (!output)
      throw new NotFoundError("DEPLOYMENT_NOT_RUNNING", `No inference process for ${key}`, { key });
    return output.tail(maxChars);
  }

  stop(key: string): Promise<void> {
    return this.#serialise(key, () => this.#stopRunning(key));
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.allSettled([...this.#queues.values()]);
    await Promise.all([...this.#running.keys()].map((key) => this.stop(key)));
    this.#agent.destroy();
  }

  #serialise<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#queues.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    const settled = next.catch(() => undefined);
    this.#queues.set(key, settled);
    void settled.then(() => {
      if (this.#queues.get(key) === settled) this.#queues.delete(key);
    });
    return next;
  }

  async #stopRunning(key: string): Promise<void> {
    const deployment = this.#running.get(key);
    if (!deployment) return;
    this.#running.delete(key);
    this.#lastOutput.set(key, deployment.output);
    await killProcessGroup(deployment.child);
  }

  async #launch(spec: CheckedSpec): Promise<RunningDeployment> {
    const scratch = path.join(this.#workDir, ...spec.key.split("/").map(safeSegment));
    await mkdir(scratch, { recursive: true });
    const env: Record<string, string> = {};
    for (const name of INHERITED_ENV) {
      const value = process.env[name];
      if (value !== undefined) env[name] = value;
    }
    const contract = {
      AZUREML_MODEL_DIR: spec.modelDir,
      AZUREML_ENTRY_SCRIPT: spec.scoringScript,
      AML_APP_ROOT: spec.codeDir,
      TMPDIR: scratch,
      PYTHONUNBUFFERED: "1",
      // The code folder is the twin's copy of a registered asset; keep __pycache__ out of it.
      PYTHONDONTWRITEBYTECODE: "1",
    };
    // What the interpreter reads at start when the deployment sets none of it: the zygote's environment.
    const usual = JSON.stringify(startupEnv({ ...env, ...contract }));
    Object.assign(env, spec.environmentVariables ?? {}, contract);
    const python = await this.#resolveInterpreter(spec.key);
    const readyToken = randomBytes(8).toString("hex");
    const secret = randomBytes(32).toString("base64url");
    const output = new OutputTail(OUTPUT_TAIL_CHARS);
    this.#lastOutput.set(spec.key, output);
    const argv = [
      SERVER_SCRIPT,
      "--host",
      "127.0.0.1",
      "--port",
      "0",
      "--exit-on-stdin-eof",
      "--ready-token",
      readyToken,
      "--secret-from-stdin",
    ];
    let child: ScoringProcess;
    if (JSON.stringify(startupEnv(env)) === usual) {
      child = await forkScoringProcess(python, SERVER_SCRIPT, { argv, env, cwd: scratch }).catch(
        (error: Error) => {
          throw new UnavailableError(
            "INFERENCE_START_FAILED",
            `The scoring process of ${spec.key} could not be started: ${error.message}`,
            { key: spec.key },
          );
        },
      );
    } else {
      // The deployment sets variables python reads while starting (PYTHONPATH, a locale, ...): a fresh
      // interpreter honours them, a fork of the zygote could not. detached: the process leads its own group,
      // so stop() can take down whatever the script spawned.
      child = spawn(python, argv, {
        cwd: scratch,
        env,
        stdio: ["pipe", "pipe", "pipe"],
        detached: true,
      }) as ScoringProcess;
    }
    // The first stdin line; stdin then stays open as the parent-liveness pipe (--exit-on-stdin-eof).
    child.stdin.on("error", () => undefined);
    child.stdin.write(`${secret}\n`);
    const deployment: RunningDeployment = {
      key: spec.key,
      child,
      port: 0,
      secret,
      output,
      exit: undefined,
    };
    // A late 'error' (a failed signal, a broken pipe) must never crash the twin; exit handling covers it.
    child.on("error", () => undefined);
    child.stdout.setEncoding("utf8");
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => output.append(chunk));
    child.on("exit", (code, signal) => {
      deployment.exit = { code, signal };
    });
    try {
      deployment.port = await waitForListening(child, output, readyToken, this.#startTimeoutMs, spec.key);
      if (!(await probeHealth(this.#agent, deployment, HEALTH_TIMEOUT_MS))) {
        throw new UnavailableError(
          "INFERENCE_UNHEALTHY",
          `The inference server of ${spec.key} did not answer GET / with Healthy:\n${output.tail(ERROR_TAIL_CHARS)}`,
          { key: spec.key },
        );
      }
    } catch (error) {
      await killProcessGroup(child);
      throw error;
    }
    return deployment;
  }

  #resolveInterpreter(key: string): Promise<string> {
    return resolveInterpreter(this.#python).catch((error: Error) => {
      throw new UnavailableError(
        "PYTHON_UNAVAILABLE",
        `Cannot run the python interpreter: ${error.message}`,
        { key },
      );
    });
  }

  #request(
    port: number,
    request: {
      method: string;
      path: string;
      headers: Record<string, string>;
      body: Buffer;
      timeoutMs: number | undefined;
    },
  ): Promise<ScoreResult> {
    return new Promise((resolve, reject) => {
      const outgoing = http.request(
        {
          host: "127.0.0.1",
          port,
          method: request.method,
          path: request.path,
          headers: request.headers,
          agent: this.#agent,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("error", reject);
          response.on("end", () => {
            const headers: Record<string, string> = {};
            for (const [name, value] of Object.entries(response.headers)) {
              if (value === undefined || HOP_BY_HOP.has(name)) continue;
              headers[name] = Array.isArray(value) ? value.join(", ") : value;
            }
            resolve({ status: response.statusCode ?? 502, headers, body: Buffer.concat(chunks) });
          });
        },
      );
      outgoing.on("error", reject);
      if (request.timeoutMs !== undefined) {
        outgoing.setTimeout(request.timeoutMs, () => {
          outgoing.destroy();
          reject(
            new UnavailableError(
              "INFERENCE_REQUEST_TIMEOUT",
              `The scoring request got no answer within ${request.timeoutMs} ms`,
            ),
          );
        });
      }
      outgoing.end(request.body);
    });
  }
}

/**
 * Picks a deployment by traffic percentages. Weights are normalised by their total, so the result follows
 * the shares even when they do not add up to 100; zero, negative and non-finite weights never win.
 */
export function pickDeployment(
  traffic: Record<string, number>,
  random: () => number = Math.random,
): string | undefined {
  const candidates = Object.entries(traffic).filter(([, weight]) => Number.isFinite(weight) && weight > 0);
  const total = candidates.reduce((sum, [, weight]) => sum + weight, 0);
  if (total <= 0) return undefined;
  let remaining = random() * total;
  for (const [name, weight] of candidates) {
    remaining -= weight;
    if (remaining < 0) return name;
  }
  // random() is below 1, but rounding can leave a sliver: it belongs to the last candidate.
  return candidates.at(-1)?.[0];
}

type CheckedSpec = DeploymentSpec;

function checkSpec(spec: DeploymentSpec): CheckedSpec {
  const segments = spec.key.split("/");
  if (
    segments.length !== 3 ||
    segments.some((segment) => segment === "" || segment === "." || segment === "..")
  ) {
    throw new InputError(
      "INVALID_DEPLOYMENT_KEY",
      `Deployment key "${spec.key}" must be <workspace>/<endpoint>/<deployment>`,
    );
  }
  for (const [field, dir] of [
    ["modelDir", spec.modelDir],
    ["codeDir", spec.codeDir],
  ] as const) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      throw new InputError("INFERENCE_DIR_NOT_FOUND", `${field} ${dir} of ${spec.key} is not a folder`, {
        key: spec.key,
      });
    }
  }
  const codeDir = path.resolve(spec.codeDir);
  const script = path.resolve(codeDir, spec.scoringScript);
  if (path.isAbsolute(spec.scoringScript) || !script.startsWith(codeDir + path.sep)) {
    throw new InputError(
      "INVALID_SCORING_SCRIPT",
      `Scoring script "${spec.scoringScript}" must be a path inside the code folder`,
      { key: spec.key },
    );
  }
  if (!existsSync(script) || !statSync(script).isFile()) {
    throw new InputError(
      "SCORING_SCRIPT_NOT_FOUND",
      `Scoring script "${spec.scoringScript}" does not exist in ${codeDir}`,
      { key: spec.key },
    );
  }
  return {
    ...spec,
    codeDir,
    modelDir: path.resolve(spec.modelDir),
    scoringScript: spec.scoringScript.split(path.sep).join("/"),
  };
}

/**
 * The real interpreter behind a command such as `python3`, asked once per process: version-manager shims
 * (pyenv, asdf) are shell scripts that cost hundreds of milliseconds per start. Failures are not cached, as
 * the interpreter may be installed later. Exported for anything else in the process that runs python (the
 * tests' fixtures), so it shares the one lookup.
 */
const interpreters = new Map<string, Promise<string>>();
export function resolveInterpreter(command: string): Promise<string> {
  let resolved = interpreters.get(command);
  if (!resolved) {
    resolved = new Promise<string>((resolve, reject) => {
      execFile(command, ["-c", "import sys; print(sys.executable)"], { timeout: 30_000 }, (error, stdout) => {
        const executable = stdout.trim();
        if (error || !executable) reject(new Error(`"${command}": ${error?.message ?? "no sys.executable"}`));
        else resolve(executable);
      });
    });
    interpreters.set(command, resolved);
    resolved.catch(() => interpreters.delete(command));
  }
  return resolved;
}

function safeSegment(segment: string): string {
  return segment.replace(/[^A-Za-z0-9._-]/g, "_");
}

function exitsWithin(deployment: RunningDeployment, ms: number): Promise<boolean> {
  if (deployment.exit) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      deployment.child.off("exit", onExit);
      resolve(deployment.exit !== undefined);
    }, ms);
    const onExit = () => {
      clearTimeout(timer);
      resolve(true);
    };
    deployment.child.once("exit", onExit);
  });
}

function exitedError(deployment: RunningDeployment): UnavailableError {
  const how = deployment.exit?.signal ? `signal ${deployment.exit.signal}` : `code ${deployment.exit?.code}`;
  return new UnavailableError(
    "INFERENCE_PROCESS_EXITED",
    `The inference process of ${deployment.key} exited (${how}):\n${deployment.output.tail(ERROR_TAIL_CHARS)}`,
    { key: deployment.key },
  );
}

/** Resolves with the port from the `LISTENING <token> <port>` line; rejects with the output tail otherwise. */
function waitForListening(
  child: ScoringProcess,
  output: OutputTail,
  readyToken: string,
  timeoutMs: number,
  key: string,
): Promise<number> {
  const ready = new RegExp(`^LISTENING ${readyToken} (\\d+)$`, "m");
  return new Promise((resolve, reject) => {
    let pending = "";
    let listening = false;
    const finish = (error: Error | undefined, port?: number) => {
      clearTimeout(timer);
      child.off("exit", onExit);
      child.off("error", onError);
      if (error) reject(error);
      else resolve(port!);
    };
    const onStdout = (chunk: string) => {
      output.append(chunk);
      if (listening) return;
      pending += chunk;
      const match = ready.exec(pending);
      if (match) {
        listening = true;
        pending = "";
        finish(undefined, Number(match[1]));
      } else {
        pending = pending.slice(pending.lastIndexOf("\n") + 1);
      }
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      // Let the last output arrive: stdio may still hold the traceback when exit fires.
      const how = signal ? `signal ${signal}` : `code ${code}`;
      setImmediate(() =>
        finish(
          new UnavailableError(
            "INFERENCE_START_FAILED",
            `The scoring script of ${key} failed to start (exit ${how}):\n${output.tail(ERROR_TAIL_CHARS)}`,
            { key, exitCode: code },
          ),
        ),
      );
    };
    const onError = (error: Error) =>
      finish(
        new UnavailableError("PYTHON_UNAVAILABLE", `Cannot run the python interpreter: ${error.message}`, {
          key,
        }),
      );
    const timer = setTimeout(
      () =>
        finish(
          new UnavailableError(
            "INFERENCE_START_TIMEOUT",
            `The scoring script of ${key} was not healthy within ${timeoutMs} ms:\n${output.tail(ERROR_TAIL_CHARS)}`,
            { key },
          ),
        ),
      timeoutMs,
    );
    child.stdout.on("data", onStdout);
    child.once("exit", onExit);
    child.once("error", onError);
  });
}

function probeHealth(
  agent: http.Agent,
  deployment: Pick<RunningDeployment, "port" | "secret">,
  timeoutMs: number,
): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(
      {
        host: "127.0.0.1",
        port: deployment.port,
        path: "/",
        agent,
        timeout: timeoutMs,
        headers: { [SECRET_HEADER]: deployment.secret },
      },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (text += chunk));
        response.on("end", () => resolve(response.statusCode === 200 && text === "Healthy"));
        response.on("error", () => resolve(false));
      },
    );
    request.on("timeout", () => request.destroy());
    request.on("error", () => resolve(false));
  });
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

/** SIGTERM the process group, SIGKILL it after a grace period, and sweep any stragglers once the leader exits. */
async function killProcessGroup(child: ScoringProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  if (child.exitCode === null && child.signalCode === null) {
    const exited = once(child, "exit");
    signalGroup(pid, "SIGTERM");
    const timer = setTimeout(() => signalGroup(pid, "SIGKILL"), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  }
  signalGroup(pid, "SIGKILL");
  child.stdin.destroy();
  child.stdout.destroy();
  child.stderr.destroy();
}
