/** @module bench/types — one row of the `npm run bench` table. */
export interface BenchRow {
  /** What was measured, e.g. "twin GET model version (32 conns)". */
  name: string;
  value: number;
  unit: string;
  /** The baseline measured in the same run, when the target is relative. */
  baseline?: { name: string; value: number };
  /** Human-readable target, e.g. ">= 25% of baseline" or "<= 150 ms". */
  target?: string;
  /** Whether the target holds; undefined when there is no target. */
  pass?: boolean;
  /** Extra figures worth printing (p50/p99, ratio). */
  notes?: string;
}

/** Each bench/<area>.bench.ts exports `run` returning its rows. */
export type BenchModule = { run: () => Promise<BenchRow[]> };
