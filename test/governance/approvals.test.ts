import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { dataScientistGroup, objectIdFor } from "../../src/emulator/principals.ts";
import { loadOrCreateSigningKey, mintTwinToken } from "../../src/emulator/tokens.ts";
import { GateError } from "../../src/errors.ts";
import { Approvals, type AssetRef, type GateQuery } from "../../src/governance/approvals.ts";
import { actorOf, type Identity, identityFromToken } from "../../src/governance/identity.ts";
import { Ledger, type LedgerRecord } from "../../src/governance/ledger.ts";
import { type GovernancePolicy, loadPolicy, policyFromDocument } from "../../src/governance/policy.ts";
import { type AzuriteFixture, startAzuriteFixture } from "./fixture.ts";

let azurite: AzuriteFixture;
let stateDir: string;
let policy: GovernancePolicy;
const who: Record<string, Identity> = {};

before(async () => {
  azurite = await startAzuriteFixture();
  stateDir = await mkdtemp(path.join(tmpdir(), "airlock-approvals-"));
  loadOrCreateSigningKey(stateDir);
  for (const name of ["alice", "bob", "mallory", "sp-aml-promotion-prod"]) {
    who[name] = identityFromToken(mintTwinToken(stateDir, name));
  }
  policy = await loadPolicy(); // the repository's governance/policy.yml: alice and bob approve
});
after(async () => {
  await azurite?.close();
  await rm(stateDir, { recursive: true, force: true });
});

const T0 = new Date("2026-03-01T10:00:00.000Z");
const hex = (c: string) => `sha256:${c.repeat(64)}`;
const D1 = hex("a");
const D2 = hex("b");
const M1 = hex("c");
const M2 = hex("d");
const TARGET = "prod registry amlregprodcc01";
const model: AssetRef = {
  kind: "model",
  name: "taxi-fare",
  version: "3",
  source: "azureml://registries/amlregdevcc01/models/taxi-fare/versions/3",
};

/** A gate on a fresh ledger with a clock the test moves. */
async function gate(withPolicy: GovernancePolicy = policy) {
  const clock = { now: T0 };
  // The ledger and the gate share one clock, as they share real time in production.
  const ledger = await Ledger.open(azurite.container(), { now: () => clock.now });
  const approvals = new Approvals({ ledger, policy: withPolicy, now: () => clock.now });
  const request = (overrides: Partial<Parameters<Approvals["requestApproval"]>[0]> = {}) =>
    approvals.requestApproval({
      asset: model,
      target: TARGET,
      digest: D1,
      manifestDigest: M1,
      justification: "weekly retrain beats prod on validation MAE",
      requester: who.alice!,
      ...overrides,
    });
  const query = (overrides: Partial<GateQuery> = {}): GateQuery => ({
    asset: model,
    digest: D1,
    manifestDigest: M1,
    target: TARGET,
    ...overrides,
  });
  const refused = async (code: string, q: GateQuery = query()) => {
    await assert.rejects(approvals.assertApproved(q), (error: unknown) => {
      assert.ok(error instanceof GateError, String(error));
      assert.equal(error.code, code, error.message);
      assert.equal(error.exitCode, 7);
      return true;
    });
  };
  return { clock, ledger, approvals, request, query, refused };
}

function identityWithGroups(base: Identity, groups: string[]): Identity {
  return { ...base, groups };
}

describe("approval gate", () => {
  test("a request approved by another approver opens the gate, and the state is a fold of the ledger", async () => {
    const g = await gate();
    const request = await g.request();
    assert.equal(request.expiresAt, "2026-03-02T10:00:00.000Z");
    assert.equal(request.requester.name, "alice@airlock.local");
    await g.refused("GATE_NO_APPROVAL");
    g.clock.now = new Date(T0.getTime() + 3_600_000);
    const { recorded, status } = await g.approvals.approve(request.requestId, who.bob!, "metrics reviewed");
    assert.equal(recorded, true);
    assert.equal(status.state, "approved");

    const approval = await g.approvals.assertApproved(g.query());
    assert.equal(approval.kind, "approval");
    assert.equal(approval.requestId, request.requestId);
    assert.deepEqual(
      approval.approvedBy.map((a) => a.name),
      ["bob@airlock.local"],
    );
    assert.equal(approval.digest, D1);
    // Also when the caller pins the request id it was given.
    assert.equal(
      (await g.approvals.assertApproved(g.query({ requestId: request.requestId }))).requestId,
      request.requestId,
    );

    const records = await g.ledger.read();
    assert.deepEqual(
      records.map((r) => [r.type, r.actor.name]),
      [
        ["approval.requested", "alice@airlock.local"],
        ["approval.granted", "bob@airlock.local"],
      ],
    );
    assert.equal(records[1]!.subject.requestId, request.requestId);
    assert.equal((await g.ledger.verify()).ok, true);

    const [listed] = await g.approvals.status({ asset: { name: "taxi-fare" } });
    assert.equal(listed?.state, "approved");
    assert.equal(listed?.validApprovals[0]?.comment, "metrics reviewed");
  });

  test("no approval at all, or only a pending request: GATE_NO_APPROVAL", async () => {
    const g = await gate();
    await g.refused("GATE_NO_APPROVAL");
    await g.request();
    await g.refused("GATE_NO_APPROVAL");
  });

  test("self-approval is refused at approve time and ignored by the gate if forged into the ledger", async () => {
    const g = await gate();
    const request = await g.request();
    await assert.rejects(g.approvals.approve(request.requestId, who.alice!, "lgtm"), {
      code: "GATE_SELF_APPROVAL",
    });
    assert.equal((await g.ledger.read()).length, 1, "nothing recorded");

    // Someone with write access to the ledger appends the approval record directly.
    await g.ledger.append(
      "approval.granted",
      { requestId: request.requestId },
      {
        requestId: request.requestId,
        digest: D1,
        manifestDigest: M1,
        comment: "",
        approver: { ...actorOf(who.alice!), groups: [] },
      },
      actorOf(who.alice!),
    );
    await g.refused("GATE_SELF_APPROVAL");
  });

  test("content changed after approval: GATE_DIGEST_MISMATCH names both digests", async () => {
    const g = await gate();
    const request = await g.request();
    await g.approvals.approve(request.requestId, who.bob!);
    await assert.rejects(g.approvals.assertApproved(g.query({ digest: D2 })), (error: GateError) => {
      assert.equal(error.code, "GATE_DIGEST_MISMATCH");
      assert.ok(error.message.includes(D1) && error.message.includes(D2), error.message);
      assert.deepEqual([error.details?.approvedDigest, error.details?.currentDigest], [D1, D2]);
      return true;
    });
    // The bundle (environment definition, component specs) changed, the model bytes did not.
    await g.refused("GATE_DIGEST_MISMATCH", g.query({ manifestDigest: M2 }));
  });

  test("an approval record whose digest is not the request's does not count", async () => {
    const g = await gate();
    const request = await g.request();
    await g.ledger.append(
      "approval.granted",
      { requestId: request.requestId },
      {
        requestId: request.requestId,
        digest: D2,
        manifestDigest: M1,
        comment: "",
        approver: { ...actorOf(who.bob!), groups: [] },
      },
      actorOf(who.bob!),
    );
    await g.refused("GATE_DIGEST_MISMATCH");
  });

  test("expiry with an injected clock, at the gate and at approve time", async () => {
    const g = await gate();
    const request = await g.request();
    await g.approvals.approve(request.requestId, who.bob!);
    g.clock.now = new Date("2026-03-02T10:00:00.000Z");
    assert.equal(
      (await g.approvals.assertApproved(g.query())).requestId,
      request.requestId,
      "valid up to expiresAt",
    );
    g.clock.now = new Date("2026-03-02T10:00:00.001Z");
    await g.refused("GATE_EXPIRED");
    assert.equal((await g.approvals.status())[0]?.state, "expired");

    const late = await g.request({ asset: { ...model, version: "4" } });
    g.clock.now = new Date("2026-03-04T00:00:00.000Z");
    await assert.rejects(g.approvals.approve(late.requestId, who.bob!), { code: "GATE_EXPIRED" });
  });

  test("an approval replayed for another version, kind, target, source or request: GATE_SCOPE_MISMATCH", async () => {
    const g = await gate();
    const request = await g.request();
    await g.approvals.approve(request.requestId, who.bob!);
    await g.refused("GATE_SCOPE_MISMATCH", g.query({ asset: { ...model, version: "4" } }));
    await g.refused("GATE_SCOPE_MISMATCH", g.query({ asset: { ...model, kind: "data" } }));
    await g.refused("GATE_SCOPE_MISMATCH", g.query({ target: "prod registry amlregprodcc02" }));
    await g.refused("GATE_SCOPE_MISMATCH", g.query({ asset: { ...model, source: "azureml:taxi-fare:3" } }));
    // The same bytes under another name still do not reuse the approval.
    await g.refused("GATE_SCOPE_MISMATCH", g.query({ asset: { ...model, name: "taxi-fare-copy" } }));
    // A request id pinned by the caller for another asset version.
    await g.refused(
      "GATE_SCOPE_MISMATCH",
      g.query({ asset: { ...model, version: "4" }, requestId: request.requestId }),
    );
    // Something wholly unrelated has no approval at all.
    await g.refused(
      "GATE_NO_APPROVAL",
      g.query({ asset: { kind: "environment", name: "inference-env", version: "1" }, digest: D2 }),
    );
  });

  test("rejected requests stay closed; a rejection after approval revokes it", async () => {
    const g = await gate();
    const first = await g.request();
    await g.approvals.reject(first.requestId, who.bob!, "MAE regressed on the holdout");
    await g.refused("GATE_REJECTED");
    await assert.rejects(g.approvals.approve(first.requestId, who.bob!), { code: "GATE_REJECTED" });
    assert.equal(
      (await g.approvals.reject(first.requestId, who.bob!, "again")).recorded,
      false,
      "idempotent",
    );

    const second = await g.request({ asset: { ...model, version: "5" } });
    await g.approvals.approve(second.requestId, who.bob!);
    const q = g.query({ asset: { ...model, version: "5" } });
    assert.equal((await g.approvals.assertApproved(q)).requestId, second.requestId);
    await g.approvals.reject(second.requestId, who.bob!, "found a data leak");
    await g.refused("GATE_REJECTED", q);

    // Mallory may not reject; the requester may withdraw.
    const third = await g.request({ asset: { ...model, version: "6" } });
    await assert.rejects(g.approvals.reject(third.requestId, who.mallory!, "no"), {
      code: "GATE_APPROVER_NOT_ALLOWED",
    });
    const withdrawn = await g.approvals.reject(third.requestId, who.alice!, "wrong version");
    assert.equal(withdrawn.status.state, "rejected");
    await assert.rejects(g.approvals.reject(third.requestId, who.alice!, " "), {
      code: "APPROVAL_REASON_REQUIRED",
    });
  });

  test("approvers must be allowed by the policy, at approve time and at the gate", async () => {
    const g = await gate();
    const request = await g.request();
    await assert.rejects(g.approvals.approve(request.requestId, who.mallory!), {
      code: "GATE_APPROVER_NOT_ALLOWED",
    });
    await assert.rejects(g.approvals.approve(request.requestId, who["sp-aml-promotion-prod"]!), {
      code: "GATE_APPROVER_NOT_ALLOWED",
    });
    await g.ledger.append(
      "approval.granted",
      { requestId: request.requestId },
      {
        requestId: request.requestId,
        digest: D1,
        manifestDigest: M1,
        comment: "",
        approver: { ...actorOf(who.mallory!), groups: [] },
      },
      actorOf(who.mallory!),
    );
    await g.refused("GATE_APPROVER_NOT_ALLOWED");

    // Bob approves; later the policy drops bob: his approval no longer counts.
    await g.approvals.approve(request.requestId, who.bob!);
    assert.equal((await g.approvals.assertApproved(g.query())).requestId, request.requestId);
    const withoutBob = new Approvals({
      ledger: g.ledger,
      policy: policyFromDocument({
        version: 1,
        approvals: { approvers: { principals: ["alice@airlock.local"] } },
      }),
      now: () => g.clock.now,
    });
    await assert.rejects(withoutBob.assertApproved(g.query()), { code: "GATE_APPROVER_NOT_ALLOWED" });
  });

  test("a newer request supersedes older pending ones; approving twice is idempotent", async () => {
    const g = await gate();
    const first = await g.request();
    const second = await g.request({ digest: D2, justification: "fixed the feature scaling" });
    await assert.rejects(g.approvals.approve(first.requestId, who.bob!), (error: GateError) => {
      assert.equal(error.code, "GATE_SUPERSEDED");
      assert.ok(error.message.includes(second.requestId));
      return true;
    });
    const once = await g.approvals.approve(second.requestId, who.bob!, "ok");
    const twice = await g.approvals.approve(second.requestId, who.bob!, "ok again");
    assert.deepEqual([once.recorded, twice.recorded], [true, false]);
    assert.equal((await g.ledger.read()).filter((r) => r.type === "approval.granted").length, 1);

    const states = await g.approvals.status();
    assert.deepEqual(
      states.map((s) => [s.request.requestId, s.state, s.supersededBy]),
      [
        [second.requestId, "approved", undefined],
        [first.requestId, "superseded", second.requestId],
      ],
    );
    assert.deepEqual(
      (await g.approvals.status({ state: "superseded" })).map((s) => s.request.requestId),
      [first.requestId],
    );
    // The old digest's request never opens the gate; the new one does.
    await g.refused("GATE_DIGEST_MISMATCH", g.query({ digest: D1 }));
    assert.equal((await g.approvals.assertApproved(g.query({ digest: D2 }))).requestId, second.requestId);

    // An approved request is not superseded by a later one: it stays usable for its own digest.
    await g.request({ digest: hex("e") });
    assert.equal((await g.approvals.assertApproved(g.query({ digest: D2 }))).requestId, second.requestId);
    await g.refused("GATE_NO_APPROVAL", g.query({ digest: hex("e") }));
  });

  test("minApprovals and group-based approvers", async () => {
    const group = objectIdFor(dataScientistGroup("prod"));
    const strict = policyFromDocument({
      version: 1,
      approvals: { approvers: { groups: [group] }, minApprovals: 2 },
    });
    const g = await gate(strict);
    const carol = identityWithGroups(
      {
        ...who.mallory!,
        objectId: "c0000000-0000-4000-8000-00000000000c",
        name: "carol@airlock.local",
        upn: "carol@airlock.local",
      },
      [group],
    );
    const request = await g.request({ requester: who["sp-aml-promotion-prod"]! });
    const byBob = await g.approvals.approve(request.requestId, who.bob!);
    assert.equal(
      byBob.status.approvals[0]?.approver.groups[0],
      group,
      "the matching group is recorded as evidence",
    );
    await assert.rejects(g.approvals.assertApproved(g.query()), (error: GateError) => {
      assert.equal(error.code, "GATE_NO_APPROVAL");
      assert.match(error.message, /1 of 2 approvals/);
      return true;
    });
    await assert.rejects(g.approvals.approve(request.requestId, who.mallory!), {
      code: "GATE_APPROVER_NOT_ALLOWED",
    });
    await g.approvals.approve(request.requestId, carol);
    const approval = await g.approvals.assertApproved(g.query());
    assert.deepEqual(approval.approvedBy.map((a) => a.name).sort(), [
      "bob@airlock.local",
      "carol@airlock.local",
    ]);
  });

  test("breakglass: refused unless the policy allows it for the caller; recorded when used", async () => {
    const g = await gate();
    const input = {
      asset: model,
      target: TARGET,
      digest: D1,
      manifestDigest: M1,
      reason: "prod outage",
      actor: who.alice!,
    };
    await assert.rejects(g.approvals.breakglass(input), { code: "GATE_BREAKGLASS_DISABLED" });

    const open = policyFromDocument({
      version: 1,
      approvals: { approvers: { principals: ["bob@airlock.local"] } },
      breakglass: { allowed: true, principals: { principals: ["alice@airlock.local"] }, ttl: "1h" },
    });
    const h = await gate(open);
    await assert.rejects(h.approvals.breakglass({ ...input, actor: who.bob! }), {
      code: "GATE_BREAKGLASS_DISABLED",
    });
    const grant = await h.approvals.breakglass(input);
    assert.equal(grant.expiresAt, "2026-03-01T11:00:00.000Z");
    const approval = await h.approvals.assertApproved(h.query());
    assert.equal(approval.kind, "breakglass");
    assert.equal(approval.approvedBy[0]?.name, "alice@airlock.local");
    assert.deepEqual(
      (await h.ledger.read()).map((r) => r.type),
      ["breakglass"],
    );
    // Breakglass is scoped to its digest: other content has no approval of any kind.
    await h.refused("GATE_NO_APPROVAL", h.query({ digest: D2 }));
    h.clock.now = new Date("2026-03-01T11:00:01.000Z");
    await h.refused("GATE_NO_APPROVAL");
  });

  test("bad requests and non-promotable data are refused before anything is written", async () => {
    const g = await gate();
    await assert.rejects(g.request({ digest: "md5:abc" }), { code: "APPROVAL_REQUEST_INVALID" });
    await assert.rejects(g.request({ justification: "" }), { code: "APPROVAL_REQUEST_INVALID" });
    await assert.rejects(g.request({ asset: { ...model, name: "../etc" } }), {
      code: "APPROVAL_REQUEST_INVALID",
    });
    await assert.rejects(g.request({ asset: { ...model, kind: "dataset" as "data" } }), {
      code: "APPROVAL_REQUEST_INVALID",
    });
    await assert.rejects(g.request({ asset: { ...model, kind: "data", dataClass: "training" } }), {
      code: "DATA_CLASS_NOT_PROMOTABLE",
    });
    await assert.rejects(g.approvals.approve("no-such-request", who.bob!), {
      code: "APPROVAL_REQUEST_NOT_FOUND",
    });
    assert.deepEqual(await g.ledger.read(), []);
    const data = await g.request({
      asset: { ...model, kind: "data", name: "taxi-validation", dataClass: "validation" },
    });
    assert.equal(data.asset.dataClass, "validation");
  });

  test("the gate refuses to decide on a tampered ledger", async () => {
    const g = await gate();
    const request = await g.request();
    await g.approvals.approve(request.requestId, who.bob!);
    // Turn the request's digest into the one about to be promoted, without fixing the hash.
    const name = "records/000000000001.json";
    const record = JSON.parse(
      (await g.ledger.container.getBlobClient(name).downloadToBuffer()).toString(),
    ) as LedgerRecord;
    record.data.digest = D2;
    const text = JSON.stringify(record);
    await g.ledger.container.getBlockBlobClient(name).upload(text, Buffer.byteLength(text));
    // A fresh gate (every CLI run, every CI job) verifies the whole chain and refuses to decide.
    const fresh = new Approvals({ ledger: await Ledger.open(g.ledger.container), policy });
    await assert.rejects(fresh.assertApproved(g.query({ digest: D2 })), { code: "LEDGER_TAMPERED" });
    await assert.rejects(fresh.status(), { code: "LEDGER_TAMPERED" });
    // The gate that verified the chain before the edit keeps deciding on what it verified: the forged digest
    // does not open it, and the approval it saw is still bound to the original digest.
    await assert.rejects(g.approvals.assertApproved(g.query({ digest: D2 })), {
      code: "GATE_DIGEST_MISMATCH",
    });
    assert.equal((await g.approvals.assertApproved(g.query())).digest, D1);
  });
});
