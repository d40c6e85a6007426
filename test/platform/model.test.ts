import assert from "node:assert/strict";
import path from "node:path";
import { describe, test } from "node:test";
import { expectedAssignments, loadPlatform, TWIN_SUBSCRIPTION_ID } from "../../src/platform/index.ts";
import { editFile, runCli, scratchInfra } from "../helpers/cli.ts";

describe("platform model from the repository's tfvars", () => {
  test("derives every name as the strategy's examples show", async () => {
    const { environments } = await loadPlatform();
    for (const purpose of ["dev", "prod"] as const) {
      const env = environments[purpose];
      assert.deepEqual(
        {
          vnet: env.names.vnet,
          subnet: env.names.subnet,
          workspace: env.names.workspace,
          registry: env.names.registry,
          storage: env.names.storageAccount,
          acr: env.names.containerRegistry,
          kv: env.names.keyVault,
          log: env.names.logAnalytics,
          mi: [env.names.workspaceIdentity, env.names.computeIdentity],
        },
        {
          vnet: `vnet-aml${purpose}cc01`,
          subnet: `subnet-aml${purpose}cc01`,
          workspace: `amlws${purpose}cc01`,
          registry: `amlreg${purpose}cc01`,
          storage: `amlst${purpose}cc01`,
          acr: `amlacr${purpose}cc01`,
          kv: `amlkv${purpose}cc01`,
          log: `amllog${purpose}cc01`,
          mi: [`${purpose}-mi-workspace`, `${purpose}-mi-compute`],
        },
      );
      assert.deepEqual(env.resourceGroups, {
        vnet: `rg-aml-vnet-${purpose}-cc01`,
        ws: `rg-aml-ws-${purpose}-cc01`,
        reg: `rg-aml-reg-${purpose}-cc01`,
      });
    }
    assert.equal(environments.dev.enableAutoPurge, true);
    assert.equal(environments.prod.enableAutoPurge, false);
    assert.equal(environments.dev.network.vnetAddressSpace, "10.1.0.0/16");
    assert.equal(environments.prod.network.subnetAddressPrefix, "10.2.1.0/24");
  });

  test("RBAC: people are read-only on the prod registry by default (errata 6), Registry User in dev", async () => {
    const { environments } = await loadPlatform();
    const registryRoles = (purpose: "dev" | "prod") =>
      expectedAssignments(environments[purpose], TWIN_SUBSCRIPTION_ID)
        .filter((a) => a.principalKey === "data_scientists" && a.scopeKey === "registry")
        .map((a) => a.roleName);
    assert.deepEqual(registryRoles("dev"), ["AzureML Registry User"]);
    assert.deepEqual(registryRoles("prod"), ["AzureML Registry Reader (Airlock)"]);
    const deployer = expectedAssignments(environments.prod, TWIN_SUBSCRIPTION_ID).filter(
      (a) => a.principalKey === "deployer",
    );
    assert.equal(
      deployer.length,
      9,
      "Contributor, UAA and Network Contributor on each of the three resource groups",
    );
    assert.ok(deployer.every((a) => a.scope.includes("-prod-cc01")));
  });

  test("the literal matrix is selectable per environment", async (t) => {
    const infra = await scratchInfra(t);
    await editFile(
      path.join(infra, "environments/prod/terraform.tfvars"),
      (t) => `${t}\nhuman_registry_access = "literal-matrix"\n`,
    );
    const { environments } = await loadPlatform({ infraDir: infra });
    const roles = expectedAssignments(environments.prod, TWIN_SUBSCRIPTION_ID)
      .filter((a) => a.human && a.scopeKey === "registry")
      .map((a) => a.roleName);
    assert.deepEqual(roles, ["AzureML Registry User"]);
  });
});

describe("platform validation names the file and key", () => {
  const cases: Array<{ name: string; env: "dev" | "prod"; edit: (t: string) => string; expect: RegExp }> = [
    {
      name: "prod with auto purge",
      env: "prod",
      edit: (t) => t.replace("enable_auto_purge = false", "enable_auto_purge = true"),
      expect: /prod[/\\]terraform\.tfvars: enable_auto_purge: must be false for prod/,
    },
    {
      name: "missing key",
      env: "dev",
      edit: (t) => t.replace(/^location_code.*$/m, ""),
      expect: /dev[/\\]terraform\.tfvars: location_code: missing/,
    },
    {
      name: "unknown key",
      env: "dev",
      edit: (t) => `${t}\nworkspce_name = "x"\n`,
      expect: /dev[/\\]terraform\.tfvars: workspce_name: unknown key/,
    },
    {
      name: "unknown resource prefix",
      env: "dev",
      edit: (t) => t.replace('log_analytics      = "amllog"', 'log_analytics = "amllog"\n  cosmos = "x"'),
      expect: /resource_prefixes\.cosmos: unknown key/,
    },
    {
      name: "overlapping CIDRs",
      env: "prod",
      edit: (t) => t.replace('"10.2.0.0/16"', '"10.1.0.0/16"').replace('"10.2.1.0/24"', '"10.1.2.0/24"'),
      expect: /prod[/\\]terraform\.tfvars: vnet_address_space: 10\.1\.0\.0\/16 overlaps the dev VNet/,
    },
    {
      name: "subnet outside its VNet",
      env: "dev",
      edit: (t) => t.replace('"10.1.1.0/24"', '"10.9.1.0/24"'),
      expect: /subnet_address_prefix: 10\.9\.1\.0\/24 is outside vnet_address_space 10\.1\.0\.0\/16/,
    },
    {
      name: "storage account name too long / not lowercase",
      env: "dev",
      edit: (t) => t.replace('storage            = "amlst"', 'storage = "amlStorageAccountX"'),
      expect: /resource_prefixes\.storage: gives the storage account name "amlStorageAccountXdevcc01"/,
    },
    {
      name: "key vault name too long",
      env: "prod",
      edit: (t) => t.replace('key_vault          = "amlkv"', 'key_vault = "amlkeyvaultforprod"'),
      expect: /resource_prefixes\.key_vault: gives the key vault name "amlkeyvaultforprodprodcc01"/,
    },
    {
      name: "workspace name pattern",
      env: "dev",
      edit: (t) => t.replace('workspace          = "amlws"', 'workspace = "-ws"'),
      expect: /resource_prefixes\.workspace: gives the workspace name "-wsdevcc01"/,
    },
    {
      name: "tags.environment disagrees",
      env: "prod",
      edit: (t) => t.replace('environment = "prod"', 'environment = "dev"'),
      expect: /tags\.environment: must equal purpose/,
    },
    {
      name: "malformed HCL",
      env: "dev",
      edit: (t) => t.replace('prefix = "aml"', 'prefix = = "aml"'),
      expect: /dev[/\\]terraform\.tfvars: not valid HCL/,
    },
  ];

  for (const c of cases) {
    test(c.name, async (t) => {
      const infra = await scratchInfra(t);
      await editFile(path.join(infra, "environments", c.env, "terraform.tfvars"), c.edit);
      await assert.rejects(loadPlatform({ infraDir: infra }), (error: Error & { code?: string }) => {
        assert.equal(error.code, "PLATFORM_INVALID");
        assert.match(error.message, c.expect);
        return true;
      });
    });
  }

  test("the CLI exits non-zero with the problem on stderr", async (t) => {
    const infra = await scratchInfra(t);
    await editFile(path.join(infra, "environments/prod/terraform.tfvars"), (t) =>
      t.replace("enable_auto_purge = false", "enable_auto_purge = true"),
    );
    const result = await runCli(["platform", "show", "--infra-dir", infra]);
    assert.equal(result.code, 3);
    assert.match(result.stderr, /error\[PLATFORM_INVALID\].*\n.*enable_auto_purge: must be false for prod/);
    assert.equal(result.stdout, "");
  });

  test("platform show --json prints the derived platform", async () => {
    const result = await runCli(["platform", "show", "--json"]);
    assert.equal(result.code, 0, result.stderr);
    const doc = JSON.parse(result.stdout);
    assert.equal(doc.environments.length, 2);
    assert.equal(doc.environments[1].names.registry, "amlregprodcc01");
    assert.ok(doc.environments[0].roleAssignments.length > 30);
  });
});
