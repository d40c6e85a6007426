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
  /** A known id outside the environment's resource groups. */
  | "foreign"
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
  {
    id: "storage-data-plane",
    finding: "1",
    title:
      "the azurerm provider must not poll the storage data plane (blob, queue and file endpoints are private)",
    fix: "provider azurerm: features { storage { data_plane_available = false } }",
    check: (view) =>
      view.kind === "provider" && view.type === "azurerm"
        ? expect(
            view,
            ["features", "storage", "data_plane_available"],
            false,
            true,
            "storage data plane polling",
          )
        : [],
  },
  {
    id: "diagnostic-categories",
    finding: "2",
    title:
      "diagnostic settings must ask each target only for categories it has: storage logs on its blob and file services, no registry metrics",
    fix: "storage account: metrics only; blobServices/default and fileServices/default: allLogs; registry: logs only",
    check: (view) => {
      if (view.kind !== "diagnostic") return [];
      const target = view.values(["target"])[0];
      const logs = view.values(["logs"]);
      const metrics = view.values(["metrics"]);
      const problems: string[] = [];
      if (target === "storage_account" && logs.some((l) => l !== false))
        problems.push(
          `diagnostic target "${view.type}" is a storage account: logs exist only on its blob and file services (allLogs on the account is a 400)`,
        );
      if (target === "registry" && metrics.some((m) => !Array.isArray(m) || m.length > 0))
        problems.push(
          `diagnostic target "${view.type}" is a registry, which has no platform metrics: ${show(metrics[0])} is a 400`,
        );
      return problems;
    },
    missing: (views) =>
      (["blob_service", "file_service"] as const)
        .filter(
          (kind) =>
            !views.some(
              (v) =>
                v.kind === "diagnostic" && v.values(["target"])[0] === kind && v.values(["logs"])[0] === true,
            ),
        )
        .map((kind) => `no diagnostic setting sends the storage account's ${kind.replace("_", " ")} logs`),
  },
  {
    id: "storage-resource-instance",
    finding: "4",
    title:
      "a storage account whose resource-instance rule lets the registry in must have public network access enabled from selected networks (default Deny)",
    fix: 'public_network_access_enabled = true with network_rules { default_action = "Deny" } and no IP or subnet rules',
    check: (view) =>
      isResource(view, "azurerm_storage_account") &&
      view
        .values(["network_rules", "private_link_access", "endpoint_resource_id"])
        .some((v) => v !== undefined)
        ? expect(
            view,
            ["public_network_access_enabled"],
            true,
            true,
            "public network access of a storage account with a resource-instance rule (Azure ignores the rule when it is Disabled)",
          )
        : [],
  },
  {
    id: "pe-approval",
    finding: "7",
    title:
      "auto-approved private endpoints must target this environment's own resources (auto-approval needs privateEndpointConnectionsApproval/action on the target)",
    fix: "is_manual_connection = true (manual = true in the endpoints map) for targets in the registry's managed resource group",
    check: (view) => {
      if (view.kind !== "private-endpoint") return [];
      const target = view.values(["target"])[0];
      // Targets known to be outside the environment's groups; an id known only after apply is judged then.
      const outside = ["registry_storage", "registry_acr", "foreign"];
      return view
        .values(["manual"])
        .filter((manual) => manual !== true && outside.includes(String(target)))
        .map(
          () =>
            `private endpoint "${view.type}" to ${String(target)} is auto-approved, but its target is outside ${view.environment}'s resource groups, where the deployer cannot approve`,
        );
    },
  },
  {
    id: "registry-outbound",
    finding: "8",
    title:
      "the workspace's managed VNet needs private-endpoint outbound rules to the registry, its storage (blob) and its ACR (registry)",
    fix: "azapi Microsoft.MachineLearningServices/workspaces/outboundRules for amlregistry, blob and registry",
    missing: (views) => {
      const targets = views
        .filter((v) => isAzapi(v, OUTBOUND_RULE))
        .flatMap((v) => v.values(["body", "properties", "destination", "subresourceTarget"]));
      return ["amlregistry", "blob", "registry"]
        .filter((t) => !targets.includes(t))
        .map((t) => `no managed-VNet outbound rule with subresourceTarget "${t}"`);
    },
  },
  {
    id: "isolation-mode",
    finding: "9",
    title: "the workspace's managed VNet isolation mode must not be Disabled",
    fix: "workspace_isolation_mode: AllowOnlyApprovedOutbound (or AllowInternetOutbound); refuse Disabled in validation",
    check: (view) => {
      if (isResource(view, "azurerm_machine_learning_workspace"))
        return view
          .values(["managed_network", "isolation_mode"])
          .filter((v) => v === "Disabled" || v === undefined)
          .map((v) => `workspace managed network isolation mode is ${show(v ?? "Disabled")}`);
      if (view.kind === "variable" && /isolation_mode$/.test(view.type))
        return [
          ...view
            .values(["value"])
            .filter((v) => v === "Disabled")
            .map(() => `${view.type} is "Disabled"`),
          ...view
            .values(["validation"])
            .filter((v) => typeof v === "string" && v.includes('"Disabled"'))
            .map(() => `${view.type}'s validation accepts "Disabled"`),
        ];
      return [];
    },
  },
  {
    id: "provider-registration",
    finding: "10",
    title:
      "the azurerm provider must not register resource providers (the deployer's roles are resource-group scoped)",
    fix: 'provider azurerm: resource_provider_registrations = "none" (registration is a bootstrap step)',
    check: (view) =>
      view.kind === "provider" && view.type === "azurerm"
        ? expect(
            view,
            ["resource_provider_registrations"],
            "none",
            "legacy",
            "resource provider registration",
          )
        : [],
  },
  {
    id: "compute-instance-owner",
    finding: "12",
    title: "a compute instance must be assigned to a person, not owned by the identity that deploys it",
    fix: "assign_to_user { object_id, tenant_id } on azurerm_machine_learning_compute_instance",
    check: (view) =>
      isResource(view, "azurerm_machine_learning_compute_instance")
        ? view
            .values(["assign_to_user", "object_id"])
            .filter((v) => v === undefined)
            .map(() => "the compute instance has no assign_to_user: the deployment identity would own it")
        : [],
  },
  {
    id: "pe-network-policies",
    finding: "13",
    title:
      "network policies must be on for the private endpoint subnet, or its NSG does not apply to the endpoints",
    fix: 'private_endpoint_network_policies = "Enabled"',
    check: (view) =>
      isResource(view, "azurerm_subnet")
        ? view
            .values(["private_endpoint_network_policies"])
            .filter((v) => v === undefined || v === "Disabled")
            .map(
              (v) =>
                `private_endpoint_network_policies is ${show(v ?? "Disabled")}: the subnet's NSG does not apply to private endpoints`,
            )
        : [],
  },
  {
    id: "alert-receivers",
    finding: "13",
    title: "the action group must have a receiver whatever the tfvars say",
    fix: "an arm_role_receiver (Owner) on azurerm_monitor_action_group, beside optional email receivers",
    check: (view) =>
      isResource(view, "azurerm_monitor_action_group") &&
      view.values(["arm_role_receiver", "role_id"]).every((v) => v === undefined) &&
      view.values(["email_receiver", "email_address"]).every((v) => v === undefined)
        ? ["the action group has no receiver: budget and RBAC-change alerts reach nobody"]
        : [],
  },
  {
    id: "registry-accounts",
    finding: "14",
    title: "the registry's system-created storage account and ACR must have pinned names",
    fix: "systemCreatedStorageAccount.storageAccountName and systemCreatedAcrAccount.acrAccountName in the registry body",
    check: (view) => {
      if (!isAzapi(view, REGISTRY)) return [];
      const region = ["body", "properties", "regionDetails"];
      return [
        ...view
          .values([...region, "storageAccountDetails", "systemCreatedStorageAccount", "storageAccountName"])
          .filter((v) => v === undefined)
          .map(() => "the registry's system-created storage account has no pinned name"),
        ...view
          .values([...region, "acrDetails", "systemCreatedAcrAccount", "acrAccountName"])
          .filter((v) => v === undefined)
          .map(() => "the registry's system-created ACR has no pinned name"),
      ];
    },
  },
];

/** A role assignment as both checks see it (key "<principal>|<role>|<scope key>"). */
export interface AssignmentView {
  key: string;
  scope: string;
}

/** Roles whose permissions include another's: holding both at one scope is a redundant grant. */
const SUPERSETS: Record<string, string[]> = {
  Owner: ["Contributor", "Reader", "User Access Administrator"],
  Contributor: ["Reader"],
  "Storage Blob Data Owner": ["Storage Blob Data Contributor", "Storage Blob Data Reader"],
  "Storage Blob Data Contributor": ["Storage Blob Data Reader"],
  "Key Vault Administrator": ["Key Vault Secrets User"],
  AcrPush: ["AcrPull"],
};

/** Roles a principal must hold (documented requirements), whatever the RBAC data says. */
const REQUIRED: Array<{ principal: string; role: string; scope: string; why: string }> = [
  {
    principal: "workspace_identity",
    role: "Key Vault Administrator",
    scope: "key_vault",
    why: "a workspace with a user-assigned identity and an RBAC-mode key vault needs it (Azure AI Administrator has no Key Vault data actions)",
  },
];

export interface AssignmentRule {
  id: string;
  finding: string;
  title: string;
  fix: string;
  check(assignments: readonly AssignmentView[]): string[];
}

export const ASSIGNMENT_RULES: readonly AssignmentRule[] = [
  {
    id: "workspace-identity-roles",
    finding: "3",
    title: "the workspace identity must hold the roles Azure ML requires of a user-assigned identity",
    fix: "workspace_identity: Key Vault Administrator on key_vault in infra/rbac/rbac-matrix.json",
    check: (assignments) =>
      REQUIRED.filter((r) => !assignments.some((a) => a.key === `${r.principal}|${r.role}|${r.scope}`)).map(
        (r) => `${r.principal} lacks "${r.role}" on ${r.scope}: ${r.why}`,
      ),
  },
  {
    id: "redundant-role",
    finding: "13",
    title: "no principal holds two roles at one scope where one includes the other",
    fix: "keep the narrower role in infra/rbac/rbac-matrix.json",
    check: (assignments) => {
      const problems: string[] = [];
      for (const a of assignments) {
        const [principal, role, scopeKey] = a.key.split("|");
        for (const narrower of SUPERSETS[role ?? ""] ?? [])
          if (assignments.some((b) => b.key === `${principal}|${narrower}|${scopeKey}`))
            problems.push(`${principal} holds both "${role}" and "${narrower}" on ${scopeKey}`);
      }
      return problems;
    },
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
