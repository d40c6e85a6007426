/**
 * Real terraform, offline: formatting, `terraform test` on the provider-free modules, and their outputs
 * equal to the TypeScript platform model for the repository's tfvars.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { promisify } from "node:util";
import { evaluateModules } from "../../src/infra/evaluate.ts";
import {
  expectedAssignments,
  loadPlatform,
  PURPOSES,
  TWIN_SUBSCRIPTION_ID,
} from "../../src/platform/index.ts";
import { INFRA_DIR, terraformMissingReason } from "./fixture.ts";

const run = promisify(execFile);
const PROVIDER_FREE = ["naming", "network-plan", "rbac", "ledger-policy"];
// As src/infra/evaluate.ts runs terraform: short-lived runs of ~100 MB take about a quarter less CPU
// without Go's collector, and no upgrade check looks up HashiCorp's server (tests stay on loopback).
const TF_ENV = { GOGC: "off", GOMEMLIMIT: "1GiB", CHECKPOINT_DISABLE: "1" };

// Each case is its own terraform process on its own data dir: they run side by side.
describe("terraform (offline)", { skip: terraformMissingReason(), concurrency: true }, () => {
  test("terraform fmt -check -recursive infra passes", async () => {
    await run("terraform", ["fmt", "-check", "-recursive", "-no-color", INFRA_DIR], {
      env: { ...process.env, ...TF_ENV },
    });
  });

  for (const name of PROVIDER_FREE) {
    test(`terraform init + terraform test pass offline on modules/${name}`, async () => {
      const data = await mkdtemp(path.join(tmpdir(), `airlock-tftest-${name}-`));
      const options = {
        cwd: path.join(INFRA_DIR, "modules", name),
        env: { ...process.env, ...TF_ENV, TF_DATA_DIR: data, TF_IN_AUTOMATION: "1" },
      };
      try {
        // One spawn from this (large) test process for both commands: the shell starts them.
        const { stdout } = await run(
          "sh",
          [
            "-c",
            "terraform init -input=false -no-color -backend=false >/dev/null && exec terraform test -no-color",
          ],
          options,
        );
        const summary = /Success! (\d+) passed, 0 failed/.exec(stdout);
        assert.ok(summary, stdout);
        assert.ok(Number(summary[1]) >= 5, `expected at least 5 runs in modules/${name}: ${stdout}`);
      } finally {
        await rm(data, { recursive: true, force: true });
      }
    });
  }

  test("the naming module gives exactly loadPlatform()'s names, and rbac exactly expectedAssignments()", async () => {
    const platform = await loadPlatform();
    const envs = PURPOSES.map((p) => platform.environments[p]);
    // A relative infra folder evaluates too (the scratch root lives elsewhere).
    const evaluated = await evaluateModules(
      path.relative(process.cwd(), INFRA_DIR),
      envs,
      TWIN_SUBSCRIPTION_ID,
    );
    for (const env of envs) {
      const e = evaluated[env.purpose];
      const n = env.names;
      assert.deepEqual(e.resource_groups, env.resourceGroups);
      assert.deepEqual(
        {
          vnet: n.vnet,
          subnet: n.subnet,
          network_security_group: n.networkSecurityGroup,
          workspace: n.workspace,
          registry: n.registry,
          storage_account: n.storageAccount,
          container_registry: n.containerRegistry,
          key_vault: n.keyVault,
          log_analytics: n.logAnalytics,
          application_insights: n.applicationInsights,
          workspace_identity: n.workspaceIdentity,
          compute_identity: n.computeIdentity,
          compute_cluster: n.computeCluster,
          compute_instance: n.computeInstance,
        },
        e.names,
      );
      assert.deepEqual(
        {
          workspace: n.privateEndpoints.workspace,
          registry: n.privateEndpoints.registry,
          storage_blob: n.privateEndpoints.storageBlob,
          storage_file: n.privateEndpoints.storageFile,
          key_vault: n.privateEndpoints.keyVault,
          container_registry: n.privateEndpoints.containerRegistry,
        },
        Object.fromEntries(Object.entries(e.private_endpoints).filter(([k]) => !k.startsWith("registry_"))),
      );
      assert.deepEqual(e.private_dns_zones, [...env.network.privateDnsZones]);
      const expected = expectedAssignments(env, TWIN_SUBSCRIPTION_ID)
        .map((a) => `${a.principalKey}|${a.roleName}|${a.scopeKey} ${a.scope}`)
        .sort();
      const actual = Object.entries(e.assignments)
        .map(([key, a]) => `${key} ${a.scope}`)
        .sort();
      assert.deepEqual(actual, expected);
    }
  });
});
