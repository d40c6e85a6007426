/**
 * @module test/promotion/bad-inputs
 * Bad asset files for `airlock register`: each a YAML (and the files around it) that must be refused with an
 * InputError naming the file, before anything reaches the workspace. Covers malformed YAML, unknown fields,
 * bad names and versions, malformed azureml:// references (errata item 2), paths escaping the asset folder,
 * missing files, and content `register` cannot bind a digest to.
 */
import type { ScratchEntry } from "../assets/fixture.ts";

const SCHEMA = "https://azuremlschemas.azureedge.net/latest";
const model = (body: string) => `$schema: ${SCHEMA}/model.schema.json\n${body}`;
const data = (body: string) => `$schema: ${SCHEMA}/data.schema.json\n${body}`;
const env = (body: string) =>
  `$schema: ${SCHEMA}/environment.schema.json\nname: bad-env\nversion: "1"\n${body}`;
const component = (body: string, code = "src") =>
  `$schema: ${SCHEMA}/commandComponent.schema.json\ntype: command\nname: bad-comp\nversion: "1"\ncode: ${code}\n${body}`;
const IMAGE = "image: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest\n";

export interface BadAsset {
  name: string;
  yaml: string;
  files?: Record<string, ScratchEntry>;
  /** The InputError code register must fail with. */
  code: string;
  /** Where the YAML sits inside the project (default asset.yml). */
  at?: string;
}

const weights = { "model/weights.bin": "w" };
const rows = { "rows/a.csv": "a\n1\n" };
const code = { "src/run.py": "print('hi')\n" };
const good = 'name: m\nversion: "1"\npath: model\n';

export const BAD_ASSETS: BadAsset[] = [
  // malformed YAML and file shape
  { name: "unclosed flow sequence", yaml: "name: [m\nversion: 1\n", code: "ASSET_YAML_INVALID" },
  {
    name: "tab indentation",
    yaml: model('name: m\n\tversion: "1"\npath: model\n'),
    files: weights,
    code: "ASSET_YAML_INVALID",
  },
  { name: "duplicate key", yaml: model(`${good}name: n\n`), files: weights, code: "ASSET_YAML_INVALID" },
  { name: "a scalar document", yaml: "just a string\n", code: "ASSET_INVALID" },
  { name: "a list document", yaml: "- name: m\n", code: "ASSET_INVALID" },
  { name: "empty file", yaml: "", code: "ASSET_INVALID" },
  {
    name: "job schema",
    yaml: `$schema: ${SCHEMA}/commandJob.schema.json\nname: j\n`,
    code: "ASSET_KIND_UNKNOWN",
  },
  { name: "no $schema, no telling shape", yaml: good, files: weights, code: "ASSET_KIND_UNKNOWN" },
  // unknown fields, missing fields, wrong types
  {
    name: "v1 key model_uri",
    yaml: model(`${good}model_uri: x\n`),
    files: weights,
    code: "ASSET_UNKNOWN_FIELD",
  },
  {
    name: "misspelled description",
    yaml: model(`${good}descripton: x\n`),
    files: weights,
    code: "ASSET_UNKNOWN_FIELD",
  },
  {
    name: "unknown data key",
    yaml: data('name: d\nversion: "1"\npath: rows\nformat: csv\n'),
    files: rows,
    code: "ASSET_UNKNOWN_FIELD",
  },
  {
    name: "model without name",
    yaml: model('version: "1"\npath: model\n'),
    files: weights,
    code: "ASSET_INVALID",
  },
  {
    // A missing version is resolved as az ml resolves it (test/assets/corpus.test.ts); an unfilled one is not.
    name: "model with a template placeholder for its version",
    yaml: model('name: m\nversion: "<VERSION>"\npath: model\n'),
    files: weights,
    code: "ASSET_VERSION_INVALID",
  },
  { name: "model without path", yaml: model('name: m\nversion: "1"\n'), code: "ASSET_INVALID" },
  { name: "tags as a list", yaml: model(`${good}tags: [a, b]\n`), files: weights, code: "ASSET_INVALID" },
  {
    name: "unknown model type",
    yaml: model(`${good}type: sklearn_model\n`),
    files: weights,
    code: "ASSET_INVALID",
  },
  {
    name: "unknown data type",
    yaml: data('name: d\nversion: "1"\ntype: uri_files\npath: rows\n'),
    files: rows,
    code: "ASSET_INVALID",
  },
  // bad names and versions
  {
    name: "name with a space",
    yaml: model('name: tiny model\nversion: "1"\npath: model\n'),
    files: weights,
    code: "ASSET_NAME_INVALID",
  },
  {
    name: "name with a slash",
    yaml: model('name: a/b\nversion: "1"\npath: model\n'),
    files: weights,
    code: "ASSET_NAME_INVALID",
  },
  {
    name: "name starting with '_'",
    yaml: model('name: _m\nversion: "1"\npath: model\n'),
    files: weights,
    code: "ASSET_NAME_INVALID",
  },
  {
    name: "name of 300 characters",
    yaml: model(`name: ${"n".repeat(300)}\nversion: "1"\npath: model\n`),
    files: weights,
    code: "ASSET_NAME_INVALID",
  },
  {
    name: "empty version",
    yaml: model('name: m\nversion: ""\npath: model\n'),
    files: weights,
    code: "ASSET_VERSION_INVALID",
  },
  {
    name: "version with a slash",
    yaml: model('name: m\nversion: "1/2"\npath: model\n'),
    files: weights,
    code: "ASSET_VERSION_INVALID",
  },
  {
    name: "version with a colon",
    yaml: model('name: m\nversion: "1:2"\npath: model\n'),
    files: weights,
    code: "ASSET_VERSION_INVALID",
  },
  {
    name: "version with a question mark",
    yaml: model('name: m\nversion: "1?x=2"\npath: model\n'),
    files: weights,
    code: "ASSET_VERSION_INVALID",
  },
  // malformed azureml:// references (errata item 2: `…/models/<name>:<version>` is not a registry asset id)
  {
    name: "errata 2 registry model reference",
    yaml: model('name: m\nversion: "1"\npath: azureml://registries/amlregdevcc01/models/taxi:1\n'),
    code: "ASSET_REFERENCE_INVALID",
  },
  {
    name: "registry reference without versions/",
    yaml: model('name: m\nversion: "1"\npath: azureml://registries/amlregdevcc01/models/taxi/1\n'),
    code: "ASSET_REFERENCE_INVALID",
  },
  {
    name: "short reference as a model path",
    yaml: model('name: m\nversion: "1"\npath: azureml:taxi:1\n'),
    code: "ASSET_REFERENCE_INVALID",
  },
  {
    name: "datastore path with ..",
    yaml: data('name: d\nversion: "1"\npath: azureml://datastores/workspaceblobstore/paths/../secrets\n'),
    code: "ASSET_REFERENCE_INVALID",
  },
  {
    name: "errata 2 environment reference in a component",
    yaml: component(
      "environment: azureml://registries/amlregdevcc01/environments/env:1\ncommand: python run.py\n",
    ),
    files: code,
    code: "ASSET_REFERENCE_INVALID",
  },
  {
    name: "component environment without a version",
    yaml: component("environment: azureml:env\ncommand: python run.py\n"),
    files: code,
    code: "ASSET_REFERENCE_INVALID",
  },
  {
    name: "component environment pointing at a model",
    yaml: component(
      "environment: azureml://registries/amlregdevcc01/models/m/versions/1\ncommand: python run.py\n",
    ),
    files: code,
    code: "ASSET_REFERENCE_INVALID",
  },
  // paths escaping the asset folder
  {
    name: "model path ../outside",
    yaml: model('name: m\nversion: "1"\npath: ../outside\n'),
    code: "ASSET_PATH_ESCAPES",
  },
  {
    name: "absolute model path",
    yaml: model('name: m\nversion: "1"\npath: /etc\n'),
    code: "ASSET_PATH_ESCAPES",
  },
  {
    name: "data path through model/../..",
    yaml: data('name: d\nversion: "1"\npath: rows/../../outside/secret.txt\n'),
    files: rows,
    code: "ASSET_PATH_ESCAPES",
  },
  {
    name: "symlink to outside",
    yaml: model('name: m\nversion: "1"\npath: link\n'),
    files: { link: { symlink: "../outside" } },
    code: "ASSET_PATH_ESCAPES",
  },
  {
    name: "conda file outside",
    yaml: env(`${IMAGE}conda_file: ../outside/secret.txt\n`),
    code: "ASSET_PATH_ESCAPES",
  },
  { name: "build context outside", yaml: env("build:\n  path: ../outside\n"), code: "ASSET_PATH_ESCAPES" },
  {
    name: "component code outside",
    yaml: component("environment: azureml:e:1\ncommand: python run.py\n", "../outside"),
    code: "ASSET_PATH_ESCAPES",
  },
  // missing files
  {
    name: "missing model folder",
    yaml: model('name: m\nversion: "1"\npath: nowhere\n'),
    code: "ASSET_FILE_MISSING",
  },
  {
    name: "empty model folder",
    yaml: model(good),
    files: { model: { folder: true } },
    code: "ASSET_FILE_MISSING",
  },
  { name: "missing conda file", yaml: env(`${IMAGE}conda_file: conda.yml\n`), code: "ASSET_FILE_MISSING" },
  {
    name: "build context without Dockerfile",
    yaml: env("build:\n  path: ctx\n"),
    files: { "ctx/app.py": "x\n" },
    code: "ASSET_FILE_MISSING",
  },
  {
    name: "missing component code",
    yaml: component("environment: azureml:e:1\ncommand: python run.py\n", "nosrc"),
    code: "ASSET_FILE_MISSING",
  },
  // shape problems specific to environments and components
  {
    name: "environment with image and build",
    yaml: env(`${IMAGE}build:\n  path: ctx\n`),
    files: { "ctx/Dockerfile": "FROM x\n" },
    code: "ASSET_INVALID",
  },
  { name: "environment with neither image nor build", yaml: env("os_type: linux\n"), code: "ASSET_INVALID" },
  {
    name: "component command using an undeclared input",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an Azure ML command expression, not JS
    yaml: component("environment: azureml:e:1\ncommand: python run.py ${{inputs.nope}}\n"),
    files: code,
    code: "ASSET_INVALID",
  },
  // valid YAML, but nothing an approval could bind to, or a dependency dev cannot resolve
  // A remote path registers by reference (unbound, so it can never be requested): test/assets/corpus.test.ts.
  {
    name: "component whose environment is not in dev",
    yaml: component("environment: azureml:never-registered:1\ncommand: python run.py\n"),
    files: code,
    code: "COMPONENT_DEPENDENCIES_MISSING",
  },
];
