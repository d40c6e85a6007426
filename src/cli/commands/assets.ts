/** @module cli/commands/assets — `airlock <kind> list|show` over a workspace or registry of dev or prod. */
import { ARM_KIND } from "../../assets/arm-body.ts";
import { PROP } from "../../assets/properties.ts";
import type { Connection } from "../../connect/connection.ts";
import type { AssetVersion } from "../../contract/types.ts";
import { InputError, NotFoundError } from "../../errors.ts";
import type { Purpose } from "../../platform/index.ts";
import type { AssetSpec } from "../../promotion/asset-spec.ts";
import { type AssetRefOptions, parseAssetRef } from "../asset-ref.ts";
import { namedOnTwin } from "../names.ts";
import { printResult } from "../output.ts";
import { connectFrom, type TargetOptions } from "./target.ts";

interface ScopeOptions extends TargetOptions {
  env?: string;
  registryName?: string;
  registry?: boolean;
}

/** Where assets are read: one workspace or registry, named as the platform names it. */
export interface AssetScopeView {
  type: "workspace" | "registry";
  name: string;
  env: Purpose;
}

/** One version, as list and show print it (show adds `properties` and `tags`). */
export interface AssetVersionView {
  kind: AssetSpec["kind"];
  name: string;
  version: string;
  scope: AssetScopeView;
  digest: string | null;
  bytes: number | null;
  createdAt: string | null;
  createdBy: string | null;
  registeredBy: string | null;
}

function scopeOf(connection: Connection, options: ScopeOptions): AssetScopeView {
  const env = options.env ?? "dev";
  if (options.registryName !== undefined) {
    for (const purpose of ["dev", "prod"] as const)
      if (connection.env(purpose).names.registry === options.registryName)
        return { type: "registry", name: options.registryName, env: purpose };
    throw new NotFoundError(
      "REGISTRY_NOT_FOUND",
      `no registry "${options.registryName}" in this platform; its registries are ${connection.env("dev").names.registry} (dev) and ${connection.env("prod").names.registry} (prod)`,
    );
  }
  if (env !== "dev" && env !== "prod")
    throw new InputError("ARG_INVALID", `--env must be dev or prod, not "${env}"`);
  const names = connection.env(env).names;
  return options.registry
    ? { type: "registry", name: names.registry, env }
    : { type: "workspace", name: names.workspace, env };
}

function armScope(connection: Connection, scope: AssetScopeView) {
  return scope.type === "registry" ? connection.registry(scope.env) : connection.workspace(scope.env);
}

function view(
  kind: AssetSpec["kind"],
  scope: AssetScopeView,
  version: AssetVersion<never>,
): AssetVersionView {
  const properties = (version.properties as { properties?: Record<string, string> }).properties ?? {};
  const bytes = properties[PROP.bytes];
  return {
    kind,
    name: version.id?.split("/").at(-3) ?? "",
    version: version.name,
    scope,
    digest: properties[PROP.digest] ?? null,
    bytes: bytes === undefined ? null : Number(bytes),
    createdAt: version.systemData?.createdAt ?? null,
    createdBy: version.systemData?.createdBy ?? null,
    registeredBy: properties[PROP.registeredBy] ?? null,
  };
}

const isNotFound = (error: unknown) => (error as { status?: number }).status === 404;

export async function listAssetsCommand(
  kind: AssetSpec["kind"],
  options: ScopeOptions & { name?: string; maxResults?: string },
) {
  const max = options.maxResults === undefined ? undefined : Number(options.maxResults);
  if (max !== undefined && (!Number.isInteger(max) || max < 1))
    throw new InputError(
      "ARG_INVALID",
      `--max-results must be a positive whole number, not "${options.maxResults}"`,
    );
  const connection = await connectFrom(options);
  const scope = scopeOf(connection, options);
  const arm = armScope(connection, scope);
  const names = options.name
    ? [options.name]
    : (await arm.containers(ARM_KIND[kind]).list().toArray()).map((c) => c.name);
  const versions: AssetVersionView[] = [];
  for (const name of names) {
    const listed = await arm
      .versions(ARM_KIND[kind], name)
      .list()
      .toArray()
      .catch((error: unknown) => {
        if (isNotFound(error)) return [];
        throw error;
      });
    for (const v of listed) versions.push({ ...view(kind, scope, v as AssetVersion<never>), name });
  }
  versions.sort(
    (a, b) => a.name.localeCompare(b.name) || (b.createdAt ?? "").localeCompare(a.createdAt ?? ""),
  );
  const shown = await namedOnTwin(connection.mode, max === undefined ? versions : versions.slice(0, max));
  printResult(options, shown, () =>
    shown.length === 0
      ? `no ${kind} versions in the ${scope.env} ${scope.type} ${scope.name}`
      : [
          `${kind} versions in the ${scope.env} ${scope.type} ${scope.name}:`,
          ...shown.map((v) =>
            `  ${v.name}:${v.version}  ${v.digest ?? "(no digest)"}  ${v.createdAt ?? ""}`.trimEnd(),
          ),
        ].join("\n"),
  );
}

export async function showAssetCommand(
  kind: AssetSpec["kind"],
  text: string | undefined,
  options: ScopeOptions & AssetRefOptions,
) {
  const ref = parseAssetRef(kind, text, options);
  const connection = await connectFrom(options);
  const scope = scopeOf(connection, options);
  const arm = armScope(connection, scope);
  const versions = arm.versions(ARM_KIND[kind], ref.name);
  let version: AssetVersion<never>;
  try {
    if (ref.version !== undefined) version = (await versions.get(ref.version)) as AssetVersion<never>;
    else {
      const all = (await versions.list().toArray()) as AssetVersion<never>[];
      const newest = all.sort((a, b) =>
        (b.systemData?.createdAt ?? "").localeCompare(a.systemData?.createdAt ?? ""),
      )[0];
      if (!newest) throw Object.assign(new Error("none"), { status: 404 });
      version = newest;
    }
  } catch (error) {
    if (!isNotFound(error)) throw error;
    throw new NotFoundError(
      "ASSET_NOT_FOUND",
      `no ${kind} ${ref.name}${ref.version !== undefined ? `:${ref.version}` : "@latest"} in the ${scope.env} ${scope.type} ${scope.name}`,
    );
  }
  const properties = version.properties as {
    properties?: Record<string, string>;
    tags?: Record<string, string>;
  };
  const shown = await namedOnTwin(connection.mode, {
    ...view(kind, scope, version),
    name: ref.name,
    properties: properties.properties ?? {},
    tags: properties.tags ?? {},
  });
  printResult(options, shown, () =>
    [
      `${kind} ${shown.name}:${shown.version} in the ${scope.env} ${scope.type} ${scope.name}`,
      `  digest         ${shown.digest ?? "(none)"}`,
      ...(shown.bytes !== null ? [`  bytes          ${shown.bytes}`] : []),
      `  created        ${shown.createdAt ?? "?"} by ${shown.createdBy ?? "?"}`,
      ...(shown.registeredBy ? [`  registered by  ${shown.registeredBy}`] : []),
      ...Object.entries(shown.tags).map(([k, v]) => `  tag ${k} = ${v}`),
    ].join("\n"),
  );
}
