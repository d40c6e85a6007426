/**
 * The bad-input corpus: every file here must be refused with an InputError whose message names the file and
 * the offending field, with a stable code, and every problem of a file reported in one error.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { describe, test } from "node:test";
import { type AssetKind, assertPromotable, loadAssetFile } from "../../src/assets/index.ts";
import { ExitCode, InputError } from "../../src/errors.ts";
import { makeScratch, type ScratchEntry } from "./fixture.ts";

const SCHEMA = "https://azuremlschemas.azureedge.net/latest";
const model = (body: string) => `$schema: ${SCHEMA}/model.schema.json\n${body}`;
const data = (body: string) => `$schema: ${SCHEMA}/data.schema.json\n${body}`;
const env = (body: string) => `$schema: ${SCHEMA}/environment.schema.json\nname: e\nversion: "1"\n${body}`;
const component = (body: string) =>
  `$schema: ${SCHEMA}/commandComponent.schema.json\ntype: command\nname: c\nversion: "1"\ncode: src\n${body}`;
const componentEnv = "environment: azureml:taxi-env-conda:1\n";

interface BadCase {
  name: string;
  yaml: string;
  files?: Record<string, ScratchEntry>;
  code: string;
  /** The field the message must name ("" = the file as a whole). */
  field: string;
  message?: RegExp;
  kind?: AssetKind;
  /** Where the YAML sits inside the project (default asset.yml). */
  at?: string;
  root?: string;
}

const modelFiles = { "model/weights.bin": "w" };
const codeFiles = { "src/run.py": "print('hi')\n" };

const cases: BadCase[] = [
  // YAML and file shape
  {
    name: "malformed YAML",
    yaml: "name: [m\nversion: 1\n",
    code: "ASSET_YAML_INVALID",
    field: "",
    message: /not valid YAML/,
  },
  {
    name: "duplicate key",
    yaml: model('name: m\nname: n\nversion: "1"\npath: model\n'),
    files: modelFiles,
    code: "ASSET_YAML_INVALID",
    field: "",
    message: /unique/,
  },
  {
    name: "a list instead of a mapping",
    yaml: "- name: m\n",
    code: "ASSET_INVALID",
    field: "",
    message: /mapping/,
  },
  { name: "empty file", yaml: "", code: "ASSET_INVALID", field: "", message: /mapping/ },
  {
    name: "unsupported $schema",
    yaml: `$schema: ${SCHEMA}/commandJob.schema.json\nname: j\n`,
    code: "ASSET_KIND_UNKNOWN",
    field: "$schema",
  },
  {
    name: "no $schema and no telling shape",
    yaml: 'name: m\nversion: "1"\npath: model\n',
    files: modelFiles,
    code: "ASSET_KIND_UNKNOWN",
    field: "",
    message: /add \$schema/,
  },
  {
    name: "kind requested differs from $schema",
    yaml: model('name: m\nversion: "1"\npath: model\n'),
    files: modelFiles,
    kind: "data",
    code: "ASSET_KIND_MISMATCH",
    field: "$schema",
  },
  // unknown fields, missing fields, wrong types
  {
    name: "unknown field (v1 key model_uri)",
    yaml: model('name: m\nversion: "1"\npath: model\nmodel_uri: x\n'),
    files: modelFiles,
    code: "ASSET_UNKNOWN_FIELD",
    field: "model_uri",
    message: /unknown key/,
  },
  {
    name: "missing name",
    yaml: model('version: "1"\npath: model\n'),
    files: modelFiles,
    code: "ASSET_INVALID",
    field: "name",
    message: /missing/,
  },
  {
    name: "empty version (a missing one is resolved at registration; an empty one is a mistake)",
    yaml: model("name: m\nversion:\npath: model\n"),
    files: modelFiles,
    code: "ASSET_VERSION_INVALID",
    field: "version",
    message: /is empty/,
  },
  {
    name: "version is an unfilled template placeholder",
    yaml: model("name: m\nversion: {{MODEL_VERSION}}\npath: model\n"),
    files: modelFiles,
    code: "ASSET_VERSION_INVALID",
    field: "version",
    message: /template placeholder/,
  },
  {
    name: "version is an unfilled <VERSION> placeholder",
    yaml: model("name: m\nversion: 1-<VERSION>\npath: model\n"),
    files: modelFiles,
    code: "ASSET_VERSION_INVALID",
    field: "version",
    message: /template placeholder/,
  },
  {
    name: "missing path",
    yaml: model('name: m\nversion: "1"\n'),
    code: "ASSET_INVALID",
    field: "path",
    message: /missing/,
  },
  {
    name: "version is a list",
    yaml: model("name: m\nversion: [1]\npath: model\n"),
    files: modelFiles,
    code: "ASSET_VERSION_INVALID",
    field: "version",
  },
  {
    name: "name is a number",
    yaml: model('name: 12\nversion: "1"\npath: model\n'),
    files: modelFiles,
    code: "ASSET_INVALID",
    field: "name",
  },
  {
    name: "unknown model type",
    yaml: model('name: m\nversion: "1"\npath: model\ntype: sklearn_model\n'),
    files: modelFiles,
    code: "ASSET_INVALID",
    field: "type",
    message: /custom_model/,
  },
  {
    name: "tags is a list",
    yaml: model('name: m\nversion: "1"\npath: model\ntags: [a, b]\n'),
    files: modelFiles,
    code: "ASSET_INVALID",
    field: "tags",
  },
  {
    name: "tag value is a mapping",
    yaml: model('name: m\nversion: "1"\npath: model\ntags:\n  a: {b: c}\n'),
    files: modelFiles,
    code: "ASSET_INVALID",
    field: "tags.a",
  },
  // names and versions
  {
    name: "name with a space",
    yaml: model('name: taxi fare\nversion: "1"\npath: model\n'),
    files: modelFiles,
    code: "ASSET_NAME_INVALID",
    field: "name",
  },
  {
    name: "name with a dot",
    yaml: model('name: taxi.fare\nversion: "1"\npath: model\n'),
    files: modelFiles,
    code: "ASSET_NAME_INVALID",
    field: "name",
  },
  {
    name: "name starting with '-'",
    yaml: model('name: -taxi\nversion: "1"\npath: model\n'),
    files: modelFiles,
    code: "ASSET_NAME_INVALID",
    field: "name",
  },
  {
    name: "name of 256 characters",
    yaml: model(`name: ${"a".repeat(256)}\nversion: "1"\npath: model\n`),
    files: modelFiles,
    code: "ASSET_NAME_INVALID",
    field: "name",
    message: /255/,
  },
  {
    name: "empty version",
    yaml: model('name: m\nversion: ""\npath: model\n'),
    files: modelFiles,
    code: "ASSET_VERSION_INVALID",
    field: "version",
    message: /empty/,
  },
  {
    name: "whitespace version",
    yaml: model('name: m\nversion: "  "\npath: model\n'),
    files: modelFiles,
    code: "ASSET_VERSION_INVALID",
    field: "version",
  },
  {
    name: "version with a slash",
    yaml: model('name: m\nversion: "1/2"\npath: model\n'),
    files: modelFiles,
    code: "ASSET_VERSION_INVALID",
    field: "version",
    message: /slash/,
  },
  {
    name: "version with inner space",
    yaml: model('name: m\nversion: "1 0"\npath: model\n'),
    files: modelFiles,
    code: "ASSET_VERSION_INVALID",
    field: "version",
    message: /whitespace/,
  },
  {
    name: "version with a colon",
    yaml: model('name: m\nversion: "1:0"\npath: model\n'),
    files: modelFiles,
    code: "ASSET_VERSION_INVALID",
    field: "version",
  },
  // local paths
  {
    name: "path escaping with ..",
    yaml: model('name: m\nversion: "1"\npath: ../outside\n'),
    code: "ASSET_PATH_ESCAPES",
    field: "path",
    message: /outside the asset folder/,
  },
  {
    name: "absolute path",
    yaml: model('name: m\nversion: "1"\npath: /etc\n'),
    code: "ASSET_PATH_ESCAPES",
    field: "path",
    message: /absolute/,
  },
  {
    name: "home-relative path",
    yaml: model('name: m\nversion: "1"\npath: ~/model\n'),
    code: "ASSET_PATH_ESCAPES",
    field: "path",
  },
  {
    name: "path escaping through a deep ..",
    yaml: model('name: m\nversion: "1"\npath: model/../../outside/secret.txt\n'),
    files: modelFiles,
    code: "ASSET_PATH_ESCAPES",
    field: "path",
  },
  {
    name: "symlink pointing outside",
    yaml: model('name: m\nversion: "1"\npath: link\n'),
    files: { link: { symlink: "../outside" } },
    code: "ASSET_PATH_ESCAPES",
    field: "path",
    message: /symlink/,
  },
  {
    name: "folder holding a symlink that escapes",
    yaml: model('name: m\nversion: "1"\npath: model\n'),
    files: { "model/w.bin": "w", "model/leak.txt": { symlink: "../../outside/secret.txt" } },
    code: "ASSET_PATH_ESCAPES",
    field: "path",
    message: /leak\.txt/,
  },
  {
    name: "missing local path",
    yaml: model('name: m\nversion: "1"\npath: nowhere\n'),
    code: "ASSET_FILE_MISSING",
    field: "path",
    message: /does not exist/,
  },
  {
    name: "dangling symlink",
    yaml: model('name: m\nversion: "1"\npath: model\n'),
    files: { "model/w.bin": "w", "model/gone": { symlink: "missing.bin" } },
    code: "ASSET_FILE_MISSING",
    field: "path",
  },
  {
    name: "empty folder",
    yaml: model('name: m\nversion: "1"\npath: model\n'),
    files: { model: { folder: true } },
    code: "ASSET_FILE_MISSING",
    field: "path",
    message: /empty folder/,
  },
  // remote paths and references (errata 2 and 4)
  {
    name: "errata 2 malformed registry reference as model path",
    yaml: model('name: m\nversion: "1"\npath: azureml://registries/amlregdevcc01/models/taxi-fare-model:1\n'),
    code: "ASSET_REFERENCE_INVALID",
    field: "path",
    message: /did you mean/,
  },
  {
    name: "workspace short reference as model path",
    yaml: model('name: m\nversion: "1"\npath: azureml:taxi-fare-model:1\n'),
    code: "ASSET_REFERENCE_INVALID",
    field: "path",
    message: /does not accept/,
  },
  {
    name: "model path pointing at an environment",
    yaml: model(
      'name: m\nversion: "1"\npath: azureml://registries/amlregdevcc01/environments/e/versions/1\n',
    ),
    code: "ASSET_REFERENCE_INVALID",
    field: "path",
    message: /environments/,
  },
  {
    name: "unsupported URI scheme",
    yaml: model('name: m\nversion: "1"\npath: s3://bucket/model\n'),
    code: "ASSET_INVALID",
    field: "path",
    message: /s3/,
  },
  {
    name: "plain http to a remote host",
    yaml: model('name: m\nversion: "1"\npath: http://example.com/model.bin\n'),
    code: "ASSET_INVALID",
    field: "path",
    message: /https/,
  },
  // data
  {
    name: "unknown data type",
    yaml: data('name: d\nversion: "1"\ntype: uri_files\npath: f.csv\n'),
    files: { "f.csv": "a\n" },
    code: "ASSET_INVALID",
    field: "type",
  },
  {
    name: "uri_file pointing at a folder",
    yaml: data('name: d\nversion: "1"\ntype: uri_file\npath: folder\n'),
    files: { "folder/f.csv": "a\n" },
    code: "ASSET_INVALID",
    field: "path",
    message: /folder/,
  },
  {
    name: "uri_folder pointing at a file",
    yaml: data('name: d\nversion: "1"\ntype: uri_folder\npath: f.csv\n'),
    files: { "f.csv": "a\n" },
    code: "ASSET_INVALID",
    field: "path",
    message: /file/,
  },
  {
    name: "unknown data class",
    yaml: data('name: d\nversion: "1"\npath: f\ntags:\n  data_type: test\n'),
    files: { "f/a.csv": "a\n" },
    code: "ASSET_INVALID",
    field: "tags.data_type",
    message: /validation/,
  },
  {
    name: "datastore reference with '..'",
    yaml: data('name: d\nversion: "1"\npath: azureml://datastores/workspaceblobstore/paths/../x\n'),
    code: "ASSET_REFERENCE_INVALID",
    field: "path",
  },
  // environments
  {
    name: "both image and build",
    yaml: env("image: python:3.11-slim\nbuild:\n  path: ctx\n"),
    files: { "ctx/Dockerfile": "FROM python\n" },
    code: "ASSET_INVALID",
    field: "build",
    message: /not both/,
  },
  {
    name: "neither image nor build",
    yaml: env("os_type: linux\n"),
    code: "ASSET_INVALID",
    field: "",
    message: /image or build/,
  },
  {
    name: "conda_file without an image",
    yaml: env("build:\n  path: ctx\nconda_file: conda.yml\n"),
    files: { "ctx/Dockerfile": "FROM python\n", "conda.yml": "name: x\n" },
    code: "ASSET_INVALID",
    field: "conda_file",
  },
  {
    name: "missing conda file",
    yaml: env("image: python:3.11-slim\nconda_file: conda.yml\n"),
    code: "ASSET_FILE_MISSING",
    field: "conda_file",
  },
  {
    name: "build context escaping",
    yaml: env("build:\n  path: ../outside\n"),
    code: "ASSET_PATH_ESCAPES",
    field: "build.path",
  },
  {
    name: "missing Dockerfile",
    yaml: env("build:\n  path: ctx\n"),
    files: { "ctx/requirements.txt": "x\n" },
    code: "ASSET_FILE_MISSING",
    field: "build.dockerfile_path",
    message: /Dockerfile/,
  },
  {
    name: "dockerfile_path escaping the context",
    yaml: env("build:\n  path: ctx\n  dockerfile_path: ../../outside/Dockerfile\n"),
    files: { "ctx/Dockerfile": "FROM python\n" },
    code: "ASSET_PATH_ESCAPES",
    field: "build.dockerfile_path",
  },
  {
    name: "unknown os_type",
    yaml: env("image: python:3.11-slim\nos_type: macos\n"),
    code: "ASSET_INVALID",
    field: "os_type",
  },
  {
    name: "inference port out of range",
    yaml: env("image: python:3.11-slim\ninference_config:\n  scoring_route: {path: /score, port: 70000}\n"),
    code: "ASSET_INVALID",
    field: "inference_config.scoring_route.port",
  },
  {
    name: "not an image reference",
    yaml: env('image: "Not An Image"\n'),
    code: "ASSET_INVALID",
    field: "image",
  },
  // command components
  {
    name: "command uses an undeclared input",
    yaml: component(
      `${componentEnv}inputs:\n  data: {type: uri_folder}\ncommand: python run.py --data \${{inputs.data}} --lr \${{inputs.learning_rate}}\n`,
    ),
    files: codeFiles,
    code: "ASSET_INVALID",
    field: "command",
    message: /learning_rate.*not declared/,
  },
  {
    name: "command uses an undeclared output",
    yaml: component(`${componentEnv}command: python run.py --out \${{outputs.model}}\n`),
    files: codeFiles,
    code: "ASSET_INVALID",
    field: "command",
    message: /output 'model'/,
  },
  {
    name: "command uses a job-only expression",
    yaml: component(`${componentEnv}command: python run.py --lr \${{search_space.lr}}\n`),
    files: codeFiles,
    code: "ASSET_INVALID",
    field: "command",
    message: /search_space/,
  },
  {
    name: "errata 2 malformed environment reference",
    yaml: component(
      "environment: azureml://registries/amlregdevcc01/environments/inference-env:1.0\ncommand: python run.py\n",
    ),
    files: codeFiles,
    code: "ASSET_REFERENCE_INVALID",
    field: "environment",
    message: /inference-env\/versions\/1\.0/,
  },
  {
    name: "environment reference to a model",
    yaml: component(
      "environment: azureml://registries/amlregdevcc01/models/m/versions/1\ncommand: python run.py\n",
    ),
    files: codeFiles,
    code: "ASSET_REFERENCE_INVALID",
    field: "environment",
  },
  {
    name: "environment reference without a version",
    yaml: component("environment: azureml:taxi-env-conda\ncommand: python run.py\n"),
    files: codeFiles,
    code: "ASSET_REFERENCE_INVALID",
    field: "environment",
    message: /@latest/,
  },
  {
    name: "missing command",
    yaml: component(componentEnv),
    files: codeFiles,
    code: "ASSET_INVALID",
    field: "command",
  },
  {
    name: "pipeline type",
    yaml: component(`${componentEnv}command: python run.py\n`).replace("type: command", "type: pipeline"),
    files: codeFiles,
    code: "ASSET_INVALID",
    field: "type",
  },
  {
    name: "unknown input type",
    yaml: component(`${componentEnv}inputs:\n  lr: {type: int}\ncommand: python run.py \${{inputs.lr}}\n`),
    files: codeFiles,
    code: "ASSET_INVALID",
    field: "inputs.lr.type",
  },
  {
    name: "default of the wrong type",
    yaml: component(
      `${componentEnv}inputs:\n  epochs: {type: integer, default: ten}\ncommand: python run.py \${{inputs.epochs}}\n`,
    ),
    files: codeFiles,
    code: "ASSET_INVALID",
    field: "inputs.epochs.default",
  },
  {
    name: "port name with a dash",
    yaml: component(`${componentEnv}inputs:\n  learning-rate: {type: number}\ncommand: python run.py\n`),
    files: codeFiles,
    code: "ASSET_INVALID",
    field: "inputs.learning-rate",
  },
  {
    name: "code escaping the project",
    yaml: component(`${componentEnv}command: python run.py\n`).replace("code: src", "code: ../../outside"),
    code: "ASSET_PATH_ESCAPES",
    field: "code",
  },
  {
    name: "code is a file",
    yaml: component(`${componentEnv}command: python run.py\n`).replace("code: src", "code: src/run.py"),
    files: codeFiles,
    code: "ASSET_INVALID",
    field: "code",
    message: /folder/,
  },
  {
    name: "zero instances",
    yaml: component(`${componentEnv}command: python run.py\nresources:\n  instance_count: 0\n`),
    files: codeFiles,
    code: "ASSET_INVALID",
    field: "resources.instance_count",
  },
  {
    name: "additional_includes leading outside the asset folder",
    yaml: component(`${componentEnv}command: python run.py\nadditional_includes: [../x]\n`),
    files: codeFiles,
    code: "ASSET_PATH_ESCAPES",
    field: "additional_includes.0",
  },
  {
    name: "component in a subfolder reaching ../src without a wider root",
    yaml: component(`${componentEnv}command: python run.py\n`).replace("code: src", "code: ../src"),
    at: "components/c.yml",
    files: codeFiles,
    code: "ASSET_PATH_ESCAPES",
    field: "code",
    message: /outside the asset folder/,
  },
];

describe("bad asset corpus", () => {
  test("has at least 40 bad files", () => assert.ok(cases.length >= 40, `${cases.length} cases`));

  for (const badCase of cases) {
    test(`${badCase.name} → ${badCase.code} at ${badCase.field || "(file)"}`, async () => {
      const at = badCase.at ?? "asset.yml";
      const scratch = await makeScratch({ ...badCase.files, [at]: badCase.yaml });
      try {
        const file = path.join(scratch.project, at);
        await assert.rejects(
          loadAssetFile(file, { kind: badCase.kind, root: badCase.root }),
          (error: unknown) => {
            assertNamesFileAndField(error, path.basename(file), badCase.field, badCase.code);
            if (badCase.message) assert.match((error as Error).message, badCase.message);
            return true;
          },
        );
      } finally {
        await scratch.cleanup();
      }
    });
  }

  test("every problem in one file is reported together, with lines", async () => {
    const scratch = await makeScratch({
      "asset.yml": model('name: "taxi fare"\nversion: "1/0"\npath: ../outside\nmodel_format: custom\n'),
    });
    try {
      await assert.rejects(loadAssetFile(path.join(scratch.project, "asset.yml")), (error: unknown) => {
        assert.ok(error instanceof InputError);
        assert.equal(error.code, "ASSET_INVALID");
        const problems = error.details?.problems as Array<{ field: string; code: string; line?: number }>;
        assert.deepEqual(problems.map((p) => [p.field, p.code, p.line]).sort(), [
          ["model_format", "ASSET_UNKNOWN_FIELD", 5],
          ["name", "ASSET_NAME_INVALID", 2],
          ["path", "ASSET_PATH_ESCAPES", 4],
          ["version", "ASSET_VERSION_INVALID", 3],
        ]);
        assert.match(error.message, /asset\.yml: 4 problems/);
        assert.match(error.message, /name \(line 2\)/);
        return true;
      });
    } finally {
      await scratch.cleanup();
    }
  });

  test("a missing asset file", async () => {
    await assert.rejects(loadAssetFile("/nonexistent/airlock/model.yml"), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.equal(error.code, "ASSET_FILE_MISSING");
      assert.match(error.message, /model\.yml/);
      return true;
    });
  });

  test("an asset file outside the given root", async () => {
    const scratch = await makeScratch({
      "asset.yml": model('name: m\nversion: "1"\npath: model\n'),
      ...modelFiles,
    });
    try {
      await assert.rejects(
        loadAssetFile(path.join(scratch.project, "asset.yml"), { root: scratch.outside }),
        (error: unknown) =>
          error instanceof InputError &&
          error.code === "ASSET_PATH_ESCAPES" &&
          /asset\.yml/.test(error.message),
      );
    } finally {
      await scratch.cleanup();
    }
  });

  for (const [label, tags] of [
    ["training data", "tags:\n  data_type: training\n"],
    ["untagged data", ""],
  ] as const) {
    test(`${label} is not promotable: InputError naming the file and tags.data_type`, async () => {
      const scratch = await makeScratch({
        "training.yml": data(`name: taxi-training\nversion: "1"\npath: rows\n${tags}`),
        "rows/a.csv": "x\n",
      });
      try {
        const asset = await loadAssetFile(path.join(scratch.project, "training.yml"));
        assert.throws(
          () => assertPromotable(asset),
          (error: unknown) => {
            assertNamesFileAndField(error, "training.yml", "tags.data_type", "ASSET_NOT_PROMOTABLE");
            assert.match((error as Error).message, /training data never leaves dev/);
            return true;
          },
        );
      } finally {
        await scratch.cleanup();
      }
    });
  }
});

function assertNamesFileAndField(error: unknown, fileName: string, field: string, code: string): void {
  assert.ok(error instanceof InputError, `expected InputError, got ${String(error)}`);
  assert.equal(error.exitCode, ExitCode.invalidInput);
  assert.ok(error.message.includes(fileName), `message should name ${fileName}: ${error.message}`);
  const problems = (error.details?.problems as Array<{ field: string; code: string }> | undefined) ?? [
    { field: String(error.details?.field ?? ""), code: error.code },
  ];
  const problem = problems.find((p) => p.field === field);
  assert.ok(problem, `expected a problem at ${field || "(file)"}: ${error.message}`);
  assert.equal(problem.code, code, error.message);
  assert.ok(
    error.message.includes(field ? `${field}` : "(file)"),
    `message should name ${field}: ${error.message}`,
  );
}
