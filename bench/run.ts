/**
 * @module bench/run
 * `npm run bench`: runs every bench/<area>.bench.ts (or those named on the command line), prints one table
 * and exits non-zero when a target fails. Baselines are measured in the same run, never stored.
 */
import { readdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { BenchModule, BenchRow } from "./types.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = (await readdir(here))
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();

const rows: BenchRow[] = [];
for (const file of files) {
  process.stderr.write(`bench: ${file} …\n`);
  const module = (await import(path.join(here, file))) as BenchModule;
  rows.push(...(await module.run()));
}

const format = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(2));
const table = rows.map((r) => [
  r.name,
  `${format(r.value)} ${r.unit}`,
  r.baseline ? `${r.baseline.name}: ${format(r.baseline.value)} ${r.unit}` : "",
  r.baseline && r.baseline.value !== 0 ? `${((r.value / r.baseline.value) * 100).toFixed(1)}%` : "",
  r.target ?? "",
  r.pass === undefined ? "" : r.pass ? "pass" : "FAIL",
  r.notes ?? "",
]);
const header = ["measure", "value", "baseline (same run)", "ratio", "target", "", "notes"];
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
const line = (cells: string[]) =>
  cells
    .map((c, i) => c.padEnd(widths[i]!))
    .join("  ")
    .trimEnd();
console.log(line(header));
console.log(widths.map((w) => "-".repeat(w)).join("  "));
for (const row of table) console.log(line(row));
if (rows.some((r) => r.pass === false)) process.exitCode = 1;
