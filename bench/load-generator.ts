/**
 * @module bench/load-generator
 * The HTTP load generator of the load rows: autocannon (a maintained load tool) in worker threads. A single
 * Node event loop issuing node:http requests spends several times autocannon's CPU per request, so it
 * capped a fast server at its own rate (issue #13: the twin at 104% of bare node:http). Each run also reports
 * the CPU both sides used, so a row can show which of them was the limit on a machine they share.
 *
 * `[<id>]` in a request's path or body becomes a fresh id per request (autocannon's idReplacement), so PUTs
 * create new versions.
 */
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { performance } from "node:perf_hooks";
import autocannon from "autocannon";
import type { BenchRow } from "./types.ts";

/** Worker threads of the generator (AIRLOCK_BENCH_WORKERS, default 2). */
export const WORKERS = Number(process.env.AIRLOCK_BENCH_WORKERS ?? 2);

export interface PlannedRequest {
  method: "GET" | "PUT";
  path: string;
  body?: string;
  headers?: Record<string, string>;
}

export interface LoadOptions {
  base: string;
  /** Keep-alive connections across all workers. */
  connections: number;
  seconds: number;
  workers?: number;
  /** The server's own process, to report its CPU; without it the server runs on this process's main thread. */
  serverPid?: number;
}

export interface LoadResult {
  requests: number;
  /** Wall time of the run. */
  seconds: number;
  rps: number;
  /** Latency percentiles, ms (autocannon's histogram). */
  p50: number;
  p99: number;
  /** Connection errors and timeouts. */
  errors: number;
  /** Answers by class. */
  statuses: { "2xx": number; "3xx": number; "4xx": number; "5xx": number };
  workers: number;
  /** What the server used meanwhile: "1.43 cores" (its process, from /proc) or "main thread busy 97%". */
  serverUse: string;
  /** CPU this process used meanwhile (the generator, plus the server when it runs here), in cores. */
  processCores: number;
}

/**
 * Runs `requests` (each connection cycles through them in order) against `base` for `seconds` from autocannon
 * worker threads.
 */
export async function runLoad(requests: PlannedRequest[], options: LoadOptions): Promise<LoadResult> {
  const url = new URL(options.base);
  if (!["127.0.0.1", "localhost", "[::1]"].includes(url.hostname))
    throw new Error(`the load generator runs on loopback only, not ${url.hostname}`);
  const workers = Math.max(1, Math.min(options.workers ?? WORKERS, options.connections));
  const cpuBefore = options.serverPid === undefined ? undefined : processCpuSeconds(options.serverPid);
  const eluBefore = performance.eventLoopUtilization();
  const usageBefore = process.cpuUsage();
  const started = performance.now();
  const result = await autocannon({
    url: options.base,
    connections: options.connections,
    duration: options.seconds,
    workers,
    idReplacement: requests.some((r) => `${r.path}${r.body ?? ""}`.includes("[<id>]")),
    requests: requests.map((r) => ({
      method: r.method,
      path: r.path,
      ...(r.body !== undefined ? { body: r.body } : {}),
      ...(r.headers ? { headers: r.headers } : {}),
    })),
  });
  const elapsed = (performance.now() - started) / 1000;
  const usage = process.cpuUsage(usageBefore);
  const cpuAfter = options.serverPid === undefined ? undefined : processCpuSeconds(options.serverPid);
  const serverUse =
    options.serverPid === undefined
      ? `main thread busy ${percent(performance.eventLoopUtilization(eluBefore).utilization)}`
      : cpuBefore === undefined || cpuAfter === undefined
        ? "CPU unknown"
        : `${((cpuAfter - cpuBefore) / elapsed).toFixed(2)} cores`;
  return {
    requests: result.requests.total,
    seconds: result.duration,
    rps: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    statuses: { "2xx": result["2xx"], "3xx": result["3xx"], "4xx": result["4xx"], "5xx": result["5xx"] },
    workers,
    serverUse,
    processCores: (usage.user + usage.system) / 1e6 / elapsed,
  };
}

/**
 * The generator is not the bottleneck when the same generator, in the same run, drives the bare server well
 * past what the twin takes. The generator and the server share the machine's cores, so the notes give what
 * each side used.
 */
export function headroomRow(what: string, twin: LoadResult, bare: LoadResult): BenchRow {
  return {
    name: `load generator ceiling, ${what} (autocannon, ${twin.workers} worker threads)`,
    value: bare.rps,
    unit: "req/s",
    baseline: { name: `what the twin took (${what})`, value: twin.rps },
    target: ">= 1.5x the twin's: the generator is not the limit",
    pass: bare.rps >= 1.5 * twin.rps,
    notes: `vs twin: twin ${twin.serverUse}, this process ${twin.processCores.toFixed(2)} cores; vs bare: bare ${bare.serverUse}, this process ${bare.processCores.toFixed(2)} cores; ${availableParallelism()} cores shared`,
  };
}

const percent = (n: number) => `${(n * 100).toFixed(0)}%`;

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); undefined elsewhere. */
export function processCpuSeconds(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 a second); after "pid (comm) ": 11, 12.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}
