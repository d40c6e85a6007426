/**
 * The promotion engine end to end on the twin: model and data reach the prod registry with lineage and the
 * exact bytes, `--plan` changes nothing, reruns do no work, training data stays in dev, environments follow
 * their strategy, and components are recreated in prod only when every dependency resolves there.
 */
import assert from "node:assert/strict";
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { getOrUndefined } from "../../src/arm/errors.ts";
import { PROP } from "../../src/assets/index.ts";
import { AirlockError, ExitCode } from "../../src/errors.ts";
import { recordsOf } from "../../src/governance/records.ts";
import { locationFromSas } from "../../src/promotion/blobs.ts";
import { promote } from "../../src/promotion/promote.ts";
import {
  airlock,
  approvedModel,
  ledgerRecords,
  PINNED_BASE_IMAGE,
  prepareComponent,
  prepareCondaEnvironment,
  prepareData,
  prodRegistryVersion,
  prodRegistryVersions,
  register,
  requestAndApprove,
  startWorld,
  type World,
} from "./fixture.ts";

let world: World;
describe("promotion/promote", () => {
  before(async () => {
    world = await startWorld();
  });
  after(async () => {
    await world?.close();
  });

  const LINEAGE = [
    PROP.digest,
    PROP.sourceAsset,
    PROP.approvalId,
    PROP.promotedBy,
    PROP.promotedAt,
    PROP.promotionId,
  ] as const;

  /** Every file under `folder`, by forward-slash relative path. */
  async function localFiles(folder: string): Promise<Map<string, Buffer>> {
    const files = new Map<string, Buffer>();
    for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const absolute = path.join(entry.parentPath, entry.name);
      files.set(path.relative(folder, absolute).split(path.sep).join("/"), await readFile(absolute));
    }
    return files;
  }

  /** The asset's bytes as a prod consumer reads them: through the prod registry's datareferences SAS. */
  async function prodRegistryFiles(kind: "models" | "data", name: string, version: string) {
    const registry = world.ci.env("prod").names.registry;
    const reference = await world.ci
      .registry("prod")
      .dataReferences(name, version)
      .getBlobReferenceSas({
        assetId: `azureml://registries/${registry}/${kind}/${name}/versions/${version}`,
      });
    const blob = reference.blobReferenceForConsumption!;
    const sasUri = (blob.credential as { sasUri: string }).sasUri;
    const location = locationFromSas(sasUri, blob.blobUri);
    const prefix = location.path ? `${location.path.replace(/\/$/, "")}/` : "";
    const files = new Map<string, Buffer>();
    for await (const item of location.container.listBlobsFlat({ prefix })) {
      files.set(
        item.name.slice(prefix.length),
        await location.container.getBlobClient(item.name).downloadToBuffer(),
      );
    }
    return files;
  }

  function assertLineage(properties: Record<string, string>, digest: string, approvalId: string): void {
    for (const key of LINEAGE) assert.ok(properties[key], `missing lineage property ${key}`);
    assert.equal(properties[PROP.digest], digest);
    assert.equal(properties[PROP.approvalId], approvalId);
    assert.equal(properties[PROP.promotedBy], "sp-aml-promotion-prod");
    assert.ok(!Number.isNaN(Date.parse(properties[PROP.promotedAt]!)));
    assert.match(properties[PROP.promotionId]!, /^prm-[0-9a-f]{24}$/);
  }

  describe("model and data promotion", () => {
    test("a model reaches the prod registry with lineage and byte-identical files", async () => {
      const { asset, file, digest, requestId } = await approvedModel(world, "1", "alpha");
      const result = await promote(world.ci, asset, world.policy);
      assert.equal(result.alreadyComplete, false);
      assert.deepEqual(
        result.steps.map((s) => [s.id, s.status]),
        [
          ["dev-share-to-dev-registry", "done"],
          ["dev-verify-dev-registry-digest", "done"],
          ["gate", "done"],
          ["prod-copy-to-prod-registry", "done"],
          ["prod-create-prod-registry-version", "done"],
        ],
      );
      assert.equal(
        result.targetReference,
        "azureml://registries/amlregprodcc01/models/tiny-model/versions/1",
      );
      const version = await prodRegistryVersion(world, "models", "tiny-model", "1");
      assert.ok(version, "prod registry version exists");
      const properties = version.properties.properties ?? {};
      assertLineage(properties, digest, requestId);
      assert.equal(
        properties[PROP.sourceAsset],
        "azureml://registries/amlregdevcc01/models/tiny-model/versions/1",
      );
      assert.deepEqual(
        await prodRegistryFiles("models", "tiny-model", "1"),
        await localFiles(path.join(path.dirname(file), "model")),
      );
    });

    test("reference data reaches the prod registry with lineage and byte-identical files", async () => {
      const file = await prepareData(world, "1", "rows-a", { dataType: "reference" });
      const { digest } = await register(world, file);
      const asset = { kind: "data" as const, name: "tiny-data", version: "1" };
      const requestId = await requestAndApprove(world, asset);
      const result = await promote(world.ci, asset, world.policy);
      assert.equal(result.targetReference, "azureml://registries/amlregprodcc01/data/tiny-data/versions/1");
      const version = await prodRegistryVersion(world, "data", "tiny-data", "1");
      assert.ok(version);
      assertLineage(version.properties.properties ?? {}, digest, requestId);
      assert.equal(version.properties.tags?.data_type, "reference");
      assert.deepEqual(
        await prodRegistryFiles("data", "tiny-data", "1"),
        await localFiles(path.join(path.dirname(file), "rows")),
      );
    });

    test("rerunning a finished promotion does no work and appends nothing", async () => {
      const { asset } = await approvedModel(world, "2", "beta");
      await promote(world.ci, asset, world.policy);
      const ledger = await world.ci.ledger();
      const head = await ledger.head();
      const again = await promote(world.ci, asset, world.policy);
      assert.equal(again.alreadyComplete, true);
      assert.ok(again.steps.every((s) => s.status === "resumed"));
      assert.equal(again.targetReference, "azureml://registries/amlregprodcc01/models/tiny-model/versions/2");
      assert.deepEqual(await ledger.head(), head, "no new ledger records");
    });

    test("`promote --plan` prints every step with bytes and changes nothing", async () => {
      const { asset } = await approvedModel(world, "3", "gamma");
      const ledger = await world.ci.ledger();
      const headBefore = await ledger.head();
      const before = await prodRegistryVersions(world, "models", asset.name);
      const devRegistryBefore = await getOrUndefined(() =>
        world.ci.registry("dev").versions("models", asset.name).get(asset.version),
      );
      const run = await airlock(
        ["promote", "model", `${asset.name}@${asset.version}`, "--to", "prod", "--plan"],
        world.cliEnv(),
      );
      assert.equal(run.code, 0, run.stderr);
      for (const title of [
        "share from the dev workspace to the dev registry",
        "verify the dev registry copy",
        "approval gate",
        "copy the bytes into the prod registry",
        "create the prod registry version",
      ]) {
        assert.ok(run.stdout.includes(title), `plan names "${title}":\n${run.stdout}`);
      }
      const registered = (await world.ci.workspace("dev").versions("models", asset.name).get(asset.version))
        .properties.properties?.[PROP.bytes];
      assert.match(run.stdout, new RegExp(`copy the bytes[^\\n]*\\(${registered} bytes\\)`));
      assert.match(run.stdout, /nothing changed/);
      assert.deepEqual(await prodRegistryVersions(world, "models", asset.name), before);
      assert.ok(!before.includes(asset.version));
      assert.deepEqual(await ledger.head(), headBefore, "the ledger is unchanged");
      assert.equal(devRegistryBefore, undefined);
      assert.equal(
        await getOrUndefined(() =>
          world.ci.registry("dev").versions("models", asset.name).get(asset.version),
        ),
        undefined,
        "not even shared to the dev registry",
      );

      const json = await airlock(
        ["promote", "model", `${asset.name}@${asset.version}`, "--plan", "--json"],
        world.cliEnv(),
      );
      assert.equal(json.code, 0, json.stderr);
      const dryRun = JSON.parse(json.stdout) as {
        dryRun: boolean;
        steps: Array<{ id: string; bytes?: number }>;
      };
      assert.equal(dryRun.dryRun, true);
      assert.equal(
        dryRun.steps.find((s) => s.id === "prod-copy-to-prod-registry")?.bytes,
        Number(registered),
      );
      assert.deepEqual(await ledger.head(), headBefore);
    });

    test("training data is refused and never leaves dev", async () => {
      const file = await prepareData(world, "1", "train", { name: "tiny-training", dataType: "training" });
      await register(world, file);
      const asset = { kind: "data" as const, name: "tiny-training", version: "1" };
      for (const attempt of [
        () => promote(world.ci, asset, world.policy),
        () => requestAndApprove(world, asset),
      ]) {
        await assert.rejects(attempt(), (error: unknown) => {
          assert.ok(error instanceof AirlockError);
          assert.equal(error.code, "TRAINING_DATA_STAYS_IN_DEV");
          assert.equal(error.exitCode, ExitCode.gateClosed);
          assert.match(error.message, /training data never leaves dev/);
          return true;
        });
      }
      const cli = await airlock(["promote", "data", "tiny-training@1", "--to", "prod"], world.cliEnv());
      assert.equal(cli.code, ExitCode.gateClosed);
      assert.match(cli.stderr, /TRAINING_DATA_STAYS_IN_DEV/);
      assert.equal(await prodRegistryVersion(world, "data", "tiny-training", "1"), undefined);
      assert.equal(
        await getOrUndefined(() => world.ci.registry("dev").versions("data", "tiny-training").get("1")),
        undefined,
      );
    });
  });

  describe("environments by strategy", () => {
    async function approvedEnvironment(name: string, seed: string) {
      const file = await prepareCondaEnvironment(world, name, "1", seed);
      await register(world, file);
      const asset = { kind: "environment" as const, name, version: "1" };
      await requestAndApprove(world, asset);
      return asset;
    }
    const prodEnvironment = (name: string) =>
      getOrUndefined(() => world.ci.workspace("prod").versions("environments", name).get("1"));

    test("default rebuild-from-context: created in the prod workspace, no dev dependency", async () => {
      const asset = await approvedEnvironment("env-rebuild", "r");
      const result = await promote(world.ci, asset, world.policy);
      assert.equal(result.strategy?.strategy, "rebuild-from-context");
      assert.equal(result.strategy?.explicit, false);
      assert.equal(result.crossEnvironmentDependency, undefined);
      assert.equal(result.targetReference, "azureml:env-rebuild:1");
      const created = await prodEnvironment("env-rebuild");
      assert.ok(created, "prod workspace environment exists");
      const props = created.properties as {
        condaFile?: string;
        image?: string;
        properties?: Record<string, string>;
      };
      assert.equal(props.properties?.[PROP.strategy], "rebuild-from-context");
      assert.equal(props.properties?.[PROP.crossEnvironmentDependency], undefined);
      assert.match(props.condaFile ?? "", /python=3.11/);
      assert.ok(!JSON.stringify(created).includes("amlregdevcc01"), "nothing in prod points at dev");
      const completed = recordsOf(await ledgerRecords(world), "promotion.completed").filter(
        (r) => r.subject.promotionId === result.promotionId,
      );
      assert.equal(completed.length, 1);
      assert.equal(completed[0]!.data.strategy, "rebuild-from-context");
      assert.equal(completed[0]!.data.crossEnvironmentDependency, undefined);
    });

    test("reference-dev-registry only when explicit, reported as a cross-environment dependency", async () => {
      const asset = await approvedEnvironment("env-reference", "x");
      const result = await promote(world.ci, asset, world.policy, { strategy: "reference-dev-registry" });
      const reference = "azureml://registries/amlregdevcc01/environments/env-reference/versions/1";
      assert.equal(result.strategy?.strategy, "reference-dev-registry");
      assert.equal(result.strategy?.explicit, true);
      assert.equal(result.crossEnvironmentDependency, reference);
      assert.equal(result.targetReference, reference);
      assert.ok(
        await getOrUndefined(() =>
          world.ci.registry("dev").versions("environments", "env-reference").get("1"),
        ),
        "shared to the dev registry",
      );
      assert.equal(await prodEnvironment("env-reference"), undefined, "nothing created in prod");
      const completed = recordsOf(await ledgerRecords(world), "promotion.completed").find(
        (r) => r.subject.promotionId === result.promotionId,
      );
      assert.equal(completed?.data.crossEnvironmentDependency, reference);
      assert.equal(completed?.data.strategy, "reference-dev-registry");
    });

    test("recreate-from-image for the conda environment", async () => {
      const asset = await approvedEnvironment("env-image", "i");
      const result = await promote(world.ci, asset, world.policy, { strategy: "recreate-from-image" });
      assert.equal(result.strategy?.strategy, "recreate-from-image");
      assert.equal(result.crossEnvironmentDependency, undefined, "an mcr.microsoft.com image is not in dev");
      const created = await prodEnvironment("env-image");
      assert.ok(created);
      const props = created.properties as { image?: string; properties?: Record<string, string> };
      assert.equal(props.image, PINNED_BASE_IMAGE);
      assert.equal(props.properties?.[PROP.strategy], "recreate-from-image");
    });

    test("an unknown strategy is refused before anything happens", async () => {
      const asset = await approvedEnvironment("env-unknown", "u");
      await assert.rejects(promote(world.ci, asset, world.policy, { strategy: "teleport" }), {
        code: "ENVIRONMENT_STRATEGY_UNKNOWN",
      });
      assert.equal(await prodEnvironment("env-unknown"), undefined);
    });
  });

  describe("components", () => {
    const prodComponent = (name: string) =>
      getOrUndefined(() => world.ci.workspace("prod").versions("components", name).get("1"));

    test("missing environment in prod → COMPONENT_DEPENDENCIES_MISSING listing it; created once it is promoted", async () => {
      const envFile = await prepareCondaEnvironment(world, "comp-env", "1", "c");
      await register(world, envFile);
      // Written as the dev registry reference: prod must get a reference it can resolve.
      await world.alice.workspace("dev").versions("environments", "comp-env").publish("1", {
        destinationName: "comp-env",
        destinationVersion: "1",
        registryName: "amlregdevcc01",
      });
      const file = await prepareComponent(
        world,
        "comp-a",
        "1",
        "azureml://registries/amlregdevcc01/environments/comp-env/versions/1",
        "a",
      );
      await register(world, file);
      const asset = { kind: "component" as const, name: "comp-a", version: "1" };
      await requestAndApprove(world, asset);

      await assert.rejects(promote(world.ci, asset, world.policy), (error: unknown) => {
        assert.ok(error instanceof AirlockError);
        assert.equal(error.code, "COMPONENT_DEPENDENCIES_MISSING");
        assert.equal(error.exitCode, ExitCode.invalidInput);
        assert.match(error.message, /comp-env/);
        const missing = error.details?.missing as string[];
        assert.equal(missing.length, 1);
        assert.match(missing[0]!, /environment .*comp-env.*1/);
        return true;
      });
      assert.equal(await prodComponent("comp-a"), undefined, "nothing created");
      const codes: string[] = [];
      await getOrUndefined(async () => {
        for await (const code of world.ci.workspace("prod").versions("codes", "comp-a-code").list())
          codes.push(code.name);
      });
      assert.deepEqual(codes, [], "no code asset created in prod either");

      const envAsset = { kind: "environment" as const, name: "comp-env", version: "1" };
      await requestAndApprove(world, envAsset);
      await promote(world.ci, envAsset, world.policy);
      const result = await promote(world.ci, asset, world.policy);
      assert.equal(result.targetReference, "azureml:comp-a:1");
      const created = await prodComponent("comp-a");
      assert.ok(created, "component created in prod");
      const spec = (created.properties as { componentSpec: { environment: string; code: string } })
        .componentSpec;
      assert.equal(spec.environment, "azureml:comp-env:1", "rewritten to the prod workspace environment");
      assert.match(spec.code, /amlwsprodcc01/, "code lives in the prod workspace");
      assert.equal(created.properties.properties?.[PROP.promotionId], result.promotionId);
    });

    test("an environment promoted by reference: the component references the dev registry, recorded as a dependency", async () => {
      await register(world, await prepareCondaEnvironment(world, "ref-env", "1", "r"));
      const envAsset = { kind: "environment" as const, name: "ref-env", version: "1" };
      await requestAndApprove(world, envAsset);
      await promote(world.ci, envAsset, world.policy, { strategy: "reference-dev-registry" });
      await register(world, await prepareComponent(world, "comp-ref", "1", "azureml:ref-env:1", "r"));
      const asset = { kind: "component" as const, name: "comp-ref", version: "1" };
      await requestAndApprove(world, asset);
      const result = await promote(world.ci, asset, world.policy);
      const reference = "azureml://registries/amlregdevcc01/environments/ref-env/versions/1";
      assert.equal(result.crossEnvironmentDependency, reference);
      const created = await prodComponent("comp-ref");
      assert.ok(created);
      const spec = (created.properties as { componentSpec: { environment: string } }).componentSpec;
      assert.equal(spec.environment, reference);
      assert.equal(created.properties.properties?.[PROP.crossEnvironmentDependency], reference);
      const completed = recordsOf(await ledgerRecords(world), "promotion.completed").find(
        (r) => r.subject.promotionId === result.promotionId,
      );
      assert.equal(completed?.data.crossEnvironmentDependency, reference);
    });

    test("a component whose YAML changed after registration → SOURCE_DRIFTED", async () => {
      const envFile = await prepareCondaEnvironment(world, "drift-env", "1", "d");
      await register(world, envFile);
      const file = await prepareComponent(world, "comp-drift", "1", "azureml:drift-env:1", "d");
      await register(world, file);
      await writeFile(file, (await readFile(file, "utf8")).replace("test component d", "changed later"));
      const asset = { kind: "component" as const, name: "comp-drift", version: "1" };
      await assert.rejects(promote(world.ci, asset, world.policy), (error: unknown) => {
        assert.ok(error instanceof AirlockError);
        assert.equal(error.code, "SOURCE_DRIFTED");
        assert.equal(error.exitCode, ExitCode.verificationFailed);
        assert.ok(error.message.includes(file));
        return true;
      });
      assert.equal(await prodComponent("comp-drift"), undefined);
    });
  });
});
