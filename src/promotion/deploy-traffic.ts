/**
 * @module promotion/deploy-traffic
 * Traffic splits as values: parsing `--traffic all|10,50,100`, the split for one rollout step (the new
 * deployment gets p%, the others keep their relative shares of the rest), comparison and display. Pure
 * functions; the endpoint PUT that applies a split lives in deploy.ts.
 */
import { InputError } from "../errors.ts";

/** Deployment name → percent; live splits sum to 100 (or 0 when the endpoint takes no traffic yet). */
export type TrafficSplit = Record<string, number>;

/** `all` → [100]; `10,50,100` → [10, 50, 100]. Steps rise strictly, are integers in 1..100 and end at 100. */
export function parseTrafficSteps(text: string | undefined): number[] {
  const written = (text ?? "all").trim();
  if (written === "" || written.toLowerCase() === "all") return [100];
  const parts = written.split(",").map((part) => part.trim());
  const steps: number[] = [];
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) < 1 || Number(part) > 100) {
      throw new InputError(
        "TRAFFIC_STEPS_INVALID",
        `--traffic ${JSON.stringify(written)}: "${part}" is not a whole percentage between 1 and 100 (use "all" or rising steps such as 10,50,100)`,
      );
    }
    const value = Number(part);
    const last = steps.at(-1);
    if (last !== undefined && value <= last) {
      throw new InputError(
        "TRAFFIC_STEPS_INVALID",
        `--traffic ${JSON.stringify(written)}: steps must rise (${value} follows ${last})`,
      );
    }
    steps.push(value);
  }
  if (steps.at(-1) !== 100) {
    throw new InputError(
      "TRAFFIC_STEPS_INVALID",
      `--traffic ${JSON.stringify(written)}: the last step must be 100 so that the rollout finishes (e.g. 10,50,100)`,
    );
  }
  return steps;
}

/** Drops nothing, copies the map and fills missing numbers with 0 (what the service returns may be sparse). */
export function normalizeSplit(split: Record<string, number> | null | undefined): TrafficSplit {
  const out: TrafficSplit = {};
  for (const [name, value] of Object.entries(split ?? {})) out[name] = Number.isFinite(value) ? value : 0;
  return out;
}

export function liveTotal(split: TrafficSplit): number {
  return Object.values(split).reduce((sum, value) => sum + value, 0);
}

/** True when both splits route the same percentages (deployments at 0% count as absent). */
export function sameSplit(a: TrafficSplit, b: TrafficSplit): boolean {
  const names = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const name of names) if ((a[name] ?? 0) !== (b[name] ?? 0)) return false;
  return true;
}

/**
 * The split that gives `deployment` `percent`% and shares the rest among the deployments that were live in
 * `before`, in proportion to their shares there (largest remainder, so it sums to exactly 100). With no live
 * deployment in `before`, the new one must take everything (a split sums to 0 or 100). Deployments that end at
 * 0% stay in the map, so the endpoint still lists them and a rollback can return to them.
 */
export function splitForStep(before: TrafficSplit, deployment: string, percent: number): TrafficSplit {
  const others = Object.entries(before).filter(([name, value]) => name !== deployment && value > 0);
  const othersTotal = others.reduce((sum, [, value]) => sum + value, 0);
  const result: TrafficSplit = {};
  for (const name of Object.keys(before)) result[name] = 0;
  if (othersTotal === 0) {
    result[deployment] = 100;
    return result;
  }
  const rest = 100 - percent;
  const shares = others.map(([name, value]) => {
    const exact = (rest * value) / othersTotal;
    return { name, floor: Math.floor(exact), remainder: exact - Math.floor(exact) };
  });
  let left = rest - shares.reduce((sum, share) => sum + share.floor, 0);
  const byRemainder = [...shares].sort((x, y) => y.remainder - x.remainder || x.name.localeCompare(y.name));
  for (const share of byRemainder) {
    if (left <= 0) break;
    share.floor += 1;
    left -= 1;
  }
  for (const share of shares) result[share.name] = share.floor;
  result[deployment] = percent;
  return result;
}

/** `blue 90% · green 10%` (only live deployments; "no live traffic" when none). */
export function formatSplit(split: TrafficSplit): string {
  const live = Object.entries(split)
    .filter(([, value]) => value > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return live.length === 0 ? "no live traffic" : live.map(([name, value]) => `${name} ${value}%`).join(" · ");
}
