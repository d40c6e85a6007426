/**
 * The taxi-fare example: train.py produces a sane model, score.py scores the validation rows through init/run,
 * and every example YAML loads, validates and turns into an ARM body. Runs on a copy of the example so the
 * repository tree is never written.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import {
  type AssetDefinition,
  dataClass,
  digestPath,
  loadAssetFile,
  promotability,
  toArmBody,
} from "../../src/assets/index.ts";
import { REPO_ROOT } from "../helpers/cli.ts";
import { python3 } from "./fixture.ts";

const EXAMPLE = path.join(REPO_ROOT, "examples", "taxi-fare");
const PYTHON_ENV = { ...process.env, PYTHONDONTWRITEBYTECODE: "1" };
/** The real interpreter, resolved in before(). */
let interpreter = "python3";

function python(args: string[], options: { cwd: string; input?: string; env?: NodeJS.ProcessEnv }) {
  const result = spawnSync(interpreter, args, {
    cwd: options.cwd,
    input: options.input,
    env: options.env ?? PYTHON_ENV,
    encoding: "utf8",
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("examples/taxi-fare", () => {
  let work: string;
  let project: string;
  before(async () => {
    interpreter = await python3();
    work = await mkdtemp(path.join(tmpdir(), "airlock-taxi-"));
    project = path.join(work, "taxi-fare");
    await cp(EXAMPLE, project, {
      recursive: true,
      filter: (source) => !/(^|\/)(model|__pycache__)$|metrics\.json$/.test(source.slice(EXAMPLE.length)),
    });
    const trained = python(["src/train.py"], { cwd: project });
    assert.equal(trained.code, 0, trained.stderr);
  });
  after(async () => {
    await rm(work, { recursive: true, force: true });
  });

  test("train.py writes model/model.json and metrics.json with a sane held-out error", async () => {
    const model = JSON.parse(await readFile(path.join(project, "model", "model.json"), "utf8"));
    const metrics = JSON.parse(await readFile(path.join(project, "metrics.json"), "utf8"));
    assert.equal(model.format, "taxi-fare-linear/1");
    assert.equal(model.feature_names.length, model.coefficients.length);
    assert.equal(model.means.length, model.scales.length);
    assert.equal(metrics.holdout.rows, 600);
    assert.ok(metrics.holdout.rmse > 0.5 && metrics.holdout.rmse < 2.5, `RMSE ${metrics.holdout.rmse}`);
    assert.ok(metrics.holdout.mae < metrics.holdout.rmse);
    assert.ok(metrics.holdout.r2 > 0.9, `R² ${metrics.holdout.r2}`);
    // The fare rises with distance: the model learned the tariff's direction.
    assert.ok(model.coefficients[model.feature_names.indexOf("trip_distance")] > 0);
  });

  test("training is deterministic: a second run writes identical bytes", async () => {
    const first = await digestPath(path.join(project, "model"));
    const again = python(["src/train.py", "--model-dir", path.join(work, "again"), "--metrics-dir", work], {
      cwd: project,
    });
    assert.equal(again.code, 0, again.stderr);
    const second = await digestPath(path.join(work, "again"));
    assert.equal(second.digest, first.digest);
  });

  test("score.py init/run scores the validation rows close to their expected fares", async () => {
    const script = [
      "import csv, json, sys",
      "sys.path.insert(0, 'src')",
      "import score",
      "score.init()",
      "rows = list(csv.DictReader(open('data/validation/validation.csv')))",
      "request = {'data': [{k: v for k, v in r.items() if k != 'fare_amount'} for r in rows]}",
      "out = score.run(json.dumps(request))",
      "alt = score.run({'input_data': {'columns': list(request['data'][0]), 'data': [list(r.values()) for r in request['data'][:3]]}})",
      "print(json.dumps({'predictions': out['predictions'], 'expected': [float(r['fare_amount']) for r in rows], 'alt': alt['predictions']}))",
    ].join("\n");
    // Azure puts the registered folder under AZUREML_MODEL_DIR: give it the parent so init() must search.
    const result = python(["-c", script], {
      cwd: project,
      env: { ...PYTHON_ENV, AZUREML_MODEL_DIR: project },
    });
    assert.equal(result.code, 0, result.stderr);
    const { predictions, expected, alt } = JSON.parse(result.stdout) as Record<string, number[]>;
    assert.equal(predictions!.length, 40);
    const rmse = Math.sqrt(
      predictions!.reduce((sum, p, i) => sum + (p - expected![i]!) ** 2, 0) / predictions!.length,
    );
    assert.ok(rmse < 3, `validation RMSE ${rmse}`);
    assert.deepEqual(alt, predictions!.slice(0, 3));
  });

  test("score.py refuses bad requests with a message naming the problem", () => {
    const bad: Array<[string, RegExp]> = [
      ["not json", /not JSON/],
      [JSON.stringify({ rows: [] }), /"data" or "input_data"/],
      [JSON.stringify({ data: [] }), /non-empty list/],
      [JSON.stringify({ data: [{ trip_distance: 1 }] }), /row 1: missing trip_duration_minutes/],
      [
        JSON.stringify({
          data: [
            {
              trip_distance: 1,
              trip_duration_minutes: 5,
              passenger_count: 1,
              pickup_hour: 25,
              pickup_weekday: 1,
            },
          ],
        }),
        /pickup_hour must be 0-23/,
      ],
    ];
    const script = [
      "import json, sys",
      "sys.path.insert(0, 'src')",
      "import score",
      "score.init()",
      "results = []",
      "for body in json.load(sys.stdin):",
      "    try:",
      "        score.run(body)",
      "        results.append('accepted')",
      "    except ValueError as error:",
      "        results.append(str(error))",
      "print(json.dumps(results))",
    ].join("\n");
    const result = python(["-c", script], {
      cwd: project,
      input: JSON.stringify(bad.map(([body]) => body)),
      env: { ...PYTHON_ENV, AZUREML_MODEL_DIR: path.join(project, "model") },
    });
    assert.equal(result.code, 0, result.stderr);
    const messages = JSON.parse(result.stdout) as string[];
    for (const [i, [, pattern]] of bad.entries()) assert.match(messages[i]!, pattern);
  });

  test("the smoke request matches the validation rows", async () => {
    const request = JSON.parse(
      await readFile(path.join(project, "data/validation/smoke-request.json"), "utf8"),
    );
    assert.equal(request.data.length, 5);
    assert.deepEqual(Object.keys(request.data[0]).sort(), [
      "passenger_count",
      "pickup_hour",
      "pickup_weekday",
      "trip_distance",
      "trip_duration_minutes",
    ]);
  });

  const files: Array<[string, string, string]> = [
    ["model.yml", "model", "taxi-fare-model"],
    ["data/training.yml", "data", "taxi-training"],
    ["data/validation.yml", "data", "taxi-validation"],
    ["environments/conda/environment.yml", "environment", "taxi-env-conda"],
    ["environments/docker/environment.yml", "environment", "taxi-env-docker"],
    ["components/train.yml", "component", "taxi-train"],
    ["components/score.yml", "component", "taxi-score"],
    ["components/transform.yml", "component", "taxi-transform"],
  ];
  for (const [file, kind, name] of files) {
    test(`${file} loads as ${kind} ${name}:1 and builds an ARM body`, async () => {
      const asset: AssetDefinition = await loadAssetFile(path.join(project, file), { root: project });
      assert.equal(asset.kind, kind);
      assert.equal(asset.name, name);
      assert.equal(asset.version, "1");
      const body = toArmBody(asset, {
        uploadedUri: "https://example.invalid/c/x",
        properties: { "airlock.digest": "sha256:0" },
      });
      assert.equal((body.properties.properties as Record<string, string>)["airlock.digest"], "sha256:0");
    });
  }

  test("model and data paths resolve inside the example; the validation set is promotable, training is not", async () => {
    const model = await loadAssetFile(path.join(project, "model.yml"));
    assert.ok(model.kind === "model" && model.path.local && model.path.entry === "folder");
    assert.equal(
      model.kind === "model" && model.path.local && model.path.absolute,
      path.join(project, "model"),
    );
    const validation = await loadAssetFile(path.join(project, "data/validation.yml"));
    const training = await loadAssetFile(path.join(project, "data/training.yml"));
    assert.ok(validation.kind === "data" && training.kind === "data");
    assert.equal(dataClass(validation), "validation");
    assert.deepEqual(promotability(validation), { promotable: true, dataClass: "validation" });
    const verdict = promotability(training);
    assert.equal(verdict.promotable, false);
    assert.match(!verdict.promotable ? verdict.reason : "", /training data never leaves dev/);
  });

  test("components reference the example's environments by workspace reference and code ../src", async () => {
    const train = await loadAssetFile(path.join(project, "components/train.yml"), { root: project });
    assert.ok(train.kind === "component");
    assert.ok("reference" in train.environment);
    assert.deepEqual(train.environment.reference, {
      form: "workspace",
      name: "taxi-env-conda",
      version: "1",
    });
    assert.equal(train.code?.absolute, path.join(project, "src"));
    assert.deepEqual(Object.keys(train.inputs), ["training_data"]);
    assert.deepEqual(Object.keys(train.outputs), ["model", "metrics"]);
  });
});
