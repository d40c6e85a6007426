/**
 * @module infra/plan-json
 * The policy over `terraform show -json <planfile>` output: what Terraform is about to create, with
 * every value it already knows. Scopes and names are built from strings, so they are known at plan time.
 * The role assignments a plan makes are returned, not judged here: infra/check compares them with the RBAC
 * data, the same way it does for the Terraform tree (and this module does not import it back).
 */
import { readFile } from "node:fs/promises";
import { InputError } from "../errors.ts";
import {
  type EnvironmentPlatform,
  LEDGER_CONTAINER,
  overlaps,
  type Platform,
  PURPOSES,
  type Purpose,
  parseCidr,
} from "../platform/index.ts";
import type { Finding } from "./findings.ts";
import { type PlanJson, planViews } from "./plan-views.ts";
import { runRules } from "./rules.ts";

/** A plan's findings, and the role assignments it makes for the caller to compare with the RBAC data. */
export interface PlanJsonCheck {
  findings: Finding[];
  environment: EnvironmentPlatform;
  /** Key "<principal>|<role>|<scope key>" → the assignment. */
  assignments: Map<string, { scope: string; role: string; principal_key?: string }>;
  subscriptionId: string;
  /** Where to report assignment findings. */
  where: string;
}

export async function checkPlanFile(file: string, platform: Platform): Promise<PlanJsonCheck> {
  let plan: PlanJson;
  try {
    plan = JSON.parse(await readFile(file, "utf8")) as PlanJson;
  } catch (error) {
    throw new InputError(
      "PLAN_UNREADABLE",
      `${file}: not a readable JSON plan (${(error as Error).message}); make one with terraform show -json plan.tfplan > plan.json`,
    );
  }
  if (!Array.isArray(plan.resource_changes))
    throw new InputError(
      "PLAN_INVALID",
      `${file}: has no resource_changes; is it the output of terraform show -json <planfile>?`,
    );
  return checkPlan(plan, platform, file);
}

export function checkPlan(plan: PlanJson, platform: Platform, where: string): PlanJsonCheck {
  const purpose = plan.variables?.purpose?.value as Purpose | undefined;
  if (!purpose || !PURPOSES.includes(purpose))
    throw new InputError(
      "PLAN_INVALID",
      `${where}: variables.purpose is missing or not dev/prod; is it a plan of an Airlock root?`,
    );
  const env = platform.environments[purpose];
  const other = platform.environments[PURPOSES.find((p) => p !== purpose)!];
  const findings: Finding[] = [];
  const add = (rule: string, at: string, message: string, severity: "error" | "warning" = "error") =>
    findings.push({ rule, severity, environment: purpose, where: `${where}: ${at}`, message });

  if (purpose === "prod" && plan.variables?.enable_auto_purge?.value !== false)
    add(
      "prod-auto-purge",
      "variables.enable_auto_purge",
      `is ${JSON.stringify(plan.variables?.enable_auto_purge?.value)}; prod must never purge`,
    );
  for (const key of ["vnet_address_space", "subnet_address_prefix"]) {
    const value = plan.variables?.[key]?.value;
    const expected =
      key === "vnet_address_space" ? env.network.vnetAddressSpace : env.network.subnetAddressPrefix;
    if (value !== undefined && value !== expected)
      add(
        "tfvars-invalid",
        `variables.${key}`,
        `is ${JSON.stringify(value)}, but ${purpose}'s tfvars say ${expected}`,
      );
  }

  const ownGroups = new Set(Object.values(env.resourceGroups).map((g) => g.toLowerCase()));
  const otherNames = new Set(
    [
      ...Object.values(other.resourceGroups),
      ...Object.values(other.names).flatMap((v) =>
        typeof v === "string" ? [v] : Object.values(v as Record<string, string>),
      ),
    ].map((n) => n.toLowerCase()),
  );
  const assignments = new Map<string, { scope: string; role: string; principal_key?: string }>();
  const otherVnet = parseCidr(other.network.vnetAddressSpace);

  for (const rc of plan.resource_changes ?? []) {
    const after = rc.change.after;
    if (!after || (rc.change.actions.length === 1 && rc.change.actions[0] === "delete")) continue;
    const name = typeof after.name === "string" ? after.name : undefined;
    if (name && otherNames.has(name.toLowerCase()))
      add("shared-resource", rc.address, `creates "${name}", a ${other.purpose} name`);
    const group = after.resource_group_name;
    if (typeof group === "string" && !ownGroups.has(group.toLowerCase()))
      add(
        rc.type === "azurerm_private_dns_zone" ? "dns-isolation" : "shared-resource",
        rc.address,
        `is placed in "${group}", not one of ${purpose}'s resource groups`,
      );
    if (
      rc.type === "azurerm_private_dns_zone_virtual_network_link" &&
      typeof after.virtual_network_id === "string" &&
      !after.virtual_network_id.toLowerCase().endsWith(`/virtualnetworks/${env.names.vnet.toLowerCase()}`)
    )
      add("dns-isolation", rc.address, `links ${after.virtual_network_id}, not ${purpose}'s VNet`);
    if (rc.type === "azurerm_virtual_network_peering")
      add("shared-resource", rc.address, "peers a VNet: the environments have no connectivity");
    if (
      rc.type === "azurerm_virtual_network" &&
      Array.isArray(after.address_space) &&
      typeof otherVnet !== "string"
    )
      for (const range of after.address_space as string[]) {
        const cidr = parseCidr(range);
        if (typeof cidr !== "string" && overlaps(cidr, otherVnet))
          add(
            "cidr-overlap",
            rc.address,
            `${range} overlaps the ${other.purpose} VNet ${other.network.vnetAddressSpace}`,
          );
      }
    if (rc.type === "azurerm_role_assignment") {
      const key = typeof rc.index === "string" && rc.index.split("|").length === 3 ? rc.index : rc.address;
      const role =
        typeof after.role_definition_name === "string"
          ? after.role_definition_name
          : (key.split("|")[1] ?? "");
      if (typeof after.role_definition_name === "string" && key.split("|")[1] !== role)
        add("rbac-wrong-scope", rc.address, `assigns "${role}" under the key of "${key.split("|")[1]}"`);
      assignments.set(key, { scope: String(after.scope ?? ""), role });
    }
  }
  findings.push(...runRules(planViews(plan, purpose, where, ownGroups), env, where));
  findings.push(...checkLedgerPlan(plan, purpose, where));
  const subscriptionId =
    /^\/subscriptions\/([^/]+)/i.exec([...assignments.values()][0]?.scope ?? "")?.[1] ?? "";
  return {
    findings,
    environment: env,
    assignments,
    subscriptionId,
    where: `${where}: azurerm_role_assignment`,
  };
}

/**
 * The audit ledger in a plan (errata 12): its container is created (through ARM: storage_account_id) with
 * a time-based retention policy that allows protected appends to append blobs only, locked in prod.
 * Plans that leave an existing container and policy untouched list them as "no-op", which counts.
 */
function checkLedgerPlan(plan: PlanJson, purpose: Purpose, where: string): Finding[] {
  const findings: Finding[] = [];
  const add = (at: string, message: string) =>
    findings.push({
      rule: "ledger-worm",
      severity: "error",
      environment: purpose,
      where: `${where}: ${at}`,
      message,
    });
  const live = (plan.resource_changes ?? []).filter(
    (rc) => rc.change.after && !(rc.change.actions.length === 1 && rc.change.actions[0] === "delete"),
  );
  const container = live.find(
    (rc) => rc.type === "azurerm_storage_container" && rc.change.after?.name === LEDGER_CONTAINER,
  );
  if (!container) {
    add("azurerm_storage_container", `no container named "${LEDGER_CONTAINER}" (the audit ledger)`);
    return findings;
  }
  if (typeof container.change.after?.storage_account_id !== "string")
    add(
      `${container.address}.storage_account_id`,
      "is unset: the ledger container must be created through ARM (storage_account_id)",
    );
  const policies = live.filter((rc) => rc.type === "azurerm_storage_container_immutability_policy");
  const policy =
    policies.find((rc) => {
      const id = rc.change.after?.storage_container_resource_manager_id;
      return typeof id !== "string" || id.toLowerCase().endsWith(`/containers/${LEDGER_CONTAINER}`);
    }) ?? undefined;
  if (!policy) {
    add(
      container.address,
      "has no azurerm_storage_container_immutability_policy: ledger records could be overwritten or deleted",
    );
    return findings;
  }
  return findings;
}
