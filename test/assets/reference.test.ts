import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { formatAssetReference, parseAssetReference } from "../../src/assets/index.ts";
import { InputError } from "../../src/errors.ts";

const SUB = "c0ffee00-0000-4000-8000-00000000a11c";
const WS_GUID = "0b5e1a2c-3d4e-4f50-8a6b-7c8d9e0f1a2b";

describe("azureml reference parser", () => {
  const canonical: Array<[string, Record<string, unknown>]> = [
    ["azureml:taxi-env-conda:1", { form: "workspace", name: "taxi-env-conda", version: "1" }],
    ["azureml:azureml-env:1.0.2", { form: "workspace", name: "azureml-env", version: "1.0.2" }],
    ["azureml:taxi-env-conda@latest", { form: "workspace", name: "taxi-env-conda", label: "latest" }],
    [
      "azureml://registries/amlregdevcc01/environments/inference-env/versions/1.0",
      {
        form: "registry",
        registry: "amlregdevcc01",
        assetType: "environments",
        name: "inference-env",
        version: "1.0",
      },
    ],
    [
      "azureml://registries/amlregprodcc01/models/taxi-fare-model/labels/latest",
      {
        form: "registry",
        registry: "amlregprodcc01",
        assetType: "models",
        name: "taxi-fare-model",
        label: "latest",
      },
    ],
    [
      `azureml://subscriptions/${SUB}/resourcegroups/rg-aml-ws-dev-cc01/workspaces/amlwsdevcc01/models/taxi-fare-model/versions/3`,
      {
        form: "workspace-long",
        subscriptionId: SUB,
        resourceGroup: "rg-aml-ws-dev-cc01",
        workspace: "amlwsdevcc01",
        assetType: "models",
        name: "taxi-fare-model",
        version: "3",
      },
    ],
    [
      `azureml://locations/canadacentral/workspaces/${WS_GUID}/data/taxi-validation/versions/1`,
      {
        form: "workspace-location",
        location: "canadacentral",
        workspaceId: WS_GUID,
        assetType: "data",
        name: "taxi-validation",
        version: "1",
      },
    ],
    [
      "azureml://datastores/workspaceblobstore/paths/LocalUpload/abc/model/",
      { form: "datastore", datastore: "workspaceblobstore", path: "LocalUpload/abc/model/" },
    ],
    [
      `azureml://subscriptions/${SUB}/resourcegroups/rg1/workspaces/ws01/datastores/workspaceblobstore/paths/a/b.csv`,
      {
        form: "datastore",
        datastore: "workspaceblobstore",
        path: "a/b.csv",
        workspace: { subscriptionId: SUB, resourceGroup: "rg1", workspace: "ws01" },
      },
    ],
    [
      "azureml://jobs/olive_ring_1/outputs/model",
      { form: "job-output", job: "olive_ring_1", output: "model" },
    ],
    [
      "azureml://jobs/olive_ring_1/outputs/artifacts/paths/model/",
      { form: "job-output", job: "olive_ring_1", output: "artifacts", path: "model/" },
    ],
  ];

  for (const [text, expected] of canonical) {
    test(`parses and round-trips ${text}`, () => {
      const parsed = parseAssetReference(text);
      assert.deepEqual(parsed, expected);
      assert.equal(formatAssetReference(parsed), text);
    });
  }

  test("errata 4: azureml:<name>:<version> yields the name, not 'azureml'", () => {
    const parsed = parseAssetReference("azureml:inference-env:1.0");
    assert.equal(parsed.form, "workspace");
    assert.equal(parsed.form === "workspace" && parsed.name, "inference-env");
    assert.equal(parsed.form === "workspace" && parsed.version, "1.0");
  });

  const malformed: Array<[string, RegExp]> = [
    [
      "azureml://registries/amlregdevcc01/environments/inference-env:1.0",
      /versions\/<version>.*did you mean azureml:\/\/registries\/amlregdevcc01\/environments\/inference-env\/versions\/1\.0/,
    ],
    ["azureml://registries/amlregdevcc01/environments/inference-env", /versions\/<version>' or '\/labels/],
    ["azureml://registries/amlregdevcc01/environment/inference-env/versions/1", /not an asset type/],
    ["azureml://registries/amlregdevcc01/models/taxi/versions/", /empty segment|ends with/],
    ["azureml://registries/amlregdevcc01/models/taxi/versions/1/extra", /unexpected segments/],
    ["azureml:taxi-env", /without a version/],
    ["azureml:taxi env:1", /whitespace/],
    ["azureml:/subscriptions/x", /two slashes/],
    ["azureml:taxi:1/2", /slash/],
    ["azureml://workspaces/ws/models/m/versions/1", /not a known form/],
    ["azureml://subscriptions/not-a-guid/resourcegroups/rg/workspaces/ws/models/m/versions/1", /not a GUID/],
    ["azureml://locations/canadacentral/workspaces/ws/models/m/versions/1", /not a GUID/],
    ["azureml://datastores/workspaceblobstore/model.pkl", /paths\/<path>/],
    ["azureml://jobs/j1/outputs/model/files/x", /paths\/<path>/],
    ["registries/amlregdevcc01/models/m/versions/1", /does not start with/],
    ["", /empty/],
  ];
  for (const [text, reason] of malformed) {
    test(`rejects ${JSON.stringify(text)} with the reference and the valid forms`, () => {
      assert.throws(
        () => parseAssetReference(text),
        (error: unknown) => {
          assert.ok(error instanceof InputError);
          assert.equal(error.code, "ASSET_REFERENCE_INVALID");
          assert.ok(error.message.includes(JSON.stringify(text)), error.message);
          assert.match(error.message, reason);
          assert.match(
            error.message,
            /azureml:\/\/registries\/<registry>\/<type>\/<name>\/versions\/<version>/,
          );
          return true;
        },
      );
    });
  }
});
