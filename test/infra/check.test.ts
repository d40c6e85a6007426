/**
 * `airlock infra check` over the parsed Terraform: the repository passes, and each seeded violation (in a
 * scratch copy of infra/) is reported under its rule. The CLI runs as a real subprocess for exit codes and
 * output; the seeded cases call the library directly (same code, no CLI start per case).
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { checkInfra, type InfraCheckReport } from "../../src/infra/check.ts";
import { runCli } from "../helpers/cli.ts";
import { append, edit, infraCopyPool, terraformMissingReason } from "./fixture.ts";

type Seed = (dir: string) => Promise<void>;

interface Case {
  name: string;
  seed: Seed;
  rule: string;
  environment?: "dev" | "prod";
  severity?: "error" | "warning";
}

const DEV_RG_VNET = "rg-aml-vnet-dev-cc01";

const CASES: Case[] = [
  {
    name: "shared DNS zone: prod's zones placed in the dev network group",
    seed: (d) =>
      edit(
        d,
        "modules/platform/main.tf",
        /(module "dns" \{\n\s+source\s+= "..\/dns"\n\s+resource_group_name = )azurerm_resource_group.this\["vnet"\].name/,
        `$1"${DEV_RG_VNET}"`,
      ),
    rule: "dns-isolation",
  },
  {
    name: "DNS zone linked to another VNet",
    seed: (d) =>
      edit(
        d,
        "modules/dns/main.tf",
        "virtual_network_id    = var.vnet_id",
        'virtual_network_id    = "/subscriptions/x/resourceGroups/rg-aml-vnet-dev-cc01/providers/Microsoft.Network/virtualNetworks/vnet-amldevcc01"',
      ),
    rule: "dns-isolation",
  },
  {
    name: "overlapping CIDR",
    seed: async (d) => {
      await edit(d, "environments/prod/terraform.tfvars", '"10.2.0.0/16"', '"10.1.0.0/16"');
      await edit(d, "environments/prod/terraform.tfvars", '"10.2.1.0/24"', '"10.1.2.0/24"');
    },
    rule: "cidr-overlap",
    environment: "prod",
  },
  {
    name: "public access on the workspace",
    seed: (d) =>
      edit(
        d,
        "modules/workspace/main.tf",
        "public_network_access_enabled  = false",
        "public_network_access_enabled  = true",
      ),
    rule: "public-access",
  },
  {
    name: "storage open to every network (default action Allow)",
    seed: (d) => edit(d, "modules/storage/main.tf", 'default_action = "Deny"', 'default_action = "Allow"'),
    rule: "public-access",
  },
  {
    name: "registry public access enabled",
    seed: (d) =>
      edit(
        d,
        "modules/registry/main.tf",
        'publicNetworkAccess = "Disabled"',
        'publicNetworkAccess = "Enabled"',
      ),
    rule: "public-access",
  },
  {
    name: "key vault public access through a module variable whose default is true",
    seed: async (d) => {
      await edit(
        d,
        "modules/keyvault/main.tf",
        "public_network_access_enabled = false",
        "public_network_access_enabled = var.public_access",
      );
      await append(
        d,
        "modules/keyvault/variables.tf",
        'variable "public_access" {\n  type    = bool\n  default = true\n}',
      );
    },
    rule: "public-access",
  },
  {
    name: "ACR public access on",
    seed: (d) =>
      edit(
        d,
        "modules/acr/main.tf",
        "public_network_access_enabled = false",
        "public_network_access_enabled = true",
      ),
    rule: "public-access",
  },
  {
    name: "missing role (AcrPush left out of the RBAC expansion)",
    seed: (d) =>
      edit(
        d,
        "modules/rbac/main.tf",
        "    if contains(try(a.environments, [var.purpose]), var.purpose)",
        '    if a.role != "AcrPush" && contains(try(a.environments, [var.purpose]), var.purpose)',
      ),
    rule: "rbac-missing",
  },
  {
    name: "extra role: an azurerm_role_assignment outside the RBAC data",
    seed: (d) =>
      append(
        d,
        "modules/storage/main.tf",
        'resource "azurerm_role_assignment" "extra" {\n  scope                = azurerm_storage_account.this.id\n  role_definition_name = "Owner"\n  principal_id         = "00000000-0000-0000-0000-000000000000"\n}',
      ),
    rule: "rbac-extra",
  },
  {
    name: "wrong scope: the key vault scope points at the storage account",
    seed: (d) =>
      edit(
        d,
        "modules/rbac/main.tf",
        "Microsoft.KeyVault/vaults/$" + "{var.names.key_vault}",
        "Microsoft.KeyVault/vaults/$" + "{var.names.storage_account}",
      ),
    rule: "rbac-wrong-scope",
  },
  {
    name: "assignments filtered between the rbac module and the role assignments",
    seed: (d) =>
      edit(
        d,
        "modules/platform/main.tf",
        "assignments                = module.rbac.foundation_assignments",
        'assignments                = { for k, v in module.rbac.foundation_assignments : k => v if v.role != "AcrPull" }',
      ),
    rule: "rbac-wiring",
  },
  {
    name: "prod auto-purge in tfvars",
    seed: (d) =>
      edit(d, "environments/prod/terraform.tfvars", "enable_auto_purge = false", "enable_auto_purge = true"),
    rule: "prod-auto-purge",
    environment: "prod",
  },
  {
    name: "prod provider purges key vaults regardless of enable_auto_purge",
    seed: (d) =>
      edit(
        d,
        "environments/prod/providers.tf",
        "purge_soft_delete_on_destroy    = var.enable_auto_purge",
        "purge_soft_delete_on_destroy    = true",
      ),
    rule: "prod-auto-purge",
    environment: "prod",
  },
  {
    name: "prod key vault without purge protection",
    seed: (d) =>
      edit(
        d,
        "modules/platform/main.tf",
        "purge_protection_enabled = !var.enable_auto_purge",
        "purge_protection_enabled = false",
      ),
    rule: "prod-purge-protection",
    environment: "prod",
  },
  {
    name: "human write on the prod registry (Registry User instead of the read-only role)",
    seed: (d) =>
      edit(
        d,
        "rbac/rbac-matrix.json",
        '"role": "AzureML Registry Reader (Airlock)", "scope": "registry", "environments": ["prod"]',
        '"role": "AzureML Registry User", "scope": "registry", "environments": ["prod"]',
      ),
    rule: "human-registry-write",
    environment: "prod",
  },
  {
    name: "ledger without its WORM policy (the immutability policy resource removed)",
    seed: (d) =>
      edit(
        d,
        "modules/storage/main.tf",
        /resource "azurerm_storage_container_immutability_policy" "ledger" \{[^}]*\}\n/,
        "",
      ),
    rule: "ledger-worm",
    environment: "prod",
  },
  {
    name: "ledger policy attached to another container",
    seed: (d) =>
      append(
        d,
        "modules/storage/main.tf",
        'resource "azurerm_storage_container" "other" {\n  name               = "other"\n  storage_account_id = azurerm_storage_account.this.id\n}',
      ).then(() =>
        edit(
          d,
          "modules/storage/main.tf",
          "storage_container_resource_manager_id = azurerm_storage_container.ledger.id",
          "storage_container_resource_manager_id = azurerm_storage_container.other.id",
        ),
      ),
    rule: "ledger-worm",
    environment: "prod",
  },
  {
    name: "ledger container created through the data plane (storage_account_name)",
    seed: (d) =>
      edit(
        d,
        "modules/storage/main.tf",
        "storage_account_id    = azurerm_storage_account.this.id\n  container_access_type",
        "storage_account_name  = azurerm_storage_account.this.name\n  container_access_type",
      ),
    rule: "ledger-worm",
  },
  {
    name: "prod ledger policy unlocked in tfvars",
    seed: (d) =>
      edit(
        d,
        "environments/prod/terraform.tfvars",
        "ledger_policy_locked  = true",
        "ledger_policy_locked  = false",
      ),
    rule: "ledger-worm",
    environment: "prod",
  },
  {
    name: "prod ledger policy unlocked in the storage module regardless of tfvars",
    seed: (d) =>
      edit(
        d,
        "modules/storage/main.tf",
        "locked                                = var.ledger_policy_locked",
        "locked                                = false",
      ),
    rule: "ledger-worm",
    environment: "prod",
  },
  {
    name: "prod ledger policy unlocked in the platform wiring",
    seed: (d) =>
      edit(
        d,
        "modules/platform/main.tf",
        "ledger_policy_locked           = module.ledger_policy.locked",
        "ledger_policy_locked           = false",
      ),
    rule: "ledger-worm",
    environment: "prod",
  },
  {
    name: "ledger policy with protected append writes off",
    seed: (d) =>
      edit(
        d,
        "modules/storage/main.tf",
        "protected_append_writes_enabled       = var.ledger_protected_append_writes",
        "protected_append_writes_enabled       = false",
      ),
    rule: "ledger-worm",
  },
  {
    name: "ledger policy allowing appends to block blobs too (protected_append_writes_all_enabled)",
    seed: (d) =>
      edit(
        d,
        "modules/storage/main.tf",
        "protected_append_writes_enabled       = var.ledger_protected_append_writes",
        "protected_append_writes_all_enabled   = true",
      ),
    rule: "ledger-worm",
  },
  {
    name: "people write prod online endpoints (AzureML Data Scientist on the prod workspace by default)",
    seed: (d) =>
      edit(
        d,
        "rbac/rbac-matrix.json",
        '"role": "AzureML Workspace Reader (Airlock)", "scope": "workspace", "environments": ["prod"]',
        '"role": "AzureML Data Scientist", "scope": "workspace", "environments": ["prod"]',
      ),
    rule: "human-prod-write",
    environment: "prod",
  },
  {
    name: "people write prod storage data (Storage Blob Data Contributor on the prod account by default)",
    seed: (d) =>
      edit(
        d,
        "rbac/rbac-matrix.json",
        '"role": "Storage Blob Data Reader", "scope": "storage_account", "environments": ["prod"]',
        '"role": "Storage Blob Data Contributor", "scope": "storage_account", "environments": ["prod"]',
      ),
    rule: "human-prod-write",
    environment: "prod",
  },
  {
    name: "the custom workspace reader widened to deployment writes",
    seed: (d) =>
      edit(
        d,
        "rbac/rbac-matrix.json",
        '"Microsoft.MachineLearningServices/workspaces/onlineEndpoints/score/action"',
        '"Microsoft.MachineLearningServices/workspaces/onlineEndpoints/score/action",\n        "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments/*"',
      ),
    rule: "human-prod-write",
    environment: "prod",
  },
  {
    name: "human_prod_access not passed on to the rbac module",
    seed: (d) => edit(d, "modules/platform/main.tf", "  human_prod_access     = var.human_prod_access\n", ""),
    rule: "rbac-wiring",
  },
  {
    name: "cross-root reference: dev reads prod's state",
    seed: (d) =>
      append(
        d,
        "environments/dev/main.tf",
        'data "terraform_remote_state" "prod" {\n  backend = "local"\n  config = {\n    path = "../prod/terraform.tfstate"\n  }\n}',
      ),
    rule: "cross-root-reference",
    environment: "dev",
  },
  {
    name: "cross-root reference: dev uses a module from the prod root",
    seed: (d) => append(d, "environments/dev/main.tf", 'module "borrowed" {\n  source = "../prod"\n}'),
    rule: "cross-root-reference",
    environment: "dev",
  },
  {
    name: "finding 5: the backend reaches the Entra-only state account with an account key",
    seed: (d) => edit(d, "environments/prod/versions.tf", "    use_azuread_auth     = true\n", ""),
    rule: "state-entra-auth",
    environment: "prod",
  },
  {
    name: "shared state: prod's backend key is dev's",
    seed: (d) => edit(d, "environments/prod/versions.tf", "airlock-prod.tfstate", "airlock-dev.tfstate"),
    rule: "cross-root-reference",
    environment: "prod",
  },
  {
    name: "shared identity: prod refers to the dev workspace identity",
    seed: (d) =>
      append(
        d,
        "environments/prod/main.tf",
        'locals {\n  borrowed_identity = "/subscriptions/x/resourceGroups/rg-aml-vnet-dev-cc01/providers/Microsoft.ManagedIdentity/userAssignedIdentities/dev-mi-workspace"\n}',
      ),
    rule: "shared-resource",
    environment: "prod",
  },
  {
    name: "shared key vault: a module looks up an existing vault",
    seed: (d) =>
      append(
        d,
        "modules/keyvault/main.tf",
        'data "azurerm_key_vault" "existing" {\n  name                = "amlkvdevcc01"\n  resource_group_name = "rg-aml-ws-dev-cc01"\n}',
      ),
    rule: "shared-resource",
  },
  {
    name: "VNet peering",
    seed: (d) =>
      append(
        d,
        "modules/network/main.tf",
        'resource "azurerm_virtual_network_peering" "to_other" {\n  name                      = "peer"\n  resource_group_name       = var.resource_group_name\n  virtual_network_name      = azurerm_virtual_network.this.name\n  remote_virtual_network_id = var.vnet_name\n}',
      ),
    rule: "shared-resource",
  },
  {
    name: "hard-coded environment name in a module",
    seed: (d) => edit(d, "modules/registry/main.tf", "name      = var.name", 'name      = "amlregprodcc01"'),
    rule: "hardcoded-name",
  },
  {
    name: "naming drift: Terraform's App Insights prefix differs from the platform model",
    seed: (d) =>
      edit(
        d,
        "modules/naming/variables.tf",
        'application_insights   = "amlappi"',
        'application_insights   = "amlai"',
      ),
    rule: "naming-drift",
  },
  {
    name: "compute with public IPs",
    seed: (d) =>
      edit(d, "modules/compute/main.tf", /node_public_ip_enabled\s+= false/, "node_public_ip_enabled = true"),
    rule: "public-access",
  },
];

// Two scratch copies for the file, each seeded, checked and put back by one case at a time.
let shared: Awaited<ReturnType<typeof infraCopyPool>> | undefined;
const checkSeeded = (seed: Seed): Promise<InfraCheckReport> =>
  shared!.seeded(seed, (dir) => checkInfra({ infraDir: dir }));

describe("airlock infra check over the Terraform", { skip: terraformMissingReason() }, () => {
  before(async () => {
    shared = await infraCopyPool(2);
  });
  after(() => shared?.cleanup());

  test("passes on the repository (CLI, exit 0), human and --json", async () => {
    const human = await runCli(["infra", "check"]);
    assert.equal(human.code, 0, human.stderr + human.stdout);
    assert.match(human.stdout, /ok: no violations/);
    const json = await runCli(["infra", "check", "--json"]);
    assert.equal(json.code, 0, json.stderr);
    const report = JSON.parse(json.stdout) as InfraCheckReport;
    assert.equal(report.ok, true);
    assert.deepEqual(report.findings, []);
  });

  test("a violation exits 8 with a clear report (CLI, human and --json)", async () => {
    const seed: Seed = (d) =>
      edit(
        d,
        "modules/acr/main.tf",
        "public_network_access_enabled = false",
        "public_network_access_enabled = true",
      );
    await shared!.seeded(seed, async (dir) => {
      const human = await runCli(["infra", "check", "--infra-dir", dir]);
      assert.equal(human.code, 8, human.stderr);
      assert.match(
        human.stdout,
        /✗ \[public-access\] dev modules\/acr\/main\.tf: azurerm_container_registry\.this\n/,
      );
      assert.match(
        human.stdout,
        /container registry public network access \(public_network_access_enabled\) is true in prod; must be false/,
      );
      assert.match(human.stderr, /error\[INFRA_POLICY_VIOLATION\]/);
      const json = await runCli(["infra", "check", "--json", "--infra-dir", dir]);
      assert.equal(json.code, 8);
      const body = JSON.parse(json.stdout) as {
        error: { code: string; details: { report: InfraCheckReport } };
      };
      assert.equal(body.error.code, "INFRA_POLICY_VIOLATION");
      assert.deepEqual(
        body.error.details.report.findings.map((f) => [f.rule, f.environment]),
        [
          ["public-access", "dev"],
          ["public-access", "prod"],
        ],
      );
    });
  });

  test("human_prod_access = literal-matrix is a warning per bypassing role, not a failure", async () => {
    const report = await checkSeeded((d) =>
      append(d, "environments/prod/terraform.tfvars", 'human_prod_access = "literal-matrix"'),
    );
    assert.equal(report.ok, true, JSON.stringify(report.findings));
    assert.deepEqual(
      report.findings.map((f) => [f.rule, f.severity, f.environment]),
      [
        ["human-prod-write", "warning", "prod"],
        ["human-prod-write", "warning", "prod"],
        ["human-prod-write", "warning", "prod"],
        ["human-prod-write", "warning", "prod"],
      ],
    );
    const roles = report.findings.map((f) => /people hold "([^"]+)"/.exec(f.message)?.[1]).sort();
    assert.deepEqual(roles, [
      "Azure AI Developer",
      "AzureML Data Scientist",
      "Storage Blob Data Contributor",
      "Storage File Data Privileged Contributor",
    ]);
    assert.ok(report.findings.every((f) => f.message.includes('human_prod_access = "literal-matrix"')));
  });

  test("literal-matrix is a warning, not a failure", async () => {
    const report = await checkSeeded((d) =>
      append(d, "environments/prod/terraform.tfvars", 'human_registry_access = "literal-matrix"'),
    );
    assert.equal(report.ok, true, JSON.stringify(report.findings));
    assert.deepEqual(
      report.findings.map((f) => [f.rule, f.severity, f.environment]),
      [["human-registry-write", "warning", "prod"]],
    );
  });

  test("a module precondition terraform fails is a terraform-evaluation finding with terraform's message", async () => {
    // terraform console prints the value of an output whose precondition failed, and exits 0: only its
    // diagnostics tell; the check must still fail.
    const report = await checkSeeded((d) =>
      edit(d, "modules/rbac/outputs.tf", "contains(keys(local.scopes), a.scope)", "contains([], a.scope)"),
    );
    assert.equal(report.ok, false);
    const hit = report.findings.find((f) => f.rule === "terraform-evaluation");
    assert.ok(hit, JSON.stringify(report.findings));
    assert.match(hit.message, /The matrix uses a scope or principal this module cannot place/);
  });

  describe(`${CASES.length} seeded violations are each detected`, { concurrency: 2 }, () => {
    for (const c of CASES) {
      test(c.name, async () => {
        const report = await checkSeeded(c.seed);
        assert.equal(report.ok, false, `not detected: ${c.name}`);
        const hit = report.findings.find(
          (f) =>
            f.rule === c.rule &&
            (!c.environment || f.environment === c.environment) &&
            f.severity === (c.severity ?? "error"),
        );
        assert.ok(
          hit,
          `expected ${c.rule}${c.environment ? ` in ${c.environment}` : ""}; got:\n${report.findings.map((f) => `${f.rule} ${f.environment ?? ""} ${f.where}: ${f.message}`).join("\n")}`,
        );
      });
    }
  });
});
