/**
 * @module bench/twin
 * The twin's numbers, each next to its baseline measured in the same run: GET and PUT of a model version at
 * 32 keep-alive connections against a bare node:http server answering a body of the same size — throughput
 * as fast as each answers, and p99 latency under light load (4 connections) — plus `airlock --help` cold
 * start and `airlock local up` time to ready. The twin and the bare server each run in their own process;
 * the load comes from autocannon worker threads here (bench/load-generator.ts), and a ceiling row per method
 * shows the same generator driving the bare server well past what the twin takes, so the twin's figure is
 * the twin's limit, not the generator's.
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { mintTwinToken } from "../src/emulator/tokens.ts";
import { TWIN_SUBSCRIPTION_ID } from "../src/platform/index.ts";
import { headroomRow, type LoadResult, type PlannedRequest, runLoad } from "./load-generator.ts";
import type { BenchRow } from "./types.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const BIN = path.join(ROOT, "bin", "airlock.js");
const CONNECTIONS = 32;
const SECONDS = Number(process.env.AIRLOCK_BENCH_SECONDS ?? 5);
/** Connections of the latency rows: light load, so a request's latency is the server's, not a queue's. */
const LATENCY_CONNECTIONS = 4;
const WS = `/subscriptions/${TWIN_SUBSCRIPTION_ID}/resourceGroups/rg-aml-ws-dev-cc01/providers/Microsoft.MachineLearningServices/workspaces/amlwsdevcc01`;

function runNode(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let stdout = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, ms: performance.now() - t0 }));
  });
}

/** A bare node:http server in its own process answering every request with `size` bytes of JSON. */
async function startBare(size: number): Promise<{ url: string; pid: number; stop: () => void }> {
  const script = `
    const http = require("node:http");
    const body = JSON.stringify({ value: "x".repeat(${size}) });
    const server = http.createServer({ keepAlive: true }, (req, res) => {
      req.resume();
      req.on("end", () => { res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) }); res.end(body); });
    });
    server.keepAliveTimeout = 65000;
    server.listen(0, "127.0.0.1", () => console.log(server.address().port));`;
  const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<string>((resolve) =>
    child.stdout.once("data", (c: Buffer) => resolve(c.toString().trim())),
  );
  return { url: `http://127.0.0.1:${port}`, pid: child.pid!, stop: () => child.kill() };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];

  const helpTimes: number[] = [];
  for (let i = 0; i < 7; i++) helpTimes.push((await runNode([BIN, "--help"])).ms);
  const help = median(helpTimes);
  // Baseline: the same Node starting and exiting, which no CLI can beat.
  const bareTimes: number[] = [];
  for (let i = 0; i < 7; i++) bareTimes.push((await runNode(["-e", "0"])).ms);
  rows.push({
    name: "airlock --help cold start (median of 7)",
    value: help,
    unit: "ms",
    baseline: { name: "node -e 0 (median of 7)", value: median(bareTimes) },
    target: "<= 150 ms",
    pass: help <= 150,
  });

  const stateDir = await mkdtemp(path.join(tmpdir(), "airlock-bench-"));
  const env = { AIRLOCK_STATE_DIR: stateDir };
  try {
    const up = await runNode([BIN, "local", "up", "--json"], env);
    if (up.code !== 0) throw new Error(`airlock local up failed (${up.code}): ${up.stdout}`);
    rows.push({
      name: "airlock local up: time to ready (fresh state dir)",
      value: up.ms / 1000,
      unit: "s",
      baseline: { name: "airlock --help (the CLI alone)", value: help / 1000 },
      target: "<= 3 s",
      pass: up.ms <= 3000,
    });
    const twin = JSON.parse(up.stdout) as { armEndpoint: string };
    const auth = `Bearer ${mintTwinToken(stateDir, "sp-aml-promotion-dev")}`;
    const headers = { authorization: auth, "content-type": "application/json" };
    const versionBody = JSON.stringify({
      properties: {
        modelUri: "azureml://datastores/workspaceblobstore/paths/bench/model.pkl",
        tags: { bench: "1" },
      },
    });
    const seeded = await fetch(`${twin.armEndpoint}${WS}/models/bench/versions/1?api-version=2024-10-01`, {
      method: "PUT",
      headers,
      body: versionBody,
    });
    const sample = await (
      await fetch(`${twin.armEndpoint}${WS}/models/bench/versions/1?api-version=2024-10-01`, { headers })
    ).text();
    if (!seeded.ok) throw new Error(`seeding failed: ${seeded.status}`);
    const bare = await startBare(sample.length);
    const record = JSON.parse(await readFile(path.join(stateDir, "twin.json"), "utf8")) as { pid: number };
    try {
      const getPlan: PlannedRequest[] = [
        { method: "GET", path: `${WS}/models/bench/versions/1?api-version=2024-10-01`, headers },
      ];
      const putPlan: PlannedRequest[] = [
        {
          method: "PUT",
          path: `${WS}/models/bench-put/versions/v[<id>]?api-version=2024-10-01`,
          body: versionBody,
          headers,
        },
      ];
      const measure = (
        base: string,
        pid: number,
        plan: PlannedRequest[],
        seconds = SECONDS,
        connections = CONNECTIONS,
      ) => runLoad(plan, { base, connections, seconds, serverPid: pid });
      await measure(bare.url, bare.pid, getPlan, 1);
      await measure(twin.armEndpoint, record.pid, getPlan, 1);
      // Interleaved, so that the machine's other load (2 shared cores) weighs on both sides alike.
      const bareGet = await measure(bare.url, bare.pid, getPlan);
      const get = await measure(twin.armEndpoint, record.pid, getPlan);
      const barePut = await measure(bare.url, bare.pid, putPlan);
      const put = await measure(twin.armEndpoint, record.pid, putPlan);
      // Latency under light load: at saturation a closed-loop generator measures its own queue (p50 ≈
      // connections / throughput), not how promptly the server answers; autocannon's rate limit fires each
      // second's requests in one burst, which queues too.
      const bareGetAt = await measure(bare.url, bare.pid, getPlan, SECONDS, LATENCY_CONNECTIONS);
      const getAt = await measure(twin.armEndpoint, record.pid, getPlan, SECONDS, LATENCY_CONNECTIONS);
      const barePutAt = await measure(bare.url, bare.pid, putPlan, SECONDS, LATENCY_CONNECTIONS);
      const putAt = await measure(twin.armEndpoint, record.pid, putPlan, SECONDS, LATENCY_CONNECTIONS);
      rows.push(
        loadRow(`twin GET model version (${CONNECTIONS} conns, as fast as it answers)`, get, bareGet, 0.25),
      );
      rows.push(headroomRow("GET", get, bareGet));
      rows.push(latencyRow("GET", getAt, bareGetAt));
      rows.push(
        loadRow(`twin PUT model version (${CONNECTIONS} conns, as fast as it answers)`, put, barePut, 0.1),
      );
      rows.push(headroomRow("PUT", put, barePut));
      rows.push(latencyRow("PUT", putAt, barePutAt));
    } finally {
      bare.stop();
    }
  } finally {
    await runNode([BIN, "local", "down"], env);
    await rm(stateDir, { recursive: true, force: true });
  }
  return rows;
}

/** autocannon's histogram holds whole milliseconds. */
const ms = (n: number) => (n < 1 ? "<1 ms" : `${n.toFixed(0)} ms`);
const failed = (r: LoadResult) => r.statuses["4xx"] + r.statuses["5xx"];

function loadRow(name: string, r: LoadResult, base: LoadResult, ratio: number): BenchRow {
  return {
    name,
    value: r.rps,
    unit: "req/s",
    baseline: { name: "bare node:http, same generator", value: base.rps },
    target: `>= ${ratio * 100}% of baseline`,
    pass: r.rps >= ratio * base.rps && r.errors === 0 && failed(r) === 0,
    notes: `at saturation: p50 ${ms(r.p50)}, p99 ${ms(r.p99)} (bare p50 ${ms(base.p50)}, p99 ${ms(base.p99)})${r.errors || failed(r) ? `, ${r.errors} transport errors, ${failed(r)} 4xx/5xx` : ""}`,
  };
}

function latencyRow(method: string, r: LoadResult, base: LoadResult): BenchRow {
  return {
    name: `twin ${method} p99 latency under light load (${LATENCY_CONNECTIONS} conns)`,
    value: r.p99,
    unit: "ms",
    baseline: { name: "bare node:http, same load", value: base.p99 },
    target: "p99 <= 25 ms",
    pass: r.p99 <= 25 && r.errors === 0 && failed(r) === 0,
    notes: `p50 ${ms(r.p50)} (bare ${ms(base.p50)}); answered ${r.rps.toFixed(0)} req/s (bare ${base.rps.toFixed(0)}); twin ${r.serverUse}${r.errors || failed(r) ? `, ${r.errors} transport errors, ${failed(r)} 4xx/5xx` : ""}`,
  };
}
