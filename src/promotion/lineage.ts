/**
 * @module promotion/lineage
 * `airlock lineage <endpoint | model name@version>`: reads the facts (ARM GETs on both platforms, acting as
 * each side's own identity, plus the ledger) and hands them to governance/lineage.ts, which builds the chain
 * endpoint → deployment → prod registry version → dev registry version → dev workspace version → training run.
 *
 * One link is not written on any version: `publish` copies a workspace version into the dev registry without
 * a source property. That link is taken from the approval request in the ledger (it names the dev workspace
 * version it approved), or else from the dev workspace version with the same name, version and digest — and
 * reported under `inferred`. A training run is described by the dev workspace version (`jobName` or
 * `airlock.job_name`, and `metrics.*` properties), since Airlock reads no job history.
 */

import { getOrUndefined } from "../arm/errors.ts";
import type { AssetKind, AssetVersion, OnlineDeployment } from "../arm/types.ts";
import type { Connection } from "../connect/connection.ts";
import { InputError, NotFoundError } from "../errors.ts";
import type { LedgerRecord } from "../governance/ledger.ts";
import {
  type AssetVersionFacts,
  type DeploymentFacts,
  LINEAGE_PROPERTIES,
  type LineageChain,
  lineageForAsset,
  lineageForEndpoint,
  type RunFacts,
} from "../governance/lineage.ts";
import { loadPolicy } from "../governance/policy.ts";
import { recordsOf } from "../governance/records.ts";
import type { Purpose } from "../platform/index.ts";
import { parseNameAtVersion } from "./deploy.ts";
import { getEndpoint, ONLINE_NAME } from "./deploy-endpoint.ts";
import { openApprovals } from "./trust.ts";

export interface LineageReport {
  target: string;
  kind: "endpoint" | "model";
  scoringUri?: string;
  chains: LineageChain[];
  /** Links taken from the ledger or by matching digests rather than from a version property. */
  inferred: string[];
}

const MAX_DEPTH = 8;

export async function lineage(connection: Connection, target: string): Promise<LineageReport> {
  // Decisions the gate does not count (unsigned, forged, replayed) are not shown as anyone's approval.
  const approvals = await openApprovals(connection, await loadPolicy());
  const notCounted = new Set((await approvals.status()).ignored.map((i) => i.seq));
  const records = (await (await connection.ledger()).read()).filter((record) => !notCounted.has(record.seq));
  const collector = new FactCollector(connection, records);
  if (!target.includes("@") && !target.startsWith("azureml:")) {
    if (!ONLINE_NAME.test(target)) {
      throw new InputError(
        "LINEAGE_TARGET_INVALID",
        `lineage target ${JSON.stringify(target)} is neither an endpoint name nor <model>@<version>`,
      );
    }
    const endpoint = await getEndpoint(connection, target);
    if (!endpoint) {
      throw new NotFoundError(
        "ENDPOINT_NOT_FOUND",
        `endpoint ${target} does not exist in the prod workspace ${connection.env("prod").names.workspace}`,
      );
    }
    const deployments = await connection.workspace("prod").onlineDeployments(target).list().toArray();
    const traffic = endpoint.properties.traffic ?? {};
    const facts: DeploymentFacts[] = deployments.map((d) => deploymentFacts(target, d, traffic[d.name] ?? 0));
    for (const deployment of facts) await collector.follow(deployment.model);
    return {
      target,
      kind: "endpoint",
      ...(endpoint.properties.scoringUri ? { scoringUri: endpoint.properties.scoringUri } : {}),
      chains: lineageForEndpoint(target, collector.facts(facts)),
      inferred: collector.inferred,
    };
  }
  const id = target.startsWith("azureml:")
    ? target
    : (() => {
        const spec = parseNameAtVersion(target, "lineage target");
        return `azureml://registries/${connection.env("prod").names.registry}/models/${spec.name}/versions/${spec.version}`;
      })();
  await collector.follow(id);
  return {
    target,
    kind: "model",
    chains: [lineageForAsset(id, collector.facts([]))],
    inferred: collector.inferred,
  };
}

function deploymentFacts(endpoint: string, deployment: OnlineDeployment, traffic: number): DeploymentFacts {
  const facts: DeploymentFacts = {
    endpoint,
    name: deployment.name,
    model: deployment.properties.model ?? "",
    traffic,
    id: deployment.id,
  };
  if (deployment.properties.environmentId) facts.environment = deployment.properties.environmentId;
  if (deployment.systemData?.createdBy) facts.createdBy = deployment.systemData.createdBy;
  if (deployment.systemData?.createdAt) facts.createdAt = deployment.systemData.createdAt;
  return facts;
}

interface ParsedId {
  scope: "registry" | "workspace";
  scopeName: string;
  kind: AssetKind;
  name: string;
  version: string;
}

const REGISTRY_ID =
  /^azureml:\/\/registries\/([^/]+)\/(models|data|environments|components|codes)\/([^/]+)\/versions\/([^/]+)$/i;
const ARM_ID =
  /^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/microsoft\.machinelearningservices\/(workspaces|registries)\/([^/]+)\/(models|data|environments|components|codes)\/([^/]+)\/versions\/([^/]+)$/i;
const AZUREML_WORKSPACE_ID =
  /^azureml:\/\/(?:subscriptions\/[^/]+\/resourcegroups\/[^/]+|locations\/[^/]+)\/workspaces\/([^/]+)\/(models|data|environments|components|codes)\/([^/]+)\/versions\/([^/]+)$/i;

function parseId(id: string): ParsedId | undefined {
  let match = REGISTRY_ID.exec(id);
  if (match)
    return {
      scope: "registry",
      scopeName: match[1]!,
      kind: match[2]!.toLowerCase() as AssetKind,
      name: match[3]!,
      version: match[4]!,
    };
  match = ARM_ID.exec(id);
  if (match) {
    return {
      scope: match[1]!.toLowerCase() === "registries" ? "registry" : "workspace",
      scopeName: match[2]!,
      kind: match[3]!.toLowerCase() as AssetKind,
      name: match[4]!,
      version: match[5]!,
    };
  }
  match = AZUREML_WORKSPACE_ID.exec(id);
  if (match)
    return {
      scope: "workspace",
      scopeName: match[1]!,
      kind: match[2]!.toLowerCase() as AssetKind,
      name: match[3]!,
      version: match[4]!,
    };
  return undefined;
}

/** Reads asset versions along `airlock.source_asset`, each from its own platform. */
class FactCollector {
  readonly inferred: string[] = [];
  readonly #connection: Connection;
  readonly #records: readonly LedgerRecord[];
  readonly #assets = new Map<string, AssetVersionFacts>();
  readonly #runs: RunFacts[] = [];
  #workspaceIds: Map<string, Purpose> | undefined;

  constructor(connection: Connection, records: readonly LedgerRecord[]) {
    this.#connection = connection;
    this.#records = records;
  }

  facts(deployments: DeploymentFacts[]) {
    return {
      assets: [...this.#assets.values()],
      deployments,
      runs: this.#runs,
      records: this.#records,
      environmentOf: (scope: string) => this.#environmentOfName(scope),
    };
  }

  async follow(start: string): Promise<void> {
    let current: string | undefined = start;
    for (let depth = 0; current && depth < MAX_DEPTH; depth++) {
      if (this.#assets.has(current)) return;
      const parsed = parseId(current);
      if (!parsed) return;
      const purpose = await this.#environmentOf(parsed);
      if (!purpose) return;
      const version = await this.#read(purpose, parsed);
      if (!version) return;
      const properties = { ...(version.properties.properties ?? {}) };
      const facts: AssetVersionFacts = {
        id: current,
        name: parsed.name,
        version: parsed.version,
        properties,
        ...(version.properties.tags ? { tags: version.properties.tags } : {}),
        ...(version.systemData?.createdBy ? { createdBy: version.systemData.createdBy } : {}),
        ...(version.systemData?.createdAt ? { createdAt: version.systemData.createdAt } : {}),
      };
      const jobName =
        (version.properties as { jobName?: string }).jobName ?? properties[LINEAGE_PROPERTIES.jobName];
      let source = properties[LINEAGE_PROPERTIES.sourceAsset];
      if (!source && parsed.scope === "registry" && purpose === "dev") {
        source = await this.#workspaceSourceOf(parsed, properties[LINEAGE_PROPERTIES.digest]);
        if (source) properties[LINEAGE_PROPERTIES.sourceAsset] = source;
      }
      if (!source && jobName) {
        facts.jobName = jobName;
        const run: RunFacts = { name: jobName, properties };
        const by = properties[LINEAGE_PROPERTIES.registeredBy] ?? version.systemData?.createdBy;
        if (by) run.createdBy = by;
        if (version.systemData?.createdAt) run.createdAt = version.systemData.createdAt;
        this.#runs.push(run);
      }
      this.#assets.set(current, facts);
      current = source;
    }
  }

  async #read(purpose: Purpose, parsed: ParsedId): Promise<AssetVersion<AssetKind> | undefined> {
    const scope =
      parsed.scope === "registry" ? this.#connection.registry(purpose) : this.#connection.workspace(purpose);
    return getOrUndefined(() => scope.versions(parsed.kind, parsed.name).get(parsed.version));
  }

  /** The dev workspace version a dev registry version was published from. */
  async #workspaceSourceOf(parsed: ParsedId, digest: string | undefined): Promise<string | undefined> {
    const kind =
      parsed.kind === "models" ? "model" : parsed.kind === "data" ? "data" : parsed.kind.replace(/s$/, "");
    const request = recordsOf(this.#records, "approval.requested")
      .reverse()
      .find(
        (record) =>
          // A deployment request names the prod model it serves, not the dev version it came from.
          record.data.deployment === undefined &&
          record.data.asset?.name === parsed.name &&
          record.data.asset?.version === parsed.version &&
          record.data.asset?.kind === kind,
      );
    const fromLedger = request?.data.asset?.source;
    if (fromLedger && parseId(fromLedger)?.scope === "workspace") {
      this.inferred.push(
        `dev registry ${parsed.name}@${parsed.version} ← dev workspace: from approval request ${String(request!.data.requestId)} (ledger seq ${request!.seq})`,
      );
      return fromLedger;
    }
    const candidate = await getOrUndefined(() =>
      this.#connection.workspace("dev").versions(parsed.kind, parsed.name).get(parsed.version),
    );
    if (candidate && digest && candidate.properties.properties?.[LINEAGE_PROPERTIES.digest] === digest) {
      this.inferred.push(
        `dev registry ${parsed.name}@${parsed.version} ← dev workspace: same name, version and digest`,
      );
      return candidate.id;
    }
    return undefined;
  }

  #environmentOfName(name: string): Purpose | undefined {
    for (const purpose of ["dev", "prod"] as const) {
      const names = this.#connection.env(purpose).names;
      if ([names.workspace, names.registry].some((n) => n.toLowerCase() === name.toLowerCase()))
        return purpose;
    }
    return undefined;
  }

  /** By name; a workspace may also be named by its GUID (azureml://locations/… ids). */
  async #environmentOf(parsed: ParsedId): Promise<Purpose | undefined> {
    const byName = this.#environmentOfName(parsed.scopeName);
    if (byName || parsed.scope === "registry") return byName;
    if (!this.#workspaceIds) {
      this.#workspaceIds = new Map();
      for (const purpose of ["dev", "prod"] as const) {
        const workspace = await getOrUndefined(() => this.#connection.workspace(purpose).get());
        const guid = workspace?.properties.workspaceId;
        if (guid) this.#workspaceIds.set(guid.toLowerCase(), purpose);
      }
    }
    return this.#workspaceIds.get(parsed.scopeName.toLowerCase());
  }
}
