/**
 * @module infra/plan-views
 * A `terraform show -json` plan as the normalized views the rule table judges (infra/rules): one view per
 * resource it keeps or creates (its `after` values; `after_unknown` marks what apply computes), the root's
 * provider configurations (constant expressions) and variables, and one view per diagnostic setting and
 * private endpoint, classified by what it targets.
 */
import type { Purpose } from "../platform/index.ts";
import { objectView, type TargetKind, UNKNOWN, type View } from "./rules.ts";

export interface ResourceChange {
  address: string;
  type: string;
  name: string;
  index?: string | number;
  change: { actions: string[]; after: Record<string, unknown> | null; after_unknown?: unknown };
}

export interface PlanJson {
  format_version?: string;
  variables?: Record<string, { value: unknown }>;
  resource_changes?: ResourceChange[];
  configuration?: {
    provider_config?: Record<string, { name?: string; expressions?: Record<string, unknown> }>;
  };
}

/** Provider expressions as values: `{constant_value}` unwrapped, references UNKNOWN, blocks kept. */
function constants(expression: unknown): unknown {
  if (Array.isArray(expression)) return expression.map(constants);
  if (!expression || typeof expression !== "object") return expression;
  const e = expression as Record<string, unknown>;
  if ("constant_value" in e) return e.constant_value;
  if ("references" in e) return UNKNOWN;
  return Object.fromEntries(Object.entries(e).map(([k, v]) => [k, constants(v)]));
}

const ID_KINDS: Array<[RegExp, TargetKind]> = [
  [/\/storageAccounts\/[^/]+\/blobServices\/default$/i, "blob_service"],
  [/\/storageAccounts\/[^/]+\/fileServices\/default$/i, "file_service"],
  [/\/providers\/Microsoft\.Storage\/storageAccounts\/[^/]+$/i, "storage_account"],
  [/\/providers\/Microsoft\.MachineLearningServices\/workspaces\/[^/]+$/i, "workspace"],
  [/\/providers\/Microsoft\.MachineLearningServices\/registries\/[^/]+$/i, "registry"],
  [/\/providers\/Microsoft\.KeyVault\/vaults\/[^/]+$/i, "key_vault"],
  [/\/providers\/Microsoft\.ContainerRegistry\/registries\/[^/]+$/i, "container_registry"],
];

/** Map keys the platform module uses, for targets whose ids are known only after apply. */
const KEY_KINDS: Record<string, TargetKind> = {
  storage: "storage_account",
  storage_blob: "blob_service",
  storage_file: "file_service",
  workspace: "workspace",
  registry: "registry",
  key_vault: "key_vault",
  container_registry: "container_registry",
  registry_storage: "registry_storage",
  registry_acr: "registry_acr",
};

/** What an id points at; the registry's system-created accounts live outside the environment's groups. */
/** A private endpoint's key names the account it reaches (storage_blob is the storage account's blob endpoint). */
const ENDPOINT_KEY_KINDS: Record<string, TargetKind> = {
  ...KEY_KINDS,
  storage_blob: "storage_account",
  storage_file: "storage_account",
};

export function targetOfId(
  id: unknown,
  key: unknown,
  ownGroups: ReadonlySet<string>,
  keyKinds: Record<string, TargetKind> = KEY_KINDS,
): TargetKind {
  if (typeof id === "string") {
    const group = /\/resourceGroups\/([^/]+)/i.exec(id)?.[1]?.toLowerCase();
    const kind = ID_KINDS.find(([re]) => re.test(id))?.[1] ?? "unknown";
    if (group && !ownGroups.has(group))
      return kind === "storage_account"
        ? "registry_storage"
        : kind === "container_registry"
          ? "registry_acr"
          : "foreign";
    return kind;
  }
  return typeof key === "string" ? (keyKinds[key] ?? "unknown") : "unknown";
}

export function planViews(
  plan: PlanJson,
  purpose: Purpose,
  where: string,
  ownGroups: ReadonlySet<string> = new Set(),
): View[] {
  const views: View[] = [];
  for (const rc of plan.resource_changes ?? []) {
    const after = rc.change.after;
    if (!after || (rc.change.actions.length === 1 && rc.change.actions[0] === "delete")) continue;
    const address = `${where}: ${rc.address}`;
    views.push(objectView("resource", rc.type, address, purpose, after, rc.change.after_unknown));
    if (rc.type === "azurerm_monitor_diagnostic_setting") {
      const logs = Array.isArray(after.enabled_log) ? after.enabled_log : [];
      const metrics = Array.isArray(after.enabled_metric) ? after.enabled_metric : [];
      views.push(
        objectView("diagnostic", String(rc.index ?? rc.name), address, purpose, {
          target: targetOfId(after.target_resource_id, rc.index, ownGroups),
          logs: logs.length > 0,
          metrics: metrics.map((m) => (m as Record<string, unknown>).category),
        }),
      );
    }
    if (rc.type === "azurerm_private_endpoint") {
      const connection = (
        Array.isArray(after.private_service_connection) ? after.private_service_connection[0] : undefined
      ) as Record<string, unknown> | undefined;
      views.push(
        objectView("private-endpoint", String(rc.index ?? rc.name), address, purpose, {
          target: targetOfId(
            connection?.private_connection_resource_id,
            rc.index,
            ownGroups,
            ENDPOINT_KEY_KINDS,
          ),
          subresource: Array.isArray(connection?.subresource_names)
            ? connection.subresource_names[0]
            : undefined,
          manual: connection?.is_manual_connection,
        }),
      );
    }
  }
  for (const [name, config] of Object.entries(plan.configuration?.provider_config ?? {}))
    views.push(
      objectView(
        "provider",
        config.name ?? name,
        `${where}: provider ${name}`,
        purpose,
        constants(config.expressions ?? {}),
      ),
    );
  for (const [name, variable] of Object.entries(plan.variables ?? {}))
    views.push(
      objectView("variable", name, `${where}: variables.${name}`, purpose, { value: variable.value }),
    );
  return views;
}
