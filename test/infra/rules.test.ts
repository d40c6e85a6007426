/**
 * The rule table of issue 9 (findings 1-14): each defect class seeded once into the Terraform (one scratch
 * copy of infra/ for the whole file, each seed undone after its test) and once into a clean JSON plan, and
 * reported under its rule id by the same rule on both sides. In-process (checkInfra), no CLI start.
 */
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { checkInfra, type InfraCheckReport } from "../../src/infra/check.ts";
import { parseLockFile } from "../../src/infra/lock-files.ts";
import { ASSIGNMENT_RULES, RULE_TABLE } from "../../src/infra/rules.ts";
import { type EnvironmentPlatform, loadPlatform, type Purpose } from "../../src/platform/index.ts";
import { edit, INFRA_DIR, infraCopyPool, terraformMissingReason } from "./fixture.ts";
import { type Change, type Plan, planFor } from "./plan-fixture.ts";

interface HclCase {
  rule: string;
  name: string;
  seed: (dir: string) => Promise<void>;
  environment?: Purpose;
}

const HCL_CASES: HclCase[] = [
  {
    rule: "storage-data-plane",
    name: "finding 1: the provider polls the storage data plane",
    seed: (d) =>
      edit(d, "environments/dev/providers.tf", "data_plane_available = false", "data_plane_available = true"),
    environment: "dev",
  },
  {
    rule: "diagnostic-categories",
    name: "finding 2: allLogs on the storage account",
    seed: (d) =>
      edit(
        d,
        "modules/platform/main.tf",
        'storage            = { id = module.storage.id, logs = false, metrics = ["Transaction"] }',
        'storage            = { id = module.storage.id, logs = true, metrics = ["Transaction"] }',
      ),
  },
  {
    rule: "diagnostic-categories",
    name: "finding 2: AllMetrics on the registry",
    seed: (d) =>
      edit(
        d,
        "modules/platform/main.tf",
        "registry           = { id = module.registry.id, logs = true, metrics = [] }",
        'registry           = { id = module.registry.id, logs = true, metrics = ["AllMetrics"] }',
      ),
  },
  {
    rule: "workspace-identity-roles",
    name: "finding 3: the workspace identity without Key Vault Administrator",
    seed: (d) =>
      edit(
        d,
        "rbac/rbac-matrix.json",
        /\n {4}\{ "principal": "workspace_identity", "role": "Key Vault Administrator"[^\n]*/,
        "",
      ),
  },
  {
    rule: "storage-resource-instance",
    name: "finding 4: storage public access Disabled, so the registry's resource-instance rule is ignored",
    seed: (d) =>
      edit(
        d,
        "modules/storage/main.tf",
        /public_network_access_enabled {3}= true/,
        "public_network_access_enabled   = false",
      ),
  },
  {
    rule: "pe-approval",
    name: "finding 7: an auto-approved endpoint into the registry's managed group",
    seed: (d) => edit(d, "modules/platform/main.tf", /\n\s*manual\s*= true\n/, "\n"),
  },
  {
    rule: "registry-outbound",
    name: "finding 8: no outbound rule to the registry's storage",
    seed: (d) =>
      edit(d, "modules/workspace/main.tf", 'subresourceTarget = "blob"', 'subresourceTarget = "queue"'),
  },
  {
    rule: "isolation-mode",
    name: "finding 9: the prod root's validation accepts Disabled",
    seed: (d) =>
      edit(
        d,
        "environments/prod/variables.tf",
        'contains(["AllowOnlyApprovedOutbound", "AllowInternetOutbound"], var.workspace_isolation_mode)',
        'contains(["AllowOnlyApprovedOutbound", "AllowInternetOutbound", "Disabled"], var.workspace_isolation_mode)',
      ),
    environment: "prod",
  },
  {
    rule: "isolation-mode",
    name: "finding 9: the workspace module's validation accepts Disabled",
    seed: (d) =>
      edit(
        d,
        "modules/workspace/variables.tf",
        'contains(["AllowOnlyApprovedOutbound", "AllowInternetOutbound"], var.isolation_mode)',
        'contains(["AllowOnlyApprovedOutbound", "AllowInternetOutbound", "Disabled"], var.isolation_mode)',
      ),
  },
  {
    rule: "provider-registration",
    name: "finding 10: the provider registers resource providers",
    seed: (d) =>
      edit(d, "environments/prod/providers.tf", /\n\s*resource_provider_registrations = "none"/, ""),
    environment: "prod",
  },
  {
    rule: "lock-file",
    name: "finding 11: no lock file in the prod root",
    seed: (d) => unlink(path.join(d, "environments/prod/.terraform.lock.hcl")),
    environment: "prod",
  },
  {
    rule: "compute-instance-owner",
    name: "finding 12: a compute instance without assign_to_user",
    seed: (d) => edit(d, "modules/compute/main.tf", /\n {2}assign_to_user \{[^}]*\}\n/, "\n"),
  },
  {
    rule: "pe-network-policies",
    name: "finding 13: private endpoint network policies off",
    seed: (d) =>
      edit(
        d,
        "modules/network/main.tf",
        'private_endpoint_network_policies = "Enabled"',
        'private_endpoint_network_policies = "Disabled"',
      ),
  },
  {
    rule: "alert-receivers",
    name: "finding 13: an action group without receivers",
    seed: (d) => edit(d, "modules/budgets/main.tf", /\n {2}arm_role_receiver \{[^}]*\}\n/, "\n"),
  },
  {
    rule: "redundant-role",
    name: "finding 13: the workspace identity holds Storage Blob Data Owner and Contributor",
    seed: (d) =>
      edit(
        d,
        "rbac/rbac-matrix.json",
        '{ "principal": "workspace_identity", "role": "Storage Blob Data Contributor", "scope": "storage_account", ',
        '{ "principal": "workspace_identity", "role": "Storage Blob Data Owner", "scope": "storage_account", "why": "x" },\n    { "principal": "workspace_identity", "role": "Storage Blob Data Contributor", "scope": "storage_account", ',
      ),
  },
  {
    rule: "registry-accounts",
    name: "finding 14: the registry's system-created storage account unnamed",
    seed: (d) =>
      edit(d, "modules/registry/main.tf", /\n\s*storageAccountName\s*= var\.storage_account_name/, ""),
  },
];

type PlanSeed = (plan: Plan) => void;
const change = (plan: Plan, predicate: (c: Change) => boolean) =>
  plan.resource_changes.find(predicate)!.change.after;
const byType = (type: string) => (c: Change) => c.type === type;
const byIndex = (type: string, index: string) => (c: Change) => c.type === type && c.index === index;

const PLAN_CASES: Array<{ rule: string; name: string; purpose: Purpose; seed: PlanSeed }> = [
  {
    rule: "storage-data-plane",
    name: "finding 1: data_plane_available unset (defaults to true)",
    purpose: "dev",
    seed: (p) => (p.configuration.provider_config.azurerm!.expressions.features = [{}]),
  },
  {
    rule: "diagnostic-categories",
    name: "finding 2: allLogs on the storage account",
    purpose: "prod",
    seed: (p) =>
      (change(p, byIndex("azurerm_monitor_diagnostic_setting", "storage")).enabled_log = [
        { category_group: "allLogs" },
      ]),
  },
  {
    rule: "workspace-identity-roles",
    name: "finding 3: no Key Vault Administrator for the workspace identity",
    purpose: "dev",
    seed: (p) =>
      (p.resource_changes = p.resource_changes.filter(
        (c) => !String(c.index).startsWith("workspace_identity|Key Vault Administrator|"),
      )),
  },
  {
    rule: "storage-resource-instance",
    name: "finding 4: storage public access Disabled beside a resource-instance rule",
    purpose: "dev",
    seed: (p) => (change(p, byType("azurerm_storage_account")).public_network_access_enabled = false),
  },
  {
    rule: "pe-approval",
    name: "finding 7: the registry's ACR endpoint auto-approved",
    purpose: "prod",
    seed: (p) =>
      ((
        change(p, byIndex("azurerm_private_endpoint", "registry_acr")).private_service_connection as Array<
          Record<string, unknown>
        >
      )[0]!.is_manual_connection = false),
  },
  {
    rule: "pe-approval",
    name: "finding 7: an auto-approved endpoint whose known target is in another group",
    purpose: "dev",
    seed: (p) =>
      ((
        change(p, byIndex("azurerm_private_endpoint", "key_vault")).private_service_connection as Array<
          Record<string, unknown>
        >
      )[0]!.private_connection_resource_id =
        "/subscriptions/x/resourceGroups/rg-elsewhere/providers/Microsoft.KeyVault/vaults/kv-elsewhere"),
  },
  {
    rule: "registry-outbound",
    name: "finding 8: no outbound rule to the registry's ACR",
    purpose: "dev",
    seed: (p) =>
      (p.resource_changes = p.resource_changes.filter(
        (c) => !c.address.endsWith("registry_acr_outbound_rule"),
      )),
  },
  {
    rule: "isolation-mode",
    name: "finding 9: isolation mode Disabled",
    purpose: "prod",
    seed: (p) => (p.variables.workspace_isolation_mode = { value: "Disabled" }),
  },
  {
    rule: "provider-registration",
    name: "finding 10: resource_provider_registrations unset (legacy)",
    purpose: "prod",
    seed: (p) => delete p.configuration.provider_config.azurerm!.expressions.resource_provider_registrations,
  },
  {
    rule: "compute-instance-owner",
    name: "finding 12: compute instance without assign_to_user",
    purpose: "dev",
    seed: (p) => delete change(p, byType("azurerm_machine_learning_compute_instance")).assign_to_user,
  },
  {
    rule: "pe-network-policies",
    name: "finding 13: network policies Disabled",
    purpose: "prod",
    seed: (p) => (change(p, byType("azurerm_subnet")).private_endpoint_network_policies = "Disabled"),
  },
  {
    rule: "alert-receivers",
    name: "finding 13: action group without receivers",
    purpose: "dev",
    seed: (p) => (change(p, byType("azurerm_monitor_action_group")).arm_role_receiver = []),
  },
  {
    rule: "redundant-role",
    name: "finding 13: the compute identity holds AcrPull beside AcrPush",
    purpose: "dev",
    seed: (p) => {
      const push = p.resource_changes.find((c) => String(c.index).startsWith("compute_identity|AcrPush|"))!;
      p.resource_changes.push({
        ...push,
        address: push.address.replace("AcrPush", "AcrPull"),
        index: String(push.index).replace("AcrPush", "AcrPull"),
        change: { ...push.change, after: { ...push.change.after, role_definition_name: "AcrPull" } },
      });
    },
  },
  {
    rule: "registry-accounts",
    name: "finding 14: registry ACR name not pinned",
    purpose: "prod",
    seed: (p) => {
      const body = change(p, (c) => c.address.endsWith("module.registry.azapi_resource.this")).body as {
        properties: {
          regionDetails: Array<{ acrDetails: Array<{ systemCreatedAcrAccount: Record<string, unknown> }> }>;
        };
      };
      delete body.properties.regionDetails[0]!.acrDetails[0]!.systemCreatedAcrAccount.acrAccountName;
    },
  },
];

const describeFindings = (report: InfraCheckReport) =>
  report.findings.map((f) => `${f.rule} ${f.environment ?? ""} ${f.where}: ${f.message}`).join("\n");

describe("issue 9 rules (findings 1-14), one table on HCL and plan JSON", {
  skip: terraformMissingReason(),
}, () => {
  let pool: Awaited<ReturnType<typeof infraCopyPool>>;
  let plans = "";
  let envs: Record<Purpose, EnvironmentPlatform>;
  before(async () => {
    pool = await infraCopyPool(2);
    plans = await mkdtemp(path.join(tmpdir(), "airlock-rules-plan-"));
    envs = (await loadPlatform()).environments;
  });
  after(async () => {
    await pool.cleanup();
    await rm(plans, { recursive: true, force: true });
  });

  test("every rule of the table has a seeded HCL case and a seeded plan case (lock-file: HCL only)", () => {
    const ids = [...new Set([...RULE_TABLE, ...ASSIGNMENT_RULES].map((r) => r.id))];
    for (const id of ids.filter(
      (id) => !["public-access", "prod-purge-protection", "ledger-worm"].includes(id),
    )) {
      assert.ok(
        HCL_CASES.some((c) => c.rule === id),
        `no HCL case for ${id}`,
      );
      assert.ok(
        PLAN_CASES.some((c) => c.rule === id),
        `no plan case for ${id}`,
      );
    }
  });

  test("the repository's roots pass; the committed lock files lock every provider with zh: hashes", async () => {
    const report = await pool.seeded(
      async () => {},
      (dir) => checkInfra({ infraDir: dir }),
    );
    assert.deepEqual(report.findings, [], describeFindings(report));
    for (const env of ["dev", "prod"]) {
      const lock = parseLockFile(
        await readFile(path.join(INFRA_DIR, "environments", env, ".terraform.lock.hcl"), "utf8"),
      );
      assert.deepEqual([...lock.keys()].sort(), [
        "registry.terraform.io/azure/azapi",
        "registry.terraform.io/hashicorp/azurerm",
        "registry.terraform.io/hashicorp/time",
      ]);
      assert.equal(lock.get("registry.terraform.io/hashicorp/azurerm")!.version, "4.73.0");
    }
  });

  describe("seeded into the Terraform", { concurrency: 2 }, () => {
    for (const c of HCL_CASES)
      test(`HCL: ${c.name} → ${c.rule}`, async () => {
        const report = await pool.seeded(c.seed, (dir) => checkInfra({ infraDir: dir }));
        assert.equal(report.ok, false, `not detected: ${c.name}`);
        assert.ok(
          report.findings.some(
            (f) => f.rule === c.rule && (!c.environment || f.environment === c.environment),
          ),
          `expected ${c.rule}; got:\n${describeFindings(report)}`,
        );
      });
  });

  test("a clean plan of each environment passes", async () => {
    for (const purpose of ["dev", "prod"] as const) {
      const file = path.join(plans, `${purpose}-clean.json`);
      await writeFile(file, JSON.stringify(planFor(envs[purpose])));
      const report = await checkInfra({ plans: [file] });
      assert.deepEqual(report.findings, [], describeFindings(report));
    }
  });

  test("an auto-approved endpoint whose target id is known only after apply is not judged before it", async () => {
    const plan = planFor(envs.dev);
    plan.resource_changes.push({
      address: "module.platform.module.events[0].azurerm_private_endpoint.topic",
      type: "azurerm_private_endpoint",
      name: "topic",
      change: {
        actions: ["create"],
        after: {
          private_service_connection: [{ subresource_names: ["topic"], is_manual_connection: false }],
        },
      },
    });
    const file = path.join(plans, "unknown-target.json");
    await writeFile(file, JSON.stringify(plan));
    const report = await checkInfra({ plans: [file] });
    assert.deepEqual(report.findings, [], describeFindings(report));
  });

  for (const [i, c] of PLAN_CASES.entries())
    test(`plan: ${c.name} → ${c.rule}`, async () => {
      const plan = planFor(envs[c.purpose]);
      c.seed(plan);
      const file = path.join(plans, `case-${i}.json`);
      await writeFile(file, JSON.stringify(plan));
      const report = await checkInfra({ plans: [file] });
      assert.ok(
        report.findings.some((f) => f.rule === c.rule && f.environment === c.purpose),
        `expected ${c.rule}; got:\n${describeFindings(report)}`,
      );
    });
});
