/**
 * @module infra/check
 * `airlock infra check`: the platform's isolation and governance policy, checked over the parsed Terraform
 * (with the provider-free modules evaluated by terraform itself) or over `terraform show -json` plans.
 * Findings are errors (violations) or warnings (an explicit, recorded choice such as literal-matrix).
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { AirlockError } from "../errors.ts";
import {
  DEFAULT_INFRA_DIR,
  type EnvironmentPlatform,
  expectedAssignments,
  LEDGER_CONTAINER,
  loadPlatform,
  type Platform,
  PURPOSES,
  type Purpose,
  prodGateBypasses,
  type RolePermissions,
  roleDefinition,
  TWIN_SUBSCRIPTION_ID,
} from "../platform/index.ts";
import { type EvaluatedEnvironment, evaluateModules } from "./evaluate.ts";
import type { Finding, Severity } from "./findings.ts";
import { buildTree, environmentsReaching, resolveValues, rootDir, type Tree } from "./hcl-tree.ts";
import { hclViews } from "./hcl-views.ts";
import { checkLockFiles } from "./lock-files.ts";
import { checkPlanFile } from "./plan-json.ts";
import { ASSIGNMENT_RULES, RULE_TABLE, runRules, UNKNOWN } from "./rules.ts";
import {
  blocksOf,
  firstBlock,
  type HclBody,
  readTerraformTree,
  stringsIn,
  type TerraformBlock,
} from "./terraform-files.ts";

export type { Finding, Severity };

export interface InfraCheckReport {
  ok: boolean;
  infraDir: string;
  sources: string[];
  findings: Finding[];
  errors: number;
  warnings: number;
}

/** Rule id → what it requires: the checks below, and the shared rule table (infra/rules). */
export const RULES: Record<string, string> = {
  "tfvars-invalid": "terraform.tfvars must satisfy the platform model",
  "cidr-overlap": "the environments' address ranges must not overlap",
  "prod-auto-purge": "prod must never purge soft-deleted resources",
  "purge-features": "provider purge features must follow enable_auto_purge (false in prod)",
  "cross-root-reference": "a root must not reference the other environment's root, state or files",
  "state-entra-auth":
    "each root reaches its state with Entra ID (use_azuread_auth, and use_oidc for CI): the state account takes no shared key, and `airlock bootstrap` grants the data role init needs (finding 5)",
  "shared-resource":
    "no resource, DNS zone, identity, key vault or registry may be shared or looked up across environments",
  "hardcoded-name": "modules must not hard-code an environment's names",
  "dns-isolation": "each environment's DNS zones live in its own group and link only its own VNet",
  "naming-drift": "Terraform's names must equal the platform model's",
  "rbac-missing": "every role assignment of the RBAC data must be in Terraform",
  "rbac-extra": "Terraform must not assign roles the RBAC data does not list",
  "rbac-wrong-scope": "every role assignment must be at the RBAC data's scope",
  "rbac-wiring": "role assignments must flow unfiltered from the rbac module",
  "human-registry-write": "people must not be able to write the prod registry (errata 6)",
  "human-prod-write":
    "people must not write prod online endpoints or deployments, read prod storage keys or write prod storage data outside the ledger container (errata 11-12)",
  "ledger-worm":
    "the audit ledger container must have a time-based retention (WORM) policy with protected append writes, locked in prod (errata 12)",
  "terraform-evaluation": "the provider-free modules must evaluate",
  "lock-file":
    "each root commits a .terraform.lock.hcl locking every required provider, with hashes for linux_amd64, darwin_arm64 and windows_amd64 (finding 11)",
  ...Object.fromEntries(
    [...RULE_TABLE, ...ASSIGNMENT_RULES].map((r) => [
      r.id,
      /^\d+$/.test(r.finding) ? `${r.title} (issue 9, finding ${r.finding})` : r.title,
    ]),
  ),
};
export type RuleId = string;

export interface CheckOptions {
  infraDir?: string;
  plans?: string[];
  /** Subscription used to build scope ids when evaluating (any GUID: scopes are compared structurally). */
  subscriptionId?: string;
}

export async function checkInfra(options: CheckOptions = {}): Promise<InfraCheckReport> {
  const infraDir = path.resolve(options.infraDir ?? process.env.AIRLOCK_INFRA_DIR ?? DEFAULT_INFRA_DIR);
  const findings: Finding[] = [];
  const sources: string[] = [];
  const platform = await loadModel(infraDir, findings);
  findings.push(...(await checkLockFiles(infraDir)));
  const customRoles = await customRolesOf(infraDir);
  if (platform) {
    if (options.plans && options.plans.length > 0) {
      for (const plan of options.plans) {
        sources.push(plan);
        const checked = await checkPlanFile(plan, platform);
        findings.push(
          ...checked.findings,
          ...compareAssignments(
            checked.environment,
            checked.assignments,
            checked.subscriptionId,
            checked.where,
            customRoles,
          ),
        );
      }
    } else {
      sources.push(infraDir);
      findings.push(
        ...(await checkTerraform(
          infraDir,
          platform,
          options.subscriptionId ?? TWIN_SUBSCRIPTION_ID,
          customRoles,
        )),
      );
    }
  }
  const errors = findings.filter((f) => f.severity === "error").length;
  return { ok: errors === 0, infraDir, sources, findings, errors, warnings: findings.length - errors };
}

type CustomRoles = Record<string, RolePermissions>;

/**
 * The custom roles of the RBAC data being checked (which may not be the repository's): role evaluation
 * must judge the definitions Terraform would create, not the ones this program was built with.
 */
async function customRolesOf(infraDir: string): Promise<CustomRoles> {
  try {
    const data = JSON.parse(await readFile(path.join(infraDir, "rbac", "rbac-matrix.json"), "utf8")) as {
      customRoles?: CustomRoles;
    };
    return data.customRoles ?? {};
  } catch {
    return {}; // an unreadable matrix is reported by the evaluation itself
  }
}

/** A role's permissions: the checked data's custom role of that name, else the built-in definition. */
function permissionsOf(role: string, customRoles: CustomRoles = {}): RolePermissions | undefined {
  const custom = customRoles[role];
  if (custom)
    return {
      actions: custom.actions ?? [],
      notActions: custom.notActions ?? [],
      dataActions: custom.dataActions ?? [],
      notDataActions: custom.notDataActions ?? [],
    };
  return roleDefinition(role);
}

/** The platform model from the tfvars; its own problems become findings (overlap, prod purge, schema). */
async function loadModel(infraDir: string, findings: Finding[]): Promise<Platform | undefined> {
  try {
    return await loadPlatform({ infraDir });
  } catch (error) {
    if (!(error instanceof AirlockError) || error.code !== "PLATFORM_INVALID") throw error;
    for (const problem of (error.details?.problems as string[] | undefined) ?? [error.message]) {
      const rule: RuleId = problem.includes("overlaps")
        ? "cidr-overlap"
        : problem.includes("enable_auto_purge")
          ? "prod-auto-purge"
          : problem.includes("ledger_policy_locked")
            ? "ledger-worm"
            : "tfvars-invalid";
      const where = problem.split(": ")[0] ?? "terraform.tfvars";
      const environment = PURPOSES.find(
        (p) =>
          where.includes(`environments/${p}/`) || where.includes(`environments${path.sep}${p}${path.sep}`),
      );
      findings.push({
        rule,
        severity: "error",
        environment,
        where,
        message: problem.slice(where.length + 2) || problem,
      });
    }
    return undefined;
  }
}

function finding(
  rule: RuleId,
  where: string,
  message: string,
  environment?: Purpose,
  severity: Severity = "error",
): Finding {
  return { rule, severity, environment, where, message };
}

// ---------------------------------------------------------------------------------------------------
// Over the parsed Terraform

const show = (value: unknown) =>
  value === UNKNOWN ? "an expression the check cannot follow" : JSON.stringify(value);

const PURGE_FEATURES: Array<[string, string]> = [
  ["key_vault", "purge_soft_delete_on_destroy"],
  ["machine_learning", "purge_soft_deleted_workspace_on_destroy"],
  ["log_analytics_workspace", "permanently_delete_on_destroy"],
];

function namesOf(env: EnvironmentPlatform): string[] {
  const names: string[] = [...Object.values(env.resourceGroups)];
  for (const value of Object.values(env.names)) {
    if (typeof value === "string") names.push(value);
    else names.push(...Object.values(value as Record<string, string>));
  }
  return names;
}

async function checkTerraform(
  infraDir: string,
  platform: Platform,
  subscriptionId: string,
  customRoles: CustomRoles = {},
): Promise<Finding[]> {
  // terraform runs as a child process while the HCL is parsed in-process.
  const evaluated = checkEvaluated(infraDir, platform, subscriptionId, customRoles);
  evaluated.catch(() => undefined);
  const files = await readTerraformTree(infraDir);
  const tree = buildTree(blocksOf(files));
  const findings: Finding[] = [];
  const envs = PURPOSES.map((p) => platform.environments[p]);
  // Every string of every block is matched against these: built once per check, not per string.
  const names = new Map(envs.map((env) => [env.purpose, namesOf(env)]));
  // One scan tells whether a string holds any of an environment's names (most hold none).
  const anyName = new Map(
    envs.map((env) => [
      env.purpose,
      new RegExp(
        names
          .get(env.purpose)!
          .map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
          .join("|"),
      ),
    ]),
  );
  const pathInto = new Map(PURPOSES.map((p) => [p, new RegExp(`\\.\\./${p}(/|$|")`)]));
  const address = (b: TerraformBlock) =>
    `${b.file}: ${b.kind === "resource" || b.kind === "data" ? `${b.kind === "data" ? "data." : ""}${b.type}.${b.name}` : `${b.kind} ${b.name}`}`.trim();

  // Roots exist and are separate.
  for (const p of PURPOSES)
    if (!tree.blocks.some((b) => b.dir === rootDir(p)))
      findings.push(finding("cross-root-reference", rootDir(p), `the ${p} root has no Terraform files`, p));

  for (const block of tree.blocks) {
    const inRoot = PURPOSES.find((p) => block.dir === rootDir(p) || block.dir.startsWith(`${rootDir(p)}/`));
    const other = inRoot ? PURPOSES.find((p) => p !== inRoot)! : undefined;

    // References between roots: remote state, module sources, paths into the other root.
    if (block.kind === "data" && block.type === "terraform_remote_state")
      findings.push(
        finding(
          "cross-root-reference",
          address(block),
          "reads another configuration's state; each environment stands alone",
          inRoot,
        ),
      );
    if (
      block.kind === "data" &&
      block.type !== "azurerm_client_config" &&
      block.type !== "terraform_remote_state"
    )
      findings.push(
        finding(
          "shared-resource",
          address(block),
          `looks up an existing ${block.type}; every resource of an environment must be created by that environment`,
          inRoot,
        ),
      );
    if (block.kind === "module" && typeof block.body.source === "string") {
      const target = path.posix.normalize(path.posix.join(block.dir, block.body.source));
      if (!target.startsWith("modules/"))
        findings.push(
          finding(
            "cross-root-reference",
            address(block),
            `module source "${block.body.source}" is outside infra/modules`,
            inRoot,
          ),
        );
    }
    const blockAddress = address(block);
    for (const { path: at, text } of stringsIn(block.body)) {
      const where = `${blockAddress} ${at}`;
      if (other && (text.includes(`environments/${other}`) || pathInto.get(other)!.test(text)))
        findings.push(
          finding(
            "cross-root-reference",
            where,
            `refers to the ${other} root (${JSON.stringify(text)})`,
            inRoot,
          ),
        );
      const checkNamesOf = inRoot ? envs.filter((e) => e.purpose === other) : envs;
      for (const env of checkNamesOf) {
        const hit = anyName.get(env.purpose)!.test(text)
          ? names.get(env.purpose)!.find((name) => text.includes(name))
          : undefined;
        if (!hit) continue;
        if (inRoot)
          findings.push(
            finding(
              "shared-resource",
              where,
              `names the ${env.purpose} resource "${hit}": nothing may be shared between environments`,
              inRoot,
            ),
          );
        else
          findings.push(
            finding(
              "hardcoded-name",
              where,
              `hard-codes the ${env.purpose} name "${hit}"; names come from the naming module`,
              env.purpose,
            ),
          );
      }
    }

    // Backend: each root has its own state.
    if (block.kind === "terraform" && inRoot) {
      // A labelled block: hcl2json gives { backend: { azurerm: [ {...} ] } }.
      const azurerm = (block.body.backend as Record<string, HclBody[]> | undefined)?.azurerm?.[0];
      if (!azurerm)
        findings.push(
          finding("cross-root-reference", address(block), "declares no azurerm backend of its own", inRoot),
        );
      else {
        // Finding 5: the state account accepts Entra sign-in only; a backend that falls back to account keys
        // fails its first init (and the person or runner needs the data role bootstrap grants).
        for (const key of ["use_azuread_auth", "use_oidc"]) {
          if (azurerm[key] !== true)
            findings.push(
              finding(
                "state-entra-auth",
                `${address(block)} backend.${key}`,
                `is ${azurerm[key] === undefined ? "unset" : JSON.stringify(azurerm[key])}; must be true: the ${inRoot} state account takes Entra sign-in only (run \`airlock bootstrap\` for its data role)`,
                inRoot,
              ),
            );
        }
      }
      if (azurerm)
        for (const key of ["resource_group_name", "storage_account_name", "key"]) {
          const value = String(azurerm[key] ?? "");
          if (!value.includes(inRoot) || value.includes(other!))
            findings.push(
              finding(
                "cross-root-reference",
                `${address(block)} backend.${key}`,
                `"${value}" is not the ${inRoot} environment's own state`,
                inRoot,
              ),
            );
        }
    }

    // Provider purge features.
    if (block.kind === "provider" && block.name === "azurerm" && inRoot) {
      const features = firstBlock(block.body, "features");
      for (const [group, flag] of PURGE_FEATURES) {
        const expression = firstBlock(features, group)?.[flag];
        const where = `${address(block)} features.${group}.${flag}`;
        if (expression === undefined) {
          findings.push(
            finding(
              "purge-features",
              where,
              "is not set (the provider default may purge); set it from var.enable_auto_purge",
              inRoot,
            ),
          );
          continue;
        }
        const env = platform.environments[inRoot];
        for (const value of resolveValues(tree, env, block.dir, expression))
          if (value !== env.enableAutoPurge && !(value === false))
            findings.push(
              finding(
                inRoot === "prod" ? "prod-auto-purge" : "purge-features",
                where,
                `is ${show(value)}, but enable_auto_purge is ${env.enableAutoPurge}`,
                inRoot,
              ),
            );
      }
    }

    if (block.kind === "resource") {
      if (block.type === "azurerm_role_assignment" && block.dir !== "modules/role-assignments")
        findings.push(
          finding(
            "rbac-extra",
            address(block),
            "assigns a role outside the RBAC data (only modules/role-assignments, fed by the rbac module, may)",
          ),
        );
      if (block.type === "azurerm_role_definition" && block.dir !== "modules/role-definitions")
        findings.push(
          finding("rbac-extra", address(block), "defines a role outside the RBAC data's custom roles"),
        );
    }
  }

  for (const env of envs) findings.push(...runRules(hclViews(tree, env), env, `infra (${env.purpose})`));
  findings.push(...checkWiring(tree));
  findings.push(...checkLedger(tree, platform));
  findings.push(...(await evaluated));
  return findings;
}

/**
 * The audit ledger's container exists in every environment's workspace storage, created through ARM, with
 * a retention policy on it (its settings are ATTRIBUTE_RULES). A container without a policy, or a policy on
 * another container, leaves the ledger rewritable by whoever can write its blobs.
 */
function checkLedger(tree: Tree, platform: Platform): Finding[] {
  const findings: Finding[] = [];
  for (const purpose of PURPOSES) {
    const env = platform.environments[purpose];
    const reached = (b: TerraformBlock) => environmentsReaching(tree, b.dir).includes(purpose);
    const containers = tree.blocks.filter(
      (b) =>
        b.kind === "resource" &&
        b.type === "azurerm_storage_container" &&
        reached(b) &&
        resolveValues(tree, env, b.dir, b.body.name).includes(LEDGER_CONTAINER),
    );
    if (containers.length === 0) {
      findings.push(
        finding(
          "ledger-worm",
          "infra/modules/storage",
          `no azurerm_storage_container named "${LEDGER_CONTAINER}" in ${purpose}'s workspace storage`,
          purpose,
        ),
      );
      continue;
    }
    for (const container of containers) {
      const address = `${container.file}: azurerm_storage_container.${container.name}`;
      if (container.body.storage_account_id === undefined)
        findings.push(
          finding(
            "ledger-worm",
            `${address} storage_account_id`,
            "is unset: the container must be created through ARM (storage_account_id), which the immutability policy and the private storage account need",
            purpose,
          ),
        );
      const policy = tree.blocks.find(
        (b) =>
          b.kind === "resource" &&
          b.type === "azurerm_storage_container_immutability_policy" &&
          b.dir === container.dir &&
          b.body.storage_container_resource_manager_id ===
            `\${azurerm_storage_container.${container.name}.id}`,
      );
      if (!policy)
        findings.push(
          finding(
            "ledger-worm",
            address,
            `has no azurerm_storage_container_immutability_policy: anyone who can write its blobs can overwrite or delete ledger records (${purpose})`,
            purpose,
          ),
        );
    }
  }
  return findings;
}

/** Wires that must hold exactly: how names, DNS and RBAC flow from the provider-free modules. */
/** An HCL interpolation as hcl2json renders a bare expression. */
const ref = (expression: string) => `\${${expression}}`;

const WIRES: Array<{
  dir: string;
  kind: string;
  type: string;
  name: string;
  attribute: string;
  expected: string[];
  rule: RuleId;
}> = [
  {
    dir: "modules/role-assignments",
    kind: "resource",
    type: "azurerm_role_assignment",
    name: "this",
    attribute: "for_each",
    expected: [ref("var.assignments")],
    rule: "rbac-wiring",
  },
  {
    dir: "modules/role-assignments",
    kind: "resource",
    type: "azurerm_role_assignment",
    name: "this",
    attribute: "scope",
    expected: [ref("each.value.scope")],
    rule: "rbac-wiring",
  },
  {
    dir: "modules/role-assignments",
    kind: "resource",
    type: "azurerm_role_assignment",
    name: "this",
    attribute: "principal_id",
    expected: [ref("var.principal_ids[each.value.principal_key]")],
    rule: "rbac-wiring",
  },
  {
    dir: "modules/role-assignments",
    kind: "resource",
    type: "azurerm_role_assignment",
    name: "this",
    attribute: "role_definition_name",
    expected: [ref("each.value.custom_role ? null : each.value.role")],
    rule: "rbac-wiring",
  },
  {
    dir: "modules/platform",
    kind: "module",
    type: "",
    name: "role_assignments_foundation",
    attribute: "assignments",
    expected: [ref("module.rbac.foundation_assignments")],
    rule: "rbac-wiring",
  },
  {
    dir: "modules/platform",
    kind: "module",
    type: "",
    name: "role_assignments_workspace",
    attribute: "assignments",
    expected: [ref("module.rbac.workspace_assignments")],
    rule: "rbac-wiring",
  },
  {
    dir: "modules/platform",
    kind: "module",
    type: "",
    name: "rbac",
    attribute: "matrix",
    expected: [ref("var.rbac_matrix")],
    rule: "rbac-wiring",
  },
  {
    dir: "modules/platform",
    kind: "module",
    type: "",
    name: "rbac",
    attribute: "names",
    expected: [ref("module.naming.names")],
    rule: "rbac-wiring",
  },
  {
    dir: "modules/platform",
    kind: "module",
    type: "",
    name: "rbac",
    attribute: "resource_groups",
    expected: [ref("module.naming.resource_groups")],
    rule: "rbac-wiring",
  },
  {
    dir: "modules/platform",
    kind: "module",
    type: "",
    name: "rbac",
    attribute: "private_endpoints",
    expected: [ref("module.naming.private_endpoints")],
    rule: "rbac-wiring",
  },
  {
    dir: "modules/platform",
    kind: "module",
    type: "",
    name: "rbac",
    attribute: "human_registry_access",
    expected: [ref("var.human_registry_access")],
    rule: "rbac-wiring",
  },
  {
    dir: "modules/platform",
    kind: "module",
    type: "",
    name: "rbac",
    attribute: "human_prod_access",
    expected: [ref("var.human_prod_access")],
    rule: "rbac-wiring",
  },
  {
    dir: "modules/platform",
    kind: "module",
    type: "",
    name: "dns",
    attribute: "resource_group_name",
    expected: [ref('azurerm_resource_group.this["vnet"].name')],
    rule: "dns-isolation",
  },
  {
    dir: "modules/platform",
    kind: "module",
    type: "",
    name: "dns",
    attribute: "vnet_id",
    expected: [ref("module.network.vnet_id")],
    rule: "dns-isolation",
  },
  {
    dir: "modules/platform",
    kind: "module",
    type: "",
    name: "dns",
    attribute: "zones",
    expected: [ref("module.network_plan.private_dns_zones")],
    rule: "dns-isolation",
  },
  {
    dir: "modules/dns",
    kind: "resource",
    type: "azurerm_private_dns_zone_virtual_network_link",
    name: "this",
    attribute: "virtual_network_id",
    expected: [ref("var.vnet_id")],
    rule: "dns-isolation",
  },
  {
    dir: "modules/dns",
    kind: "resource",
    type: "azurerm_private_dns_zone",
    name: "this",
    attribute: "resource_group_name",
    expected: [ref("var.resource_group_name")],
    rule: "dns-isolation",
  },
  {
    dir: "modules/platform",
    kind: "resource",
    type: "azurerm_resource_group",
    name: "this",
    attribute: "for_each",
    expected: [ref("module.naming.resource_groups")],
    rule: "naming-drift",
  },
];

function checkWiring(tree: Tree): Finding[] {
  const findings: Finding[] = [];
  for (const wire of WIRES) {
    const block = tree.blocks.find(
      (b) => b.dir === wire.dir && b.kind === wire.kind && b.type === wire.type && b.name === wire.name,
    );
    const label = `${wire.dir}: ${wire.kind === "module" ? `module ${wire.name}` : `${wire.type}.${wire.name}`}.${wire.attribute}`;
    if (!block) findings.push(finding(wire.rule, label, "is missing"));
    else if (!wire.expected.includes(block.body[wire.attribute] as string))
      findings.push(
        finding(
          wire.rule,
          label,
          `is ${JSON.stringify(block.body[wire.attribute] ?? null)}; must be ${wire.expected.map((e) => JSON.stringify(e)).join(" or ")}`,
        ),
      );
  }
  // Every DNS zone is linked only to this environment's VNet: one link per zone, no extra link resources.
  for (const block of tree.blocks)
    if (
      block.kind === "resource" &&
      block.type === "azurerm_private_dns_zone_virtual_network_link" &&
      block.dir !== "modules/dns"
    )
      findings.push(
        finding(
          "dns-isolation",
          `${block.file}: ${block.type}.${block.name}`,
          "links a DNS zone outside the dns module",
        ),
      );
  for (const block of tree.blocks)
    if (block.kind === "resource" && block.type === "azurerm_virtual_network_peering")
      findings.push(
        finding(
          "shared-resource",
          `${block.file}: ${block.type}.${block.name}`,
          "peers a VNet: the environments have no connectivity",
        ),
      );
  return findings;
}

async function checkEvaluated(
  infraDir: string,
  platform: Platform,
  subscriptionId: string,
  customRoles: CustomRoles,
): Promise<Finding[]> {
  const envs = PURPOSES.map((p) => platform.environments[p]);
  let evaluated: Record<Purpose, EvaluatedEnvironment>;
  try {
    evaluated = await evaluateModules(infraDir, envs, subscriptionId);
  } catch (error) {
    if (error instanceof AirlockError && error.code === "TERRAFORM_EVAL_FAILED")
      return [finding("terraform-evaluation", "infra/modules/{naming,network-plan,rbac}", error.message)];
    throw error;
  }
  const findings: Finding[] = [];
  for (const env of envs) {
    const e = evaluated[env.purpose];
    findings.push(...compareNames(env, e));
    const actual = new Map(Object.entries(e.assignments).map(([key, a]) => [key, { ...a }]));
    findings.push(
      ...compareAssignments(env, actual, subscriptionId, `infra/modules/rbac (${env.purpose})`, customRoles),
    );
    const phases = { ...e.foundation_assignments, ...e.workspace_assignments };
    if (Object.keys(phases).length !== actual.size || Object.keys(phases).some((k) => !actual.has(k)))
      findings.push(
        finding(
          "rbac-wiring",
          "infra/modules/rbac outputs",
          "foundation_assignments and workspace_assignments do not partition assignments",
          env.purpose,
        ),
      );
  }
  return findings;
}

function compareNames(env: EnvironmentPlatform, e: EvaluatedEnvironment): Finding[] {
  const n = env.names;
  const expected: Record<string, string> = {
    ...Object.fromEntries(Object.entries(env.resourceGroups).map(([k, v]) => [`resource_groups.${k}`, v])),
    "names.vnet": n.vnet,
    "names.subnet": n.subnet,
    "names.network_security_group": n.networkSecurityGroup,
    "names.workspace": n.workspace,
    "names.registry": n.registry,
    "names.storage_account": n.storageAccount,
    "names.container_registry": n.containerRegistry,
    "names.key_vault": n.keyVault,
    "names.log_analytics": n.logAnalytics,
    "names.application_insights": n.applicationInsights,
    "names.workspace_identity": n.workspaceIdentity,
    "names.compute_identity": n.computeIdentity,
    "names.compute_cluster": n.computeCluster,
    "names.compute_instance": n.computeInstance,
    "private_endpoints.workspace": n.privateEndpoints.workspace,
    "private_endpoints.registry": n.privateEndpoints.registry,
    "private_endpoints.storage_blob": n.privateEndpoints.storageBlob,
    "private_endpoints.storage_file": n.privateEndpoints.storageFile,
    "private_endpoints.key_vault": n.privateEndpoints.keyVault,
    "private_endpoints.container_registry": n.privateEndpoints.containerRegistry,
    private_dns_zones: [...env.network.privateDnsZones].join(","),
  };
  const actual: Record<string, string | undefined> = {
    ...Object.fromEntries(Object.entries(e.resource_groups).map(([k, v]) => [`resource_groups.${k}`, v])),
    ...Object.fromEntries(Object.entries(e.names).map(([k, v]) => [`names.${k}`, v])),
    ...Object.fromEntries(Object.entries(e.private_endpoints).map(([k, v]) => [`private_endpoints.${k}`, v])),
    private_dns_zones: e.private_dns_zones.join(","),
  };
  return Object.entries(expected)
    .filter(([key, value]) => actual[key] !== value)
    .map(([key, value]) =>
      finding(
        "naming-drift",
        `infra/modules/naming ${key}`,
        `Terraform gives ${JSON.stringify(actual[key] ?? null)}, the platform model ${JSON.stringify(value)}`,
        env.purpose,
      ),
    );
}

/** Compares actual assignments (key "<principal>|<role>|<scope key>" → scope) with the RBAC data. */
export function compareAssignments(
  env: EnvironmentPlatform,
  actual: Map<string, { scope: string; role: string; human?: boolean; principal_key?: string }>,
  subscriptionId: string,
  where: string,
  customRoles: CustomRoles = {},
): Finding[] {
  const findings: Finding[] = [];
  const expected = new Map(
    expectedAssignments(env, subscriptionId).map((a) => [`${a.principalKey}|${a.roleName}|${a.scopeKey}`, a]),
  );
  for (const [key, a] of expected) {
    const got = actual.get(key);
    if (!got)
      findings.push(
        finding(
          "rbac-missing",
          where,
          `${a.principalName} lacks "${a.roleName}" on ${a.scopeKey} (${a.why})`,
          env.purpose,
        ),
      );
    else if (got.scope.toLowerCase() !== a.scope.toLowerCase())
      findings.push(
        finding(
          "rbac-wrong-scope",
          where,
          `${a.principalName} "${a.roleName}" is at ${got.scope}; the RBAC data says ${a.scope}`,
          env.purpose,
        ),
      );
  }
  for (const [key, got] of actual) {
    if (expected.has(key)) continue;
    findings.push(
      finding("rbac-extra", where, `"${key}" at ${got.scope} is not in the RBAC data`, env.purpose),
    );
  }
  // People writing the prod registry bypass the approval gate (errata 6).
  if (env.purpose === "prod") {
    const registryScope = scopeOfRegistry(env, subscriptionId);
    for (const [key, got] of actual) {
      const [principalKey, role] = key.split("|");
      const human = got.human ?? principalKey === "data_scientists";
      if (!human || got.scope.toLowerCase() !== registryScope.toLowerCase()) continue;
      if (!roleWritesRegistry(role ?? got.role, customRoles)) continue;
      const literal = env.humanRegistryAccess === "literal-matrix";
      findings.push(
        finding(
          "human-registry-write",
          where,
          literal
            ? `people hold "${role}" on the prod registry (human_registry_access = "literal-matrix"): they can write prod assets and bypass the approval gate`
            : `people hold "${role}" on the prod registry, which can write prod assets and bypass the approval gate; use the read-only role`,
          "prod",
          literal ? "warning" : "error",
        ),
      );
    }
  }
  if (env.purpose === "prod")
    findings.push(...humanProdWrites(env, actual, subscriptionId, where, customRoles));
  const views = [...actual].map(([key, a]) => ({ key, scope: a.scope }));
  for (const rule of ASSIGNMENT_RULES)
    for (const message of rule.check(views))
      findings.push(finding(rule.id, where, `${message} (fix: ${rule.fix})`, env.purpose));
  return findings;
}

/**
 * People who can change what prod serves or rewrite prod storage (the ledger included) without the gate
 * (errata 11-12): write online endpoints or deployments, read storage keys, or write storage data anywhere
 * but the ledger container (where its WORM policy keeps records from being changed). An explicit
 * human_prod_access = "literal-matrix" is reported as a warning, anything else as an error.
 */
function humanProdWrites(
  env: EnvironmentPlatform,
  actual: Map<string, { scope: string; role: string; human?: boolean; principal_key?: string }>,
  subscriptionId: string,
  where: string,
  customRoles: CustomRoles,
): Finding[] {
  const findings: Finding[] = [];
  const ws = `/subscriptions/${subscriptionId}/resourceGroups/${env.resourceGroups.ws}`.toLowerCase();
  const workspace = `${ws}/providers/microsoft.machinelearningservices/workspaces/${env.names.workspace.toLowerCase()}`;
  const account = `${ws}/providers/microsoft.storage/storageaccounts/${env.names.storageAccount.toLowerCase()}`;
  const ledger = `${account}/blobservices/default/containers/${LEDGER_CONTAINER}`;
  const within = (a: string, b: string) => a === b || a.startsWith(`${b}/`);
  const literal = env.humanProdAccess === "literal-matrix";
  for (const [key, got] of actual) {
    const [principalKey, role] = key.split("|");
    const human = got.human ?? principalKey === "data_scientists";
    if (!human) continue;
    const definition = permissionsOf(role ?? got.role, customRoles);
    const scope = got.scope.toLowerCase().replace(/\/+$/, "");
    // Unknown roles count as granting everything, as for the registry.
    const bypasses = definition
      ? [
          ...(within(workspace, scope) ? prodGateBypasses(definition, "workspace") : []),
          ...(within(account, scope) || (within(scope, account) && !within(scope, ledger))
            ? prodGateBypasses(definition, "storage")
            : []),
        ]
      : within(workspace, scope) || within(account, scope)
        ? ["(unknown role)"]
        : [];
    if (bypasses.length === 0) continue;
    findings.push(
      finding(
        "human-prod-write",
        where,
        `people hold "${role}" at ${got.scope}${literal ? ' (human_prod_access = "literal-matrix")' : ""}: it grants ${bypasses.join(", ")}, so a person can change prod endpoints or prod storage (the ledger included) without the approval gate${literal ? "" : '; use human_prod_access = "least-privilege"'}`,
        "prod",
        literal ? "warning" : "error",
      ),
    );
  }
  return findings;
}

function scopeOfRegistry(env: EnvironmentPlatform, subscriptionId: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${env.resourceGroups.reg}/providers/Microsoft.MachineLearningServices/registries/${env.names.registry}`;
}

/** A role writes registry assets when any action allows more than reading. Unknown roles count as writing. */
export function roleWritesRegistry(role: string, customRoles: CustomRoles = {}): boolean {
  const definition = permissionsOf(role, customRoles);
  if (!definition) return true;
  return definition.actions.some(
    (action) =>
      action === "*" ||
      /^Microsoft\.MachineLearningServices\/(\*|registries\/(\*|assets\/(\*|write|delete|.*\/(write|delete|\*))|.*\/write))/i.test(
        action,
      ),
  );
}
