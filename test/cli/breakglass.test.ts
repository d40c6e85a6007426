import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { DEFAULT_POLICY_FILE } from "../../src/governance/policy.ts";
import { recordsOf } from "../../src/governance/records.ts";
import {
  airlock,
  CI,
  ledgerRecords,
  prepareModel,
  prodRegistryVersion,
  register,
  startWorld,
  type World,
} from "../promotion/fixture.ts";

let world: World;
let enabledPolicy: string;
// Per file, not for the whole shard: top-level hooks would hold this twin while the shard's other files run.
describe("breakglass through the CLI", () => {
  before(async () => {
    world = await startWorld();
    enabledPolicy = path.join(world.dir, "policy-breakglass.yml");
    const text = await readFile(DEFAULT_POLICY_FILE, "utf8");
    const enabled = text
      .replace(/(breakglass:[\s\S]*?)allowed: false/, "$1allowed: true")
      .replace(/(breakglass:[\s\S]*?principals:\s*\n\s*principals:) \[\]/, "$1 [bob@airlock.local]");
    assert.notEqual(enabled, text, "the policy fixture must enable breakglass");
    await writeFile(enabledPolicy, enabled);
  });
  after(() => world.close());

  test("breakglass is refused while the policy disables it, and the gate stays closed", async () => {
    await register(world, await prepareModel(world, "1", "bg-disabled", "bg-model"));
    const grant = await airlock(
      ["breakglass", "model", "bg-model@1", "--reason", "INC-1: outage"],
      world.cliEnv("bob"),
    );
    assert.equal(grant.code, 7, grant.stderr);
    assert.match(grant.stderr, /GATE_BREAKGLASS_DISABLED/);
    const promote = await airlock(["promote", "model", "bg-model@1", "--to", "prod"], world.cliEnv(CI));
    assert.equal(promote.code, 7);
    assert.match(promote.stderr, /GATE_NO_APPROVAL/);
    assert.equal(await prodRegistryVersion(world, "models", "bg-model", "1"), undefined);
  });

  test("an allowed breakglass opens the gate for exactly that version, recorded with the CI run", async () => {
    await register(world, await prepareModel(world, "2", "bg-enabled", "bg-model"));
    const env = { ...world.cliEnv("bob"), AIRLOCK_POLICY: enabledPolicy };
    const grant = await airlock(
      ["breakglass", "model", "bg-model@2", "--reason", "INC-2: approvers unreachable", "--json"],
      env,
    );
    assert.equal(grant.code, 0, grant.stderr);
    const granted = JSON.parse(grant.stdout);
    assert.equal(granted.by.name, "bob@airlock.local");

    const other = await airlock(["promote", "model", "bg-model@1", "--to", "prod"], {
      ...world.cliEnv(CI),
      AIRLOCK_POLICY: enabledPolicy,
    });
    assert.equal(other.code, 7, "a grant for v2 does not open the gate for v1");

    const runUrl = "https://github.com/example/airlock/actions/runs/42";
    const promote = await airlock(["promote", "model", "bg-model@2", "--to", "prod", "--run-url", runUrl], {
      ...world.cliEnv(CI),
      AIRLOCK_POLICY: enabledPolicy,
    });
    assert.equal(promote.code, 0, promote.stderr);
    const version = await prodRegistryVersion(world, "models", "bg-model", "2");
    assert.equal(version?.properties.properties?.["airlock.approval_id"], granted.breakglassId);

    const records = await ledgerRecords(world);
    assert.ok(recordsOf(records, "breakglass").some((r) => r.data.breakglassId === granted.breakglassId));
    // The gate runs on every run and is not journaled; the completion record names the grant that opened it.
    const completed = recordsOf(records, "promotion.completed").find(
      (r) => r.subject.asset === "model:bg-model@2",
    );
    assert.ok(completed, "the promotion is recorded");
    assert.equal(completed.data.approvalId, granted.breakglassId, "opened by the breakglass grant");
    const run = [
      completed,
      ...recordsOf(records, "promotion.step").filter((r) => r.subject.asset === "model:bg-model@2"),
    ];
    assert.ok(run.length >= 2, "the copy step is journaled too");
    for (const record of run) assert.equal(record.data.runUrl, runUrl, "every record of the run links to it");
  });
});
