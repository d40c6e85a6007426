/**
 * @module bench/infra
 * `airlock infra check` over both environments, measured as a real CLI run (process start to exit), the
 * way a developer or CI runs it. Target: <= 3 s. Baseline in the same run: `airlock --help` (node start +
 * CLI declaration), so the ratio shows what the check itself costs.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { BenchRow } from "./types.ts";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const BIN = path.join(REPO_ROOT, "bin", "airlock.js");
const RUNS = 5;

function timeCli(args: string[]): number[] {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const result = spawnSync(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, encoding: "utf8" });
    times.push(performance.now() - start);
    if (result.status !== 0)
      throw new Error(`airlock ${args.join(" ")} exited ${result.status}: ${result.stderr}`);
  }
  return times.sort((a, b) => a - b);
}

export async function run(): Promise<BenchRow[]> {
  const baseline = timeCli(["--help"]);
  const check = timeCli(["infra", "check", "--json"]);
  const median = (values: number[]) => values[Math.floor(values.length / 2)]!;
  const value = median(check) / 1000;
  return [
    {
      name: "airlock infra check (dev + prod, CLI run)",
      value,
      unit: "s",
      baseline: { name: "airlock --help", value: median(baseline) / 1000 },
      target: "<= 3 s",
      pass: value <= 3,
      notes: `median of ${RUNS}; min ${(check[0]! / 1000).toFixed(2)} s, max ${(check.at(-1)! / 1000).toFixed(2)} s`,
    },
  ];
}
