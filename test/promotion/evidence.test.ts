/**
 * Evidence rules on the twin when a request is filed and at promote: the taxi-fare model trained by train.py
 * (its model card and metrics in the digested folder) passes every rule, and each rule refuses its failing
 * case with its stable code — metric threshold, card missing or incomplete, a pickle whose __reduce__ calls
 * os.system (made by python3, never loaded), a license outside the allowlist. A refused request files nothing;
 * every evaluation is an `evidence.evaluated` ledger record bound to the digest, its inputs saying why.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { parse as parseYaml } from "yaml";
import { AirlockError, ExitCode } from "../../src/errors.ts";
import { type GovernancePolicy, policyFromDocument } from "../../src/governance/policy.ts";
import { isRecordOf, recordsOf } from "../../src/governance/records.ts";
import { environmentEvidence } from "../../src/promotion/evidence-gate.ts";
import { approveRequest, requestPromotion } from "../../src/promotion/gate.ts";
import { type AssetSpec, promote, shareToDevRegistry } from "../../src/promotion/promote.ts";
import { REPO_ROOT } from "../helpers/cli.ts";
import { airlock, ledgerRecords, python3, register, startWorld, type World } from "./fixture.ts";

const TRAIN = path.join(REPO_ROOT, "examples", "taxi-fare", "src", "train.py");
const SCHEMA = "https://azuremlschemas.azureedge.net/latest/model.schema.json";

/** The repository's evidence rules, enforced (the repository itself audits). */
async function enforcedPolicy(edit: (evidence: Record<string, unknown>) => void = () => undefined) {
  const document = parseYaml(await readFile(path.join(REPO_ROOT, "governance", "policy.yml"), "utf8")) as {
    evidence: Record<string, unknown>;
  };
  document.evidence.enforcement = "enforce";
  edit(document.evidence);
  return { policy: policyFromDocument(document, "test policy"), document };
}

describe("evidence rules at request and promote (twin)", () => {
  let world: World;
  let policy: GovernancePolicy;
  let trained: string;
  let worse: string;

  before(async () => {
    world = await startWorld();
    policy = (await enforcedPolicy()).policy;
    trained = path.join(world.dir, "trained");
    worse = path.join(world.dir, "worse");
    execFileSync(python3(), [TRAIN, "--model-dir", trained, "--metrics-dir", world.dir]);
    execFileSync(python3(), [TRAIN, "--model-dir", worse, "--metrics-dir", world.dir, "--ridge", "3000"]);
  });
  after(() => world?.close());

  /** A model version registered in dev by alice from a copy of `from`, changed by `edit`, with `tags`. */
  async function model(
    name: string,
    from: string,
    edit: (folder: string) => Promise<void> = async () => undefined,
    tags: Record<string, string> = { license: "Apache-2.0" },
  ): Promise<AssetSpec> {
    const root = path.join(world.dir, name);
    await cp(from, path.join(root, "model"), { recursive: true });
    await edit(path.join(root, "model"));
    const tagLines = Object.entries(tags).map(([k, v]) => `  ${k}: "${v}"`);
    await writeFile(
      path.join(root, "model.yml"),
      [
        `$schema: ${SCHEMA}`,
        `name: ${name}`,
        `version: "1"`,
        "type: custom_model",
        "path: model",
        "tags:",
        ...(tagLines.length ? tagLines : ["  none: none"]),
      ].join("\n"),
    );
    await register(world, path.join(root, "model.yml"));
    return { kind: "model", name, version: "1" };
  }

  async function refused(asset: AssetSpec, code: string, exitCode: number = ExitCode.gateClosed) {
    const before = (await ledgerRecords(world)).length;
    const error = await requestPromotion(world.alice, asset, policy, { justification: "x" }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(error instanceof AirlockError, `${asset.name}: expected ${code}, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    assert.equal(error.exitCode, exitCode);
    const added = (await ledgerRecords(world)).slice(before);
    // The evaluation is recorded; no request is filed.
    assert.deepEqual(
      added.map((r) => r.type),
      ["evidence.evaluated"],
    );
    const record = added[0]!;
    assert.ok(isRecordOf(record, "evidence.evaluated"));
    assert.equal(record.data.passed, false);
    assert.equal(record.data.stage, "request");
    return { error, record };
  }

  it("the trained taxi-fare model passes every rule; the record carries each rule's inputs, bound to the digest", async () => {
    const asset = await model("taxi-good", trained);
    const request = await requestPromotion(world.alice, asset, policy, { justification: "card and metrics" });
    const records = await ledgerRecords(world);
    const evaluated = recordsOf(records, "evidence.evaluated").filter(
      (r) => r.data.asset === "model:taxi-good@1",
    );
    assert.equal(evaluated.length, 1);
    const data = evaluated[0]!.data;
    assert.equal(data.passed, true);
    assert.equal(data.digest, request.digest);
    assert.equal(data.enforcement, "enforce");
    assert.deepEqual(
      data.results.map((r) => [r.rule, r.passed]),
      [
        ["model-card", true],
        ["metrics", true],
        ["model-scan", true],
        ["license", true],
      ],
    );
    const metrics = data.results.find((r) => r.rule === "metrics")!.inputs.thresholds as Array<
      Record<string, unknown>
    >;
    assert.equal(metrics[0]!.metric, "holdout_rmse");
    assert.equal(metrics[0]!.source, "model card");
    assert.ok((metrics[0]!.value as number) < 1.5);
    const card = data.results.find((r) => r.rule === "model-card")!.inputs;
    assert.match(String(card.sha256), /^[0-9a-f]{64}$/);
    assert.match(String((card.card as Record<string, unknown>).intended_use), /fare/);
    // The request itself follows the evidence record.
    const seqOfRequest = records.findIndex(
      (r) =>
        r.type === "approval.requested" &&
        r.data &&
        (r.data as { requestId?: string }).requestId === request.requestId,
    );
    assert.ok(seqOfRequest > records.indexOf(evaluated[0]!));
  });

  it("metric threshold: the deliberately worse model (RMSE > 1.5) is refused with EVIDENCE_METRIC_THRESHOLD", async () => {
    const { record } = await refused(await model("taxi-worse", worse), "EVIDENCE_METRIC_THRESHOLD");
    const result = record.data.results.find((r) => r.rule === "metrics")!;
    const checked = result.inputs.thresholds as Array<Record<string, unknown>>;
    assert.equal(checked[0]!.passed, false);
    assert.ok((checked[0]!.value as number) > 1.5);
  });

  it("model card: missing → EVIDENCE_CARD_MISSING; without limitations → EVIDENCE_CARD_INCOMPLETE; not YAML → exit 3", async () => {
    await refused(
      await model("taxi-nocard", trained, (dir) => rm(path.join(dir, "model-card.yml"))),
      "EVIDENCE_CARD_MISSING",
    );
    const incomplete = await refused(
      await model("taxi-halfcard", trained, async (dir) => {
        const file = path.join(dir, "model-card.yml");
        await writeFile(
          file,
          (await readFile(file, "utf8")).replace(/^limitations:[\s\S]*?(?=^training_data:)/m, ""),
        );
      }),
      "EVIDENCE_CARD_INCOMPLETE",
    );
    assert.deepEqual(incomplete.record.data.results[0]!.inputs.missing, ["limitations"]);
    await refused(
      await model("taxi-badcard", trained, (dir) =>
        writeFile(path.join(dir, "model-card.yml"), "intended_use: [unclosed\n"),
      ),
      "EVIDENCE_CARD_INVALID",
      ExitCode.invalidInput,
    );
  });

  it("model scan: a pickle whose __reduce__ calls os.system (python3-made, never loaded) is refused naming the global", async () => {
    const evil = (protocol: number, file: string) => async (dir: string) => {
      execFileSync(python3(), [
        "-c",
        `import os, pickle, sys\nclass Evil:\n    def __reduce__(self):\n        return (os.system, ("true",))\nopen(sys.argv[1], "wb").write(pickle.dumps(Evil(), protocol=${protocol}))`,
        path.join(dir, file),
      ]);
    };
    const posix = await refused(
      await model("taxi-evil", trained, evil(4, "extra.pkl")),
      "EVIDENCE_UNSAFE_PICKLE",
    );
    assert.match(posix.error.message, /extra\.pkl imports posix\.system/);
    const scan = posix.record.data.results.find((r) => r.rule === "model-scan")!;
    assert.equal(scan.inputs.global, "posix.system");
    assert.equal(scan.inputs.file, "extra.pkl");
    // The os.system spelling (a stream written on Windows-free tooling names the module `os`).
    const os = await refused(
      await model("taxi-evil-os", trained, async (dir) => {
        execFileSync(python3(), [
          "-c",
          `import sys\nopen(sys.argv[1], "wb").write(b"cos\\nsystem\\n(S'true'\\ntR.")`,
          path.join(dir, "model.joblib"),
        ]);
      }),
      "EVIDENCE_UNSAFE_PICKLE",
    );
    assert.match(os.error.message, /model\.joblib imports os\.system/);
    // An allowlisted pickle passes.
    const safe = await model("taxi-safe-pickle", trained, async (dir) => {
      execFileSync(python3(), [
        "-c",
        "import collections, pickle, sys\nopen(sys.argv[1], 'wb').write(pickle.dumps(collections.OrderedDict(a=1), protocol=4))",
        path.join(dir, "extra.pkl"),
      ]);
    });
    await requestPromotion(world.alice, safe, policy, { justification: "safe pickle" });
  });

  it("license: a tag outside the allowlist and a missing tag are refused", async () => {
    await refused(
      await model("taxi-gpl", trained, async () => undefined, { license: "GPL-3.0" }),
      "EVIDENCE_LICENSE_NOT_ALLOWED",
    );
    await refused(
      await model("taxi-nolicense", trained, async () => undefined, {}),
      "EVIDENCE_LICENSE_MISSING",
    );
  });

  it("at promote the rules run again on the dev registry copy, recorded once however often the promotion runs", async () => {
    const asset = await model("taxi-promoted", trained);
    await shareToDevRegistry(world.alice, asset);
    const request = await requestPromotion(world.alice, asset, policy, { justification: "promote me" });
    await approveRequest(world.bob, request.requestId, policy, { comment: "ok" });
    await promote(world.ci, asset, policy);
    await promote(world.ci, asset, policy);
    const atPromote = recordsOf(await ledgerRecords(world), "evidence.evaluated").filter(
      (r) => r.data.asset === "model:taxi-promoted@1" && r.data.stage === "promote",
    );
    assert.equal(atPromote.length, 1);
    assert.equal(atPromote[0]!.data.passed, true);
    assert.equal(atPromote[0]!.subject.requestId, request.requestId);
    // Read from the dev registry's storage (not the dev workspace the request read), recorded without a SAS.
    const atRequest = recordsOf(await ledgerRecords(world), "evidence.evaluated").find(
      (r) => r.data.asset === "model:taxi-promoted@1" && r.data.stage === "request",
    );
    assert.notEqual(atPromote[0]!.data.source, atRequest?.data.source);
    assert.doesNotMatch(atPromote[0]!.data.source, /[?&]sig=/);

    // A policy tightened after approval closes the gate at promote: the evidence is judged again.
    const strict = (await enforcedPolicy((e) => (e.metrics = ["holdout_rmse <= 0.5"]))).policy;
    const second = await model("taxi-tightened", trained);
    await shareToDevRegistry(world.alice, second);
    const secondRequest = await requestPromotion(world.alice, second, policy, { justification: "x" });
    await approveRequest(world.bob, secondRequest.requestId, policy, { comment: "ok" });
    await assert.rejects(
      promote(world.ci, second, strict),
      (error: AirlockError) => error.code === "EVIDENCE_METRIC_THRESHOLD",
    );
  });

  it("evidence is bound to the digest: a card rewritten in the dev datastore after registration is refused", async () => {
    // Its own bytes (a salt file): uploads are shared by digest, and this test tampers with them.
    const asset = await model("taxi-swapped", trained, (dir) =>
      writeFile(path.join(dir, "salt.txt"), "swapped\n"),
    );
    const version = await world.alice.workspace("dev").versions("models", asset.name).get("1");
    const folder = /\/paths\/(.+?)\/?$/.exec(version.properties.modelUri ?? "")![1]!;
    const container = await world.alice.datastoreContainer("dev");
    const card = container.getBlockBlobClient(`${folder}/model-card.yml`);
    const metadata = (await card.getProperties()).metadata ?? {};
    const original = (await card.downloadToBuffer()).length;
    const claims =
      "intended_use: anything\nlimitations: none\ntraining_data: x\nmetrics:\n  holdout_rmse: 0.1\n";
    // Same size as the original (a size change alone would already change the digest).
    const forged = `${claims}#${"x".repeat(original - claims.length - 2)}\n`;
    // alice (who can write the dev datastore) swaps the bytes and keeps the recorded sha256…
    await card.upload(forged, Buffer.byteLength(forged), { metadata });
    await assert.rejects(
      requestPromotion(world.alice, asset, policy, { justification: "x" }),
      (error: AirlockError) =>
        error.code === "BLOB_CONTENT_MISMATCH" && error.exitCode === ExitCode.verificationFailed,
    );
    // …or rewrites the sha256 too: the folder no longer has the registered digest.
    const sha = (await import("node:crypto")).createHash("sha256").update(forged).digest("hex");
    await card.setMetadata({ ...metadata, airlocksha256: sha });
    await assert.rejects(
      requestPromotion(world.alice, asset, policy, { justification: "x" }),
      (error: AirlockError) =>
        error.code === "EVIDENCE_DIGEST_MISMATCH" && error.exitCode === ExitCode.verificationFailed,
    );
  });

  it("environments recreated in prod from an image must name it by digest (EVIDENCE_IMAGE_NOT_PINNED), nothing created", async () => {
    const environment = async (name: string, image: string): Promise<AssetSpec> => {
      const folder = path.join(world.dir, name);
      await mkdir(folder, { recursive: true });
      await writeFile(path.join(folder, "conda.yml"), "name: x\ndependencies:\n  - python=3.11\n");
      const file = path.join(folder, "environment.yml");
      await writeFile(
        file,
        `name: ${name}\nversion: "1"\nimage: ${image}\nconda_file: conda.yml\nos_type: linux\n`,
      );
      await register(world, file);
      const asset: AssetSpec = { kind: "environment", name, version: "1" };
      const request = await requestPromotion(world.alice, asset, policy, { justification: "env" });
      await approveRequest(world.bob, request.requestId, policy, { comment: "ok" });
      return asset;
    };
    const base = "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04";
    const tagged = await environment("env-tagged", `${base}:latest`);
    await assert.rejects(
      promote(world.ci, tagged, policy, { strategy: "recreate-from-image" }),
      (error: AirlockError) =>
        error.code === "EVIDENCE_IMAGE_NOT_PINNED" && error.exitCode === ExitCode.gateClosed,
    );
    const prodEnvironments = world.ci.workspace("prod").versions("environments", "env-tagged");
    assert.equal(
      await prodEnvironments.get("1").then(
        () => "found",
        () => "absent",
      ),
      "absent",
    );
    const pinned = await environment("env-pinned", `${base}@sha256:${"ab".repeat(32)}`);
    const result = await promote(world.ci, pinned, policy, { strategy: "recreate-from-image" });
    assert.ok(result.targetReference);
    const records = recordsOf(await ledgerRecords(world), "evidence.evaluated").filter((r) =>
      r.data.asset.startsWith("environment:"),
    );
    assert.deepEqual(
      records.map((r) => [r.data.asset, r.data.passed]),
      [
        ["environment:env-tagged@1", false],
        ["environment:env-pinned@1", true],
      ],
    );
  });

  it("environments rebuilt in prod from their context must name every FROM base by digest, nothing created", async () => {
    const environment = async (name: string, from: string): Promise<AssetSpec> => {
      const folder = path.join(world.dir, name);
      await mkdir(path.join(folder, "context"), { recursive: true });
      await writeFile(path.join(folder, "context", "Dockerfile"), `FROM ${from}\nRUN echo ${name}\n`);
      const file = path.join(folder, "environment.yml");
      await writeFile(
        file,
        `name: ${name}\nversion: "1"\nbuild:\n  path: context\n  dockerfile_path: Dockerfile\nos_type: linux\n`,
      );
      await register(world, file);
      const asset: AssetSpec = { kind: "environment", name, version: "1" };
      const request = await requestPromotion(world.alice, asset, policy, { justification: "env" });
      await approveRequest(world.bob, request.requestId, policy, { comment: "ok" });
      return asset;
    };
    const loose = await environment("env-from-tag", "python:3.11-slim");
    await assert.rejects(
      promote(world.ci, loose, policy, { strategy: "rebuild-from-context" }),
      (error: AirlockError) =>
        error.code === "EVIDENCE_IMAGE_NOT_PINNED" &&
        error.exitCode === ExitCode.gateClosed &&
        /FROM python:3\.11-slim is not pinned by digest/.test(error.message),
    );
    const absent = await world.ci
      .workspace("prod")
      .versions("environments", "env-from-tag")
      .get("1")
      .then(
        () => "found",
        () => "absent",
      );
    assert.equal(absent, "absent");
    const pinned = await environment("env-from-digest", `python:3.11-slim@sha256:${"cd".repeat(32)}`);
    const result = await promote(world.ci, pinned, policy, { strategy: "rebuild-from-context" });
    assert.ok(result.targetReference);
    const [record] = recordsOf(await ledgerRecords(world), "evidence.evaluated").filter(
      (r) => r.data.asset === "environment:env-from-digest@1",
    );
    assert.equal(record?.data.passed, true);
    const dockerfile = record?.data.results[0]?.inputs.dockerfile as { path: string; sha256: string };
    assert.equal(dockerfile.path, "Dockerfile");
    assert.match(dockerfile.sha256, /^[0-9a-f]{64}$/);
    // At deploy, the same Dockerfile is read back from the prod datastore folder the promotion uploaded.
    const prodVersion = await world.ci.workspace("prod").versions("environments", "env-from-digest").get("1");
    const atDeploy = await environmentEvidence(
      world.ci,
      { property: "airlock.built_image_digest" },
      prodVersion.id,
    );
    assert.equal(atDeploy.passed, true, atDeploy.message);
    assert.equal((atDeploy.inputs.dockerfile as { sha256: string }).sha256, dockerfile.sha256);
  });

  it("CLI: `airlock request` of the os.system model exits 7 with EVIDENCE_UNSAFE_PICKLE", async () => {
    const { document } = await enforcedPolicy();
    const file = path.join(world.dir, "enforced-policy.yml");
    await mkdir(world.dir, { recursive: true });
    await writeFile(file, JSON.stringify(document));
    const result = await airlock(["request", "model", "taxi-evil@1", "--justification", "x"], {
      ...world.cliEnv("alice"),
      AIRLOCK_POLICY: file,
    });
    assert.equal(result.code, 7, result.stderr);
    assert.match(result.stderr, /EVIDENCE_UNSAFE_PICKLE/);
    assert.match(result.stderr, /posix\.system/);
  });
});
