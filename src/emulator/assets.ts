/**
 * @module emulator/assets
 * Asset semantics shared by workspaces and registries: body validation per asset type, immutable versions
 * (identical re-PUT → 200, any change to immutable content → 409 `UserError`), add-only `properties`,
 * auto-created containers with latestVersion/nextVersion, and tombstones for deleted registry versions
 * (which can never be recreated). Writes are synchronous sqlite transactions, so create-if-absent is atomic.
 */
import { type ArmError, userError } from "./arm-errors.ts";
import { ML } from "./catalog.ts";
import type { AssetType, TwinRuntime } from "./context.ts";
import { isRecord, isStringMap, type SystemData, systemData } from "./routes/common.ts";
import type { TwinClaims } from "./tokens.ts";

/** A workspace or a registry: where assets live. */
export interface AssetScope {
  kind: "workspace" | "registry";
  /** ARM id, canonical case. */
  id: string;
  /** Store key: the lower-cased id. */
  key: string;
  name: string;
  location: string;
}

const LABEL: Record<AssetType, string> = {
  models: "Model",
  data: "Data",
  environments: "Environment",
  components: "Component",
  codes: "Code",
};

/** Fields that may change on an existing version (properties: add-only); everything else is immutable. */
const MUTABLE = new Set(["description", "tags", "properties", "isArchived", "stage", "provisioningState"]);
const READ_ONLY = new Set(["provisioningState", "environmentType", "latestVersion", "nextVersion"]);
const URI_FIELDS: Record<AssetType, string | undefined> = {
  models: "modelUri",
  data: "dataUri",
  environments: undefined,
  components: undefined,
  codes: "codeUri",
};
export const DATA_TYPES = ["uri_file", "uri_folder", "mltable"];

export function uriFieldOf(type: AssetType): string | undefined {
  return URI_FIELDS[type];
}

/** Rejects bodies Azure would reject (400 UserError naming the field). */
export function validateVersionProperties(type: AssetType, props: unknown): Record<string, unknown> {
  if (!isRecord(props))
    throw userError(400, "The request body must have an object 'properties'.", "properties");
  const requireString = (field: string) => {
    const value = props[field];
    if (typeof value !== "string" || value.trim() === "") {
      throw userError(
        400,
        `${LABEL[type]} version requires a non-empty string 'properties.${field}'.`,
        `properties.${field}`,
      );
    }
  };
  if (
    props.description !== undefined &&
    props.description !== null &&
    typeof props.description !== "string"
  ) {
    throw userError(400, "'properties.description' must be a string.", "properties.description");
  }
  for (const field of ["tags", "properties"]) {
    if (props[field] !== undefined && props[field] !== null && !isStringMap(props[field])) {
      throw userError(
        400,
        `'properties.${field}' must be an object whose values are strings.`,
        `properties.${field}`,
      );
    }
  }
  for (const field of ["isArchived", "isAnonymous"]) {
    if (props[field] !== undefined && typeof props[field] !== "boolean") {
      throw userError(400, `'properties.${field}' must be a boolean.`, `properties.${field}`);
    }
  }
  switch (type) {
    case "models":
      requireString("modelUri");
      if (props.modelType !== undefined && typeof props.modelType !== "string")
        throw userError(400, "'properties.modelType' must be a string.", "properties.modelType");
      break;
    case "data":
      requireString("dataUri");
      if (typeof props.dataType !== "string" || !DATA_TYPES.includes(props.dataType.toLowerCase())) {
        throw userError(
          400,
          `Data version requires 'properties.dataType' to be one of ${DATA_TYPES.join(", ")}.`,
          "properties.dataType",
        );
      }
      break;
    case "environments": {
      const build = props.build;
      const hasImage = typeof props.image === "string" && props.image.trim() !== "";
      const hasBuild = isRecord(build) && typeof build.contextUri === "string" && build.contextUri !== "";
      if (!hasImage && !hasBuild) {
        throw userError(
          400,
          "Environment version requires 'properties.image' or 'properties.build.contextUri'.",
          "properties.image",
        );
      }
      break;
    }
    case "components":
      if (!isRecord(props.componentSpec))
        throw userError(
          400,
          "Component version requires an object 'properties.componentSpec'.",
          "properties.componentSpec",
        );
      break;
    case "codes":
      requireString("codeUri");
      break;
  }
  return props;
}

/** Canonical JSON (sorted keys) of the immutable part of a version's properties. */
export function immutableSpec(props: Record<string, unknown>): string {
  const picked: Record<string, unknown> = {};
  for (const key of Object.keys(props).sort()) {
    if (!MUTABLE.has(key) && !READ_ONLY.has(key) && props[key] !== undefined && props[key] !== null)
      picked[key] = props[key];
  }
  return canonical(picked);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (isRecord(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

const DEFAULTS: Record<AssetType, Record<string, unknown>> = {
  models: { modelType: "custom_model", flavors: {} },
  data: {},
  environments: { osType: "Linux", autoRebuild: "Disabled", environmentType: "UserCreated" },
  components: {},
  codes: {},
};

export const versionType = (scope: AssetScope, type: AssetType) =>
  `${ML}/${scope.kind === "workspace" ? "workspaces" : "registries"}/${type}/versions`;
export const containerType = (scope: AssetScope, type: AssetType) =>
  `${ML}/${scope.kind === "workspace" ? "workspaces" : "registries"}/${type}`;
export const versionId = (scope: AssetScope, type: AssetType, name: string, version: string) =>
  `${scope.id}/${type}/${name}/versions/${version}`;
export const registryAssetId = (registry: string, type: AssetType, name: string, version: string) =>
  `azureml://registries/${registry}/${type}/${name}/versions/${version}`;

export interface VersionWrite {
  status: 200 | 201;
  body: string;
  created: boolean;
}

/**
 * Creates a version (auto-creating its container) or re-applies an identical one. Atomic: runs in one
 * transaction with no await inside.
 */
export function putVersion(
  twin: TwinRuntime,
  scope: AssetScope,
  type: AssetType,
  name: string,
  version: string,
  props: Record<string, unknown>,
  claims: TwinClaims,
  readyAt = 0,
): VersionWrite {
  const store = twin.store;
  const spec = immutableSpec(props);
  return store.transaction(() => {
    const existing = store.getVersion(scope.key, type, name, version);
    if (existing?.deleted_at) {
      throw userError(
        409,
        `Asset ${registryAssetId(scope.name, type, name, version)} was deleted at ${existing.deleted_at}, it cannot be recreated. Please try again with a different version.`,
      );
    }
    if (existing)
      return reapply(twin, scope, type, name, version, props, spec, existing.body, existing.spec, claims);
    const body = JSON.stringify({
      id: versionId(scope, type, name, version),
      name: version,
      type: versionType(scope, type),
      systemData: systemData(claims),
      properties: {
        description: null,
        tags: {},
        properties: {},
        isArchived: false,
        isAnonymous: false,
        ...DEFAULTS[type],
        ...withoutReadOnly(props),
        ...provisioned(type),
      },
    });
    const container = store.getContainer(scope.key, type, name);
    if (!container)
      // A data container carries its versions' dataType (required by the spec's DataContainer).
      store.insertContainer(
        scope.key,
        type,
        name,
        newContainerBody(scope, type, name, type === "data" ? { dataType: props.dataType } : {}, claims),
      );
    store.insertVersion(scope.key, type, name, version, body, spec, readyAt);
    // Incremental (a full recount per insert would make big containers quadratic).
    const next = Math.max(
      Number(container?.next ?? "1") || 1,
      /^\d+$/.test(version) ? Number(version) + 1 : 1,
    );
    store.setContainerLatest(scope.key, type, name, version, String(next));
    return { status: 201, body, created: true };
  });
}

/**
 * Every asset kind but data has a read-only provisioningState (registries fill it): the 2024-10-01 spec's
 * DataContainer and DataVersionBase (additionalProperties: false) have none.
 */
export function provisioned(type: AssetType): { provisioningState?: "Succeeded" } {
  return type === "data" ? {} : { provisioningState: "Succeeded" };
}

function withoutReadOnly(props: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(props))
    if (!READ_ONLY.has(key) && value !== undefined) copy[key] = value;
  return copy;
}

function reapply(
  twin: TwinRuntime,
  scope: AssetScope,
  type: AssetType,
  name: string,
  version: string,
  props: Record<string, unknown>,
  spec: string,
  storedBody: string,
  storedSpec: string,
  claims: TwinClaims,
): VersionWrite {
  const stored = JSON.parse(storedBody) as { systemData: SystemData; properties: Record<string, unknown> };
  if (spec !== storedSpec)
    throw immutabilityConflict(
      scope,
      type,
      name,
      version,
      props,
      JSON.parse(storedSpec) as Record<string, unknown>,
    );
  const merged = mergeMutable(stored.properties, props, `${LABEL[type]} ${name} with version ${version}`);
  if (!merged) return { status: 200, body: storedBody, created: false };
  const body = JSON.stringify({
    ...stored,
    systemData: systemData(claims, stored.systemData),
    properties: merged,
  });
  twin.store.updateVersionBody(scope.key, type, name, version, body);
  return { status: 200, body, created: false };
}

/** Applies description/tags/isArchived/stage and add-only properties; undefined when nothing changes. */
export function mergeMutable(
  current: Record<string, unknown>,
  incoming: Record<string, unknown>,
  what: string,
): Record<string, unknown> | undefined {
  const next = { ...current };
  const before = canonical(current);
  for (const key of ["description", "tags", "isArchived", "stage"]) {
    if (incoming[key] !== undefined) next[key] = incoming[key];
  }
  if (isRecord(incoming.properties)) {
    const existing = (current.properties ?? {}) as Record<string, string>;
    for (const [key, value] of Object.entries(incoming.properties)) {
      if (key in existing && existing[key] !== value) {
        throw userError(
          409,
          `Property '${key}' of ${what} cannot be altered: properties can be added, but not removed or altered.`,
          `properties.properties.${key}`,
        );
      }
    }
    next.properties = { ...existing, ...(incoming.properties as Record<string, string>) };
  }
  return canonical(next) === before ? undefined : next;
}

function immutabilityConflict(
  scope: AssetScope,
  type: AssetType,
  name: string,
  version: string,
  props: Record<string, unknown>,
  stored: Record<string, unknown>,
): ArmError {
  const incoming = JSON.parse(immutableSpec(props)) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(stored), ...Object.keys(incoming)])].sort();
  const changed = keys.find((k) => canonical(stored[k]) !== canonical(incoming[k])) ?? "properties";
  if (scope.kind === "registry") {
    return userError(
      409,
      `Value of property ${changed} for ${LABEL[type].toLowerCase()} ${name} cannot be replaced to ${canonical(incoming[changed] ?? null)} without increasing the version.`,
      `properties.${changed}`,
    );
  }
  if (changed === URI_FIELDS[type])
    return userError(409, "Asset paths cannot be updated.", `properties.${changed}`);
  return userError(
    409,
    `${LABEL[type]} ${name} with version ${version} is already registered and cannot be changed.`,
    `properties.${changed}`,
  );
}

export function newContainerBody(
  scope: AssetScope,
  type: AssetType,
  name: string,
  props: Record<string, unknown>,
  claims: TwinClaims,
): string {
  return JSON.stringify({
    id: `${scope.id}/${type}/${name}`,
    name,
    type: containerType(scope, type),
    systemData: systemData(claims),
    properties: {
      description: null,
      tags: {},
      properties: {},
      isArchived: false,
      ...withoutReadOnly(props),
      ...provisioned(type),
    },
  });
}

/**
 * Recomputes a container's latestVersion (last created live version) and nextVersion (max integer + 1)
 * after a delete.
 */
export function refreshLatest(twin: TwinRuntime, scope: AssetScope, type: AssetType, name: string): void {
  const versions = twin.store.liveVersions(scope.key, type, name);
  const latest = versions.at(-1) ?? null;
  let max = 0;
  for (const v of versions) if (/^\d+$/.test(v)) max = Math.max(max, Number(v));
  twin.store.setContainerLatest(
    scope.key,
    type,
    name,
    latest,
    latest === null && max === 0 ? "1" : String(max + 1),
  );
}

/** A container as read: stored body with latestVersion/nextVersion. */
export function containerView(row: { body: string; latest: string | null; next: string | null }): string {
  const body = JSON.parse(row.body) as { properties: Record<string, unknown> };
  body.properties.latestVersion = row.latest;
  body.properties.nextVersion = row.next ?? "1";
  return JSON.stringify(body);
}

/** A version as read: while a realistic-mode registry write is settling it shows "Creating". */
export function versionView(row: { body: string; ready_at: number }): string {
  if (row.ready_at === 0 || row.ready_at <= Date.now()) return row.body;
  const body = JSON.parse(row.body) as { properties: Record<string, unknown> };
  // Data versions have no provisioningState in the spec; they just read as they will be.
  if (!("provisioningState" in body.properties)) return row.body;
  body.properties.provisioningState = "Creating";
  return JSON.stringify(body);
}
