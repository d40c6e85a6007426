/**
 * The approval gate over a real ledger on the twin's blob service (WORM container), with decisions signed by
 * the twin's people's real SSH keys (ensureTwinKeys). The ordinary path signs through signWithSsh (ssh-keygen
 * -Y sign); the other tests, whose claims are about what a signature means at the gate, sign with the same key
 * files in process, which the first test shows writes the very bytes ssh-keygen writes. Every forgery is built
 * the way someone who may append to the ledger could build it: real signatures over the wrong statement, copied
 * envelopes, unsigned records, keys outside the registry — each must be ignored, named with its code, and
 * leave the gate closed.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { digestDocument } from "../../src/assets/digest.ts";
import { dataScientistGroup, objectIdFor } from "../../src/emulator/principals.ts";
import { loadOrCreateSigningKey, mintTwinToken } from "../../src/emulator/tokens.ts";
import { ExitCode, GateError } from "../../src/errors.ts";
import {
  type ApprovalRequest,
  Approvals,
  type AssetRef,
  type DecisionSigner,
  evaluateGate,
  foldApprovals,
  type GateQuery,
} from "../../src/governance/approvals.ts";
import { actorOf, type Identity, identityFromToken } from "../../src/governance/identity.ts";
import { Ledger } from "../../src/governance/ledger.ts";
import { type GovernancePolicy, loadPolicy, policyFromDocument } from "../../src/governance/policy.ts";
import { type ApproverFacts, type DeploymentBundle, recordsOf } from "../../src/governance/records.ts";
import {
  type ApproversRegistry,
  benchVerify,
  type Decision,
  type DsseEnvelope,
  decisionPayload,
  ensureTwinKeys,
  signWithSsh,
  twinSigningKey,
  verifyEnvelope,
} from "../../src/governance/signing/index.ts";
import { type AzuriteFixture, startAzuriteFixture } from "./fixture.ts";
import { inProcessSigner, sshKeygen } from "./signing/fixture.ts";

let azurite: AzuriteFixture;
let stateDir: string;
let policy: GovernancePolicy;
let registry: ApproversRegistry;
/** A key ssh-keygen made that is in no registry. */
let outsiderKey: string;
const who: Record<string, Identity> = {};
/** In process, with the person's twin key file: the same bytes as `ssh` (checked below). */
const sign: Record<string, DecisionSigner> = {};
/** Through signWithSsh: ssh-keygen -Y sign, as Airlock signs. */
const ssh: Record<string, DecisionSigner> = {};

const GROUP = objectIdFor(dataScientistGroup("prod"));

describe("governance/approvals", () => {
  before(async () => {
    azurite = await startAzuriteFixture();
    stateDir = await mkdtemp(path.join(tmpdir(), "airlock-approvals-"));
    loadOrCreateSigningKey(stateDir);
    for (const name of ["alice", "bob", "mallory", "sp-aml-promotion-prod"]) {
      who[name] = identityFromToken(mintTwinToken(stateDir, name));
    }
    // carol: a person of the registry known to the policy only through a group.
    who.carol = {
      ...who.mallory!,
      objectId: "c0000000-0000-4000-8000-00000000000c",
      name: "carol@airlock.local",
      displayName: "Carol",
      upn: "carol@airlock.local",
      groups: [GROUP],
    };
    registry = await ensureTwinKeys(stateDir, ["alice", "bob", "mallory", "carol"]);
    for (const person of ["alice", "bob", "mallory", "carol"]) {
      const keyFile = twinSigningKey(stateDir, person);
      ssh[person] = (decision) => signWithSsh(decision, { keyFile });
      sign[person] = await inProcessSigner(keyFile);
    }
    outsiderKey = (await sshKeygen(stateDir, "outsider", "ed25519")).keyFile;
    policy = await loadPolicy(); // the repository's governance/policy.yml: alice and bob approve, ttl 24h
  });
  after(async () => {
    await azurite?.close();
    if (stateDir) await rm(stateDir, { recursive: true, force: true });
  });

  const T0 = new Date("2026-03-01T10:00:00.000Z");
  const HOUR = 3_600_000;
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

  const factsOf = (identity: Identity): ApproverFacts => ({ ...actorOf(identity), groups: [] });

  /** The decision Approvals would have a person sign about `request`, with `change` applied. */
  function decisionAbout(
    kind: Decision["decision"],
    request: ApprovalRequest,
    signer: string,
    signedAt: Date,
    change: Partial<Decision> = {},
  ): Decision {
    return {
      decision: kind,
      requestId: request.requestId,
      asset: { kind: request.asset.kind, name: request.asset.name, version: request.asset.version },
      digest: request.digest,
      bundleDigest: request.manifestDigest,
      target: request.target,
      expiresAt: request.expiresAt,
      signedAt: signedAt.toISOString(),
      signer,
      ...change,
    } as Decision;
  }

  /** A gate on a fresh WORM ledger with a clock the test moves. */
  async function gate(withPolicy: GovernancePolicy = policy) {
    const clock = { now: T0 };
    // The ledger and the gate share one clock, as they share real time in production.
    // The WORM container exists already: a Ledger on it, without Ledger.open's create-if-missing request.
    const ledger = new Ledger(await azurite.wormContainer(), { now: () => clock.now });
    const open = (p: GovernancePolicy) =>
      new Approvals({ ledger, policy: p, registry, now: () => clock.now });
    const approvals = open(withPolicy);
    const request = (overrides: Partial<Parameters<Approvals["requestApproval"]>[0]> = {}) =>
      approvals.requestApproval({
        asset: model,
        target: TARGET,
        digest: D1,
        manifestDigest: M1,
        justification: "weekly retrain beats prod on validation MAE",
        requester: who.alice!,
        sign: sign.alice!,
        ...overrides,
      });
    const query = (overrides: Partial<GateQuery> = {}): GateQuery => ({
      asset: model,
      digest: D1,
      manifestDigest: M1,
      target: TARGET,
      ...overrides,
    });
    const refused = async (code: string, q: GateQuery = query(), using: Approvals = approvals) => {
      let caught: GateError | undefined;
      await assert.rejects(using.assertApproved(q), (error: unknown) => {
        assert.ok(error instanceof GateError, String(error));
        assert.equal(error.code, code, error.message);
        assert.equal(error.exitCode, ExitCode.gateClosed);
        caught = error;
        return true;
      });
      return caught!;
    };
    /** Appends an approval record as someone who may write the ledger (no Approvals checks). */
    const appendApproval = (requestId: string, as: Identity, envelope?: DsseEnvelope) =>
      ledger.append(
        "approval.granted",
        { requestId },
        {
          requestId,
          digest: D1,
          manifestDigest: M1,
          comment: "",
          approver: factsOf(as),
          ...(envelope ? { envelope } : {}),
        },
        actorOf(as),
      );
    const ignoredCodes = async (requestId?: string) =>
      (await approvals.status(requestId ? { requestId } : {})).ignored.map((i) => [i.type, i.code]);
    return { clock, ledger, approvals, open, request, query, refused, appendApproval, ignoredCodes };
  }

  describe("approval gate: the ordinary path", () => {
    test("a request approved by another approver opens the gate; every decision is a verifiable signed statement", async () => {
      const g = await gate();
      const request = await g.request({ sign: ssh.alice! });
      assert.equal(request.expiresAt, "2026-03-02T10:00:00.000Z");
      assert.equal(request.requester.name, "alice@airlock.local");
      await g.refused("GATE_NO_APPROVAL");
      g.clock.now = new Date(T0.getTime() + HOUR);
      const { recorded, status } = await g.approvals.approve(request.requestId, who.bob!, ssh.bob!, {
        comment: "metrics reviewed",
      });
      assert.equal(recorded, true);
      assert.equal(status.state, "approved");
      assert.equal(status.requesterPerson, "alice");
      assert.equal(status.effectiveExpiresAt, "2026-03-02T10:00:00.000Z");

      const approval = await g.approvals.assertApproved(g.query());
      assert.equal(approval.kind, "approval");
      assert.equal(approval.requestId, request.requestId);
      assert.deepEqual(approval.approvedBy, ["bob"]);
      assert.equal(approval.digest, D1);
      assert.deepEqual(approval.ignored, []);
      assert.equal(
        (await g.approvals.assertApproved(g.query({ requestId: request.requestId }))).requestId,
        request.requestId,
        "also when the caller pins the request id it was given",
      );

      const records = await g.ledger.read();
      assert.deepEqual(
        records.map((r) => [r.type, r.actor.name]),
        [
          ["approval.requested", "alice@airlock.local"],
          ["approval.granted", "bob@airlock.local"],
        ],
      );
      // Each record carries a DSSE envelope that verifies against the registry and binds this request.
      for (const [record, signer, kind] of [
        [records[0]!, "alice", "request"],
        [records[1]!, "bob", "approve"],
      ] as const) {
        const envelope = (record.data as { envelope?: DsseEnvelope }).envelope;
        const verified = verifyEnvelope(envelope, registry, {
          expect: { requestId: request.requestId, digest: D1, target: TARGET, decision: kind },
        });
        assert.ok(verified.ok, JSON.stringify(verified));
        assert.equal(verified.person.id, signer);
        // The in-process signer of the other tests writes these very bytes (ssh-keygen's) for the same decision.
        const decision = JSON.parse(Buffer.from(envelope!.payload, "base64").toString("utf8")).predicate;
        assert.deepEqual(await sign[signer]!(decision), envelope);
      }
      assert.equal((await g.ledger.verify()).ok, true);

      const listed = await g.approvals.status({ asset: { name: "taxi-fare" } });
      assert.equal(listed.requests[0]?.state, "approved");
      assert.equal(listed.requests[0]?.validApprovals[0]?.comment, "metrics reviewed");
      assert.deepEqual(listed.ignored, []);
    });

    test("the state is a pure fold of the ledger: the same records give the same decision anywhere", async () => {
      const g = await gate();
      const request = await g.request();
      await g.approvals.approve(request.requestId, who.bob!, sign.bob!);
      // A fresh instance on the same container (every CLI run, every CI job) verifies in full and agrees.
      const fresh = new Approvals({
        ledger: new Ledger(g.ledger.container),
        policy,
        registry,
        now: () => g.clock.now,
      });
      assert.equal((await fresh.assertApproved(g.query())).requestId, request.requestId);
      const records = await g.ledger.read();
      const state = foldApprovals(records, policy, registry, g.clock.now);
      assert.equal(state.requests.get(request.requestId)?.state, "approved");
      assert.deepEqual(evaluateGate(state, policy, registry, { ...g.query(), now: g.clock.now }).approvedBy, [
        "bob",
      ]);
      // Without the approval record, the same fold is pending.
      const pending = foldApprovals(records.slice(0, 1), policy, registry, g.clock.now);
      assert.equal(pending.requests.get(request.requestId)?.state, "pending");
    });

    test("no approval at all, or only a pending request: GATE_NO_APPROVAL", async () => {
      const g = await gate();
      await g.refused("GATE_NO_APPROVAL");
      await g.request();
      const error = await g.refused("GATE_NO_APPROVAL");
      assert.match(error.message, /pending: 0 of 1 approvals/);
    });

    test("content changed after approval: GATE_DIGEST_MISMATCH names both digests", async () => {
      const g = await gate();
      const request = await g.request();
      await g.approvals.approve(request.requestId, who.bob!, sign.bob!);
      await assert.rejects(g.approvals.assertApproved(g.query({ digest: D2 })), (error: GateError) => {
        assert.equal(error.code, "GATE_DIGEST_MISMATCH");
        assert.ok(error.message.includes(D1) && error.message.includes(D2), error.message);
        assert.deepEqual([error.details?.approvedDigest, error.details?.currentDigest], [D1, D2]);
        return true;
      });
      // The bundle (environment definition, component specs) changed, the model bytes did not.
      await g.refused("GATE_DIGEST_MISMATCH", g.query({ manifestDigest: M2 }));
    });

    test("an approval replayed for another version, kind, target, source or request: GATE_SCOPE_MISMATCH", async () => {
      const g = await gate();
      const request = await g.request();
      await g.approvals.approve(request.requestId, who.bob!, sign.bob!);
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

    test("a newer request supersedes older pending ones; approving twice is idempotent", async () => {
      const g = await gate();
      const first = await g.request();
      const second = await g.request({ digest: D2, justification: "fixed the feature scaling" });
      await assert.rejects(g.approvals.approve(first.requestId, who.bob!, sign.bob!), (error: GateError) => {
        assert.equal(error.code, "GATE_SUPERSEDED");
        assert.ok(error.message.includes(second.requestId));
        return true;
      });
      const once = await g.approvals.approve(second.requestId, who.bob!, sign.bob!, { comment: "ok" });
      const twice = await g.approvals.approve(second.requestId, who.bob!, sign.bob!, { comment: "ok again" });
      assert.deepEqual([once.recorded, twice.recorded], [true, false]);
      assert.equal((await g.ledger.read()).filter((r) => r.type === "approval.granted").length, 1);

      const { requests } = await g.approvals.status();
      assert.deepEqual(
        requests.map((s) => [s.request.requestId, s.state, s.supersededBy]),
        [
          [second.requestId, "approved", undefined],
          [first.requestId, "superseded", second.requestId],
        ],
      );
      assert.deepEqual(
        (await g.approvals.status({ state: "superseded" })).requests.map((s) => s.request.requestId),
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

    test("a request whose promotion completed is 'used'", async () => {
      const g = await gate();
      const request = await g.request();
      await g.approvals.approve(request.requestId, who.bob!, sign.bob!);
      await g.ledger.append(
        "promotion.completed",
        { asset: "model:taxi-fare@3", requestId: request.requestId },
        {
          digest: D1,
          targetReference: "azureml://registries/amlregprodcc01/models/taxi-fare/versions/3",
          approvalId: request.requestId,
        },
        actorOf(who["sp-aml-promotion-prod"]!),
      );
      const { requests } = await g.approvals.status({ requestId: request.requestId });
      assert.equal(requests[0]?.state, "used");
      assert.deepEqual(
        (await g.approvals.status({ state: "used" })).requests.map((s) => s.request.requestId),
        [request.requestId],
      );
      // A completed promotion of a request that was never approved does not make it used.
      const other = await g.request({ asset: { ...model, version: "9" } });
      await g.ledger.append(
        "promotion.completed",
        { requestId: other.requestId },
        { digest: D1, targetReference: "x", approvalId: other.requestId },
        actorOf(who["sp-aml-promotion-prod"]!),
      );
      assert.equal((await g.approvals.status({ requestId: other.requestId })).requests[0]?.state, "pending");
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
      await assert.rejects(g.approvals.approve("no-such-request", who.bob!, sign.bob!), {
        code: "APPROVAL_REQUEST_NOT_FOUND",
      });
      // Unsigned, or by someone the registry does not know.
      await assert.rejects(g.request({ sign: undefined }), { code: "GATE_NOT_SIGNED" });
      await assert.rejects(g.request({ requester: who["sp-aml-promotion-prod"]! }), {
        code: "GATE_NOT_REGISTERED",
      });
      assert.deepEqual(await g.ledger.read(), []);
      const data = await g.request({
        asset: { ...model, kind: "data", name: "taxi-validation", dataClass: "validation" },
      });
      assert.equal(data.asset.dataClass, "validation");
    });
  });

  describe("approval gate: separation of duties and who may decide", () => {
    test("self-approval is refused at approve time, and a signed self-approval forged into the ledger does not count", async () => {
      const g = await gate();
      const request = await g.request();
      await assert.rejects(g.approvals.approve(request.requestId, who.alice!, sign.alice!), {
        code: "GATE_SELF_APPROVAL",
      });
      assert.equal((await g.ledger.read()).length, 1, "nothing recorded");

      // alice signs an approval of her own request with her real key and appends it herself.
      const envelope = await sign.alice!(decisionAbout("approve", request, "alice", g.clock.now));
      await g.appendApproval(request.requestId, who.alice!, envelope);
      await g.refused("GATE_SELF_APPROVAL");
      const { requests } = await g.approvals.status({ requestId: request.requestId });
      assert.deepEqual(requests[0]?.validApprovals, []);
    });

    test("approvers must be allowed by the policy, at approve time and at the gate", async () => {
      const g = await gate();
      const request = await g.request();
      await assert.rejects(g.approvals.approve(request.requestId, who.mallory!, sign.mallory!), {
        code: "GATE_APPROVER_NOT_ALLOWED",
      });
      await assert.rejects(g.approvals.approve(request.requestId, who["sp-aml-promotion-prod"]!, sign.bob!), {
        code: "GATE_NOT_REGISTERED",
      });
      // mallory signs with her own registered key and appends the record herself.
      const envelope = await sign.mallory!(decisionAbout("approve", request, "mallory", g.clock.now));
      await g.appendApproval(request.requestId, who.mallory!, envelope);
      await g.refused("GATE_APPROVER_NOT_ALLOWED");

      // Bob approves; later the policy drops bob: his approval no longer counts.
      await g.approvals.approve(request.requestId, who.bob!, sign.bob!);
      assert.equal((await g.approvals.assertApproved(g.query())).requestId, request.requestId);
      const withoutBob = g.open(
        policyFromDocument({ version: 1, approvals: { approvers: { principals: ["alice@airlock.local"] } } }),
      );
      await g.refused("GATE_APPROVER_NOT_ALLOWED", g.query(), withoutBob);
    });

    test("creators are refused: the approver who registered the version or started its training run", async () => {
      const g = await gate();
      const request = await g.request();
      // At approve time, by the principal the registry lists for the person (case does not matter).
      for (const creators of [["bob@airlock.local"], ["sp-aml-training-dev", "BOB@airlock.local"]]) {
        await assert.rejects(
          g.approvals.approve(request.requestId, who.bob!, sign.bob!, { creators }),
          (error: GateError) => {
            assert.equal(error.code, "GATE_SELF_APPROVAL");
            assert.match(error.message, /created the asset version in dev or started its training run/);
            return true;
          },
        );
      }
      assert.equal((await g.ledger.read()).length, 1, "nothing recorded");
      // At the gate: bob approved, and the creators known now name him.
      await g.approvals.approve(request.requestId, who.bob!, sign.bob!);
      assert.equal(
        (await g.approvals.assertApproved(g.query({ creators: ["sp-aml-training-dev"] }))).requestId,
        request.requestId,
      );
      await g.refused(
        "GATE_SELF_APPROVAL",
        g.query({ creators: ["sp-aml-training-dev", "bob@airlock.local"] }),
      );
    });

    test("minApprovals: distinct approvers, none of them the requester", async () => {
      const strict = policyFromDocument({
        version: 1,
        approvals: {
          approvers: { principals: ["bob@airlock.local", "carol@airlock.local"] },
          minApprovals: 2,
        },
      });
      const g = await gate(strict);
      const request = await g.request({ requester: who.mallory!, sign: sign.mallory! });
      await g.approvals.approve(request.requestId, who.bob!, sign.bob!);
      const error = await g.refused("GATE_NO_APPROVAL");
      assert.match(error.message, /1 of 2 approvals/);
      assert.equal(
        (await g.approvals.approve(request.requestId, who.bob!, sign.bob!)).recorded,
        false,
        "the same person twice is one approval",
      );
      await assert.rejects(g.approvals.approve(request.requestId, who.mallory!, sign.mallory!), {
        code: "GATE_SELF_APPROVAL",
      });
      await g.approvals.approve(request.requestId, who.carol!, sign.carol!);
      const approval = await g.approvals.assertApproved(g.query());
      assert.deepEqual(approval.approvedBy.sort(), ["bob", "carol"]);
    });

    test("a group or object id claimed in a record is not evidence: a registered non-approver cannot claim one", async () => {
      // Approvers by group and object id; carol by name. Only what the registry lists for a person counts.
      const byClaims = policyFromDocument({
        version: 1,
        approvals: {
          approvers: { groups: [GROUP], objectIds: [who.bob!.objectId], principals: ["carol@airlock.local"] },
        },
      });
      const g = await gate(byClaims);
      const request = await g.request();
      // mallory signs with her own registered key and writes approver facts claiming the group and bob's oid.
      const envelope = await sign.mallory!(decisionAbout("approve", request, "mallory", g.clock.now));
      await g.ledger.append(
        "approval.granted",
        { requestId: request.requestId },
        {
          requestId: request.requestId,
          digest: D1,
          manifestDigest: M1,
          comment: "",
          approver: {
            ...factsOf(who.mallory!),
            objectId: who.bob!.objectId,
            upn: "mallory@airlock.local",
            groups: [GROUP],
          },
          envelope,
        },
        actorOf(who.mallory!),
      );
      await g.refused("GATE_APPROVER_NOT_ALLOWED");
      // bob's token does carry the group, but the gate could not verify it later: refused up front.
      assert.ok(who.bob!.groups.includes(GROUP));
      await assert.rejects(g.approvals.approve(request.requestId, who.bob!, sign.bob!), {
        code: "GATE_APPROVER_NOT_ALLOWED",
      });
      await g.approvals.approve(request.requestId, who.carol!, sign.carol!);
      assert.deepEqual((await g.approvals.assertApproved(g.query())).approvedBy, ["carol"]);
    });

    test("rejected requests stay closed; a rejection after approval revokes it; the requester may withdraw", async () => {
      const g = await gate();
      const first = await g.request();
      await g.approvals.reject(first.requestId, who.bob!, sign.bob!, "MAE regressed on the holdout");
      await g.refused("GATE_REJECTED");
      await assert.rejects(g.approvals.approve(first.requestId, who.bob!, sign.bob!), {
        code: "GATE_REJECTED",
      });
      assert.equal(
        (await g.approvals.reject(first.requestId, who.bob!, sign.bob!, "again")).recorded,
        false,
        "idempotent",
      );

      const second = await g.request({ asset: { ...model, version: "5" } });
      await g.approvals.approve(second.requestId, who.bob!, sign.bob!);
      const q = g.query({ asset: { ...model, version: "5" } });
      assert.equal((await g.approvals.assertApproved(q)).requestId, second.requestId);
      await g.approvals.reject(second.requestId, who.bob!, sign.bob!, "found a data leak");
      await g.refused("GATE_REJECTED", q);

      const third = await g.request({ asset: { ...model, version: "6" } });
      await assert.rejects(g.approvals.reject(third.requestId, who.mallory!, sign.mallory!, "no"), {
        code: "GATE_APPROVER_NOT_ALLOWED",
      });
      const withdrawn = await g.approvals.reject(third.requestId, who.alice!, sign.alice!, "wrong version");
      assert.equal(withdrawn.status.state, "rejected");
      assert.equal(withdrawn.status.rejection?.withdrawn, true);
      await assert.rejects(g.approvals.reject(third.requestId, who.alice!, sign.alice!, " "), {
        code: "APPROVAL_REASON_REQUIRED",
      });
    });

    test("a rejection signed by a non-approver, or unsigned, is ignored and named; the approval stands", async () => {
      const g = await gate();
      const request = await g.request();
      await g.approvals.approve(request.requestId, who.bob!, sign.bob!);
      const reject = (as: Identity, envelope?: DsseEnvelope) =>
        g.ledger.append(
          "approval.rejected",
          { requestId: request.requestId },
          {
            requestId: request.requestId,
            reason: "blocked",
            by: factsOf(as),
            withdrawn: false,
            ...(envelope ? { envelope } : {}),
          },
          actorOf(as),
        );
      await reject(
        who.mallory!,
        await sign.mallory!(decisionAbout("reject", request, "mallory", g.clock.now, { reason: "blocked" })),
      );
      await reject(who.bob!); // unsigned, in bob's name
      assert.equal((await g.approvals.assertApproved(g.query())).requestId, request.requestId);
      assert.deepEqual(await g.ignoredCodes(request.requestId), [
        ["approval.rejected", "GATE_APPROVER_NOT_ALLOWED"],
        ["approval.rejected", "DECISION_UNSIGNED"],
      ]);
      assert.equal(
        (await g.approvals.status({ requestId: request.requestId })).requests[0]?.state,
        "approved",
      );
    });
  });

  describe("approval gate: the registry and the bundle in force at the gate", () => {
    test("an approver removed from the registry, or past validUntil, no longer approves anything", async () => {
      const g = await gate();
      const request = await g.request();
      await g.approvals.approve(request.requestId, who.bob!, sign.bob!);
      assert.equal((await g.approvals.assertApproved(g.query())).requestId, request.requestId);
      const open = (people: ApproversRegistry["people"]) =>
        new Approvals({
          ledger: new Ledger(g.ledger.container),
          policy,
          registry: { ...registry, people },
          now: () => g.clock.now,
        });
      // bob's entry is removed through review: his signature no longer verifies against the registry.
      const withoutBob = open(registry.people.filter((p) => p.id !== "bob"));
      await g.refused("GATE_NO_APPROVAL", g.query(), withoutBob);
      assert.deepEqual(
        (await withoutBob.status({ requestId: request.requestId })).ignored.map((i) => i.code),
        ["KEY_NOT_IN_REGISTRY"],
      );
      // bob's entry ends (validUntil in the past).
      const expired = open(
        registry.people.map((p) => (p.id === "bob" ? { ...p, validUntil: "2020-01-01T00:00:00Z" } : p)),
      );
      await g.refused("GATE_NO_APPROVAL", g.query(), expired);
      assert.deepEqual(
        (await expired.status({ requestId: request.requestId })).ignored.map((i) => i.code),
        ["APPROVER_EXPIRED"],
      );
    });

    test("a deployment request binds its bundle: a bundle that does not match the signed digest is refused or ignored", async () => {
      const g = await gate();
      const bundle: DeploymentBundle = {
        endpoint: "taxi-prod",
        model: "azureml://registries/amlregprodcc01/models/taxi-fare/versions/3",
        codeDigest: hex("1"),
        scoringScript: "score.py",
        environment: "azureml://registries/amlregprodcc01/environments/inference-env/versions/1",
        instanceType: "Standard_DS3_v2",
        instanceCount: 1,
        environmentVariables: { LOG_LEVEL: "info" },
      };
      const bundleDigest = digestDocument(bundle);
      await assert.rejects(g.request({ deployment: bundle, manifestDigest: M1 }), {
        code: "APPROVAL_REQUEST_INVALID",
      });
      const request = await g.request({ deployment: bundle, manifestDigest: bundleDigest });
      await g.approvals.approve(request.requestId, who.bob!, sign.bob!);
      const approval = await g.approvals.assertApproved(g.query({ manifestDigest: bundleDigest }));
      assert.deepEqual(approval.deployment, bundle);

      // alice re-files the same signed request with a bigger bundle in the record: the digest no longer matches.
      const requestId = "de910000-0000-4000-8000-000000000001";
      const swapped = { ...bundle, instanceCount: 10, environmentVariables: { DEBUG: "1" } };
      const forged: ApprovalRequest = {
        ...request,
        requestId,
        asset: { ...model, version: "4" },
        deployment: swapped,
      };
      const envelope = await sign.alice!(
        decisionAbout("request", forged, "alice", g.clock.now, {
          deployment: { bundleDigest },
        }),
      );
      await g.ledger.append(
        "approval.requested",
        { requestId },
        { ...forged, envelope },
        actorOf(who.alice!),
      );
      assert.deepEqual(await g.ignoredCodes(), [["approval.requested", "REQUEST_BUNDLE_MISMATCH"]]);
    });
  });

  describe("approval gate: forged and replayed decisions are ignored and named", () => {
    test("an unsigned approval record appended as another person is ignored (DECISION_UNSIGNED)", async () => {
      const g = await gate();
      const request = await g.request();
      // alice writes an approval in bob's name straight into the ledger container.
      const forged = await g.appendApproval(request.requestId, who.bob!);
      const error = await g.refused("GATE_NO_APPROVAL");
      assert.match(error.message, new RegExp(`seq ${forged.seq} DECISION_UNSIGNED`));
      const ignored = error.details?.ignored as Array<{ seq: number; code: string }>;
      assert.deepEqual(
        ignored.map((i) => [i.seq, i.code]),
        [[forged.seq, "DECISION_UNSIGNED"]],
      );
      const status = await g.approvals.status({ requestId: request.requestId });
      assert.equal(status.requests[0]?.state, "pending");
      assert.deepEqual(
        status.ignored.map((i) => [i.seq, i.type, i.requestId, i.code]),
        [[forged.seq, "approval.granted", request.requestId, "DECISION_UNSIGNED"]],
      );
      assert.equal(
        (await g.ledger.verify()).ok,
        true,
        "the record chains: the gate, not the ledger, refuses it",
      );
    });

    test("an unsigned request record does not count: it cannot be approved", async () => {
      const g = await gate();
      const requestId = "0b5e55ed-0000-4000-8000-000000000001";
      await g.ledger.append(
        "approval.requested",
        { requestId },
        {
          requestId,
          asset: model,
          target: TARGET,
          digest: D1,
          manifestDigest: M1,
          requester: factsOf(who.alice!),
          requestedAt: T0.toISOString(),
          expiresAt: "2036-03-01T10:00:00.000Z",
          justification: "forged",
        },
        actorOf(who.alice!),
      );
      await assert.rejects(g.approvals.approve(requestId, who.bob!, sign.bob!), (error: Error) => {
        assert.equal((error as GateError).code, "APPROVAL_REQUEST_NOT_FOUND");
        assert.match(error.message, /does not count/);
        return true;
      });
      assert.deepEqual(await g.ignoredCodes(), [["approval.requested", "DECISION_UNSIGNED"]]);
    });

    test("a request record replayed under its own id, or alice's request signature copied onto a new id, does not count", async () => {
      const g = await gate();
      const request = await g.request();
      const original = recordsOf(await g.ledger.read(), "approval.requested")[0]!;
      // The same record appended again (e.g. to reset its approvals or its time): a duplicate id.
      await g.ledger.append("approval.requested", original.subject, original.data, original.actor);
      // Its envelope on a request with another id (and a version nobody asked for).
      const requestId = "c0b1e000-0000-4000-8000-000000000001";
      await g.ledger.append(
        "approval.requested",
        { requestId },
        { ...original.data, requestId },
        original.actor,
      );
      assert.deepEqual(await g.ignoredCodes(), [
        ["approval.requested", "REQUEST_DUPLICATE"],
        ["approval.requested", "DECISION_MISMATCH"],
      ]);
      await assert.rejects(g.approvals.approve(requestId, who.bob!, sign.bob!), {
        code: "APPROVAL_REQUEST_NOT_FOUND",
      });
      // The original is untouched and still approvable.
      await g.approvals.approve(request.requestId, who.bob!, sign.bob!);
      assert.equal((await g.approvals.assertApproved(g.query())).requestId, request.requestId);
    });

    test("a signature by a key that is not in the registry (claiming to be bob) is ignored", async () => {
      const g = await gate();
      const request = await g.request();
      const envelope = await signWithSsh(decisionAbout("approve", request, "bob", g.clock.now), {
        keyFile: outsiderKey,
      });
      await g.appendApproval(request.requestId, who.bob!, envelope);
      await g.refused("GATE_NO_APPROVAL");
      assert.deepEqual(await g.ignoredCodes(request.requestId), [
        ["approval.granted", "KEY_NOT_IN_REGISTRY"],
      ]);
    });

    test("mallory's key signing as bob is ignored (SIGNER_MISMATCH)", async () => {
      const g = await gate();
      const request = await g.request();
      const envelope = await sign.mallory!(decisionAbout("approve", request, "bob", g.clock.now));
      await g.appendApproval(request.requestId, who.bob!, envelope);
      await g.refused("GATE_NO_APPROVAL");
      assert.deepEqual(await g.ignoredCodes(request.requestId), [["approval.granted", "SIGNER_MISMATCH"]]);
    });

    test("bob's real signature over another digest, bundle, target, version or expiry is ignored (DECISION_MISMATCH)", async () => {
      const g = await gate();
      const request = await g.request();
      const changes: Array<[string, Partial<Decision>]> = [
        ["digest", { digest: D2 }],
        ["bundleDigest", { bundleDigest: M2 }],
        ["target", { target: "prod registry amlregprodcc02" }],
        ["asset", { asset: { kind: "model", name: "taxi-fare", version: "4" } }],
        ["expiresAt", { expiresAt: "2036-03-01T10:00:00.000Z" }],
        ["decision", { decision: "reject" }],
      ];
      for (const [, change] of changes) {
        const envelope = await sign.bob!(decisionAbout("approve", request, "bob", g.clock.now, change));
        await g.appendApproval(request.requestId, who.bob!, envelope);
      }
      const error = await g.refused("GATE_NO_APPROVAL");
      const status = await g.approvals.status({ requestId: request.requestId });
      assert.equal(status.requests[0]?.state, "pending");
      assert.deepEqual(
        status.ignored.map((i) => i.code),
        changes.map(() => "DECISION_MISMATCH"),
      );
      for (const [i, [field]] of changes.entries()) {
        assert.match(status.ignored[i]!.reason, new RegExp(`binds another ${field}`), field);
      }
      assert.equal((error.details?.ignored as unknown[] | undefined)?.length, changes.length);
    });

    test("bob's envelope with its payload swapped (signature kept) is ignored (SIGNATURE_INVALID)", async () => {
      const g = await gate();
      const request = await g.request();
      const genuine = await sign.bob!(decisionAbout("approve", request, "bob", g.clock.now, { digest: D2 }));
      // The payload Bob would have had to sign, under Bob's signature over another payload.
      const wanted = decisionPayload(decisionAbout("approve", request, "bob", g.clock.now)).toString(
        "base64",
      );
      await g.appendApproval(request.requestId, who.bob!, { ...genuine, payload: wanted });
      await g.refused("GATE_NO_APPROVAL");
      assert.deepEqual(await g.ignoredCodes(request.requestId), [["approval.granted", "SIGNATURE_INVALID"]]);
    });

    test("bob's valid approval replayed onto another request is ignored (DECISION_MISMATCH on requestId)", async () => {
      const g = await gate();
      const first = await g.request({ asset: { ...model, version: "7" } });
      await g.approvals.approve(first.requestId, who.bob!, sign.bob!);
      const approved = (await g.ledger.read()).find((r) => r.type === "approval.granted")!;
      const envelope = (approved.data as { envelope: DsseEnvelope }).envelope;

      // A new request for the same bytes (another version, then the very same scope after a rejection).
      const second = await g.request({ asset: { ...model, version: "8" } });
      await g.appendApproval(second.requestId, who.bob!, envelope);
      await g.refused("GATE_NO_APPROVAL", g.query({ asset: { ...model, version: "8" } }));
      const ignored = (await g.approvals.status({ requestId: second.requestId })).ignored;
      assert.deepEqual(
        ignored.map((i) => i.code),
        ["DECISION_MISMATCH"],
      );
      assert.match(ignored[0]!.reason, /binds another requestId/);

      await g.approvals.reject(first.requestId, who.bob!, sign.bob!, "withdrawn approval");
      const third = await g.request({ asset: { ...model, version: "7" } });
      await g.appendApproval(third.requestId, who.bob!, envelope);
      await g.refused("GATE_NO_APPROVAL", g.query({ asset: { ...model, version: "7" } }));
      await g.refused(
        "GATE_NO_APPROVAL",
        g.query({ asset: { ...model, version: "7" }, requestId: third.requestId }),
      );
    });

    test("a line someone appended that does not chain is stepped over and named; it cannot stop the gate", async () => {
      const g = await gate();
      const request = await g.request();
      await g.approvals.approve(request.requestId, who.bob!, sign.bob!);
      // Garbage appended to the segment (WORM allows appends, and never lets it be removed).
      const segment = "segments/000000000001.jsonl";
      await g.ledger.container.getAppendBlobClient(segment).appendBlock("{garbage\n", 9);
      // A fresh gate (every CLI run, every CI job) walks the chain, steps over the line and names it …
      const fresh = new Approvals({
        ledger: await Ledger.open(g.ledger.container),
        policy,
        registry,
        now: () => g.clock.now,
      });
      assert.equal((await fresh.assertApproved(g.query())).requestId, request.requestId);
      const { ignored } = await fresh.status();
      assert.ok(ignored.some((i) => i.code === "LEDGER_FOREIGN_LINE" && i.reason.includes(segment)));
      // … as does the gate that walked it before; `audit verify` (strict) fails on it.
      assert.equal((await g.approvals.assertApproved(g.query())).requestId, request.requestId);
      assert.equal((await new Ledger(g.ledger.container).verify()).ok, false);
    });
  });

  describe("approval gate: expiry comes from the policy in force", () => {
    test("expiry with an injected clock, at the gate and at approve time", async () => {
      const g = await gate();
      const request = await g.request();
      await g.approvals.approve(request.requestId, who.bob!, sign.bob!);
      g.clock.now = new Date("2026-03-02T10:00:00.000Z");
      assert.equal(
        (await g.approvals.assertApproved(g.query())).requestId,
        request.requestId,
        "valid up to expiresAt",
      );
      g.clock.now = new Date("2026-03-02T10:00:00.001Z");
      await g.refused("GATE_EXPIRED");
      assert.equal((await g.approvals.status()).requests[0]?.state, "expired");

      const late = await g.request({ asset: { ...model, version: "4" } });
      g.clock.now = new Date("2026-03-04T00:00:00.000Z");
      await assert.rejects(g.approvals.approve(late.requestId, who.bob!, sign.bob!), {
        code: "GATE_EXPIRED",
      });
    });

    test("a request filed under a 10-year TTL expires under the repository's TTL at gate time", async () => {
      const g = await gate();
      // The requester points AIRLOCK_POLICY at a copy with ttl 3650d: the request asks for a far deadline.
      const lax = g.open(
        policyFromDocument({
          version: 1,
          approvals: {
            approvers: { principals: ["alice@airlock.local", "bob@airlock.local"] },
            ttl: "3650d",
          },
        }),
      );
      const request = await lax.requestApproval({
        asset: model,
        target: TARGET,
        digest: D1,
        manifestDigest: M1,
        justification: "long-lived",
        requester: who.alice!,
        sign: sign.alice!,
      });
      assert.equal(request.expiresAt, new Date(T0.getTime() + 3650 * 24 * HOUR).toISOString());
      await lax.approve(request.requestId, who.bob!, sign.bob!);
      g.clock.now = new Date(T0.getTime() + 25 * HOUR);
      assert.equal(
        (await lax.assertApproved(g.query())).requestId,
        request.requestId,
        "the lax copy would pass",
      );
      // The gate under the repository's policy (24h) refuses.
      const error = await g.refused("GATE_EXPIRED");
      assert.equal(error.details?.expiresAt, "2026-03-02T10:00:00.000Z");
      const { requests } = await g.approvals.status({ requestId: request.requestId });
      assert.deepEqual(
        [requests[0]?.state, requests[0]?.effectiveExpiresAt],
        ["expired", "2026-03-02T10:00:00.000Z"],
      );

      // A policy shortened to 1 minute after the approval applies at once.
      const short = g.open(
        policyFromDocument({
          version: 1,
          approvals: { approvers: { principals: ["alice@airlock.local", "bob@airlock.local"] }, ttl: "1m" },
        }),
      );
      g.clock.now = new Date(T0.getTime() + 2 * 60_000);
      await g.refused("GATE_EXPIRED", g.query(), short);
      g.clock.now = new Date(T0.getTime() + 30_000);
      assert.equal((await short.assertApproved(g.query())).expiresAt, "2026-03-01T10:01:00.000Z");
    });

    test("breakglass: signed, refused unless the policy allows it for the caller, limited by the TTL in force", async () => {
      const g = await gate();
      const input = {
        asset: model,
        target: TARGET,
        digest: D1,
        manifestDigest: M1,
        reason: "prod outage",
        actor: who.alice!,
        sign: sign.alice!,
      };
      await assert.rejects(g.approvals.breakglass(input), { code: "GATE_BREAKGLASS_DISABLED" });

      const document = (ttl: string) => ({
        version: 1,
        approvals: { approvers: { principals: ["bob@airlock.local"] } },
        breakglass: { allowed: true, principals: { principals: ["alice@airlock.local"] }, ttl },
      });
      const h = await gate(policyFromDocument(document("1h")));
      await assert.rejects(h.approvals.breakglass({ ...input, actor: who.bob!, sign: sign.bob! }), {
        code: "GATE_BREAKGLASS_DISABLED",
      });
      const grant = await h.approvals.breakglass(input);
      assert.equal(grant.expiresAt, "2026-03-01T11:00:00.000Z");
      assert.equal(grant.person, "alice");
      const approval = await h.approvals.assertApproved(h.query());
      assert.equal(approval.kind, "breakglass");
      assert.deepEqual(approval.approvedBy, ["alice"]);
      const records = await h.ledger.read();
      assert.deepEqual(
        records.map((r) => r.type),
        ["breakglass"],
      );
      const verified = verifyEnvelope((records[0]!.data as { envelope: DsseEnvelope }).envelope, registry);
      assert.ok(verified.ok && verified.decision.decision === "breakglass" && verified.person.id === "alice");
      // Scoped to its digest: other content has no approval of any kind.
      await h.refused("GATE_NO_APPROVAL", h.query({ digest: D2 }));
      // Under a policy whose breakglass TTL is now 10 minutes, the grant closes after 10 minutes.
      const shorter = h.open(policyFromDocument(document("10m")));
      h.clock.now = new Date("2026-03-01T10:11:00.000Z");
      await h.refused("GATE_NO_APPROVAL", h.query(), shorter);
      assert.equal((await h.approvals.assertApproved(h.query())).kind, "breakglass");
      // And it closes at its own deadline.
      h.clock.now = new Date("2026-03-01T11:00:01.000Z");
      await h.refused("GATE_NO_APPROVAL");
      // Breakglass disabled again in the policy in force: the grant no longer opens anything.
      h.clock.now = new Date("2026-03-01T10:30:00.000Z");
      await h.refused("GATE_NO_APPROVAL", h.query(), h.open(policy));
    });

    test("a post-dated request cannot stretch its window: approving it is refused, an approval signed now does not count", async () => {
      const g = await gate();
      // alice writes her own request record, signed with her real key, dated ten years ahead.
      const requestId = "f07e0000-0000-4000-8000-000000000001";
      const requestedAt = "2036-01-01T00:00:00.000Z";
      const expiresAt = "2036-03-01T00:00:00.000Z";
      const request: ApprovalRequest = {
        requestId,
        asset: model,
        target: TARGET,
        digest: D1,
        manifestDigest: M1,
        requester: factsOf(who.alice!),
        requestedAt,
        expiresAt,
        justification: "post-dated",
      };
      const envelope = await sign.alice!(decisionAbout("request", request, "alice", new Date(requestedAt)));
      await g.ledger.append(
        "approval.requested",
        { requestId },
        { ...request, envelope },
        actorOf(who.alice!),
      );
      const { requests } = await g.approvals.status({ requestId });
      assert.deepEqual(
        [requests[0]?.requestedAt, requests[0]?.effectiveExpiresAt],
        [requestedAt, "2036-01-02T00:00:00.000Z"],
      );
      await assert.rejects(g.approvals.approve(requestId, who.bob!, sign.bob!), {
        code: "GATE_REQUEST_POSTDATED",
      });
      // bob's genuine approval signed now, appended directly, does not count either.
      await g.appendApproval(
        requestId,
        who.bob!,
        await sign.bob!(decisionAbout("approve", request, "bob", g.clock.now)),
      );
      g.clock.now = new Date(T0.getTime() + 30 * 24 * HOUR);
      await g.refused("GATE_NO_APPROVAL");
      assert.deepEqual(await g.ignoredCodes(requestId), [["approval.granted", "DECISION_BEFORE_REQUEST"]]);
      // Within the clock skew an approval still counts (machines' clocks differ a little).
      const honest = await g.request({ asset: { ...model, version: "31" } });
      g.clock.now = new Date(g.clock.now.getTime() - 60_000);
      await g.appendApproval(
        honest.requestId,
        who.bob!,
        await sign.bob!(decisionAbout("approve", honest, "bob", g.clock.now)),
      );
      assert.equal(
        (await g.approvals.assertApproved(g.query({ asset: { ...model, version: "31" } }))).requestId,
        honest.requestId,
      );
    });

    test("a post-dated breakglass grant opens nothing and is named", async () => {
      const g = await gate(
        policyFromDocument({
          version: 1,
          approvals: { approvers: { principals: ["bob@airlock.local"] } },
          breakglass: { allowed: true, principals: { principals: ["alice@airlock.local"] }, ttl: "1h" },
        }),
      );
      const breakglassId = "b7ea6000-0000-4000-8000-000000000002";
      const at = "2036-01-01T00:00:00.000Z";
      const expiresAt = "2036-01-01T01:00:00.000Z";
      const envelope = await sign.alice!({
        decision: "breakglass",
        requestId: breakglassId,
        asset: { kind: "model", name: model.name, version: model.version },
        digest: D1,
        bundleDigest: M1,
        target: TARGET,
        expiresAt,
        signedAt: at,
        signer: "alice",
        reason: "post-dated",
      });
      await g.ledger.append(
        "breakglass",
        { asset: "model:taxi-fare@3", target: TARGET, breakglassId },
        {
          breakglassId,
          asset: model,
          target: TARGET,
          digest: D1,
          manifestDigest: M1,
          by: factsOf(who.alice!),
          at,
          expiresAt,
          reason: "post-dated",
          envelope,
        },
        actorOf(who.alice!),
      );
      await g.refused("GATE_NO_APPROVAL");
      assert.deepEqual(await g.ignoredCodes(), [["breakglass", "DECISION_FROM_FUTURE"]]);
    });

    test("an unsigned breakglass record appended to the ledger opens nothing and is named", async () => {
      const g = await gate(
        policyFromDocument({
          version: 1,
          approvals: { approvers: { principals: ["bob@airlock.local"] } },
          breakglass: { allowed: true, principals: { principals: ["alice@airlock.local"] }, ttl: "1h" },
        }),
      );
      const breakglassId = "b7ea6000-0000-4000-8000-000000000001";
      await g.ledger.append(
        "breakglass",
        { asset: "model:taxi-fare@3", target: TARGET, breakglassId },
        {
          breakglassId,
          asset: model,
          target: TARGET,
          digest: D1,
          manifestDigest: M1,
          by: factsOf(who.alice!),
          at: T0.toISOString(),
          expiresAt: "2026-03-01T11:00:00.000Z",
          reason: "forged",
        },
        actorOf(who.alice!),
      );
      await g.refused("GATE_NO_APPROVAL");
      assert.deepEqual(await g.ignoredCodes(), [["breakglass", "DECISION_UNSIGNED"]]);
    });
  });

  describe("signature verification at the gate scales with the decisions", () => {
    test("every one of N signed decisions verifies and counts (and the bench helper verifies N)", async () => {
      const g = await gate();
      const n = 6;
      const ids: string[] = [];
      for (let i = 0; i < n; i++) {
        const request = await g.request({ asset: { ...model, version: String(10 + i) } });
        await g.approvals.approve(request.requestId, who.bob!, sign.bob!);
        ids.push(request.requestId);
      }
      // A fresh gate verifies all 2N envelopes from the ledger.
      const fresh = new Approvals({
        ledger: new Ledger(g.ledger.container),
        policy,
        registry,
        now: () => g.clock.now,
      });
      const { requests, ignored } = await fresh.status();
      assert.deepEqual(ignored, []);
      assert.deepEqual(
        requests.map((s) => s.state),
        ids.map(() => "approved"),
      );
      for (let i = 0; i < n; i++) {
        const q = g.query({ asset: { ...model, version: String(10 + i) } });
        assert.equal((await fresh.assertApproved(q)).requestId, ids[i]);
      }

      const bench = await benchVerify(25);
      assert.equal(bench.n, 25);
      assert.ok(Number.isFinite(bench.msPerDecision) && bench.msPerDecision > 0, JSON.stringify(bench));
      assert.ok(Math.abs(bench.totalMs / bench.n - bench.msPerDecision) < 1e-9);
    });
  });
});
