/**
 * @module bench/promotion
 * Issue 3's targets, each against a baseline measured in the same run:
 * - registering a 1 GiB model ≥ 50% of `cp` throughput to the same disk;
 * - RSS ≤ 200 MiB of the `airlock promote` process while promoting a 2 GiB model;
 * - re-promoting unchanged content ≤ 300 ms, and the 1 GiB / 10 MiB time ratio ≤ 1.5 (no bytes moved);
 * - 100 small-model promotions at concurrency 8 ≤ 4× the time of 10;
 * - `airlock demo` from a fresh state to an invoked prod endpoint ≤ 20 s.
 */
import { execFile, spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { type Connection, connectToTwin } from "../src/connect/connection.ts";
import { startTwin } from "../src/emulator/index.ts";
import { loadPolicy } from "../src/governance/policy.ts";
import { REPO_ROOT } from "../src/platform/index.ts";
import { approveRequest, requestPromotion } from "../src/promotion/gate.ts";
import { promote } from "../src/promotion/promote.ts";
import { registerAssetFile } from "../src/promotion/register.ts";
import type { BenchRow } from "./types.ts";

const exec = promisify(execFile);
const MiB = 1024 * 1024;
const BIN = path.join(REPO_ROOT, "bin", "airlock.js");

async function writeRandomFile(file: string, bytes: number): Promise<void> {
  const { randomFillSync } = await import("node:crypto");
  const out = createWriteStream(file);
  const chunk = Buffer.alloc(8 * MiB);
  for (let written = 0; written < bytes; written += chunk.length) {
    randomFillSync(chunk);
    const piece = chunk.subarray(0, Math.min(chunk.length, bytes - written));
    if (!out.write(piece)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  }
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
}

async function modelFolder(root: string, name: string, bytes: number): Promise<string> {
  const dir = path.join(root, name);
  await mkdir(path.join(dir, "model"), { recursive: true });
  await writeRandomFile(path.join(dir, "model", "weights.bin"), bytes);
  const file = path.join(dir, "model.yml");
  await writeFile(file, `name: ${name}\nversion: "1"\ntype: custom_model\npath: model\n`);
  return file;
}

async function approved(alice: Connection, bob: Connection, name: string): Promise<void> {
  const policy = await loadPolicy();
  const request = await requestPromotion(alice, { kind: "model", name, version: "1" }, policy, {
    justification: "benchmark",
  });
  await approveRequest(bob, request.requestId, policy);
}

const seconds = async (work: () => Promise<unknown>) => {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
};

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const root = await mkdtemp(path.join(tmpdir(), "airlock-bench-promo-"));
  const stateDir = path.join(root, "twin");
  const twin = await startTwin({ stateDir });
  await writeFile(
    path.join(stateDir, "twin.json"),
    JSON.stringify({ armEndpoint: twin.armEndpoint, blobEndpoint: twin.blobBaseUrl }),
  );
  const connectAs = (dev: string, prod: string) => connectToTwin({ ...twin, principals: { dev, prod } });
  const alice = await connectAs("alice", "alice");
  const bob = await connectAs("bob", "bob");
  const ci = await connectAs("sp-aml-promotion-dev", "sp-aml-promotion-prod");
  const policy = await loadPolicy();
  try {
    // 1. Register 1 GiB vs cp of the same file on the same disk.
    const gib = await modelFolder(root, "bench-1gib", 1024 * MiB);
    const cpSeconds = await seconds(() =>
      exec("cp", [path.join(root, "bench-1gib", "model", "weights.bin"), path.join(root, "copy.bin")]),
    );
    await rm(path.join(root, "copy.bin"));
    const registerSeconds = await seconds(() => registerAssetFile(alice, gib, { env: "dev" }));
    const cpRate = 1024 / cpSeconds;
    const registerRate = 1024 / registerSeconds;
    rows.push({
      name: "register 1 GiB model (digest + upload to the twin)",
      value: registerRate,
      unit: "MiB/s",
      baseline: { name: "cp same file, same disk", value: cpRate },
      target: ">= 50% of cp",
      pass: registerRate >= 0.5 * cpRate,
      notes: `${registerSeconds.toFixed(1)} s vs cp ${cpSeconds.toFixed(2)} s`,
    });

    // 2. Re-promoting unchanged content: 10 MiB and 1 GiB, already promoted.
    const small = await modelFolder(root, "bench-10mib", 10 * MiB);
    await registerAssetFile(alice, small, { env: "dev" });
    for (const name of ["bench-10mib", "bench-1gib"]) {
      await approved(alice, bob, name);
      await promote(ci, { kind: "model", name, version: "1" }, policy);
    }
    const again = async (name: string) => {
      const times: number[] = [];
      for (let i = 0; i < 5; i++)
        times.push(await seconds(() => promote(ci, { kind: "model", name, version: "1" }, policy)));
      return times.sort((a, b) => a - b)[2]! * 1000;
    };
    const smallMs = await again("bench-10mib");
    const bigMs = await again("bench-1gib");
    rows.push({
      name: "re-promote unchanged 10 MiB model (median)",
      value: smallMs,
      unit: "ms",
      target: "<= 300 ms",
      pass: smallMs <= 300,
    });
    rows.push({
      name: "re-promote unchanged 1 GiB model (median)",
      value: bigMs,
      unit: "ms",
      baseline: { name: "same for 10 MiB", value: smallMs },
      target: "<= 300 ms and <= 1.5x 10 MiB",
      pass: bigMs <= 300 && bigMs / smallMs <= 1.5,
    });

    // 3. RSS of the promoting CLI process while promoting a 2 GiB model.
    const two = await modelFolder(root, "bench-2gib", 2048 * MiB);
    await registerAssetFile(alice, two, { env: "dev" });
    await approved(alice, bob, "bench-2gib");
    const peak = await peakRss([BIN, "promote", "model", "bench-2gib@1", "--to", "prod", "--json"], {
      AIRLOCK_STATE_DIR: stateDir,
      AIRLOCK_TWIN_PRINCIPAL_DEV: "sp-aml-promotion-dev",
      AIRLOCK_TWIN_PRINCIPAL_PROD: "sp-aml-promotion-prod",
    });
    rows.push({
      name: "peak RSS of `airlock promote` (2 GiB model)",
      value: peak / MiB,
      unit: "MiB",
      target: "<= 200 MiB",
      pass: peak <= 200 * MiB,
    });

    // 4. 100 vs 10 small-model promotions at concurrency 8.
    const batch = async (count: number, prefix: string) => {
      const names = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
      for (const name of names) {
        await registerAssetFile(alice, await modelFolder(root, name, 4096), { env: "dev" });
        await approved(alice, bob, name);
      }
      return seconds(async () => {
        const queue = [...names];
        await Promise.all(
          Array.from({ length: 8 }, async () => {
            for (let name = queue.shift(); name; name = queue.shift()) {
              await promote(ci, { kind: "model", name, version: "1" }, policy);
            }
          }),
        );
      });
    };
    const ten = await batch(10, "small-a");
    const hundred = await batch(100, "small-b");
    rows.push({
      name: "100 small-model promotions, concurrency 8",
      value: hundred,
      unit: "s",
      baseline: { name: "10 promotions", value: ten },
      target: "<= 4x the time of 10",
      pass: hundred <= 4 * ten,
    });
  } finally {
    await twin.close();
  }

  // 5. The demo from a fresh state to an invoked prod endpoint.
  const demoState = path.join(root, "demo");
  const demoSeconds = await seconds(() =>
    exec(process.execPath, [BIN, "demo", "--state-dir", demoState, "--json"], {
      cwd: REPO_ROOT,
      maxBuffer: 64 * MiB,
    }),
  );
  rows.push({
    name: "airlock demo, fresh state → invoked prod endpoint",
    value: demoSeconds,
    unit: "s",
    target: "<= 20 s",
    pass: demoSeconds <= 20,
  });
  await rm(root, { recursive: true, force: true });
  return rows;
}

/** Runs the CLI and samples its resident set size from /proc until it exits. */
async function peakRss(args: string[], env: Record<string, string>): Promise<number> {
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  let peak = 0;
  const timer = setInterval(async () => {
    try {
      const status = await readFile(`/proc/${child.pid}/status`, "utf8");
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      peak = Math.max(peak, kb * 1024);
    } catch {
      // exited between samples
    }
  }, 20);
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  clearInterval(timer);
  if (code !== 0) throw new Error(`airlock promote failed (${code}): ${stderr.slice(-2000)}`);
  return peak;
}
