/**
 * @module governance/lineage
 * The chain from a prod deployment back to the dev training run: prod deployment → prod registry version
 * (digest, approval id, promoted by/at) → dev registry version → dev workspace version → training run, with
 * the ledger records that speak about each link. Pure functions over facts the caller has already read (ARM
 * GETs happen elsewhere); nothing here does I/O.
 *
 * A version points at its source through the `airlock.source_asset` property (written by promotion and
 * publishing); a workspace model points at its run through `jobName` (or the `airlock.job_name` property).
 * Ids may be ARM ids (`/subscriptions/…/registries/<r>/models/<n>/versions/<v>`) or azureml references
 * (`azureml://registries/<r>/models/<n>/versions/<v>`, `azureml://subscriptions/…/workspaces/<w>/…`,
 * `azureml:<n>:<v>`); they are compared after normalising, case-insensitively.
 */
import { analyzeAssetReference } from "../assets/reference.ts";
import type { LedgerRecord } from "./ledger.ts";

/** Version properties lineage reads (the same keys promotion writes). */
export const LINEAGE_PROPERTIES = {
  digest: "airlock.digest",
  sourceAsset: "airlock.source_asset",
  approvalId: "airlock.approval_id",
  promotionId: "airlock.promotion_id",
  promotedBy: "airlock.promoted_by",
  promotedAt: "airlock.promoted_at",
  registeredBy: "airlock.registered_by",
  jobName: "airlock.job_name",
} as const;

export interface AssetVersionFacts {
  id: string;
  name: string;
  version: string;
  properties?: Readonly<Record<string, string>>;
  tags?: Readonly<Record<string, string>>;
  /** Model versions: the job that produced it. */
  jobName?: string;
  createdBy?: string;
  createdAt?: string;
}

export interface DeploymentFacts {
  endpoint: string;
  name: string;
  /** The model the deployment serves (ARM id or azureml reference). */
  model: string;
  environment?: string;
  /** Percentage of live traffic. */
  traffic?: number;
  id?: string;
  createdBy?: string;
  createdAt?: string;
}

export interface RunFacts {
  name: string;
  id?: string;
  status?: string;
  experiment?: string;
  metrics?: Readonly<Record<string, number | string>>;
  properties?: Readonly<Record<string, string>>;
  createdBy?: string;
  createdAt?: string;
}

export interface LineageFacts {
  assets: readonly AssetVersionFacts[];
  deployments?: readonly DeploymentFacts[];
  runs?: readonly RunFacts[];
  records?: readonly LedgerRecord[];
  /** Says which environment a workspace or registry belongs to (e.g. from the platform model). */
  environmentOf?: (scopeName: string) => "dev" | "prod" | undefined;
}

export interface LineageApproval {
  requestId: string;
  requestedBy?: string;
  requestedAt?: string;
  approvedBy: string[];
  approvedAt?: string;
  rejectedBy?: string;
}

export interface LineageLink {
  stage: "deployment" | "registry" | "workspace" | "run" | "unknown";
  /** e.g. "prod deployment taxi-prod/blue", "prod registry amlregprodcc01", "training run <job>". */
  label: string;
  id: string;
  name?: string;
  version?: string;
  digest?: string;
  approval?: LineageApproval;
  promotedBy?: string;
  promotedAt?: string;
  createdBy?: string;
  createdAt?: string;
  traffic?: number;
  metrics?: Readonly<Record<string, number | string>>;
  /** Ledger records about this link, in seq order. */
  ledger: Array<{ seq: number; type: string; at: string; actor: string }>;
}

export interface LineageChain {
  /** What the chain starts from. */
  start: string;
  links: LineageLink[];
  /** True when the chain reaches a training run without a gap. */
  complete: boolean;
  /** Why it stops early, e.g. "dev workspace version azureml:taxi:3 was not provided". */
  gaps: string[];
}

/** One chain per deployment of `endpoint`, the one with most traffic first. */
export function lineageForEndpoint(endpoint: string, facts: LineageFacts): LineageChain[] {
  const deployments = (facts.deployments ?? [])
    .filter((d) => d.endpoint.toLowerCase() === endpoint.toLowerCase())
    .sort((a, b) => (b.traffic ?? 0) - (a.traffic ?? 0) || a.name.localeCompare(b.name));
  return deployments.map((deployment) => {
    const scope = scopeOfId(deployment.id ?? "");
    const env = scope ? facts.environmentOf?.(scope.name) : undefined;
    const link: LineageLink = {
      stage: "deployment",
      label: `${env ? `${env} ` : ""}deployment ${deployment.endpoint}/${deployment.name}`,
      id: deployment.id ?? `${deployment.endpoint}/${deployment.name}`,
      name: deployment.name,
      ledger: recordsAbout(
        facts.records,
        (subject) =>
          equalsIgnoreCase(subject.endpoint, deployment.endpoint) &&
          (subject.deployment === undefined || equalsIgnoreCase(subject.deployment, deployment.name)),
      ),
    };
    if (deployment.traffic !== undefined) link.traffic = deployment.traffic;
    if (deployment.createdBy) link.createdBy = deployment.createdBy;
    if (deployment.createdAt) link.createdAt = deployment.createdAt;
    const rest = lineageForAsset(deployment.model, facts);
    return { ...rest, start: link.id, links: [link, ...rest.links] };
  });
}

/** The chain from one asset version back to its training run. */
export function lineageForAsset(assetId: string, facts: LineageFacts): LineageChain {
  const links: LineageLink[] = [];
  const gaps: string[] = [];
  const seen = new Set<string>();
  let current: string | undefined = assetId;
  let complete = false;
  while (current !== undefined) {
    const key = normalizeAssetId(current);
    if (seen.has(key)) {
      gaps.push(`${current} appears twice in its own lineage (a cycle in ${LINEAGE_PROPERTIES.sourceAsset})`);
      break;
    }
    seen.add(key);
    const version = facts.assets.find((asset) => sameAsset(asset.id, current!));
    if (!version) {
      links.push(unknownLink(current, facts));
      gaps.push(`${labelFor(current, facts)} ${current} was not provided`);
      break;
    }
    const link = assetLink(version, facts);
    links.push(link);
    const properties = version.properties ?? {};
    const source = properties[LINEAGE_PROPERTIES.sourceAsset];
    if (source) {
      current = source;
      continue;
    }
    const jobName = version.jobName ?? properties[LINEAGE_PROPERTIES.jobName];
    if (!jobName) {
      gaps.push(
        `${link.label} ${version.name}@${version.version} names neither a source asset nor a training job`,
      );
      break;
    }
    const run = (facts.runs ?? []).find((r) => equalsIgnoreCase(r.name, jobName));
    const runLink: LineageLink = {
      stage: "run",
      label: `training run ${jobName}`,
      id: run?.id ?? jobName,
      name: jobName,
      ledger: [],
    };
    if (run) {
      const metrics = run.metrics ?? metricsFromProperties(run.properties);
      if (metrics && Object.keys(metrics).length > 0) runLink.metrics = metrics;
      if (run.createdBy) runLink.createdBy = run.createdBy;
      if (run.createdAt) runLink.createdAt = run.createdAt;
      complete = true;
    } else {
      gaps.push(`training run ${jobName} was not provided`);
    }
    links.push(runLink);
    current = undefined;
  }
  return { start: assetId, links, complete: complete && gaps.length === 0, gaps };
}

/**
 * A stable comparison key for an asset version id: `registry:<r>/<type>/<name>/<version>`,
 * `workspace:<w>/<type>/<name>/<version>` (or `workspace:?/…` for `azureml:<name>:<version>`), lowercased.
 */
export function normalizeAssetId(id: string): string {
  const parsed = parseAssetId(id);
  if (!parsed) return id.trim().toLowerCase();
  return `${parsed.scopeKind}:${parsed.scope ?? "?"}/${parsed.type ?? "?"}/${parsed.name}/${parsed.version}`.toLowerCase();
}

interface ParsedAssetId {
  scopeKind: "registry" | "workspace";
  scope?: string;
  type?: string;
  name: string;
  version: string;
}

const ARM_VERSION_ID =
  /^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/microsoft\.machinelearningservices\/(workspaces|registries)\/([^/]+)\/(models|data|environments|components|codes)\/([^/]+)\/versions\/([^/]+)$/i;

function parseAssetId(id: string): ParsedAssetId | undefined {
  const arm = ARM_VERSION_ID.exec(id.trim());
  if (arm) {
    return {
      scopeKind: arm[1]!.toLowerCase() === "registries" ? "registry" : "workspace",
      scope: arm[2]!,
      type: arm[3]!,
      name: arm[4]!,
      version: arm[5]!,
    };
  }
  const analysis = analyzeAssetReference(id.trim());
  if (!analysis.ok) return undefined;
  const ref = analysis.reference;
  switch (ref.form) {
    case "registry":
      return ref.version
        ? {
            scopeKind: "registry",
            scope: ref.registry,
            type: ref.assetType,
            name: ref.name,
            version: ref.version,
          }
        : undefined;
    case "workspace-long":
      return {
        scopeKind: "workspace",
        scope: ref.workspace,
        type: ref.assetType,
        name: ref.name,
        version: ref.version,
      };
    case "workspace":
      return ref.version ? { scopeKind: "workspace", name: ref.name, version: ref.version } : undefined;
    default:
      return undefined;
  }
}

/** Same asset version: equal keys, or a short workspace reference that matches on name and version. */
function sameAsset(a: string, b: string): boolean {
  const pa = parseAssetId(a);
  const pb = parseAssetId(b);
  if (!pa || !pb) return a.trim().toLowerCase() === b.trim().toLowerCase();
  const eq = (x?: string, y?: string) =>
    x === undefined || y === undefined || x.toLowerCase() === y.toLowerCase();
  return (
    pa.scopeKind === pb.scopeKind &&
    eq(pa.scope, pb.scope) &&
    eq(pa.type, pb.type) &&
    pa.name.toLowerCase() === pb.name.toLowerCase() &&
    pa.version.toLowerCase() === pb.version.toLowerCase()
  );
}

function scopeOfId(id: string): { kind: "registry" | "workspace"; name: string } | undefined {
  const match = /\/(workspaces|registries)\/([^/]+)/i.exec(id);
  if (!match) return undefined;
  return { kind: match[1]!.toLowerCase() === "registries" ? "registry" : "workspace", name: match[2]! };
}

function labelFor(id: string, facts: LineageFacts): string {
  const parsed = parseAssetId(id);
  if (!parsed) return "asset";
  const env = parsed.scope ? facts.environmentOf?.(parsed.scope) : undefined;
  return [env, parsed.scopeKind, parsed.scope].filter(Boolean).join(" ") + " version";
}

function assetLink(asset: AssetVersionFacts, facts: LineageFacts): LineageLink {
  const parsed = parseAssetId(asset.id);
  const properties = asset.properties ?? {};
  const env = parsed?.scope ? facts.environmentOf?.(parsed.scope) : undefined;
  const link: LineageLink = {
    stage: parsed?.scopeKind ?? "unknown",
    label: [env, parsed?.scopeKind ?? "asset", parsed?.scope].filter(Boolean).join(" "),
    id: asset.id,
    name: asset.name,
    version: asset.version,
    ledger: recordsAbout(facts.records, (subject) =>
      Object.values(subject).some((value) => sameAsset(value, asset.id)),
    ),
  };
  const set = <K extends keyof LineageLink>(key: K, value: LineageLink[K] | undefined) => {
    if (value !== undefined && value !== "") link[key] = value;
  };
  set("digest", properties[LINEAGE_PROPERTIES.digest]);
  set("promotedBy", properties[LINEAGE_PROPERTIES.promotedBy]);
  set("promotedAt", properties[LINEAGE_PROPERTIES.promotedAt]);
  set("createdBy", asset.createdBy ?? properties[LINEAGE_PROPERTIES.registeredBy]);
  set("createdAt", asset.createdAt);
  const approvalId = properties[LINEAGE_PROPERTIES.approvalId];
  if (approvalId) {
    link.approval = approvalFrom(approvalId, facts.records);
    const more = recordsAbout(facts.records, (subject) => subject.requestId === approvalId);
    link.ledger = mergeBySeq(link.ledger, more);
  }
  return link;
}

function unknownLink(id: string, facts: LineageFacts): LineageLink {
  const parsed = parseAssetId(id);
  const link: LineageLink = {
    stage: parsed?.scopeKind ?? "unknown",
    label: labelFor(id, facts).replace(/ version$/, ""),
    id,
    ledger: [],
  };
  if (parsed) {
    link.name = parsed.name;
    link.version = parsed.version;
  }
  return link;
}

function approvalFrom(requestId: string, records: readonly LedgerRecord[] | undefined): LineageApproval {
  const approval: LineageApproval = { requestId, approvedBy: [] };
  for (const record of records ?? []) {
    const dataRequestId = (record.data as { requestId?: unknown }).requestId;
    if (record.subject.requestId !== requestId && dataRequestId !== requestId) continue;
    if (record.type === "approval.requested") {
      // A CI-filed request is the dispatching person's (its OIDC evidence names them), not the CI identity's.
      const ci = (record.data as { ci?: { actor?: unknown } }).ci;
      approval.requestedBy =
        typeof ci?.actor === "string" ? `${ci.actor} (via ${record.actor.name})` : record.actor.name;
      approval.requestedAt = record.at;
    } else if (record.type === "approval.granted") {
      if (!approval.approvedBy.includes(record.actor.name)) approval.approvedBy.push(record.actor.name);
      approval.approvedAt = record.at;
    } else if (record.type === "approval.rejected") {
      approval.rejectedBy = record.actor.name;
    }
  }
  return approval;
}

function recordsAbout(
  records: readonly LedgerRecord[] | undefined,
  about: (subject: Readonly<Record<string, string>>) => boolean,
): LineageLink["ledger"] {
  return (records ?? [])
    .filter((record) => about(record.subject))
    .sort((a, b) => a.seq - b.seq)
    .map((record) => ({ seq: record.seq, type: record.type, at: record.at, actor: record.actor.name }));
}

function mergeBySeq(a: LineageLink["ledger"], b: LineageLink["ledger"]): LineageLink["ledger"] {
  const bySeq = new Map([...a, ...b].map((entry) => [entry.seq, entry]));
  return [...bySeq.values()].sort((x, y) => x.seq - y.seq);
}

/** Job properties such as `metrics.mae: "2.31"` when the caller has no metrics map. */
function metricsFromProperties(
  properties: Readonly<Record<string, string>> | undefined,
): Record<string, string> {
  const metrics: Record<string, string> = {};
  for (const [key, value] of Object.entries(properties ?? {})) {
    if (key.startsWith("metrics.")) metrics[key.slice("metrics.".length)] = value;
  }
  return metrics;
}

function equalsIgnoreCase(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}
