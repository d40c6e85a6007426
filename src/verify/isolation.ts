/**
 * @module verify/isolation
 * `airlock verify isolation`: cross-environment dependencies on the live prod platform, each reported with
 * the resource ids involved. Runs as the prod identity only (it never needs to read dev):
 * - prod online deployments, and asset versions in the prod workspace and prod registry (models, data,
 *   environments, components, codes), whose definitions reference the dev registry, the dev workspace, dev
 *   storage or dev ACR images (lineage properties such as `airlock.source_asset` name the dev source on
 *   purpose and are not dependencies);
 * - versions marked by a promotion with `airlock.cross_environment_dependency` or strategy
 *   reference-dev-registry, and the ledger's promotion and deployment records that say the same (strategy
 *   reference-dev-registry creates nothing in prod, so the ledger is where it shows);
 * - people (users or people groups) holding a role that writes prod registry assets, at or above the registry.
 */
import type { AssetKind as ArmAssetKind } from "../arm/types.ts";
import { PROP } from "../assets/index.ts";
import type { Connection } from "../connect/connection.ts";
import type { LedgerRecord } from "../governance/ledger.ts";
import { isRecordOf, recordsOf } from "../governance/records.ts";
import type { PrincipalDirectory } from "./directory.ts";
import { listAssignments, listRoles, REGISTRY_ASSET_WRITE, roleGrants, within } from "./rbac.ts";

export const ISOLATION_KINDS = [
  "dev-registry-reference",
  "dev-workspace-reference",
  "dev-storage-reference",
  "dev-acr-image",
  "reference-dev-registry-strategy",
  "human-registry-write",
] as const;
export type IsolationKind = (typeof ISOLATION_KINDS)[number];

export interface IsolationFinding {
  kind: IsolationKind;
  message: string;
  /** The prod resource (deployment, version, role assignment) or ledger record that carries the dependency. */
  resource: string;
  /** The dev resource depended on, or the principal and role for registry write. */
  dependsOn: string;
  /** Every resource id involved. */
  resourceIds: string[];
}

export interface IsolationReport {
  ok: boolean;
  findings: IsolationFinding[];
  checked: { deployments: number; versions: number; ledgerRecords: number; roleAssignments: number };
}

const ASSET_KINDS: ArmAssetKind[] = ["models", "data", "environments", "components", "codes"];
/** Version properties that record where a prod asset came from (lineage), not what it depends on. */
const LINEAGE_KEYS = new Set<string>([PROP.sourceAsset, PROP.promotionId, PROP.approvalId, PROP.sourceFile]);

interface Marker {
  kind: IsolationKind;
  pattern: RegExp;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** What a reference into the dev platform looks like in ARM bodies and asset URIs. */
function devMarkers(connection: Connection): Marker[] {
  const dev = connection.env("dev");
  const n = dev.names;
  const storage = [n.storageAccount, n.registryStorageAccount].map(escapeRegExp).join("|");
  return [
    {
      kind: "dev-registry-reference",
      pattern: new RegExp(
        `(azureml://registries/${escapeRegExp(n.registry)}(/|$))|(/registries/${escapeRegExp(n.registry)}(/|$))`,
        "i",
      ),
    },
    {
      kind: "dev-workspace-reference",
      pattern: new RegExp(`/workspaces/${escapeRegExp(n.workspace)}(/|$)`, "i"),
    },
    { kind: "dev-storage-reference", pattern: new RegExp(`(^|[/.])(${storage})([/.]|$)`, "i") },
    {
      kind: "dev-acr-image",
      pattern: new RegExp(`(^|[/@])${escapeRegExp(n.containerRegistry)}\\.azurecr\\.io`, "i"),
    },
  ];
}

/** Every (path, string) in a JSON value, skipping lineage properties and service metadata. */
function* strings(value: unknown, at = ""): Generator<[string, string]> {
  if (typeof value === "string") yield [at, value];
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* strings(v, `${at}[${i}]`);
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (LINEAGE_KEYS.has(k) || k === "systemData") continue;
      yield* strings(v, at ? `${at}.${k}` : k);
    }
  }
}

function scanBody(markers: Marker[], resource: string, body: unknown, what: string): IsolationFinding[] {
  const findings: IsolationFinding[] = [];
  const seen = new Set<string>();
  for (const [where, text] of strings(body)) {
    for (const marker of markers) {
      if (!marker.pattern.test(text)) continue;
      const key = `${marker.kind}|${text}`;
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push({
        kind: marker.kind,
        message: `${what} ${resource} depends on the dev platform: ${where} = ${text}`,
        resource,
        dependsOn: text,
        resourceIds: [resource, text],
      });
    }
  }
  return findings;
}

/** Versions that a promotion marked as depending on dev, by property. */
function markedVersion(
  resource: string,
  properties: Record<string, unknown> | undefined,
): IsolationFinding[] {
  const dependency = properties?.[PROP.crossEnvironmentDependency];
  const strategy = properties?.[PROP.strategy];
  if (typeof dependency !== "string" && strategy !== "reference-dev-registry") return [];
  const dependsOn = typeof dependency === "string" ? dependency : "the dev registry";
  return [
    {
      kind: "reference-dev-registry-strategy",
      message: `${resource} was promoted with a recorded cross-environment dependency on ${dependsOn}${typeof strategy === "string" ? ` (strategy ${strategy})` : ""}`,
      resource,
      dependsOn,
      resourceIds: [resource, dependsOn],
    },
  ];
}

/** `environment:<name>@<version>` → `<name>`. */
const environmentName = (asset: string | undefined) =>
  asset?.startsWith("environment:") ? asset.slice("environment:".length, asset.lastIndexOf("@")) : undefined;

/**
 * Ledger records that say prod depends on dev. A reference-dev-registry promotion of an environment is
 * superseded — no longer reported — once a later promotion of the same environment name (a new version)
 * used a strategy that keeps prod free of dev; live uses of the old reference still show in the scans.
 */
function ledgerFindings(records: readonly LedgerRecord[]): IsolationFinding[] {
  const findings: IsolationFinding[] = [];
  const rebuiltAfter = new Map<string, number>();
  for (const record of recordsOf(records, "promotion.completed")) {
    const name = environmentName(record.subject.asset);
    const strategy = record.data.strategy;
    if (name && strategy && strategy !== "reference-dev-registry") rebuiltAfter.set(name, record.seq);
  }
  for (const record of records) {
    const name = environmentName(record.subject.asset);
    if (record.type === "promotion.completed" && name && (rebuiltAfter.get(name) ?? 0) > record.seq) continue;
    const isPromotion = isRecordOf(record, "promotion.completed");
    const isDeployment = isRecordOf(record, "deployment.created");
    if (!(isPromotion || isDeployment)) continue;
    const data = record.data as { strategy?: string; crossEnvironmentDependency?: string; runUrl?: string };
    const dependency =
      typeof data.crossEnvironmentDependency === "string" ? data.crossEnvironmentDependency : "";
    if (!dependency && !(isPromotion && data.strategy === "reference-dev-registry")) continue;
    const subject = record.subject.deployment
      ? `${record.subject.endpoint ?? ""}/${record.subject.deployment}`
      : (record.subject.asset ?? record.subject.promotionId ?? "");
    const resource = `ledger#${record.seq} ${record.type} ${subject}`.trim();
    findings.push({
      kind: "reference-dev-registry-strategy",
      message: `${isPromotion ? `promotion of ${record.subject.asset}` : `deployment ${subject}`} (ledger record ${record.seq}, ${record.at}, by ${record.actor.name}) depends on ${dependency || "the dev registry"}${isPromotion ? ` — strategy ${String(data.strategy ?? "reference-dev-registry")}` : ""}`,
      resource,
      dependsOn: dependency || "the dev registry",
      resourceIds: [
        `ledger:${record.seq}:${record.id}`,
        ...Object.values(record.subject),
        ...(dependency ? [dependency] : []),
      ],
    });
  }
  return findings;
}

export async function verifyIsolation(
  connection: Connection,
  directory: PrincipalDirectory,
): Promise<IsolationReport> {
  const markers = devMarkers(connection);
  const findings: IsolationFinding[] = [];
  const checked = { deployments: 0, versions: 0, ledgerRecords: 0, roleAssignments: 0 };
  const workspace = connection.workspace("prod");

  for (const endpoint of await workspace.onlineEndpoints.list().toArray()) {
    findings.push(...scanBody(markers, endpoint.id, endpoint.properties, "endpoint"));
    for (const deployment of await workspace.onlineDeployments(endpoint.name).list().toArray()) {
      checked.deployments++;
      findings.push(...scanBody(markers, deployment.id, deployment.properties, "deployment"));
    }
  }

  for (const [scopeName, scope] of [
    ["prod workspace", workspace],
    ["prod registry", connection.registry("prod")],
  ] as const) {
    for (const kind of ASSET_KINDS) {
      for (const container of await scope.containers(kind).list().toArray()) {
        for (const version of await scope.versions(kind, container.name).list().toArray()) {
          checked.versions++;
          const props = version.properties as unknown as Record<string, unknown>;
          findings.push(...scanBody(markers, version.id, props, `${scopeName} ${kind} version`));
          findings.push(
            ...markedVersion(version.id, props.properties as Record<string, unknown> | undefined),
          );
        }
      }
    }
  }

  const records = await (await connection.ledger()).read();
  checked.ledgerRecords = records.length;
  findings.push(...ledgerFindings(records));

  // People who can write prod registry assets: assignments at or above the registry.
  const prod = connection.env("prod");
  const arm = connection.arm("prod");
  const registryId = `/subscriptions/${connection.subscriptionId}/resourceGroups/${prod.resourceGroups.reg}/providers/Microsoft.MachineLearningServices/registries/${prod.names.registry}`;
  const roles = await listRoles(
    arm,
    `/subscriptions/${connection.subscriptionId}/resourceGroups/${prod.resourceGroups.reg}`,
  );
  const assignments = (await listAssignments(arm, [registryId], directory, roles)).filter((a) =>
    within(registryId, a.scope),
  );
  checked.roleAssignments = assignments.length;
  for (const a of assignments) {
    const who = directory.byId(a.principalId);
    const human = who?.human ?? (a.principalType === "User" || a.principalType === "Group");
    const role = roles.get(a.roleDefinitionId.slice(a.roleDefinitionId.lastIndexOf("/") + 1).toLowerCase());
    if (!human || !role || !roleGrants(role, REGISTRY_ASSET_WRITE)) continue;
    const principal = who?.name ?? a.principalId;
    findings.push({
      kind: "human-registry-write",
      message: `${principal} (${a.principalType}) holds ${role.name} on ${a.scope}: a person can write prod registry assets, bypassing the approval gate`,
      resource: a.id,
      dependsOn: `${principal} ${role.name}`,
      resourceIds: [a.id, a.scope, a.roleDefinitionId, registryId],
    });
  }

  return { ok: findings.length === 0, findings, checked };
}
