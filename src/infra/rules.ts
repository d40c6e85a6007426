/**
 * @module infra/rules
 * The one rule table of `airlock infra check`, shared by the check over the parsed Terraform (infra/check)
 * and the check over `terraform show -json` plans (infra/plan-json). Both build the same normalized views
 * of what one environment deploys — resources, provider configurations, root variables, and the entries of
 * the diagnostic-setting and private-endpoint maps — and every rule judges those views, so a rule cannot
 * hold on one side and drift on the other. Each rule names the issue finding it guards and its fix.
 */
import type { EnvironmentPlatform, Purpose } from "../platform/index.ts";
import type { Finding } from "./findings.ts";

/** A value the check cannot follow (an expression in HCL, a value known only after apply in a plan). */
export const UNKNOWN: unique symbol = Symbol("unknown");

export type ViewKind = "resource" | "provider" | "variable" | "diagnostic" | "private-endpoint";

/** What a diagnostic setting or private endpoint points at, classified from its id or its expression. */
export type TargetKind =
  | "storage_account"
  | "blob_service"
  | "file_service"
  | "workspace"
  | "registry"
  | "key_vault"
  | "container_registry"
  | "registry_storage"
  | "registry_acr"
  | "unknown";

export interface View {
  kind: ViewKind;
  /** Resource type (resources), provider name (providers), variable name (variables), map key (entries). */
  type: string;
  /** Where to report: a file and block (HCL) or a plan address. */
  address: string;
  environment: Purpose;
  /**
   * Every value the attribute at `path` (attribute names and nested block names) can take in this
   * environment: `[undefined]` when absent, UNKNOWN for what cannot be followed.
   */
  values(path: readonly string[]): unknown[];
}

export interface Rule {
  id: string;
  /** The issue finding (or errata) it guards. */
  finding: string;
  title: string;
  fix: string;
  /** Per-view problems. */
  check?(view: View, env: EnvironmentPlatform): string[];
  /** Problems of the environment as a whole (something missing). */
  missing?(views: readonly View[], env: EnvironmentPlatform): string[];
}

const show = (value: unknown) =>
  value === UNKNOWN
    ? "an expression the check cannot follow"
    : value === undefined
      ? "unset"
      : JSON.stringify(value);

/** Problems when `path` may differ from `expected` (`absent` is the provider default when unset). */
function expect(view: View, path: string[], expected: unknown, absent: unknown, what: string): string[] {
  return view
    .values(path)
    .map((v) => (v === undefined ? absent : v))
    .filter((v) => v !== expected)
    .map(
      (v) => `${what} (${path.join(".")}) is ${show(v)} in ${view.environment}; must be ${show(expected)}`,
    );
}

const isResource = (view: View, type: string) => view.kind === "resource" && view.type === type;
const azapiType = (view: View) =>
  view.values(["type"]).find((t) => typeof t === "string") as string | undefined;
const isAzapi = (view: View, prefix: string) =>
  isResource(view, "azapi_resource") && (azapiType(view) ?? "").startsWith(prefix);

const REGISTRY = "Microsoft.MachineLearningServices/registries@";
const OUTBOUND_RULE = "Microsoft.MachineLearningServices/workspaces/outboundRules@";

/** Attribute rules of one resource type: [path, expected, absent (provider default), what]. */
type Expectation = [string[], unknown, unknown, string];
const attributes = (type: string, list: Expectation[], only?: Purpose) => (view: View) =>
  isResource(view, type) && (!only || view.environment === only)
    ? list.flatMap(([path, expected, absent, what]) => expect(view, path, expected, absent, what))
    : [];

const PUBLIC_ACCESS: Array<[string, Expectation[]]> = [
  [
    "azurerm_machine_learning_workspace",
    [[["public_network_access_enabled"], false, true, "workspace public network access"]],
  ],
  [
    "azurerm_storage_account",
    [
      [["public_network_access_enabled"], false, true, "storage public network access"],
      [["allow_nested_items_to_be_public"], false, true, "storage anonymous blob access"],
      [["network_rules", "default_action"], "Deny", undefined, "storage network default action"],
    ],
  ],
  [
    "azurerm_key_vault",
    [
      [["public_network_access_enabled"], false, true, "key vault public network access"],
      [["rbac_authorization_enabled"], true, false, "key vault RBAC authorization"],
    ],
  ],
  [
    "azurerm_container_registry",
    [
      [["public_network_access_enabled"], false, true, "container registry public network access"],
      [["sku"], "Premium", undefined, "container registry SKU (private endpoints need Premium)"],
    ],
  ],
  [
    "azurerm_machine_learning_compute_cluster",
    [[["node_public_ip_enabled"], false, true, "compute cluster public IPs"]],
  ],
  [
    "azurerm_machine_learning_compute_instance",
    [[["node_public_ip_enabled"], false, true, "compute instance public IPs"]],
  ],
  [
    "azurerm_storage_container",
    [[["container_access_type"], "private", "private", "container anonymous access"]],
  ],
];

const nonEmpty = (v: unknown) => Array.isArray(v) && v.length > 0;

export const RULE_TABLE: readonly Rule[] = [
  {
    id: "public-access",
    finding: "isolation",
    title: "workspace, registry, storage, key vault and ACR must not be publicly reachable",
    fix: "turn public network access off (storage: default action Deny, no IP or subnet rules)",
    check: (view) => [
      ...PUBLIC_ACCESS.flatMap(([type, list]) => attributes(type, list)(view)),
      ...(isResource(view, "azurerm_storage_account")
        ? [
            ...view
              .values(["network_rules", "ip_rules"])
              .filter(nonEmpty)
              .map((v) => `storage network rules allow IP ranges ${show(v)}`),
            ...view
              .values(["network_rules", "virtual_network_subnet_ids"])
              .filter(nonEmpty)
              .map((v) => `storage network rules allow subnets ${show(v)}`),
          ]
        : []),
      ...(isAzapi(view, REGISTRY)
        ? expect(
            view,
            ["body", "properties", "publicNetworkAccess"],
            "Disabled",
            "Enabled",
            "registry public network access",
          )
        : []),
    ],
  },
  {
    id: "prod-purge-protection",
    finding: "isolation",
    title: "the prod key vault must have purge protection",
    fix: "purge_protection_enabled = !var.enable_auto_purge (false only in dev)",
    check: attributes(
      "azurerm_key_vault",
      [[["purge_protection_enabled"], true, false, "key vault purge protection"]],
      "prod",
    ),
  },
  {
    id: "ledger-worm",
    finding: "errata 12",
    title:
      "the audit ledger container must have a time-based retention (WORM) policy with protected append writes, locked in prod",
    fix: "azurerm_storage_container_immutability_policy on the ledger container, protected_append_writes_enabled = true, locked in prod",
    check: (view) => [
      ...attributes(
        "azurerm_storage_container_immutability_policy",
        [[["locked"], true, false, "the ledger's retention policy lock"]],
        "prod",
      )(view),
      ...attributes("azurerm_storage_container_immutability_policy", [
        [
          ["protected_append_writes_enabled"],
          true,
          false,
          "protected append writes on the ledger's retention policy (the ledger appends to an append blob)",
        ],
        [
          ["protected_append_writes_all_enabled"],
          false,
          false,
          "protected append writes to block blobs on the ledger's retention policy (wider than the ledger needs)",
        ],
      ])(view),
    ],
  },
];

/** Runs the table over one environment's views. */
export function runRules(
  views: readonly View[],
  env: EnvironmentPlatform,
  where: string,
  table: readonly Rule[] = RULE_TABLE,
): Finding[] {
  const findings: Finding[] = [];
  for (const rule of table) {
    for (const view of views)
      for (const message of rule.check?.(view, env) ?? [])
        findings.push({
          rule: rule.id,
          severity: "error",
          environment: env.purpose,
          where: view.address,
          message: `${message} (fix: ${rule.fix})`,
        });
    for (const message of rule.missing?.(views, env) ?? [])
      findings.push({
        rule: rule.id,
        severity: "error",
        environment: env.purpose,
        where,
        message: `${message} (fix: ${rule.fix})`,
      });
  }
  return findings;
}

/** A view over a plain object (plan `after` values, or entries already resolved). */
export function objectView(
  kind: ViewKind,
  type: string,
  address: string,
  environment: Purpose,
  value: unknown,
  unknown?: unknown,
): View {
  return {
    kind,
    type,
    address,
    environment,
    values(path) {
      let current: unknown = value;
      let unknownAt: unknown = unknown;
      for (const step of path) {
        if (Array.isArray(current)) current = current[0];
        if (Array.isArray(unknownAt)) unknownAt = unknownAt[0];
        if (unknownAt === true) return [UNKNOWN];
        unknownAt =
          unknownAt && typeof unknownAt === "object"
            ? (unknownAt as Record<string, unknown>)[step]
            : undefined;
        current =
          current && typeof current === "object" ? (current as Record<string, unknown>)[step] : undefined;
      }
      if (current === undefined && unknownAt === true) return [UNKNOWN];
      return [current === null ? undefined : current];
    },
  };
}
