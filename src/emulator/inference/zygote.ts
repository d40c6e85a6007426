/**
 * @module emulator/inference/zygote
 * A fork server for the twin's scoring processes: one `python3 server.py --zygote` per interpreter (per Node
 * process) that has imported server.py's modules once and forks a child per deployment. Starting python and
 * importing http.server & co. costs ~140 ms of CPU per process; a fork costs a few milliseconds.
 *
 * A forked child is made to look like the process `spawn(python, [server.py, ...argv], {detached: true})`
 * would have started (see `become` in server.py): its own session, the deployment's environment (the
 * interpreter's startup variables excepted, see `startupEnv`), working directory and arguments, and stdio of
 * its own — it connects twice to a Unix socket the twin listens on in a private (0700) folder: the first
 * connection becomes its stdin and stdout, the second its stderr. So the secret still arrives on stdin, the
 * ready line and logs on stdout/stderr, and stdin's EOF still tells it the twin is gone (even when the twin
 * is SIGKILLed, the kernel closes the sockets). The zygote reports each child's pid and exit status on its own
 * stdout; signals go straight to the child's process group, as before.
 *
 * What still tells a fork from a spawned process, none of it reachable through the scoring contract: its
 * /proc cmdline and environ are the zygote's (`server.py --zygote <dir>`, the startup variables; os.environ and
 * sys.argv are the deployment's), its parent is the zygote, stdio are sockets rather than pipes, and string
 * hashing uses the zygote's random seed (PYTHONHASHSEED is a startup variable, so setting it spawns afresh).
 *
 * The zygote lives as long as the Node process (it holds no reference on the event loop while idle, and
 * exits on its stdin's EOF); if it dies, its children are killed and reported exited, and the next fork
 * starts a new one. It never runs user code, so every child starts from the same clean state.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { EventEmitter } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { PassThrough, type Readable, type Writable } from "node:stream";

/**
 * Variables the interpreter reads while starting (locale and so encodings, user site-packages from HOME,
 * every PYTHON* setting, the time zone): a forked child inherits the zygote's reading of them, so a
 * deployment whose values differ from the zygote's must be spawned as a fresh interpreter instead.
 */
export function startupEnv(env: Record<string, string>): Record<string, string> {
  const startup: Record<string, string> = {};
  for (const name of Object.keys(env).sort()) {
    if (/^(PYTHON|LC_)/.test(name) || name === "LANG" || name === "HOME" || name === "TZ") {
      startup[name] = env[name]!;
    }
  }
  return startup;
}

/** The surface of a scoring process the host uses; a spawned ChildProcess has it too. */
export interface ScoringProcess extends EventEmitter {
  readonly pid: number | undefined;
  readonly exitCode: number | null;
  readonly signalCode: NodeJS.Signals | null;
  readonly stdin: Writable;
  readonly stdout: Readable;
  readonly stderr: Readable;
}

/** How long an exit report waits for the child's sockets to drain (grandchildren may hold them open). */
const DRAIN_MS = 100;
const SIGNAL_NAMES = new Map<number, NodeJS.Signals>(
  Object.entries(os.constants.signals).map(([name, number]) => [number, name as NodeJS.Signals]),
);

class ForkedProcess extends EventEmitter implements ScoringProcess {
  pid: number | undefined;
  exitCode: number | null = null;
  signalCode: NodeJS.Signals | null = null;
  readonly stdin = new PassThrough();
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  readonly #sockets: net.Socket[] = [];
  readonly #server: net.Server;
  readonly #socketPath: string;
  #exited = false;

  constructor(server: net.Server, socketPath: string) {
    super();
    this.#server = server;
    this.#socketPath = socketPath;
    // Late writes into streams the host destroyed must never crash the twin (as with a ChildProcess's pipes).
    for (const stream of [this.stdin, this.stdout, this.stderr]) stream.on("error", () => undefined);
    // Destroying stdin (the host does once the process exited) closes the child's end of the twin.
    this.stdin.on("close", () => {
      for (const socket of this.#sockets) socket.destroy();
    });
    server.on("connection", (socket) => this.#attach(socket));
  }

  #attach(socket: net.Socket): void {
    this.#sockets.push(socket);
    socket.on("error", () => undefined);
    if (this.#sockets.length === 1) {
      socket.pipe(this.stdout);
      this.stdin.pipe(socket);
    } else {
      socket.pipe(this.stderr);
      this.#closeServer();
    }
    if (this.stdin.destroyed) socket.destroy();
  }

  #closeServer(): void {
    if (!this.#server.listening) return;
    this.#server.close();
    rmSync(this.#socketPath, { force: true });
  }

  /** The zygote saw the child end: emit 'exit' once its output has been read (or DRAIN_MS passed). */
  exited(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.#exited) return;
    this.#exited = true;
    this.#closeServer();
    const streams = [this.stdout, this.stderr].slice(0, this.#sockets.length);
    const drained = streams.map(
      (stream) =>
        new Promise<void>((resolve) =>
          stream.writableFinished ? resolve() : stream.once("finish", resolve),
        ),
    );
    let timer: NodeJS.Timeout | undefined;
    const capped = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, DRAIN_MS);
    });
    void Promise.race([Promise.all(drained), capped]).then(() => {
      clearTimeout(timer);
      this.exitCode = code;
      this.signalCode = signal;
      // A stream whose socket never connected ends now; the others end with their sockets, which the
      // script's own children may hold open past its exit (as they would a spawned process's pipes).
      for (const stream of [this.stdout, this.stderr].slice(this.#sockets.length)) stream.end();
      this.emit("exit", code, signal);
    });
  }
}

interface ForkRequest {
  argv: string[];
  env: Record<string, string>;
  cwd: string;
}

/** One zygote process and the children it forked. */
class Zygote {
  readonly #process: ChildProcess;
  readonly #socketDir: string;
  readonly #children = new Map<number, ForkedProcess>();
  readonly #pending = new Map<string, { resolve: (pid: number) => void; reject: (error: Error) => void }>();
  #nextId = 0;
  #tracked = 0;
  #stderrTail = "";
  #dead = false;
  readonly #onProcessExit = () => this.#cleanup();

  constructor(python: string, serverScript: string, env: Record<string, string>, onDeath: () => void) {
    this.#socketDir = mkdtempSync(path.join(socketBase(), "airlock-zygote-"));
    this.#process = spawn(python, [serverScript, "--zygote", this.#socketDir], {
      cwd: os.tmpdir(),
      env,
      stdio: ["pipe", "pipe", "pipe"],
      detached: true,
    });
    // Idle, the zygote must not keep the twin alive; stdout is referenced only while a child is tracked.
    this.#process.unref();
    for (const stream of [this.#process.stdin, this.#process.stdout, this.#process.stderr]) {
      (stream as unknown as net.Socket).unref();
    }
    this.#process.stdin!.on("error", () => undefined);
    this.#process.on("error", (error) => this.#die(error.message, onDeath));
    this.#process.on("exit", (code, signal) => this.#die(`exit ${signal ?? code}`, onDeath));
    this.#process.stderr!.setEncoding("utf8");
    this.#process.stderr!.on("data", (chunk: string) => {
      this.#stderrTail = (this.#stderrTail + chunk).slice(-4000);
    });
    let buffered = "";
    this.#process.stdout!.setEncoding("utf8");
    this.#process.stdout!.on("data", (chunk: string) => {
      buffered += chunk;
      let newline = buffered.indexOf("\n");
      while (newline >= 0) {
        this.#report(JSON.parse(buffered.slice(0, newline)) as ZygoteReport);
        buffered = buffered.slice(newline + 1);
        newline = buffered.indexOf("\n");
      }
    });
    process.once("exit", this.#onProcessExit);
  }

  get dead(): boolean {
    return this.#dead;
  }

  async fork(request: ForkRequest): Promise<ScoringProcess> {
    if (this.#dead) throw new Error(`the python fork server is gone: ${this.#stderrTail}`);
    const id = String(this.#nextId++);
    const socketPath = path.join(this.#socketDir, `${id}.sock`);
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(socketPath, () => {
        server.off("error", reject);
        resolve();
      });
    });
    const child = new ForkedProcess(server, socketPath);
    this.#track(1);
    try {
      const pid = await new Promise<number>((resolve, reject) => {
        this.#pending.set(id, { resolve, reject });
        // The umask as the twin has it now (the daemon sets 077 when it starts), as a spawn would inherit it.
        const umask = process.umask();
        this.#process.stdin!.write(`${JSON.stringify({ id, ...request, umask, stdio: socketPath })}\n`);
      });
      child.pid = pid;
      this.#children.set(pid, child);
      child.once("exit", () => this.#track(-1));
      return child;
    } catch (error) {
      this.#track(-1);
      server.close();
      rmSync(socketPath, { force: true });
      throw error;
    }
  }

  /** Children forked or being forked: while there are any, exit reports must keep the event loop alive. */
  #track(delta: number): void {
    this.#tracked += delta;
    const stdout = this.#process.stdout as unknown as net.Socket;
    if (this.#tracked > 0) stdout.ref();
    else stdout.unref();
  }

  #report(report: ZygoteReport): void {
    if ("exited" in report) {
      const child = this.#children.get(report.exited);
      this.#children.delete(report.exited);
      const signal = report.signal === undefined ? null : (SIGNAL_NAMES.get(report.signal) ?? null);
      child?.exited(report.code ?? null, signal);
      return;
    }
    const pending = this.#pending.get(report.id);
    this.#pending.delete(report.id);
    if (report.error !== undefined) pending?.reject(new Error(`fork failed: ${report.error}`));
    else pending?.resolve(report.pid!);
  }

  #die(reason: string, onDeath: () => void): void {
    if (this.#dead) return;
    this.#dead = true;
    onDeath();
    // Nobody is left to report the children's exit: end them, and say so.
    for (const [pid, child] of this.#children) {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        // ESRCH: already gone.
      }
      child.exited(null, "SIGKILL");
    }
    this.#children.clear();
    for (const pending of this.#pending.values()) {
      pending.reject(new Error(`the python fork server ended (${reason}): ${this.#stderrTail}`));
    }
    this.#pending.clear();
    this.#cleanup();
  }

  #cleanup(): void {
    process.off("exit", this.#onProcessExit);
    rmSync(this.#socketDir, { recursive: true, force: true });
  }
}

/** A Unix socket path has room for ~100 bytes: a long TMPDIR gives way to /tmp. */
function socketBase(): string {
  const base = os.tmpdir();
  return Buffer.byteLength(base) <= 64 ? base : "/tmp";
}

type ZygoteReport =
  | { id: string; pid?: number; error?: string }
  | { exited: number; code?: number; signal?: number };

/** Zygotes by interpreter and startup environment: one per twin process for the usual case. */
const zygotes = new Map<string, Zygote>();

/**
 * Forks a scoring process `python serverScript ...argv` from the zygote for (python, startupEnv(env)),
 * starting that zygote on first use. Resolves once the child exists (its pid is known).
 */
export function forkScoringProcess(
  python: string,
  serverScript: string,
  request: ForkRequest,
): Promise<ScoringProcess> {
  const startup = startupEnv(request.env);
  const key = JSON.stringify([python, serverScript, startup]);
  let zygote = zygotes.get(key);
  if (!zygote || zygote.dead) {
    // The zygote's own environment is only what the interpreter reads at start; each child gets its own.
    const created: Zygote = new Zygote(python, serverScript, startup, () => {
      if (zygotes.get(key) === created) zygotes.delete(key);
    });
    zygote = created;
    zygotes.set(key, zygote);
  }
  return zygote.fork(request);
}
