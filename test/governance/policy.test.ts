import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { InputError } from "../../src/errors.ts";
import {
  assertDataClassPromotable,
  chooseEnvironmentStrategy,
  DEFAULT_POLICY_FILE,
  defaultPolicy,
  durationMs,
  loadPolicy,
  matchPrincipal,
  parsePolicy,
} from "../../src/governance/policy.ts";

function refusedWith(text: string, ...fragments: string[]): void {
  assert.throws(
    () => parsePolicy(text, "governance/policy.yml"),
    (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.equal(error.code, "POLICY_INVALID");
      assert.ok(error.message.startsWith("governance/policy.yml: "), error.message);
      for (const fragment of fragments)
        assert.ok(error.message.includes(fragment), `${fragment} in ${error.message}`);
      return true;
    },
  );
}

describe("governance policy", () => {
  test("the repository's policy file loads with its approvers and safe defaults", async () => {
    const policy = await loadPolicy();
    assert.equal(policy.source, DEFAULT_POLICY_FILE);
    assert.deepEqual(policy.approvers.principals, ["alice@airlock.local", "bob@airlock.local"]);
    assert.equal(policy.approvalTtlMs, 24 * 3_600_000);
    assert.equal(policy.minApprovals, 1);
    assert.equal(policy.separationOfDuties, true);
    assert.deepEqual(policy.promotableDataClasses, ["validation", "reference"]);
    assert.equal(policy.environmentStrategy, "rebuild-from-context");
    assert.equal(policy.breakglass.allowed, false);
  });

  test("built-in defaults fail closed: nobody may approve until the policy names approvers", () => {
    const policy = defaultPolicy();
    assert.deepEqual(policy.approvers, { principals: [], objectIds: [], groups: [] });
    assert.equal(
      matchPrincipal(policy.approvers, { objectId: "x", name: "alice@airlock.local", kind: "user" }),
      undefined,
    );
    assert.equal(policy.approvalTtl, "24h");
  });

  test("invalid policies name the field", () => {
    refusedWith("version: 2", "version");
    refusedWith("version: 1\napprovals:\n  approver: []", "approvals.approver: unknown key");
    refusedWith("version: 1\napprovals:\n  ttl: 24 hours", "approvals.ttl");
    refusedWith("version: 1\napprovals:\n  minApprovals: 0", "approvals.minApprovals");
    refusedWith("version: 1\napprovals:\n  separationOfDuties: false", "separation of duties is always on");
    refusedWith(
      "version: 1\npromotion:\n  promotableDataClasses: [training]",
      "promotion.promotableDataClasses.0",
    );
    refusedWith(
      "version: 1\npromotion:\n  environmentStrategy: copy-image",
      "promotion.environmentStrategy",
      "rebuild-from-context",
    );
    refusedWith(
      "version: 1\npromotion:\n  environmentStrategy: reference-dev-registry\n  allowedEnvironmentStrategies: [rebuild-from-context]",
      "not in promotion.allowedEnvironmentStrategies",
    );
    refusedWith(
      "version: 1\napprovals:\n  approvers:\n    principals: [a, a]",
      "approvals.approvers.principals",
    );
    refusedWith("version: 1\napprovals: [", "not valid YAML");
    refusedWith("version: 1\nversion: 1", "not valid YAML");
    refusedWith("approvals: {}", "version: missing (required)");
  });

  test("a missing policy file is NotFound, naming the file", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "airlock-policy-"));
    try {
      await assert.rejects(loadPolicy(path.join(dir, "nope.yml")), { code: "POLICY_NOT_FOUND" });
      const file = path.join(dir, "policy.yml");
      await writeFile(file, "version: 1\napprovals:\n  minApprovals: 2\n");
      assert.equal((await loadPolicy(file)).minApprovals, 2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("approver matching: users by UPN, service principals by app id (not display name), object ids, groups", () => {
    const set = { principals: ["Alice@Airlock.local", "app-1"], objectIds: ["OID-9"], groups: ["g-1"] };
    assert.ok(matchPrincipal(set, { objectId: "o", name: "alice@airlock.local", kind: "user" }));
    assert.ok(matchPrincipal(set, { objectId: "o", name: "sp-x", kind: "servicePrincipal", appId: "app-1" }));
    assert.equal(
      matchPrincipal(set, { objectId: "o", name: "app-1", kind: "servicePrincipal", appId: "app-2" }),
      undefined,
    );
    assert.ok(matchPrincipal(set, { objectId: "oid-9", name: "z", kind: "servicePrincipal" }));
    assert.equal(
      matchPrincipal(set, { objectId: "o", name: "z", kind: "user", groups: ["g-1"] }),
      "group g-1",
    );
    assert.equal(matchPrincipal(set, { objectId: "o", name: "z", kind: "user", groups: ["g-2"] }), undefined);
  });

  test("environment strategy: policy default unless chosen; the dev-registry reference is a flagged dependency", () => {
    const policy = defaultPolicy();
    const fallback = chooseEnvironmentStrategy(policy);
    assert.deepEqual(
      [fallback.strategy, fallback.explicit, fallback.crossEnvironmentDependency],
      ["rebuild-from-context", false, false],
    );
    const reference = chooseEnvironmentStrategy(policy, "reference-dev-registry");
    assert.deepEqual([reference.explicit, reference.crossEnvironmentDependency], [true, true]);
    assert.throws(() => chooseEnvironmentStrategy(policy, "magic"), { code: "ENVIRONMENT_STRATEGY_UNKNOWN" });
    const locked = parsePolicy(
      "version: 1\npromotion:\n  allowedEnvironmentStrategies: [rebuild-from-context]",
    );
    assert.throws(() => chooseEnvironmentStrategy(locked, "reference-dev-registry"), {
      code: "ENVIRONMENT_STRATEGY_NOT_ALLOWED",
    });
  });

  test("data classes and durations", () => {
    const policy = defaultPolicy();
    assertDataClassPromotable(policy, "validation");
    assertDataClassPromotable(policy, "reference");
    assert.throws(() => assertDataClassPromotable(policy, "training"), {
      code: "DATA_CLASS_NOT_PROMOTABLE",
      exitCode: 7,
    });
    assert.throws(() => assertDataClassPromotable(policy, undefined), { code: "DATA_CLASS_NOT_PROMOTABLE" });
    assert.deepEqual(
      [durationMs("90m"), durationMs("2h"), durationMs("7d")],
      [5_400_000, 7_200_000, 604_800_000],
    );
    assert.throws(() => durationMs("0h"), { code: "DURATION_INVALID" });
  });
});
