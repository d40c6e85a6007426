/**
 * The evidence pack end to end on one twin: a trained taxi-fare model is registered by alice, approved by bob,
 * promoted by CI (with the validation rows it is smoke-tested on), its deployment bundle approved and deployed;
 * then the pack is exported (in process and through the CLI: the same bytes), the twin is stopped and its state
 * dir removed, and every check runs offline: the pack verifies; a changed byte anywhere fails it (exit 8), even
 * one that leaves it unparseable; so does a re-sealed edit, an edited or forged decision (even with the chain
 * and anchor rewritten to match), a self-approval, and an approver missing from the registry given.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { sha256Canonical } from "../../src/canonical-json.ts";
import { resolveInterpreter } from "../../src/emulator/inference/host.ts";
import { AirlockError, ExitCode } from "../../src/errors.ts";
import {
  type EvidencePack,
  loadPackRegistry,
  parsePack,
  readPackFile,
  registryFileText,
  serializePack,
  verifyPack,
} from "../../src/governance/evidence-pack/index.ts";
import type { LedgerRecord } from "../../src/governance/records.ts";
import {
  type ApproversRegistry,
  type Decision,
  type DsseEnvelope,
  parseApproversRegistry,
  twinSigningKey,
} from "../../src/governance/signing/index.ts";
import { deploy } from "../../src/promotion/deploy.ts";
import { exportEvidence } from "../../src/promotion/evidence-export.ts";
import { approveRequest, requestDeployment } from "../../src/promotion/gate.ts";
import { promote } from "../../src/promotion/promote.ts";
import { registerAssetFile } from "../../src/promotion/register.ts";
import { approversRegistry } from "../../src/promotion/trust.ts";
import { REPO_ROOT } from "../helpers/cli.ts";
import {
  airlock,
  PINNED_BASE_IMAGE,
  requestAndApprove,
  startWorld,
  type World,
} from "../promotion/fixture.ts";
import { inProcessSigner } from "./signing/fixture.ts";

const EXAMPLE = path.join(REPO_ROOT, "examples", "taxi-fare");
const MODEL = { kind: "model", name: "taxi-fare-model", version: "1" } as const;
const DATA = { kind: "data", name: "taxi-validation", version: "1" } as const;
const ENDPOINT = "evidence-ep";

let world: World;
let twinStopped = false;
let dir: string;
/** The exported pack's bytes and data. */
let bytes: Buffer;
let pack: EvidencePack;
let packFile: string;
/** The twin's people (alice, bob, mallory) as a registry file an auditor would be handed. */
let registryFile: string;
let registry: ApproversRegistry;
/** Exported by `airlock evidence export` while the twin ran. */
let cliBytes: Buffer;
/** Decisions signed while the keys existed, for the forgery tests. */
let forged: { byMallory: DsseEnvelope; impostor: DsseEnvelope; byAlice: DsseEnvelope };

async function stopTwin(): Promise<void> {
  if (twinStopped) return;
  twinStopped = true;
  await world.twin.close();
}

describe("governance/evidence-pack", () => {
  before(async () => {
    world = await startWorld();
    dir = await mkdtemp(path.join(tmpdir(), "airlock-evidence-"));
    // The example model, trained into a temp dir; its YAML (and model card, when the example has one) beside it.
    // The interpreter resolved once per process (the inference host's lookup, which deploy shares), not the shim.
    await promisify(execFile)(await resolveInterpreter("python3"), [
      path.join(EXAMPLE, "src", "train.py"),
      "--model-dir",
      path.join(dir, "model"),
      "--metrics-dir",
      dir,
    ]);
    await copyFile(path.join(EXAMPLE, "model.yml"), path.join(dir, "model.yml"));
    await copyFile(path.join(EXAMPLE, "model-card.yml"), path.join(dir, "model-card.yml")).catch(
      () => undefined,
    );
    // As the demo registers it: the training run that made it and its held-out metrics (lineage ends there).
    const metrics = JSON.parse(await readFile(path.join(dir, "metrics.json"), "utf8")) as {
      holdout: Record<string, number>;
    };
    await registerAssetFile(world.alice, path.join(dir, "model.yml"), {
      env: "dev",
      root: dir,
      properties: {
        "airlock.job_name": "local-train-taxi-fare",
        ...Object.fromEntries(
          Object.entries(metrics.holdout).map(([k, v]) => [`metrics.holdout_${k}`, String(v)]),
        ),
      },
    });
    await registerAssetFile(world.alice, path.join(EXAMPLE, "data", "validation.yml"), {
      env: "dev",
      root: EXAMPLE,
    });
    for (const asset of [MODEL, DATA]) {
      await requestAndApprove(world, asset);
      await promote(world.ci, asset, world.policy);
    }
    // Prod runs it in an environment on a base pinned by digest, as the policy's environment rule requires.
    await world.ci
      .workspace("prod")
      .versions("environments", "taxi-env")
      .createOrUpdate("1", { properties: { image: PINNED_BASE_IMAGE } } as never);
    const bundle = {
      model: `${MODEL.name}@${MODEL.version}`,
      endpoint: ENDPOINT,
      code: path.join(EXAMPLE, "src"),
      scoringScript: "score.py",
      environment: "taxi-env@1",
    };
    const request = await requestDeployment(world.alice, world.policy, {
      ...bundle,
      justification: "evidence",
    });
    await approveRequest(world.bob, request.requestId, world.policy, { comment: "bundle reviewed" });
    await deploy(world.ci, {
      ...bundle,
      policy: world.policy,
      smokeData: "taxi-validation@1",
      traffic: "all",
    });

    const exported = await exportEvidence(world.ci, MODEL);
    bytes = exported.bytes;
    pack = exported.pack;
    packFile = path.join(dir, "pack.html");
    await writeFile(packFile, bytes);
    const cliFile = path.join(dir, "cli-pack.html");
    const cli = await airlock(
      ["evidence", "export", "model", `${MODEL.name}@${MODEL.version}`, "--out", cliFile],
      world.cliEnv(),
    );
    assert.equal(cli.code, 0, cli.stderr);
    cliBytes = await readFile(cliFile);

    registryFile = path.join(dir, "approvers.yml");
    await writeFile(registryFile, registryFileText(await approversRegistry(world.alice)));
    registry = await loadPackRegistry(registryFile);
    // What an attacker with mallory's key, or the requester herself, could sign for bob's approval.
    const grant = grantRecord(pack);
    const signed = JSON.parse(Buffer.from(grant.data.envelope!.payload, "base64").toString("utf8")) as {
      predicate: Decision;
    };
    // Signed in process with the twin's key files: the bytes ssh-keygen -Y sign writes (approvals.test.ts).
    const asMallory = await inProcessSigner(twinSigningKey(world.stateDir, "mallory"));
    const asAlice = await inProcessSigner(twinSigningKey(world.stateDir, "alice"));
    forged = {
      byMallory: await asMallory({ ...signed.predicate, signer: "mallory" }),
      impostor: await asMallory(signed.predicate),
      byAlice: await asAlice({ ...signed.predicate, signer: "alice" }),
    };
    // Everything below runs offline: no twin, no state dir.
    await stopTwin();
  });

  after(async () => {
    if (world) await stopTwin();
    if (dir) await rm(dir, { recursive: true, force: true });
    await world?.close().catch(() => undefined);
  });

  /** The approval of the promotion request (bob's), as recorded. */
  function grantRecord(of: EvidencePack): LedgerRecord<"approval.granted"> {
    const approvalId = of.prodVersion.properties["airlock.approval_id"];
    const record = of.ledger.records.find(
      (r) => r.type === "approval.granted" && (r.data as { requestId?: string }).requestId === approvalId,
    );
    assert.ok(record, "the pack holds bob's approval of the promotion");
    return record as LedgerRecord<"approval.granted">;
  }

  /** A deep copy of the pack with `edit` applied. */
  function edited(edit: (copy: EvidencePack) => void): EvidencePack {
    const copy = JSON.parse(JSON.stringify(pack)) as EvidencePack;
    edit(copy);
    return copy;
  }

  /** Recomputes every hash from `seq` on (an attacker rewriting the chain), and the head to match. */
  function rechain(copy: EvidencePack, seq: number): void {
    const records = copy.ledger.records;
    for (let i = 0; i < records.length; i++) {
      const record = records[i]!;
      if (record.seq < seq) continue;
      if (i > 0) record.prevHash = records[i - 1]!.hash;
      const { hash: _old, ...unhashed } = record;
      record.hash = sha256Canonical(unhashed);
    }
    const last = records[records.length - 1]!;
    copy.ledger.head = { seq: last.seq, hash: last.hash };
  }

  async function failure(candidate: Buffer, trust = registry): Promise<AirlockError> {
    try {
      await verifyPack(candidate, trust);
    } catch (error) {
      assert.ok(error instanceof AirlockError, String(error));
      assert.equal(error.exitCode, ExitCode.verificationFailed, `${error.code}: ${error.message}`);
      return error;
    }
    assert.fail("the pack verified");
  }

  describe("evidence pack", () => {
    test("the twin is stopped: export, then verify offline, gives a pack that verifies", async () => {
      assert.equal(twinStopped, true);
      const result = await verifyPack(bytes, registry);
      assert.equal(result.subject.key, "model:taxi-fare-model@1");
      assert.equal(result.anchor.seq, pack.anchor.seq);
      const promotion = result.gates.find((g) => g.purpose === "promotion");
      assert.deepEqual(
        { requestedBy: promotion?.requestedBy, approvedBy: promotion?.approvedBy },
        { requestedBy: "alice", approvedBy: ["bob"] },
      );
      assert.ok(result.gates.some((g) => g.purpose === "deployment" && g.approvedBy.includes("bob")));
      assert.deepEqual(result.warnings, []);
      // Rule results recorded about the model name the evidence rules of the policy the pack carries.
      assert.deepEqual(result.policyRecorded, pack.summary.evidence["evidence.evaluated"] ?? []);
    });

    test("the pack holds the decisions, the rollout, lineage to the training run, the policy and the anchored slice", () => {
      const { summary, ledger, anchor } = pack;
      const types = summary.decisions.map((d) => `${d.purpose} ${d.type}`);
      for (const expected of [
        "promotion approval.requested",
        "promotion approval.granted",
        "deployment approval.requested",
        "deployment approval.granted",
      ])
        assert.ok(types.includes(expected), `${expected} in ${types.join(", ")}`);
      assert.ok(summary.decisions.every((d) => d.signed));
      assert.equal(summary.rollouts.length, 1);
      assert.equal(summary.rollouts[0]?.endpoint, ENDPOINT);
      assert.equal(summary.rollouts[0]?.provisioningState, "Succeeded");
      assert.deepEqual(Object.values(summary.rollouts[0]?.finalTraffic ?? {}), [100]);
      assert.ok(
        summary.promotion &&
          summary.promotion.approvalId === pack.prodVersion.properties["airlock.approval_id"],
      );
      // The slice runs from the first record about the model to the head, with the anchor inside it.
      assert.equal(ledger.records[0]?.seq, ledger.from);
      assert.equal(ledger.from, summary.relevant[0]);
      assert.ok(anchor.seq >= ledger.from && anchor.seq <= ledger.head.seq);
      // The data asset's own promotion sits between the model's records: in the slice, not about the model.
      assert.ok(ledger.records.some((r) => r.subject.asset === "data:taxi-validation@1"));
      assert.ok(
        !summary.relevant.some(
          (seq) => ledger.records[seq - ledger.from]?.subject.asset === "data:taxi-validation@1",
        ),
      );
      const chains = (
        pack.lineage as { chains: Array<{ complete: boolean; links: Array<{ stage: string }> }> }
      ).chains;
      assert.equal(chains[0]?.complete, true, JSON.stringify(chains[0]));
      assert.equal(chains[0]?.links.at(-1)?.stage, "run");
      assert.match(pack.policy.text, /approvers:/);
      // Records of other types about the model (rule results, scans, model cards) are listed by type.
      const core =
        /^(approval\.|promotion\.|deployment\.created|traffic\.changed|rollback|endpoint\.created|breakglass)/;
      for (const seq of summary.relevant) {
        const record = ledger.records[seq - ledger.from]!;
        if (!core.test(record.type))
          assert.ok(summary.evidence[record.type]?.includes(seq), `${record.type} #${seq}`);
      }
      const html = bytes.toString("utf8");
      assert.match(html, /^<!doctype html>/);
      assert.ok(html.includes("Evidence pack: model taxi-fare-model@1"));
      // The model card the rules read beside the model (the example has one) is rendered in the view.
      if (summary.evidence["evidence.evaluated"]) assert.ok(html.includes("<h3>Model card</h3>"));
    });

    test("the same inputs give the same bytes: in process twice, and through the CLI", () => {
      assert.ok(cliBytes.equals(bytes), "airlock evidence export wrote other bytes than the library");
      assert.ok(serializePack(parsePack(bytes).pack).bytes.equals(bytes));
    });

    test("flipping any one byte fails verification with 8, including bytes that break parsing", async () => {
      const sealLine = bytes.lastIndexOf("\n<!--") + 1;
      const dataStart = bytes.indexOf('<script type="application/json"');
      const positions = new Set<number>();
      // A strided sample across the whole file, and every byte of the regions that frame the data: the head of
      // the page, the data element's opening and closing, and the seal line.
      for (let at = 0; at < bytes.length; at += 61) positions.add(at);
      for (const [start, length] of [
        [0, 300],
        [dataStart - 50, 150],
        [bytes.indexOf("</script>", dataStart) - 50, 120],
        [sealLine - 20, bytes.length - sealLine + 20],
      ] as const)
        for (let at = Math.max(0, start); at < Math.min(bytes.length, start + length); at++)
          positions.add(at);
      assert.ok(positions.size > 1000);
      const codes = new Set<string>();
      // One copy, each byte flipped and flipped back after its check (a copy per position was most of the cost).
      const copy = Buffer.from(bytes);
      for (const at of positions) {
        copy[at] = copy[at]! ^ 0x01;
        codes.add((await failure(copy)).code);
        copy[at] = copy[at]! ^ 0x01;
      }
      assert.ok(copy.equals(bytes));
      assert.deepEqual([...codes].sort(), ["EVIDENCE_PACK_SEAL_MISMATCH", "EVIDENCE_PACK_UNREADABLE"]);
      // Cut short, emptied, or not a pack at all: 8 too, never "invalid input".
      for (const broken of [bytes.subarray(0, bytes.length >> 1), Buffer.alloc(0), Buffer.from("{}\n")])
        assert.equal((await failure(broken)).code, "EVIDENCE_PACK_UNREADABLE");
    });

    test("behind the seal: a changed byte with the seal recomputed still fails", async () => {
      const sealLine = bytes.lastIndexOf("\n<!--") + 1;
      const body = bytes.subarray(0, sealLine);
      const reseal = (changed: Buffer) => {
        const seal = `sha256:${createHash("sha256").update(changed).digest("hex")}`;
        return Buffer.concat([changed, Buffer.from(`<!-- airlock-evidence-pack-seal ${seal} -->\n`)]);
      };
      const codes = new Set<string>();
      for (let at = 7; at < body.length; at += 997) {
        const copy = Buffer.from(body);
        copy[at] = copy[at]! ^ 0x01;
        codes.add((await failure(reseal(copy))).code);
      }
      assert.ok(codes.has("EVIDENCE_PACK_VIEW_MISMATCH"), [...codes].join(", "));
      // The view edited to say something else about a decision: the page is not what the data renders.
      const html = bytes.toString("utf8").replace("(approve)", "(reject)");
      assert.notEqual(html, bytes.toString("utf8"));
      assert.equal(
        (await failure(reseal(Buffer.from(html.slice(0, html.lastIndexOf("\n<!--") + 1))))).code,
        "EVIDENCE_PACK_VIEW_MISMATCH",
      );
    });

    test("an edited decision breaks the chain; a forged one fails even with the chain and anchor rewritten", async () => {
      const grant = grantRecord(pack);
      // bob's approval, its digest swapped for another (re-rendered and re-sealed: only the chain catches it).
      const swapped = edited((copy) => {
        const record = copy.ledger.records.find((r) => r.seq === grant.seq)!;
        (record.data as { digest: string }).digest = `sha256:${"ab".repeat(32)}`;
      });
      const chain = await failure(serializePack(swapped).bytes);
      assert.equal(chain.code, "EVIDENCE_CHAIN_BROKEN");
      assert.match(chain.message, new RegExp(`record #${grant.seq}'s content does not match its hash`));

      // The whole ledger rewritten from the approval on, with the anchor on the "prod version" to match: the
      // chain holds, so only the signatures can tell. mallory (registered: she may sign requests) approving:
      const rewrite = (envelope: DsseEnvelope) =>
        edited((copy) => {
          const record = copy.ledger.records.find((r) => r.seq === grant.seq)!;
          (record.data as { envelope: DsseEnvelope }).envelope = envelope;
          rechain(copy, grant.seq);
          const anchored = copy.ledger.records.find((r) => r.seq === copy.anchor.seq)!;
          copy.anchor = { seq: anchored.seq, hash: anchored.hash };
          copy.prodVersion.properties["airlock.ledger_anchor"] = `${anchored.seq}:${anchored.hash}`;
        });
      const byMallory = await failure(serializePack(rewrite(forged.byMallory)).bytes);
      assert.equal(byMallory.code, "EVIDENCE_APPROVAL_UNVERIFIED");
      assert.match(byMallory.message, /mallory is not an approver under governance\/policy.yml/);
      // mallory's key under bob's name:
      const impostor = await failure(serializePack(rewrite(forged.impostor)).bytes);
      assert.equal(impostor.code, "EVIDENCE_APPROVAL_UNVERIFIED");
      assert.match(impostor.message, /SIGNER_MISMATCH/);
      // The requester approving her own request: her signature verifies, but there is no second person.
      const byAlice = await failure(serializePack(rewrite(forged.byAlice)).bytes);
      assert.equal(byAlice.code, "EVIDENCE_APPROVAL_UNVERIFIED");
      assert.match(byAlice.message, /signed by the requester alice \(no second person\)/);
      // The same rewrite without touching the anchor: the anchor no longer holds.
      const unanchored = edited((copy) => {
        const record = copy.ledger.records.find((r) => r.seq === grant.seq)!;
        (record.data as { envelope: DsseEnvelope }).envelope = forged.byMallory;
        rechain(copy, grant.seq);
      });
      assert.equal((await failure(serializePack(unanchored).bytes)).code, "EVIDENCE_ANCHOR_MISMATCH");
      // A pack claiming the approvals were for other bytes: the subject's and the prod version's digest edited
      // together. The signed decisions bind the real digest.
      const other = `sha256:${"cd".repeat(32)}`;
      const claimed = edited((copy) => {
        copy.subject.digest = other;
        copy.prodVersion.properties["airlock.digest"] = other;
      });
      const bytesClaimed = await failure(serializePack(claimed).bytes);
      assert.equal(bytesClaimed.code, "EVIDENCE_APPROVAL_UNVERIFIED");
      assert.match(
        bytesClaimed.message,
        new RegExp(`the request is for digest ${pack.subject.digest}, not ${other}`),
      );
    });

    test("an approver who is not in the registry given fails the pack", async () => {
      const withoutBob = parseApproversRegistry(
        (await readFile(registryFile, "utf8")).replace(/\n {2}- id: bob\n[\s\S]*?(?=\n {2}- id: |$)/, ""),
        "without-bob.yml",
        "sha256:test",
      );
      assert.deepEqual(
        withoutBob.people.map((p) => p.id),
        ["alice", "mallory"],
      );
      const error = await failure(bytes, withoutBob);
      assert.equal(error.code, "EVIDENCE_APPROVAL_UNVERIFIED");
      assert.match(error.message, /KEY_NOT_IN_REGISTRY/);
      // The committed registry names none of the twin's people.
      assert.equal((await failure(bytes, await loadPackRegistry())).code, "EVIDENCE_APPROVAL_UNVERIFIED");
    });

    test("a forged pack that carries a policy naming its own approver: verify judges under the auditor's policy", async () => {
      // The chain rewritten with mallory's signed approval (as above), and the carried policy edited to list her.
      const grant = grantRecord(pack);
      const permissive = edited((copy) => {
        const record = copy.ledger.records.find((r) => r.seq === grant.seq)!;
        (record.data as { envelope: DsseEnvelope }).envelope = forged.byMallory;
        rechain(copy, grant.seq);
        const anchored = copy.ledger.records.find((r) => r.seq === copy.anchor.seq)!;
        copy.anchor = { seq: anchored.seq, hash: anchored.hash };
        copy.prodVersion.properties["airlock.ledger_anchor"] = `${anchored.seq}:${anchored.hash}`;
        const listed = copy.policy.text.replace(
          /^(\s*)- bob@airlock\.local$/m,
          "$1- bob@airlock.local\n$1- mallory@airlock.local",
        );
        assert.notEqual(listed, copy.policy.text, "the carried policy now lists mallory");
        copy.policy.text = listed;
        copy.policy.sha256 = `sha256:${createHash("sha256").update(listed, "utf8").digest("hex")}`;
      });
      const forgedFile = path.join(dir, "permissive-policy.html");
      await writeFile(forgedFile, serializePack(permissive).bytes);
      const env = { AIRLOCK_STATE_DIR: path.join(dir, "no-twin-here") };
      const run = await airlock(
        ["evidence", "verify", forgedFile, "--approvers", registryFile, "--json"],
        env,
      );
      assert.equal(run.code, ExitCode.verificationFailed, run.stdout);
      const { error } = JSON.parse(run.stdout) as { error: { code: string; message: string } };
      assert.equal(error.code, "EVIDENCE_APPROVAL_UNVERIFIED");
      assert.match(error.message, /mallory is not an approver under .*governance\/policy.yml/);
    });

    test("airlock evidence verify: 0 for the pack, 8 for a changed byte (twin stopped); no file is 4", async () => {
      const env = { AIRLOCK_STATE_DIR: path.join(dir, "no-twin-here") };
      const ok = await airlock(["evidence", "verify", packFile, "--approvers", registryFile], env);
      assert.equal(ok.code, 0, ok.stderr);
      assert.match(ok.stdout, /evidence pack OK: model taxi-fare-model@1/);
      const tampered = path.join(dir, "tampered.html");
      const copy = Buffer.from(bytes);
      copy[copy.length >> 1] = copy[copy.length >> 1]! ^ 0x01;
      await writeFile(tampered, copy);
      const bad = await airlock(["evidence", "verify", tampered, "--approvers", registryFile, "--json"], env);
      assert.equal(bad.code, 8, bad.stderr);
      assert.equal(JSON.parse(bad.stdout).error.code, "EVIDENCE_PACK_SEAL_MISMATCH");
      // No such file: not found (4), not a failed verification.
      await assert.rejects(readPackFile(path.join(dir, "missing.html")), (error: AirlockError) => {
        assert.equal(error.exitCode, ExitCode.notFound);
        return true;
      });
    });
  });
});
