/**
 * @module console/catalogue-data
 * What both environments hold: the dev and prod workspaces and registries, all four asset kinds, every version
 * with its Airlock digest, and where prod serves it (online deployments whose model is that version). Read with
 * the user's own identities (dev side as the dev identity, prod side as the prod identity), as the CLI reads.
 * A scope the user may not read is reported as such, not as empty.
 */
import { ArmError } from "../arm/errors.ts";
import type { AssetKind as ArmAssetKind, AssetVersion, OnlineDeployment } from "../arm/types.ts";
import { ARM_KIND, PROP } from "../assets/index.ts";
import type { AssetKind } from "../assets/types.ts";
import type { Connection } from "../connect/connection.ts";
import { normalizeAssetId } from "../governance/lineage.ts";
import type { Purpose } from "../platform/index.ts";

export const KINDS: readonly AssetKind[] = ["model", "data", "environment", "component"];

export interface CatalogueVersion {
  kind: AssetKind;
  name: string;
  version: string;
  id: string;
  digest?: string;
  bytes?: number;
  files?: number;
  createdBy?: string;
  createdAt?: string;
  registeredBy?: string;
  trainedBy?: string;
  promotedFrom?: string;
  /** `endpoint/deployment (traffic %)` of the prod deployments serving this version. */
  deployedAt: string[];
}

export interface CatalogueScope {
  env: Purpose;
  type: "workspace" | "registry";
  name: string;
  versions: CatalogueVersion[];
  /** Set when the scope could not be read (e.g. 403 for this identity). */
  error?: string;
}

export interface ProdDeployment {
  endpoint: string;
  deployment: string;
  model: string;
  traffic: number;
}

/** At most this many ARM reads at once (the twin and ARM throttle; the machine is small). */
const CONCURRENCY = 8;

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      out[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

function reason(error: unknown): string {
  if (error instanceof ArmError) return `${error.status} ${error.code}`;
  return error instanceof Error ? error.message.split("\n")[0]! : String(error);
}

/** Every deployment of every prod online endpoint, with its share of traffic. */
export async function prodDeployments(connection: Connection): Promise<ProdDeployment[]> {
  const workspace = connection.workspace("prod");
  const endpoints = await workspace.onlineEndpoints.list().toArray();
  const lists = await mapLimit(endpoints, CONCURRENCY, async (endpoint) => {
    const deployments: OnlineDeployment[] = await workspace.onlineDeployments(endpoint.name).list().toArray();
    const traffic = endpoint.properties.traffic ?? {};
    return deployments.map((d) => ({
      endpoint: endpoint.name,
      deployment: d.name,
      model: d.properties.model ?? "",
      traffic: traffic[d.name] ?? 0,
    }));
  });
  return lists.flat();
}

function versionOf(kind: AssetKind, version: AssetVersion<ArmAssetKind>, name: string): CatalogueVersion {
  const props = version.properties.properties ?? {};
  const out: CatalogueVersion = { kind, name, version: version.name, id: version.id, deployedAt: [] };
  const set = <K extends keyof CatalogueVersion>(key: K, value: CatalogueVersion[K] | undefined) => {
    if (value !== undefined && value !== "") out[key] = value;
  };
  set("digest", props[PROP.digest]);
  set("bytes", props[PROP.bytes] !== undefined ? Number(props[PROP.bytes]) : undefined);
  set("files", props[PROP.files] !== undefined ? Number(props[PROP.files]) : undefined);
  set("createdBy", version.systemData?.createdBy);
  set("createdAt", version.systemData?.createdAt);
  set("registeredBy", props[PROP.registeredBy]);
  set("trainedBy", props[PROP.trainedBy]);
  set("promotedFrom", props[PROP.sourceAsset]);
  return out;
}

async function readScope(
  connection: Connection,
  env: Purpose,
  type: "workspace" | "registry",
): Promise<CatalogueScope> {
  const names = connection.env(env).names;
  const scope = type === "workspace" ? connection.workspace(env) : connection.registry(env);
  const result: CatalogueScope = {
    env,
    type,
    name: type === "workspace" ? names.workspace : names.registry,
    versions: [],
  };
  try {
    const containers = (
      await Promise.all(
        KINDS.map(async (kind) =>
          (await scope.containers(ARM_KIND[kind]).list().toArray()).map((c) => ({ kind, name: c.name })),
        ),
      )
    ).flat();
    const lists = await mapLimit(containers, CONCURRENCY, async ({ kind, name }) =>
      (await scope.versions(ARM_KIND[kind], name).list().toArray()).map((v) => versionOf(kind, v, name)),
    );
    result.versions = lists.flat();
  } catch (error) {
    result.error = reason(error);
  }
  return result;
}

export interface Catalogue {
  scopes: CatalogueScope[];
  deployments: ProdDeployment[];
  deploymentsError?: string;
}

/** Both environments, each scope read concurrently; prod deployments attached to the versions they serve. */
export async function readCatalogue(connection: Connection): Promise<Catalogue> {
  const [scopes, deployments] = await Promise.all([
    Promise.all([
      readScope(connection, "dev", "workspace"),
      readScope(connection, "dev", "registry"),
      readScope(connection, "prod", "registry"),
      readScope(connection, "prod", "workspace"),
    ]),
    prodDeployments(connection).then(
      (list) => ({ list }),
      (error: unknown) => ({ list: [] as ProdDeployment[], error: reason(error) }),
    ),
  ]);
  const served = new Map<string, string[]>();
  for (const d of deployments.list) {
    const key = normalizeAssetId(d.model);
    served.set(key, [...(served.get(key) ?? []), `${d.endpoint}/${d.deployment} (${d.traffic}%)`]);
  }
  for (const scope of scopes) {
    for (const version of scope.versions) {
      version.deployedAt = served.get(normalizeAssetId(version.id)) ?? [];
    }
  }
  return {
    scopes,
    deployments: deployments.list,
    ...("error" in deployments ? { deploymentsError: deployments.error } : {}),
  };
}
