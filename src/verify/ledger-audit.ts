/**
 * @module verify/ledger-audit
 * `airlock audit verify`: the ledger's chain, checked against anchors and reconciled with what prod holds.
 *
 * - The chain: every record's hash and link (ledger.ts).
 * - Anchors: each promoted prod registry version carries `airlock.ledger_anchor` = `<seq>:<hash>` of the verified
 *   ledger head when its gate opened. Versions are immutable and only the promotion identity writes prod, so the
 *   ledger's writers cannot rewrite an anchor: a ledger shorter than any anchor, or with another record at its seq,
 *   fails. Anchors given with `--anchor` (e.g. a head printed by CI) are checked the same way.
 * - Reconciliation: every prod registry version and every prod deployment has its records (`promotion.completed`,
 *   `deployment.created`), and every recorded promotion exists in prod. An empty or truncated ledger beside a
 *   populated prod fails.
 * Any failure is a VerificationError (exit 8) from the CLI.
 */
import { getOrUndefined } from "../arm/errors.ts";
import type { AssetKind as ArmAssetKind } from "../arm/types.ts";
import { PROP } from "../assets/index.ts";
import type { Connection } from "../connect/connection.ts";
import type { LedgerHead, VerifyResult } from "../governance/ledger.ts";
import { type LedgerRecord, recordsOf } from "../governance/records.ts";

export interface ReconciliationProblem {
  kind: "unrecorded-version" | "unrecorded-deployment" | "missing-in-prod" | "bad-anchor";
  resource: string;
  detail: string;
}

export interface LedgerAudit {
  verification: VerifyResult;
  /** Anchors found on prod versions (plus those given). */
  anchors: Array<LedgerHead & { source: string }>;
  reconciliation: {
    checked: { versions: number; deployments: number; promotions: number };
    problems: ReconciliationProblem[];
  };
  ok: boolean;
}

const REGISTRY_KINDS: ReadonlyArray<{ kind: "model" | "data"; arm: ArmAssetKind }> = [
  { kind: "model", arm: "models" },
  { kind: "data", arm: "data" },
];

export async function auditLedger(
  connection: Connection,
  options: { anchors?: readonly LedgerHead[]; reconcile?: boolean } = {},
): Promise<LedgerAudit> {
  const problems: ReconciliationProblem[] = [];
  const anchors: LedgerAudit["anchors"] = (options.anchors ?? []).map((a) => ({ ...a, source: "--anchor" }));
  const reconcile = options.reconcile ?? true;
  const versions = reconcile ? await prodRegistryVersions(connection) : [];
  for (const version of versions) {
    const anchor = version.anchor;
    if (!anchor) continue;
    const match = /^(\d+):(sha256:[0-9a-f]{64})$/.exec(anchor);
    if (!match) {
      problems.push({
        kind: "bad-anchor",
        resource: version.label,
        detail: `its ledger anchor "${anchor}" is malformed`,
      });
      continue;
    }
    anchors.push({ seq: Number(match[1]), hash: match[2]!, source: version.label });
  }
  const ledger = await connection.ledger();
  const { records, verification } = await ledger.scan({ anchors });
  const checked = { versions: versions.length, deployments: 0, promotions: 0 };
  if (reconcile) {
    const promoted = new Set(
      recordsOf(records, "promotion.completed")
        .filter((r) => r.subject.target?.startsWith("prod registry"))
        .map((r) => r.subject.asset),
    );
    for (const version of versions) {
      if (!promoted.has(version.key)) {
        problems.push({
          kind: "unrecorded-version",
          resource: version.label,
          detail: `the prod registry holds ${version.key}, but the ledger records no promotion of it`,
        });
      }
    }
    const deployments = await prodDeployments(connection);
    checked.deployments = deployments.length;
    const recordedDeployments = new Set(
      recordsOf(records, "deployment.created")
        .filter((r) => r.data.provisioningState === "Succeeded")
        .map((r) => `${r.subject.endpoint}/${r.subject.deployment}`),
    );
    for (const deployment of deployments) {
      if (!recordedDeployments.has(deployment)) {
        problems.push({
          kind: "unrecorded-deployment",
          resource: `prod deployment ${deployment}`,
          detail: `prod serves deployment ${deployment}, but the ledger records no deployment.created for it`,
        });
      }
    }
    const held = new Set(versions.map((v) => v.key));
    for (const record of latestPromotions(records)) {
      checked.promotions += 1;
      const exists = record.subject.target?.startsWith("prod registry")
        ? held.has(record.subject.asset ?? "")
        : await inProdWorkspace(connection, record);
      if (!exists) {
        problems.push({
          kind: "missing-in-prod",
          resource: `ledger #${record.seq}`,
          detail: `the ledger records the promotion of ${record.subject.asset} to ${record.subject.target}, but prod does not hold it`,
        });
      }
    }
  }
  return {
    verification,
    anchors,
    reconciliation: { checked, problems },
    ok: verification.ok && problems.length === 0,
  };
}

/** One `promotion.completed` per asset and target (reruns append more). */
function latestPromotions(records: readonly LedgerRecord[]): LedgerRecord<"promotion.completed">[] {
  const byKey = new Map<string, LedgerRecord<"promotion.completed">>();
  for (const record of recordsOf(records, "promotion.completed")) {
    byKey.set(`${record.subject.asset}|${record.subject.target}`, record);
  }
  return [...byKey.values()];
}

async function prodRegistryVersions(
  connection: Connection,
): Promise<Array<{ key: string; label: string; anchor: string | undefined }>> {
  const registry = connection.registry("prod");
  const found: Array<{ key: string; label: string; anchor: string | undefined }> = [];
  for (const { kind, arm } of REGISTRY_KINDS) {
    for await (const container of registry.containers(arm).list()) {
      for await (const version of registry.versions(arm, container.name).list()) {
        const key = `${kind}:${container.name}@${version.name}`;
        found.push({
          key,
          label: `prod registry ${key}`,
          anchor: version.properties.properties?.[PROP.ledgerAnchor],
        });
      }
    }
  }
  return found;
}

async function prodDeployments(connection: Connection): Promise<string[]> {
  const workspace = connection.workspace("prod");
  const found: string[] = [];
  for await (const endpoint of workspace.onlineEndpoints.list()) {
    for await (const deployment of workspace.onlineDeployments(endpoint.name).list()) {
      found.push(`${endpoint.name}/${deployment.name}`);
    }
  }
  return found;
}

async function inProdWorkspace(
  connection: Connection,
  record: LedgerRecord<"promotion.completed">,
): Promise<boolean> {
  if (record.data.strategy === "reference-dev-registry") return true;
  const match = /^(environment|component):(.+)@(.+)$/.exec(record.subject.asset ?? "");
  if (!match) return false;
  const arm: ArmAssetKind = match[1] === "environment" ? "environments" : "components";
  const held = await getOrUndefined(() =>
    connection.workspace("prod").versions(arm, match[2]!).get(match[3]!),
  );
  return held !== undefined;
}
