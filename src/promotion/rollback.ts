/**
 * @module promotion/rollback
 * `airlock rollback --endpoint <name> --env prod`: undoes the latest rollout of an endpoint that has not been
 * undone yet — traffic returns to the split recorded before that rollout began (`rolloutBefore` of its
 * `traffic.changed` records), then a health check runs and a `rollback` record names the rollout it undid.
 * Because every rollback marks its rollout as undone, rolling back again steps one rollout further back.
 * The ledger is the only history: an endpoint with no traffic change recorded cannot be rolled back.
 */
import type { Connection } from "../connect/connection.ts";
import { ConflictError, NotFoundError, VerificationError } from "../errors.ts";
import { actorOf } from "../governance/identity.ts";
import type { LedgerRecord } from "../governance/ledger.ts";
import { recordsOf } from "../governance/records.ts";
import { parseNameAtVersion } from "./deploy.ts";
import {
  applyTraffic,
  checkHealth,
  checkOnlineName,
  DEFAULT_HEALTH_CALLS,
  endpointSubject,
  type HealthResult,
  requireEndpoint,
  trafficOf,
} from "./deploy-endpoint.ts";
import { EndpointInvoker, loadReferenceData } from "./deploy-smoke.ts";
import { formatSplit, normalizeSplit, sameSplit, type TrafficSplit } from "./deploy-traffic.ts";

export interface RollbackOptions {
  endpoint: string;
  /** Rows for the health check (default: the smoke data the undone rollout used). */
  smokeData?: string;
  labelColumn?: string;
  healthCalls?: number;
  reason?: string;
  onProgress?: (line: string) => void;
}

export interface RollbackResult {
  status: "rolled-back" | "unchanged";
  endpoint: string;
  /** The rollout undone. */
  rolloutId: string;
  before: TrafficSplit;
  after: TrafficSplit;
  health: HealthResult | undefined;
}

interface Rollout {
  rolloutId: string;
  rolloutBefore: TrafficSplit;
  smokeData: string | undefined;
  labelColumn: string | undefined;
}

/** The newest rollout of `endpoint` in the ledger that no rollback has undone yet. */
export function lastUndoneRollout(
  records: readonly LedgerRecord[],
  endpoint: string,
  workspace: string,
): Rollout | undefined {
  const about = (record: LedgerRecord) =>
    record.subject.endpoint === endpoint && record.subject.workspace === workspace;
  const undone = new Set(
    recordsOf(records, "rollback")
      .filter(about)
      .map((record) => String(record.data.rolloutId ?? "")),
  );
  const changes = recordsOf(records, "traffic.changed")
    .filter(about)
    .sort((a, b) => b.seq - a.seq);
  for (const record of changes) {
    const data = record.data;
    const rolloutId = data.rolloutId ?? record.id;
    if (undone.has(rolloutId)) continue;
    // The split before the rollout: rolloutBefore, or the `before` of the rollout's first recorded step.
    const first = changes.filter((r) => (r.data.rolloutId ?? r.id) === rolloutId).at(-1)!;
    return {
      rolloutId,
      rolloutBefore: normalizeSplit(data.rolloutBefore ?? (first.data.before as Record<string, number>)),
      smokeData: data.smokeData,
      labelColumn: data.labelColumn,
    };
  }
  return undefined;
}

export async function rollback(connection: Connection, options: RollbackOptions): Promise<RollbackResult> {
  const say = options.onProgress ?? (() => undefined);
  checkOnlineName(options.endpoint, "endpoint");
  const workspace = connection.env("prod").names.workspace;
  const ledger = await connection.ledger();
  const rollout = lastUndoneRollout(await ledger.read(), options.endpoint, workspace);
  if (!rollout) {
    throw new NotFoundError(
      "NO_PREVIOUS_SPLIT",
      `the ledger records no traffic change of endpoint ${options.endpoint} that is not already rolled back: there is no previous split to return to`,
    );
  }
  const endpoint = await requireEndpoint(connection, options.endpoint);
  const current = trafficOf(endpoint);
  const existing = new Set(
    (await connection.workspace("prod").onlineDeployments(options.endpoint).list().toArray()).map(
      (d) => d.name,
    ),
  );
  const missing = Object.entries(rollout.rolloutBefore)
    .filter(([name, percent]) => percent > 0 && !existing.has(name))
    .map(([name]) => name);
  if (missing.length > 0) {
    throw new ConflictError(
      "ROLLBACK_TARGET_GONE",
      `cannot return ${options.endpoint} to ${formatSplit(rollout.rolloutBefore)}: deployment ${missing.join(", ")} no longer exists`,
      { missing },
    );
  }
  // Every deployment the endpoint has now stays listed (at 0% unless the old split gives it traffic).
  const target: TrafficSplit = {};
  for (const name of existing) target[name] = rollout.rolloutBefore[name] ?? 0;

  let after = current;
  if (!sameSplit(current, target)) {
    say(`rolling ${options.endpoint} back: ${formatSplit(current)} → ${formatSplit(target)}`);
    after = trafficOf(await applyTraffic(connection, endpoint, target));
  } else {
    say(`${options.endpoint} already routes ${formatSplit(target)}`);
  }

  let health: HealthResult | undefined;
  const smokeData = options.smokeData ?? smokeSpec(rollout.smokeData);
  if (smokeData && Object.values(after).some((percent) => percent > 0)) {
    const reference = await loadReferenceData(connection, parseNameAtVersion(smokeData, "--smoke-data"), {
      ...((options.labelColumn ?? rollout.labelColumn)
        ? { labelColumn: options.labelColumn ?? rollout.labelColumn }
        : {}),
    });
    const refreshed = await requireEndpoint(connection, options.endpoint);
    health = await checkHealth(
      connection,
      refreshed,
      EndpointInvoker.forEndpoint(connection, refreshed),
      reference,
      options.healthCalls ?? DEFAULT_HEALTH_CALLS,
    );
  }
  await ledger.append(
    "rollback",
    endpointSubject(connection, options.endpoint),
    {
      reason: options.reason ?? "manual rollback",
      stage: "manual",
      automatic: false,
      rolloutId: rollout.rolloutId,
      before: current,
      after,
      trafficChanged: !sameSplit(current, after),
      ...(health ? { healthy: health.ok, ...(health.problem ? { healthProblem: health.problem } : {}) } : {}),
    },
    actorOf(await connection.identity("prod")),
  );
  if (health && !health.ok) {
    throw new VerificationError(
      "ROLLBACK_UNHEALTHY",
      `${options.endpoint} is back at ${formatSplit(after)}, but the health check failed: ${health.problem}`,
      { endpoint: options.endpoint, rolloutId: rollout.rolloutId, before: current, after },
    );
  }
  return {
    status: sameSplit(current, after) ? "unchanged" : "rolled-back",
    endpoint: options.endpoint,
    rolloutId: rollout.rolloutId,
    before: current,
    after,
    health,
  };
}

/** `azureml://registries/<r>/data/<name>/versions/<v>` → `name@v`. */
function smokeSpec(assetId: string | undefined): string | undefined {
  const match = assetId ? /\/data\/([^/]+)\/versions\/([^/]+)$/.exec(assetId) : null;
  return match ? `${match[1]}@${match[2]}` : undefined;
}
