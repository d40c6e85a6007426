/**
 * Bypass attempts against the approval gate, through `promote` and the CLI: no approval, self-approval,
 * content changed after approval (bytes in the dev registry's storage, an environment's or a component's
 * YAML), an expired approval, an approval replayed for another version, a rejected request, and approvers the
 * policy does not name. Each is refused with its code and leaves prod unchanged.
 */
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { BlockBlobClient, StorageSharedKeyCredential } from "@azure/storage-blob";
import { getOrUndefined } from "../../src/arm/errors.ts";
import { AirlockError, ExitCode } from "../../src/errors.ts";
import { Approvals } from "../../src/governance/approvals.ts";
import { parsePolicy } from "../../src/governance/policy.ts";
import { recordsOf } from "../../src/governance/records.ts";
import { twinSigningKey } from "../../src/governance/signing/index.ts";
import { approveRequest, requestPromotion } from "../../src/promotion/gate.ts";
import { type AssetSpec, promote } from "../../src/promotion/promote.ts";
import { approversRegistry, signerFor } from "../../src/promotion/trust.ts";
import {
  airlock,
  approvedModel,
  ledgerRecords,
  prepareComponent,
  prepareCondaEnvironment,
  prepareModel,
  prodRegistryVersion,
  register,
  requestAndApprove,
  requestFiledAgo,
  startWorld,
  storageAccountKeys,
  type World,
} from "./fixture.ts";

let world: World;
describe("promotion/gate", () => {
  before(async () => {
    world = await startWorld();
  });
  after(async () => {
    await world?.close();
  });

  const spec = (asset: AssetSpec) => `${asset.name}@${asset.version}`;

  /** Refused by the gate (or a digest check) with `code`; the prod registry has no such version. */
  async function assertRefused(asset: AssetSpec, code: string | RegExp, pattern?: RegExp): Promise<void> {
    await assert.rejects(promote(world.ci, asset, world.policy), (error: unknown) => {
      assert.ok(error instanceof AirlockError, String(error));
      if (typeof code === "string") assert.equal(error.code, code, error.message);
      else assert.match(error.code, code, error.message);
      if (pattern) assert.match(error.message, pattern);
      return true;
    });
    if (asset.kind === "model")
      assert.equal(await prodRegistryVersion(world, "models", asset.name, asset.version), undefined);
  }

  async function approvalsGranted(requestId: string): Promise<number> {
    return recordsOf(await ledgerRecords(world), "approval.granted").filter(
      (r) => r.subject.requestId === requestId,
    ).length;
  }

  describe("the approval gate refuses", () => {
    test("promotion without any approval (in-process and CLI: exit 7)", async () => {
      const file = await prepareModel(world, "1", "no-approval", "gate-none");
      await register(world, file);
      const asset: AssetSpec = { kind: "model", name: "gate-none", version: "1" };
      await assertRefused(asset, "GATE_NO_APPROVAL", /airlock request/);
      const cli = await airlock(["promote", "model", spec(asset), "--to", "prod"], world.cliEnv());
      assert.equal(cli.code, ExitCode.gateClosed, cli.stderr);
      assert.match(cli.stderr, /GATE_NO_APPROVAL/);
      // A request alone is not an approval.
      await requestPromotion(world.alice, asset, world.policy, { justification: "pending only" });
      await assertRefused(asset, "GATE_NO_APPROVAL", /pending/);
    });

    test("self-approval: `airlock approve` as the requester (exit 7), nothing recorded", async () => {
      const file = await prepareModel(world, "1", "self", "gate-self");
      await register(world, file);
      const asset: AssetSpec = { kind: "model", name: "gate-self", version: "1" };
      const request = await requestPromotion(world.alice, asset, world.policy, { justification: "mine" });
      const cli = await airlock(["approve", request.requestId], world.cliEnv("alice"));
      assert.equal(cli.code, ExitCode.gateClosed, cli.stderr);
      assert.match(cli.stderr, /GATE_SELF_APPROVAL/);
      assert.match(cli.stderr, /separation of duties/);
      assert.equal(await approvalsGranted(request.requestId), 0);
      await assertRefused(asset, "GATE_NO_APPROVAL");
    });

    test("bytes changed in the dev registry's storage after approval → refused, nothing created", async () => {
      const keys = await storageAccountKeys(world.stateDir);
      type How = "drop-metadata" | "forge-metadata" | "forge-metadata-same-size";
      const tamper = async (version: string, how: How) => {
        const { asset } = await approvedModel(world, version, `tamper-${version}`, "gate-tamper");
        await world.alice.workspace("dev").versions("models", asset.name).publish(asset.version, {
          destinationName: asset.name,
          destinationVersion: asset.version,
          registryName: "amlregdevcc01",
        });
        const shared = await world.ci.registry("dev").versions("models", asset.name).get(asset.version);
        const folder = new URL((shared.properties as { modelUri: string }).modelUri);
        const [account, container, ...rest] = folder.pathname.split("/").filter(Boolean);
        assert.equal(account, "amlregdevcc01st", "the dev registry's storage account");
        const blob = new BlockBlobClient(
          `${folder.origin}/${account}/${container}/${[...rest, "weights.txt"].join("/")}`,
          new StorageSharedKeyCredential(account!, keys[account!]!),
        );
        const original = await blob.getProperties();
        const before = (await blob.downloadToBuffer()).toString();
        const evil = Buffer.from(
          how === "forge-metadata-same-size"
            ? before.replace(`tamper-${version}`, "EVIL!!".padEnd(`tamper-${version}`.length, "!"))
            : "weights: swapped after approval, a different size\n",
        );
        if (how === "forge-metadata-same-size") assert.equal(evil.length, Buffer.byteLength(before));
        // A careful attacker keeps the recorded hash so that a listing still looks right.
        await blob.upload(evil, evil.length, { metadata: how === "drop-metadata" ? {} : original.metadata });
        return asset;
      };
      await assertRefused(
        await tamper("1", "drop-metadata"),
        /^(BLOB_HASH_MISSING|DEV_REGISTRY_DIGEST_MISMATCH)$/,
      );
      const resized = await tamper("2", "forge-metadata");
      await assertRefused(resized, "DEV_REGISTRY_DIGEST_MISMATCH", /digest/);
      const cli = await airlock(["promote", "model", spec(resized), "--to", "prod"], world.cliEnv());
      assert.equal(cli.code, ExitCode.verificationFailed, cli.stderr);
      assert.match(cli.stderr, /DEV_REGISTRY_DIGEST_MISMATCH/);
      // Same size, forged metadata: only hashing the bytes tells.
      await assertRefused(
        await tamper("3", "forge-metadata-same-size"),
        "BLOB_CONTENT_MISMATCH",
        /weights\.txt/,
      );
    });

    test("an environment's or a component's YAML edited after approval → refused", async () => {
      const envFile = await prepareCondaEnvironment(world, "gate-env", "1", "e");
      await register(world, envFile);
      const env: AssetSpec = { kind: "environment", name: "gate-env", version: "1" };
      await requestAndApprove(world, env);
      const conda = path.join(path.dirname(envFile), "conda.yml");
      await writeFile(conda, `${await readFile(conda, "utf8")}  - requests\n`);
      await assertRefused(env, "SOURCE_DRIFTED", /gate-env/);
      const cli = await airlock(["promote", "environment", spec(env), "--to", "prod"], world.cliEnv());
      assert.equal(cli.code, ExitCode.verificationFailed, cli.stderr);
      assert.match(cli.stderr, /SOURCE_DRIFTED/);
      assert.equal(
        await getOrUndefined(() => world.ci.workspace("prod").versions("environments", "gate-env").get("1")),
        undefined,
      );

      const componentFile = await prepareComponent(world, "gate-comp", "1", "azureml:gate-env:1", "c");
      await register(world, componentFile);
      const component: AssetSpec = { kind: "component", name: "gate-comp", version: "1" };
      await requestAndApprove(world, component);
      await writeFile(componentFile, (await readFile(componentFile, "utf8")).replace("run.py", "evil.py"));
      await assertRefused(component, "SOURCE_DRIFTED");
      assert.equal(
        await getOrUndefined(() => world.ci.workspace("prod").versions("components", "gate-comp").get("1")),
        undefined,
      );
    });

    test("an expired approval → GATE_EXPIRED", async () => {
      const file = await prepareModel(world, "1", "expired", "gate-expired");
      await register(world, file);
      const asset: AssetSpec = { kind: "model", name: "gate-expired", version: "1" };
      const policy = parsePolicy(
        "version: 1\napprovals:\n  approvers:\n    principals: [alice@airlock.local, bob@airlock.local]\n  ttl: 1m\n",
      );
      // File and approve the request as if it were two and one and a half minutes ago (instead of waiting).
      const clock = (ago: number) => () => new Date(Date.now() - ago);
      const ledger = await world.ci.ledger();
      const registry = await approversRegistry(world.alice);
      const request = await requestFiledAgo(world, asset, 120_000, policy);
      const { recorded } = await new Approvals({ ledger, policy, registry, now: clock(90_000) }).approve(
        request.requestId,
        await world.bob.identity("prod"),
        await signerFor(world.bob, "prod"),
      );
      assert.equal(recorded, true, "approved while it was still valid");
      await assert.rejects(promote(world.ci, asset, policy), { code: "GATE_EXPIRED" });
      await assertRefused(asset, "GATE_EXPIRED", /expired/);
      const cli = await airlock(["promote", "model", spec(asset)], world.cliEnv());
      assert.equal(cli.code, ExitCode.gateClosed, cli.stderr);
      assert.match(cli.stderr, /GATE_EXPIRED/);
    });

    test("an approval replayed for another version → refused", async () => {
      await approvedModel(world, "1", "replay-v1", "gate-replay");
      // A different version, with different content …
      await register(world, await prepareModel(world, "2", "replay-v2", "gate-replay"));
      await assertRefused(
        { kind: "model", name: "gate-replay", version: "2" },
        "GATE_SCOPE_MISMATCH",
        /cannot be reused/,
      );
      // … and a different version with the very same bytes (same digest).
      await register(world, await prepareModel(world, "3", "replay-v1", "gate-replay"));
      await assertRefused({ kind: "model", name: "gate-replay", version: "3" }, "GATE_SCOPE_MISMATCH");
      const cli = await airlock(["promote", "model", "gate-replay@2"], world.cliEnv());
      assert.equal(cli.code, ExitCode.gateClosed, cli.stderr);
      assert.match(cli.stderr, /GATE_SCOPE_MISMATCH/);
    });

    test("a rejected request → GATE_REJECTED", async () => {
      await register(world, await prepareModel(world, "1", "rejected", "gate-rejected"));
      const asset: AssetSpec = { kind: "model", name: "gate-rejected", version: "1" };
      const request = await requestPromotion(world.alice, asset, world.policy, { justification: "try" });
      const reject = await airlock(
        ["reject", request.requestId, "--reason", "bias report missing"],
        world.cliEnv("bob"),
      );
      assert.equal(reject.code, 0, reject.stderr);
      await assertRefused(asset, "GATE_REJECTED", /bias report missing/);
      const approve = await airlock(["approve", request.requestId], world.cliEnv("bob"));
      assert.equal(approve.code, ExitCode.gateClosed, "a rejected request cannot be approved later");
      assert.match(approve.stderr, /GATE_REJECTED/);
      assert.equal(await approvalsGranted(request.requestId), 0);
    });

    test("approvers the policy does not name are refused", async () => {
      await register(world, await prepareModel(world, "1", "outsider", "gate-outsider"));
      const asset: AssetSpec = { kind: "model", name: "gate-outsider", version: "1" };
      const request = await requestPromotion(world.alice, asset, world.policy, { justification: "who?" });
      // mallory: a valid user with no role and not in the policy.
      const mallory = await airlock(["approve", request.requestId], world.cliEnv("mallory"));
      assert.notEqual(mallory.code, 0);
      assert.ok(
        mallory.code === ExitCode.forbidden || mallory.code === ExitCode.gateClosed,
        `exit ${mallory.code}: ${mallory.stderr}`,
      );
      assert.match(mallory.stderr, /ARM_FORBIDDEN|GATE_APPROVER_NOT_ALLOWED/);
      // A service principal with ledger access but no entry in the approvers registry (nor in the policy), with
      // no key of its own or holding a registered person's key: decisions are people's, so it cannot approve.
      const sp = await world.connectAs("sp-aml-promotion-prod");
      await assert.rejects(approveRequest(sp, request.requestId, world.policy), {
        code: "GATE_NOT_REGISTERED",
      });
      await assert.rejects(
        approveRequest(sp, request.requestId, world.policy, {
          signingKey: twinSigningKey(world.stateDir, "bob"),
        }),
        { code: "GATE_NOT_REGISTERED" },
      );
      // bob under a policy that names only alice.
      const aliceOnly = parsePolicy(
        "version: 1\napprovals:\n  approvers:\n    principals: [alice@airlock.local]\n",
      );
      await assert.rejects(approveRequest(world.bob, request.requestId, aliceOnly), (error: unknown) => {
        assert.ok(error instanceof AirlockError);
        assert.equal(error.code, "GATE_APPROVER_NOT_ALLOWED");
        assert.match(error.message, /\bbob is not an approver/);
        return true;
      });
      assert.equal(await approvalsGranted(request.requestId), 0);
      await assertRefused(asset, "GATE_NO_APPROVAL");
    });
  });
});
