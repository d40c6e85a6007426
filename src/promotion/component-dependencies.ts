/**
 * @module promotion/component-dependencies
 * A component runs only where every environment it references resolves: checked before anything is created,
 * at registration (dev) and at promotion (prod).
 */
import { getOrUndefined } from "../arm/errors.ts";
import { type AssetDefinition, parseAssetReference } from "../assets/index.ts";
import type { Connection } from "../connect/connection.ts";
import { InputError } from "../errors.ts";
import { type Purpose, repoRelative } from "../platform/index.ts";
import { CURATED_REGISTRY } from "./resolve-asset.ts";

/** Every environment a component references must exist where it will run, before anything is created. */
export async function assertComponentDependencies(
  connection: Connection,
  asset: Extract<AssetDefinition, { kind: "component" }>,
  options: { env: Purpose; componentEnvironment?: string; crossEnvironmentDependency?: string },
): Promise<void> {
  const missing = await missingComponentDependencies(connection, asset, options);
  if (missing.length > 0) {
    throw new InputError(
      "COMPONENT_DEPENDENCIES_MISSING",
      `${repoRelative(asset.file)}: component ${asset.name}:${asset.version} depends on what the ${options.env} workspace cannot resolve:\n  - ${missing.join("\n  - ")}`,
      { missing },
    );
  }
}

export async function missingComponentDependencies(
  connection: Connection,
  asset: Extract<AssetDefinition, { kind: "component" }>,
  options: { env: Purpose; componentEnvironment?: string; crossEnvironmentDependency?: string },
): Promise<string[]> {
  const missing: string[] = [];
  const written =
    options.componentEnvironment ??
    ("reference" in asset.environment ? asset.environment.written : undefined);
  if (written === undefined || written === options.crossEnvironmentDependency) return missing;
  const reference = parseAssetReference(written);
  if (reference.form === "workspace") {
    const found = await getOrUndefined(() =>
      connection
        .workspace(options.env)
        .versions("environments", reference.name)
        .get(reference.version ?? ""),
    );
    if (!found) missing.push(`environment ${written} (not in the ${options.env} workspace)`);
  } else if (reference.form === "registry" && reference.registry === CURATED_REGISTRY) {
    // Microsoft's curated registry is reachable from every workspace and resolves its labels when a job
    // runs. In dev that is what az ml does; prod takes only a pinned version, so what runs is what was approved.
    if (options.env === "prod" && reference.version === undefined) {
      missing.push(
        `environment ${written} (a floating label in the curated registry: pin a version, .../versions/<n>, so the approval binds one environment)`,
      );
    }
  } else if (reference.form === "registry") {
    const registry = connection.env(options.env).names.registry;
    if (reference.registry !== registry) {
      missing.push(
        `environment ${written} (registry ${reference.registry} is not the ${options.env} registry ${registry})`,
      );
    } else {
      const found = await getOrUndefined(() =>
        connection
          .registry(options.env)
          .versions("environments", reference.name)
          .get(reference.version ?? ""),
      );
      if (!found) missing.push(`environment ${written} (not in registry ${registry})`);
    }
  } else {
    missing.push(`environment ${written} (not an environment reference)`);
  }
  return missing;
}
