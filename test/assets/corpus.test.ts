/**
 * The compatibility corpus: real public az ml asset files (test/assets/corpus/azureml-examples, vendored from
 * Azure/azureml-examples with provenance in expected.json), each registered on ONE twin through the library
 * and compared field by field with what az ml would create (expected.json, computed from each file the way
 * azure-ai-ml reads it: PyYAML, VersionField's str(), auto-increment, label resolution). Each example project
 * starts from a clean workspace (its containers are deleted afterwards), as for a user trying that example.
 * The table in docs/assets.md is generated from the same data (test/assets/corpus/table.ts) and checked here.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { parse } from "yaml";
import { getOrUndefined } from "../../src/arm/errors.ts";
import { ARM_KIND, type AssetKind, loadAssetFile, PROP } from "../../src/assets/index.ts";
import type { Connection } from "../../src/connect/connection.ts";
import { AirlockError } from "../../src/errors.ts";
import { missingComponentDependencies } from "../../src/promotion/component-dependencies.ts";
import { requestPromotion } from "../../src/promotion/gate.ts";
import { type RegisterResult, registerAssetFile } from "../../src/promotion/register.ts";
import { asRegistered } from "../../src/promotion/resolve-asset.ts";
import { REPO_ROOT } from "../helpers/cli.ts";
import { arm, wsPath } from "../helpers/twin.ts";
import { startWorld, type World } from "../promotion/fixture.ts";
import { CORPUS_ROOT, type CorpusEntry, corpusTable, loadCorpus } from "./corpus/table.ts";
import { makeScratch } from "./fixture.ts";

interface Outcome {
  entry: CorpusEntry;
  result?: RegisterResult;
  error?: AirlockError;
  /** Containers this file created (deleted once its project is done). */
  created: string[];
}

let world: World;
let alice: Connection;
const outcomes = new Map<string, Outcome>();
/** Every version read back while the project it belongs to still existed, by file. */
const bodies = new Map<string, { version: Record<string, unknown>; extra: Record<string, unknown> }>();

describe("compatibility corpus (Azure/azureml-examples asset files on the twin)", () => {
  before(async () => {
    world = await startWorld();
    alice = world.alice;
    const corpus = await loadCorpus();
    const projects = new Map<string, CorpusEntry[]>();
    for (const entry of corpus.files)
      projects.set(entry.project, [...(projects.get(entry.project) ?? []), entry]);
    for (const entries of projects.values()) {
      const containers = new Set<string>();
      for (const entry of entries) {
        const outcome: Outcome = { entry, created: [] };
        outcomes.set(entry.file, outcome);
        try {
          outcome.result = await registerAssetFile(alice, path.join(CORPUS_ROOT, entry.file), {
            env: "dev",
            root: CORPUS_ROOT,
          });
          containers.add(`${ARM_KIND[entry.kind]}/${outcome.result.name}`);
          bodies.set(entry.file, await readBack(entry, outcome.result));
        } catch (error) {
          if (!(error instanceof AirlockError)) throw error;
          outcome.error = error;
        }
      }
      // A clean workspace for the next example (names such as hello_python_world:1 recur across examples).
      for (const container of containers) {
        const response = await arm(world.twin, "DELETE", `${wsPath()}/${container}`);
        assert.ok(response.status < 300, `DELETE ${container}: ${response.status} ${response.text}`);
      }
    }
  });
  after(async () => {
    await world?.close();
  });

  test("at least 40 files, 0 registered wrong, at least 90% accepted, every refusal has a documented code", async () => {
    const corpus = await loadCorpus();
    assert.ok(corpus.files.length >= 40, `${corpus.files.length} files`);
    const accepted = corpus.files.filter((entry) => entry.expect.outcome === "registered").length;
    assert.ok(accepted / corpus.files.length >= 0.9, `${accepted}/${corpus.files.length} accepted`);
    const docs = await readFile(path.join(REPO_ROOT, "docs", "assets.md"), "utf8");
    for (const entry of corpus.files) {
      if (entry.expect.outcome !== "refused") continue;
      assert.ok(entry.expect.why, `${entry.file}: a refusal needs a reason`);
      assert.match(
        docs,
        new RegExp(`\\| \`${entry.expect.code}\` \\|`),
        `${entry.expect.code} in docs/assets.md`,
      );
    }
  });

  test("docs/assets.md carries the corpus table as generated from the corpus (npm run corpus-table)", async () => {
    const docs = await readFile(path.join(REPO_ROOT, "docs", "assets.md"), "utf8");
    const table = corpusTable(await loadCorpus());
    assert.ok(
      docs.includes(table),
      "docs/assets.md's corpus table is stale: run node test/assets/corpus/table.ts --write",
    );
  });

  test("every file: the outcome az ml would have, and field by field what az ml would create", async () => {
    const corpus = await loadCorpus();
    const wrong: string[] = [];
    for (const entry of corpus.files) {
      const outcome = outcomes.get(entry.file)!;
      const problems = compare(entry, outcome);
      if (problems.length > 0) wrong.push(`${entry.file}:\n    ${problems.join("\n    ")}`);
    }
    assert.deepEqual(wrong, [], `${wrong.length} files differ from az ml:\n${wrong.join("\n")}`);
  });

  test("a missing version auto-increments as az ml does (nextVersion), and @latest follows the newest", async () => {
    const file = path.join(CORPUS_ROOT, "assets/environment/docker-image.yml");
    const first = await registerAssetFile(alice, file, { env: "dev", root: CORPUS_ROOT });
    const second = await registerAssetFile(alice, file, { env: "dev", root: CORPUS_ROOT });
    assert.deepEqual([first.version, second.version, second.status], ["1", "2", "created"]);
    const container = await alice.workspace("dev").containers("environments").get("docker-image-example");
    assert.equal(container.properties.latestVersion, "2");
    assert.equal(container.properties.nextVersion, "3");
  });

  test("a version-less component with an @latest environment is requested as registered (version and label resolved)", async () => {
    const project = path.join(
      CORPUS_ROOT,
      "endpoints/batch/deploy-pipelines/batch-scoring-with-preprocessing",
    );
    const env = await registerAssetFile(alice, path.join(project, "environment/xgboost-sklearn-py38.yml"), {
      env: "dev",
      root: CORPUS_ROOT,
    });
    const file = path.join(project, "components/score/score.yml");
    const component = await registerAssetFile(alice, file, { env: "dev", root: CORPUS_ROOT });
    const spec = (
      await alice.workspace("dev").versions("components", "uci_heart_score").get(component.version)
    ).properties.componentSpec as Record<string, unknown>;
    assert.equal(spec.environment, `azureml:xgboost-sklearn-py38:${env.version}`);
    // The request re-reads the file (no version, `@latest`) and must find the digest registration recorded.
    const request = await requestPromotion(
      alice,
      { kind: "component", name: "uci_heart_score", version: component.version },
      world.policy,
      { justification: "corpus", file },
    );
    assert.equal(request.digest, component.digest);
  });

  test("labels: only latest resolves, a label with no version behind it is refused, nothing is created", async () => {
    const component = (env: string) =>
      `$schema: https://azuremlschemas.azureedge.net/latest/commandComponent.schema.json\nname: labelled\nenvironment: ${env}\ncommand: echo hi\n`;
    const scratch = await makeScratch({
      "unresolved.yml": component("azureml:never-registered@latest"),
      "unsupported.yml": component("azureml:xgboost-sklearn-py38@stable"),
    });
    try {
      for (const [file, code] of [
        ["unresolved.yml", "ASSET_LABEL_UNRESOLVED"],
        ["unsupported.yml", "ASSET_LABEL_UNSUPPORTED"],
      ] as const) {
        await assert.rejects(
          registerAssetFile(alice, path.join(scratch.project, file), { env: "dev", root: scratch.project }),
          (error: unknown) => error instanceof AirlockError && error.code === code,
        );
      }
      const created = await getOrUndefined(() =>
        alice.workspace("dev").containers("components").get("labelled"),
      );
      assert.equal(created, undefined);
    } finally {
      await scratch.cleanup();
    }
  });

  test("the curated registry: a floating label is fine in dev (as az ml sends it), prod takes only a pinned version", async () => {
    const load = async (env: string) => {
      const scratch = await makeScratch({
        "c.yml": `$schema: https://azuremlschemas.azureedge.net/latest/commandComponent.schema.json\nname: curated\nversion: "1"\nenvironment: ${env}\ncommand: echo hi\n`,
      });
      try {
        const asset = await loadAssetFile(path.join(scratch.project, "c.yml"));
        assert.ok(asset.kind === "component");
        return asset;
      } finally {
        await scratch.cleanup();
      }
    };
    const floating = await load("azureml://registries/azureml/environments/sklearn-1.5/labels/latest");
    const pinned = await load("azureml://registries/azureml/environments/sklearn-1.5/versions/12");
    assert.deepEqual(await missingComponentDependencies(alice, floating, { env: "dev" }), []);
    assert.deepEqual(await missingComponentDependencies(alice, pinned, { env: "prod" }), []);
    const missing = await missingComponentDependencies(alice, floating, { env: "prod" });
    assert.equal(missing.length, 1);
    assert.match(missing[0]!, /pin a version/);
  });

  test("a recorded label resolution is taken only for the file's own label (a property cannot swap the environment)", async () => {
    const scratch = await makeScratch({
      "c.yml": `$schema: https://azuremlschemas.azureedge.net/latest/commandComponent.schema.json\nname: c\nenvironment: azureml:xgboost-sklearn-py38@latest\ncommand: echo hi\n`,
    });
    try {
      const asset = await loadAssetFile(path.join(scratch.project, "c.yml"));
      assert.ok(asset.kind === "component" && "reference" in asset.environment);
      const own = asRegistered(asset, "3", { [PROP.resolvedEnvironment]: "azureml:xgboost-sklearn-py38:2" });
      assert.ok("reference" in own.environment);
      assert.deepEqual([own.version, own.environment.written], ["3", "azureml:xgboost-sklearn-py38:2"]);
      const swapped = asRegistered(asset, "3", { [PROP.resolvedEnvironment]: "azureml:mallory-env:1" });
      assert.ok("reference" in swapped.environment);
      assert.equal(swapped.environment.written, "azureml:xgboost-sklearn-py38@latest");
    } finally {
      await scratch.cleanup();
    }
  });

  test("a version registered by reference cannot be requested: no digest binds its bytes", async () => {
    const file = path.join(CORPUS_ROOT, "assets/data/cloud-file.yml");
    const registered = await registerAssetFile(alice, file, { env: "dev", root: CORPUS_ROOT });
    assert.equal(registered.binding, "reference");
    await assert.rejects(
      requestPromotion(
        alice,
        { kind: "data", name: registered.name, version: registered.version },
        world.policy,
        {
          justification: "by reference",
        },
      ),
      (error: unknown) => error instanceof AirlockError && error.code === "SOURCE_NOT_DIGESTED",
    );
  });
});

/** The version as the twin holds it, plus what it points at (code files, the anonymous environment). */
async function readBack(
  entry: CorpusEntry,
  result: RegisterResult,
): Promise<{ version: Record<string, unknown>; extra: Record<string, unknown> }> {
  const version = (await alice
    .workspace("dev")
    .versions(ARM_KIND[entry.kind], result.name)
    .get(result.version)) as unknown as { properties: Record<string, unknown> };
  const extra: Record<string, unknown> = {};
  const spec = version.properties.componentSpec as Record<string, unknown> | undefined;
  if (spec) {
    if (typeof spec.code === "string") {
      const code = await alice
        .workspace("dev")
        .versions("codes", codeName(spec.code))
        .get(codeVersion(spec.code));
      extra.codeFiles = await blobFiles(String((code.properties as { codeUri: string }).codeUri));
    }
    const env = String(spec.environment);
    const anonymous = /^azureml:CliV2AnonymousEnvironment:([0-9a-f]{32})$/.exec(env);
    if (anonymous) {
      const found = await getOrUndefined(() =>
        alice.workspace("dev").versions("environments", "CliV2AnonymousEnvironment").get(anonymous[1]!),
      );
      extra.anonymousEnvironment = found?.properties;
    }
  }
  return { version: version.properties, extra };
}

function codeName(id: string): string {
  return /\/codes\/([^/]+)\/versions\//.exec(id)![1]!;
}
function codeVersion(id: string): string {
  return /\/versions\/([^/]+)$/.exec(id)![1]!;
}

/** The files under an uploaded folder, relative to it. */
async function blobFiles(uri: string): Promise<string[]> {
  const prefix = /\/paths\/(.+)$/.exec(uri)![1]!.replace(/\/?$/, "/");
  const container = await alice.datastoreContainer("dev");
  const files: string[] = [];
  for await (const blob of container.listBlobsFlat({ prefix })) files.push(blob.name.slice(prefix.length));
  return files.sort();
}

function compare(entry: CorpusEntry, outcome: Outcome): string[] {
  const expect = entry.expect;
  if (expect.outcome === "refused") {
    if (outcome.result) return [`registered as ${outcome.result.version}, expected refused (${expect.code})`];
    return outcome.error?.code === expect.code
      ? []
      : [`refused with ${outcome.error?.code}: ${outcome.error?.message}, expected ${expect.code}`];
  }
  if (!outcome.result) return [`refused with ${outcome.error?.code}: ${outcome.error?.message}`];
  const read = bodies.get(entry.file)!;
  const actual = read.version;
  const want = expect.body;
  const problems: string[] = [];
  const check = (field: string, got: unknown, wanted: unknown) => {
    try {
      assert.deepStrictEqual(got, wanted);
    } catch {
      problems.push(`${field}: ${JSON.stringify(got)} ≠ az ml's ${JSON.stringify(wanted)}`);
    }
  };
  const version = want.version === "auto" ? "1" : want.version;
  check("name", outcome.result.name, want.name);
  check("version", outcome.result.version, version);
  check("description", actual.description ?? "", want.description);
  check("tags", actual.tags ?? {}, want.tags);
  const properties = (actual.properties ?? {}) as Record<string, string>;
  check(
    "properties (the file's own)",
    Object.fromEntries(Object.entries(properties).filter(([key]) => !key.startsWith("airlock."))),
    want.properties,
  );
  const kind: AssetKind = entry.kind;
  if (kind === "model" || kind === "data") {
    const uri = actual[kind === "model" ? "modelUri" : "dataUri"];
    check(
      kind === "model" ? "modelType" : "dataType",
      actual[kind === "model" ? "modelType" : "dataType"],
      want[kind === "model" ? "modelType" : "dataType"],
    );
    if (want.binding === "reference") {
      check("uri (by reference)", uri, want.uri);
      check("binding", [properties[PROP.binding], properties[PROP.digest]], ["reference", undefined]);
    } else {
      check(
        "uri (uploaded to the workspace datastore)",
        /\/datastores\/workspaceblobstore\/paths\/LocalUpload\//.test(String(uri)),
        true,
      );
      check("digest", /^sha256:[0-9a-f]{64}$/.test(properties[PROP.digest] ?? ""), true);
    }
  }
  if (kind === "environment") compareEnvironment("", actual, want, check);
  if (kind === "component") {
    const spec = actual.componentSpec as Record<string, unknown>;
    const wantSpec = want.componentSpec as Record<string, unknown>;
    for (const key of [
      "name",
      "display_name",
      "type",
      "command",
      "inputs",
      "outputs",
      "resources",
      "distribution",
    ]) {
      check(`componentSpec.${key}`, spec[key], wantSpec[key]);
    }
    check("componentSpec.version", spec.version, version);
    check(
      "componentSpec has no additional_includes (they are in the code)",
      "additional_includes" in spec,
      false,
    );
    const env = wantSpec.environment as
      | string
      | { latestOf: string }
      | { anonymous: Record<string, unknown> };
    if (typeof env === "string") check("componentSpec.environment", spec.environment, env);
    else if ("latestOf" in env) {
      check("componentSpec.environment (@latest resolved)", spec.environment, `azureml:${env.latestOf}:1`);
      check("resolved label recorded", properties[PROP.resolvedEnvironment], `azureml:${env.latestOf}:1`);
    } else {
      const anonymous = read.extra.anonymousEnvironment as Record<string, unknown> | undefined;
      check("componentSpec.environment (anonymous environment version)", anonymous !== undefined, true);
      if (anonymous) {
        check("anonymous environment isAnonymous", anonymous.isAnonymous, true);
        compareEnvironment("anonymous environment ", anonymous, env.anonymous, check);
      }
    }
    if (wantSpec.codeFiles) check("code snapshot files", read.extra.codeFiles, wantSpec.codeFiles);
    check("digest", /^sha256:[0-9a-f]{64}$/.test(properties[PROP.digest] ?? ""), true);
  }
  return problems;
}

function compareEnvironment(
  label: string,
  actual: Record<string, unknown>,
  want: Record<string, unknown>,
  check: (field: string, got: unknown, wanted: unknown) => void,
): void {
  check(`${label}osType`, actual.osType, want.osType);
  check(`${label}image`, actual.image, want.image);
  // az ml re-serialises the conda YAML; the content, not its formatting, is what must match.
  check(
    `${label}condaFile`,
    typeof actual.condaFile === "string" ? parse(actual.condaFile) : actual.condaFile,
    want.condaFile,
  );
  const build = actual.build as { contextUri?: string; dockerfilePath?: string } | undefined;
  const wantBuild = want.build as { dockerfilePath: string } | undefined;
  check(
    `${label}build`,
    build
      ? {
          uploaded: /\/paths\/LocalUpload\//.test(build.contextUri ?? ""),
          dockerfilePath: build.dockerfilePath,
        }
      : undefined,
    wantBuild ? { uploaded: true, dockerfilePath: wantBuild.dockerfilePath } : undefined,
  );
}
