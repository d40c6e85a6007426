/**
 * @module bench/twin
 * The twin's numbers, each next to its baseline measured in the same run: GET and PUT of a model version at
 * 32 keep-alive connections (req/s, p50/p99) against a bare node:http server answering a body of the same
 * size, `airlock --help` cold start, and `airlock local up` time to ready. The twin and the bare server each
 * run in their own process; the load generator runs here.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { mintTwinToken } from "../src/emulator/tokens.ts";
import { TWIN_SUBSCRIPTION_ID } from "../src/platform/index.ts";
import type { BenchRow } from "./types.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const BIN = path.join(ROOT, "bin", "airlock.js");
const CONNECTIONS = 32;
const SECONDS = Number(process.env.AIRLOCK_BENCH_SECONDS ?? 5);
const WS = `/subscriptions/${TWIN_SUBSCRIPTION_ID}/resourceGroups/rg-aml-ws-dev-cc01/providers/Microsoft.MachineLearningServices/workspaces/amlwsdevcc01`;

interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

/** Drives `request(i)` from 32 keep-alive connections for `seconds`; latencies in ms. */
async function load(
  base: string,
  next: (i: number) => { method: string; path: string; body?: string; headers?: Record<string, string> },
  seconds: number,
): Promise<LoadResult> {
  const url = new URL(base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const latencies: number[] = [];
  let errors = 0;
  let counter = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const one = (i: number) =>
    new Promise<void>((resolve) => {
      const { method, path: p, body, headers } = next(i);
      const t0 = performance.now();
      const req = http.request(
        { agent, host: url.hostname, port: url.port, method, path: p, headers },
        (res) => {
          res.resume();
          res.on("end", () => {
            if ((res.statusCode ?? 500) >= 400) errors++;
            latencies.push(performance.now() - t0);
            resolve();
          });
        },
      );
      req.on("error", () => {
        errors++;
        resolve();
      });
      req.end(body);
    });
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < deadline) await one(counter++);
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? 0;
  return { rps: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), errors };
}

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
async function startBare(size: number): Promise<{ url: string; stop: () => void }> {
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
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill() };
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
    try {
      await load(bare.url, () => ({ method: "GET", path: "/" }), 1);
      const bareGet = await load(bare.url, () => ({ method: "GET", path: "/" }), SECONDS);
      const barePut = await load(
        bare.url,
        () => ({ method: "PUT", path: "/", body: versionBody, headers }),
        SECONDS,
      );
      await load(
        twin.armEndpoint,
        () => ({ method: "GET", path: `${WS}/models/bench/versions/1?api-version=2024-10-01`, headers }),
        1,
      );
      const get = await load(
        twin.armEndpoint,
        () => ({ method: "GET", path: `${WS}/models/bench/versions/1?api-version=2024-10-01`, headers }),
        SECONDS,
      );
      const put = await load(
        twin.armEndpoint,
        (i) => ({
          method: "PUT",
          path: `${WS}/models/bench-put/versions/${i + 1}?api-version=2024-10-01`,
          body: versionBody,
          headers,
        }),
        SECONDS,
      );
      const row = (name: string, r: LoadResult, base: LoadResult, ratio: number): BenchRow => ({
        name,
        value: r.rps,
        unit: "req/s",
        baseline: { name: "bare node:http", value: base.rps },
        target: `>= ${ratio * 100}% of baseline, p99 <= 25 ms`,
        pass: r.rps >= ratio * base.rps && r.p99 <= 25 && r.errors === 0,
        notes: `p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms (bare p50 ${base.p50.toFixed(1)}, p99 ${base.p99.toFixed(1)})${r.errors ? `, ${r.errors} errors` : ""}`,
      });
      rows.push(row(`twin GET model version (${CONNECTIONS} conns)`, get, bareGet, 0.25));
      rows.push(row(`twin PUT model version (${CONNECTIONS} conns)`, put, barePut, 0.1));
    } finally {
      bare.stop();
    }
  } finally {
    await runNode([BIN, "local", "down"], env);
    await rm(stateDir, { recursive: true, force: true });
  }
  return rows;
}
