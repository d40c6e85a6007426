import assert from "node:assert/strict";
import path from "node:path";
import { describe, test } from "node:test";
import { componentCodeFiles, loadAssetFile, toArmBody } from "../../src/assets/index.ts";
import { InputError, InternalError } from "../../src/errors.ts";
import { makeScratch } from "./fixture.ts";

const SCHEMA = "https://azuremlschemas.azureedge.net/latest";

describe("good asset files and their ARM bodies", () => {
  test('model: version as az ml reads it (PyYAML, str(): 1.10 → "1.1"), tag values kept as written, default type, flavors, remote path used as modelUri', async () => {
    const scratch = await makeScratch({
      "local.yml": `$schema: ${SCHEMA}/model.schema.json\nname: m\nversion: 1.10\npath: model.pkl\ntags:\n  size: 10\n  ok: true\nflavors:\n  python_function:\n    loader_module: mlflow.sklearn\n    env: {conda: conda.yaml}\n`,
      "model.pkl": "bytes",
      "remote.yml": `$schema: ${SCHEMA}/model.schema.json\nname: m\nversion: "2"\ntype: mlflow_model\npath: azureml://registries/amlregdevcc01/models/m/versions/2\n`,
    });
    try {
      const local = await loadAssetFile(path.join(scratch.project, "local.yml"));
      assert.ok(local.kind === "model");
      assert.equal(local.version, "1.1");
      assert.deepEqual(local.tags, { size: "10", ok: "true" });
      assert.equal(local.type, "custom_model");
      assert.ok(local.path.local && local.path.entry === "file");
      assert.throws(() => toArmBody(local), InternalError);
      const body = toArmBody(local, { uploadedUri: "http://127.0.0.1:1/acct/c/LocalUpload/x/model.pkl" });
      assert.deepEqual(body.properties.flavors, {
        python_function: { data: { loader_module: "mlflow.sklearn", env: '{"conda":"conda.yaml"}' } },
      });
      assert.equal(body.properties.modelUri, "http://127.0.0.1:1/acct/c/LocalUpload/x/model.pkl");
      assert.equal(body.properties.modelType, "custom_model");

      const remote = await loadAssetFile(path.join(scratch.project, "remote.yml"));
      assert.ok(remote.kind === "model" && !remote.path.local);
      assert.equal(remote.path.reference?.form, "registry");
      assert.equal(
        toArmBody(remote).properties.modelUri,
        "azureml://registries/amlregdevcc01/models/m/versions/2",
      );
    } finally {
      await scratch.cleanup();
    }
  });

  test("environment: conda file content, inference routes, build context URI", async () => {
    const scratch = await makeScratch({
      "conda/env.yml": `$schema: ${SCHEMA}/environment.schema.json\nname: e\nversion: "1"\nimage: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest\nconda_file: conda.yml\ninference_config:\n  scoring_route: {path: /score, port: 5001}\n`,
      "conda/conda.yml": "name: x\ndependencies: [python=3.11]\n",
      "docker/env.yml": `$schema: ${SCHEMA}/environment.schema.json\nname: d\nversion: "1"\nbuild:\n  path: ctx\n  dockerfile_path: docker/Dockerfile.prod\n`,
      "docker/ctx/docker/Dockerfile.prod": "FROM python:3.11-slim\n",
      "inline.yml": `$schema: ${SCHEMA}/environment.schema.json\nname: i\nversion: "1"\nimage: python:3.11-slim\nconda_file:\n  name: inline\n  dependencies: [pip]\n`,
    });
    try {
      const conda = await loadAssetFile(path.join(scratch.project, "conda/env.yml"));
      const condaBody = toArmBody(conda).properties;
      assert.equal(condaBody.condaFile, "name: x\ndependencies: [python=3.11]\n");
      assert.equal(condaBody.osType, "Linux");
      assert.deepEqual(condaBody.inferenceConfig, {
        livenessRoute: undefined,
        readinessRoute: undefined,
        scoringRoute: { path: "/score", port: 5001 },
      });
      const docker = await loadAssetFile(path.join(scratch.project, "docker/env.yml"));
      assert.ok(docker.kind === "environment" && docker.build);
      assert.equal(docker.build.context.absolute, path.join(scratch.project, "docker/ctx"));
      assert.deepEqual(toArmBody(docker, { uploadedUri: "https://s/c/ctx/" }).properties.build, {
        contextUri: "https://s/c/ctx/",
        dockerfilePath: "docker/Dockerfile.prod",
      });
      const inline = await loadAssetFile(path.join(scratch.project, "inline.yml"));
      assert.match(String(toArmBody(inline).properties.condaFile), /name: inline/);
    } finally {
      await scratch.cleanup();
    }
  });

  test("component: spec carries the uploaded code and an overridable environment; inline environments load", async () => {
    const scratch = await makeScratch({
      "components/c.yml": `$schema: ${SCHEMA}/commandComponent.schema.json\ntype: command\nname: c\nversion: "1"\ncode: ../src\nenvironment: azureml:taxi-env-conda:1\ninputs:\n  lr: {type: number, default: 0.1, optional: true}\noutputs:\n  out: {type: uri_folder}\ncommand: python run.py $[[--lr \${{inputs.lr}}]] --out \${{ outputs.out }}\n`,
      "components/inline.yml": `$schema: ${SCHEMA}/commandComponent.schema.json\nname: inline\nversion: "1"\nenvironment:\n  image: python:3.11-slim\n  conda_file: ../conda.yml\ncommand: echo hi\n`,
      "conda.yml": "name: x\n",
      "src/run.py": "print(1)\n",
    });
    try {
      const component = await loadAssetFile(path.join(scratch.project, "components/c.yml"), {
        root: scratch.project,
      });
      assert.ok(component.kind === "component");
      assert.equal(component.inputs.lr?.optional, true);
      assert.equal(component.inputs.lr?.default, 0.1);
      const spec = toArmBody(component, {
        uploadedUri: "https://s/c/code/",
        environment: "azureml://registries/amlregprodcc01/environments/taxi-env-conda/versions/1",
      }).properties.componentSpec as Record<string, unknown>;
      assert.equal(spec.code, "https://s/c/code/");
      assert.equal(
        spec.environment,
        "azureml://registries/amlregprodcc01/environments/taxi-env-conda/versions/1",
      );
      assert.equal(spec.name, "c");
      assert.equal(spec.version, "1");
      assert.equal(spec.$schema, `${SCHEMA}/commandComponent.schema.json`);

      const inline = await loadAssetFile(path.join(scratch.project, "components/inline.yml"), {
        root: scratch.project,
      });
      assert.ok(inline.kind === "component" && "inline" in inline.environment);
      assert.equal(inline.environment.inline.condaFile?.content, "name: x\n");
      assert.equal(inline.type, "command");
    } finally {
      await scratch.cleanup();
    }
  });

  test("the kind is inferred from the file's shape when $schema is absent", async () => {
    const scratch = await makeScratch({
      "d.yml": 'name: d\nversion: "1"\ntype: uri_file\npath: a.csv\n',
      "a.csv": "x\n",
      "e.yml": 'name: e\nversion: "1"\nimage: python:3.11-slim\n',
    });
    try {
      assert.equal((await loadAssetFile(path.join(scratch.project, "d.yml"))).kind, "data");
      assert.equal((await loadAssetFile(path.join(scratch.project, "e.yml"))).kind, "environment");
      assert.equal(
        (await loadAssetFile(path.join(scratch.project, "e.yml"), { kind: "environment" })).kind,
        "environment",
      );
    } finally {
      await scratch.cleanup();
    }
  });

  test("symlinks that stay inside the asset folder are fine", async () => {
    const scratch = await makeScratch({
      "m.yml": `$schema: ${SCHEMA}/model.schema.json\nname: m\nversion: "1"\npath: model\n`,
      "shared/weights.bin": "w",
      "model/config.json": "{}",
      "model/weights.bin": { symlink: "../shared/weights.bin" },
    });
    try {
      const asset = await loadAssetFile(path.join(scratch.project, "m.yml"));
      assert.ok(asset.kind === "model" && asset.path.local);
    } finally {
      await scratch.cleanup();
    }
  });

  test("versions as az ml reads them: PyYAML 1.1 scalars through str(); quoted stay as written; missing is resolved later", async () => {
    const cases: Array<[string, string, "file" | "auto"]> = [
      ["version: 01", "1", "file"],
      ["version: 010", "8", "file"],
      ["version: 1.0", "1.0", "file"],
      ['version: "01"', "01", "file"],
      ["version: '1.10'", "1.10", "file"],
      ["version: 2.0.1", "2.0.1", "file"],
      ["version: 1e3", "1e3", "file"],
      ["", "", "auto"],
    ];
    const files: Record<string, string> = { "model.pkl": "bytes" };
    cases.forEach(([line], index) => {
      files[`m${index}.yml`] = `$schema: ${SCHEMA}/model.schema.json\nname: m\n${line}\npath: model.pkl\n`;
    });
    const scratch = await makeScratch(files);
    try {
      for (const [index, [line, version, source]] of cases.entries()) {
        const asset = await loadAssetFile(path.join(scratch.project, `m${index}.yml`));
        assert.deepEqual([asset.version, asset.versionSource], [version, source], line || "(no version)");
      }
    } finally {
      await scratch.cleanup();
    }
  });

  test("component: additional_includes join the code snapshot under their base names; the spec drops them", async () => {
    const scratch = await makeScratch({
      "c.yml": `$schema: ${SCHEMA}/commandComponent.schema.json\nname: c\ncode: src\nadditional_includes:\n  - common\n  - ../project/shared.txt\nenvironment: azureml://registries/azureml/environments/sklearn-1.5/labels/latest\ncommand: python run.py\n`,
      "src/run.py": "print(1)\n",
      "common/helper.py": "X = 1\n",
      "shared.txt": "shared\n",
    });
    try {
      const asset = await loadAssetFile(path.join(scratch.project, "c.yml"));
      assert.ok(asset.kind === "component");
      const files = await componentCodeFiles(asset);
      assert.deepEqual(
        files?.map((file) => file.path),
        ["common/helper.py", "run.py", "shared.txt"],
      );
      const body = toArmBody(asset, { uploadedUri: "azureml://code" });
      const spec = body.properties.componentSpec as Record<string, unknown>;
      assert.equal("additional_includes" in spec, false);
      assert.equal(spec.environment, "azureml://registries/azureml/environments/sklearn-1.5/labels/latest");
      // An include may not overwrite a code file: the snapshot would depend on copy order.
      const clash = await makeScratch({
        "c.yml": `$schema: ${SCHEMA}/commandComponent.schema.json\nname: c\ncode: src\nadditional_includes: [run.py]\nenvironment: azureml:e:1\ncommand: python run.py\n`,
        "src/run.py": "print(1)\n",
        "run.py": "print(2)\n",
      });
      try {
        const clashing = await loadAssetFile(path.join(clash.project, "c.yml"));
        assert.ok(clashing.kind === "component");
        await assert.rejects(componentCodeFiles(clashing), (error: unknown) => {
          assert.ok(error instanceof InputError);
          assert.equal(error.code, "ASSET_INCLUDE_CONFLICT");
          return true;
        });
      } finally {
        await clash.cleanup();
      }
    } finally {
      await scratch.cleanup();
    }
  });
});
