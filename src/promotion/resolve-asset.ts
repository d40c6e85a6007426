/**
 * @module promotion/resolve-asset
 * What az ml resolves against the workspace before it creates a version, done here before anything is
 * digested, uploaded, requested or approved:
 * - a missing `version:` becomes the container's `nextVersion`, or "1" when there is no container yet
 *   (azure-ai-ml `_get_next_version_from_container` / `_create_or_update_autoincrement`, for models, data,
 *   environments and components alike);
 * - a component's environment label becomes a concrete version: `azureml:<name>@latest` and
 *   `azureml://registries/<own registry>/environments/<name>/labels/latest` → the container's `latestVersion`
 *   (the last one created; azure-ai-ml `_resolve_label_to_asset` → `_get_latest_version`). `latest` is the
 *   only label az ml resolves. References into Microsoft's curated `azureml` registry stay as written: az ml
 *   passes registry references on unresolved and the service resolves them when a job runs.
 */
import { getOrUndefined } from "../arm/errors.ts";
import {
  ARM_KIND,
  type AssetDefinition,
  type AssetReference,
  analyzeAssetReference,
  formatAssetReference,
  PROP,
} from "../assets/index.ts";
import type { Connection } from "../connect/connection.ts";
import { InputError } from "../errors.ts";
import type { Purpose } from "../platform/index.ts";

/** Microsoft's curated registry, reachable from every workspace (its labels resolve service-side). */
export const CURATED_REGISTRY = "azureml";

/** The definition with its version and its component environment label resolved (nothing else changes). */
export async function resolveForRegistration<A extends AssetDefinition>(
  connection: Connection,
  asset: A,
  env: Purpose,
): Promise<A> {
  let resolved: A = asset;
  if (asset.versionSource === "auto" && asset.version === "") {
    resolved = { ...resolved, version: await nextVersion(connection, asset, env) };
  }
  if (resolved.kind === "component" && "reference" in resolved.environment) {
    const written = resolved.environment.written;
    const reference = await resolveEnvironmentLabel(connection, resolved.environment.reference, written, env);
    if (reference !== resolved.environment.reference) {
      const text = formatAssetReference(reference);
      resolved = {
        ...resolved,
        environment: { reference, written: text },
        document: { ...resolved.document, environment: text },
      };
    }
  }
  return resolved;
}

async function nextVersion(connection: Connection, asset: AssetDefinition, env: Purpose): Promise<string> {
  const container = await getOrUndefined(() =>
    connection.workspace(env).containers(ARM_KIND[asset.kind]).get(asset.name),
  );
  return container?.properties.nextVersion || "1";
}

async function resolveEnvironmentLabel(
  connection: Connection,
  reference: AssetReference,
  written: string,
  env: Purpose,
): Promise<AssetReference> {
  if ((reference.form !== "workspace" && reference.form !== "registry") || reference.label === undefined) {
    return reference;
  }
  if (reference.form === "registry" && reference.registry !== connection.env(env).names.registry) {
    return reference;
  }
  if (reference.label !== "latest") {
    throw new InputError(
      "ASSET_LABEL_UNSUPPORTED",
      `environment ${written}: '${reference.label}' is not a label az ml resolves; use '@latest' (or '/labels/latest'), or pin a version`,
      { reference: written },
    );
  }
  const scope = reference.form === "workspace" ? connection.workspace(env) : connection.registry(env);
  const where = reference.form === "workspace" ? `the ${env} workspace` : `registry ${reference.registry}`;
  const container = await getOrUndefined(() => scope.containers("environments").get(reference.name));
  const latest = container?.properties.latestVersion;
  if (!latest) {
    throw new InputError(
      "ASSET_LABEL_UNRESOLVED",
      `environment ${written}: ${where} has no version of environment ${reference.name} for '@latest' to resolve to; register the environment first`,
      { reference: written },
    );
  }
  const { label: _label, ...rest } = reference;
  return { ...rest, version: latest };
}

/**
 * A definition re-read from version control (promotion) as it was registered: the version the dev version
 * has when the file names none, and the environment its label resolved to then (recorded on the version).
 * The recorded resolution is taken only when it is the file's own label resolved (same name and place), so a
 * property cannot swap in another environment; the digest check that follows binds the rest.
 */
export function asRegistered<A extends AssetDefinition>(
  definition: A,
  version: string,
  properties: Record<string, string>,
): A {
  let resolved: A = definition;
  if (definition.versionSource === "auto" && definition.version === "") resolved = { ...resolved, version };
  const recorded = properties[PROP.resolvedEnvironment];
  if (recorded && resolved.kind === "component" && "reference" in resolved.environment) {
    const label = resolved.environment.reference;
    const analysis = analyzeAssetReference(recorded);
    if (
      analysis.ok &&
      label.form === analysis.reference.form &&
      "label" in label &&
      label.label !== undefined &&
      "name" in analysis.reference &&
      analysis.reference.name === label.name &&
      (label.form !== "registry" ||
        (analysis.reference.form === "registry" && analysis.reference.registry === label.registry))
    ) {
      resolved = {
        ...resolved,
        environment: { reference: analysis.reference, written: recorded },
        document: { ...resolved.document, environment: recorded },
      };
    }
  }
  return resolved;
}
