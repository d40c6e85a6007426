/**
 * Asset semantics in workspaces and registries: create/read/list/delete of containers and versions for every
 * asset type, validation (400), immutability (409), add-only properties, paging across pages with absolute
 * nextLinks, container latest/next versions, and deleted registry versions that cannot be recreated.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { arm, regPath, startTestTwin, type TestTwin, wsPath } from "../helpers/twin.ts";

const DS = "azureml://datastores/workspaceblobstore/paths";
const BODIES: Record<string, Record<string, unknown>> = {
  models: { modelUri: `${DS}/models/m/model.pkl`, modelType: "custom_model" },
  data: { dataUri: `${DS}/data/d.csv`, dataType: "uri_file" },
  environments: { image: "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest", condaFile: "name: x" },
  components: { componentSpec: { name: "c", type: "command", command: "echo hi" } },
  codes: { codeUri: `${DS}/code/src` },
};
const PROMOTER = "sp-aml-promotion-dev";

describe("assets", () => {
  let twin: TestTwin;
  before(async () => {
    twin = await startTestTwin({ pageSize: 2 });
  });
  after(() => twin?.close());

  for (const [type, props] of Object.entries(BODIES)) {
    it(`creates, reads, re-PUTs, lists and deletes workspace ${type}`, async () => {
      const base = `${wsPath()}/${type}/asset-${type}`;
      const created = await arm(twin, "PUT", `${base}/versions/1`, {
        as: "alice",
        body: { properties: { ...props, description: "first" } },
      });
      assert.equal(created.status, 201, created.text);
      assert.equal(created.body.name, "1");
      assert.equal(created.body.type, `Microsoft.MachineLearningServices/workspaces/${type}/versions`);
      // The spec's DataVersionBase has no provisioningState (additionalProperties: false); the others do.
      assert.equal(created.body.properties.provisioningState, type === "data" ? undefined : "Succeeded");
      assert.equal(created.body.systemData.createdBy, "alice@airlock.local");
      assert.equal(created.headers.get("azure-asyncoperation"), null, "workspace version PUTs are not LROs");
      const again = await arm(twin, "PUT", `${base}/versions/1`, {
        as: "bob",
        body: { properties: { ...props, description: "first" } },
      });
      assert.equal(again.status, 200);
      assert.equal(again.body.systemData.createdBy, "alice@airlock.local");
      const read = await arm(twin, "GET", `${base}/versions/1`, { as: "bob" });
      assert.deepEqual(read.body, created.body);
      const container = await arm(twin, "GET", base, { as: "bob" });
      assert.equal(container.status, 200);
      assert.equal(container.body.properties.latestVersion, "1");
      assert.equal(container.body.properties.nextVersion, "2");
      const deleted = await arm(twin, "DELETE", `${base}/versions/1`, { as: "alice" });
      assert.equal(deleted.status, 200);
      assert.equal((await arm(twin, "GET", `${base}/versions/1`)).status, 404);
      assert.equal((await arm(twin, "DELETE", `${base}/versions/1`)).status, 204);
      const recreated = await arm(twin, "PUT", `${base}/versions/1`, {
        as: "alice",
        body: { properties: props },
      });
      assert.equal(recreated.status, 201, "workspace versions can be recreated after delete");
    });
  }

  it("rejects bodies Azure would reject with 400 UserError", async () => {
    const cases: Array<[string, unknown]> = [
      ["models", { properties: {} }],
      ["models", { properties: { modelUri: 42 } }],
      ["models", {}],
      ["data", { properties: { dataUri: `${DS}/x.csv` } }],
      ["data", { properties: { dataUri: `${DS}/x.csv`, dataType: "table" } }],
      ["environments", { properties: { condaFile: "x" } }],
      ["components", { properties: { componentSpec: "not an object" } }],
      ["codes", { properties: {} }],
      ["models", { properties: { modelUri: "x", tags: { a: 1 } } }],
      ["models", { properties: { modelUri: "x", isArchived: "yes" } }],
    ];
    for (const [type, body] of cases) {
      const r = await arm(twin, "PUT", `${wsPath()}/${type}/invalid/versions/1`, { body });
      assert.equal(r.status, 400, `${type} ${JSON.stringify(body)} → ${r.status}`);
      assert.equal(r.body.error.code, "UserError");
    }
    assert.equal((await arm(twin, "GET", `${wsPath()}/models/invalid`)).status, 404);
  });

  it("enforces name and version patterns", async () => {
    const longName = "a".repeat(256);
    for (const path of [
      `${wsPath()}/models/${longName}/versions/1`,
      `${wsPath()}/models/_x/versions/1`,
      `${wsPath()}/models/ok/versions/.1`,
      `${wsPath()}/models/o.k/versions/1`,
    ]) {
      const r = await arm(twin, "PUT", path, { body: { properties: BODIES.models } });
      assert.equal(r.status, 400, path);
    }
    assert.equal(
      (
        await arm(twin, "PUT", `${wsPath()}/models/ok_name-1/versions/1.0.3`, {
          body: { properties: BODIES.models },
        })
      ).status,
      201,
    );
  });

  it("keeps versions immutable: different content → 409, mutable fields update, properties add-only", async () => {
    const base = `${wsPath()}/models/immutable/versions/1`;
    const props = { ...BODIES.models, properties: { stage: "dev" }, tags: { a: "1" } };
    assert.equal((await arm(twin, "PUT", base, { body: { properties: props } })).status, 201);
    const path = await arm(twin, "PUT", base, {
      body: { properties: { ...props, modelUri: `${DS}/other.pkl` } },
    });
    assert.equal(path.status, 409);
    assert.equal(path.body.error.code, "UserError");
    assert.equal(path.body.error.message, "Asset paths cannot be updated.");
    const type = await arm(twin, "PUT", base, {
      body: { properties: { ...props, modelType: "mlflow_model" } },
    });
    assert.equal(type.status, 409);
    assert.match(type.body.error.message, /already registered and cannot be changed/);
    const altered = await arm(twin, "PUT", base, {
      body: { properties: { ...props, properties: { stage: "prod" } } },
    });
    assert.equal(altered.status, 409);
    const added = await arm(twin, "PUT", base, {
      body: {
        properties: {
          ...props,
          tags: { b: "2" },
          description: "now described",
          properties: { owner: "alice" },
        },
      },
    });
    assert.equal(added.status, 200, added.text);
    assert.deepEqual(added.body.properties.properties, { stage: "dev", owner: "alice" });
    assert.deepEqual(added.body.properties.tags, { b: "2" });
    assert.equal(added.body.properties.description, "now described");
    assert.equal(added.body.properties.modelUri, BODIES.models!.modelUri);
  });

  it("pages lists with absolute $skip nextLinks across at least three pages", async () => {
    for (let v = 1; v <= 7; v++) {
      assert.equal(
        (
          await arm(twin, "PUT", `${wsPath()}/models/paged/versions/${v}`, {
            body: { properties: BODIES.models },
          })
        ).status,
        201,
      );
    }
    const seen: string[] = [];
    let next: string | undefined = `${wsPath()}/models/paged/versions`;
    let pages = 0;
    while (next) {
      const page = await arm(twin, "GET", next);
      assert.equal(page.status, 200, page.text);
      seen.push(...page.body.value.map((v: { name: string }) => v.name));
      next = page.body.nextLink;
      if (next) {
        assert.ok(next.startsWith(`${twin.armEndpoint}/`), next);
        assert.match(next, /\$skip=|%24skip=/);
        assert.match(next, /api-version=2024-10-01/);
      }
      pages++;
    }
    assert.equal(pages, 4);
    assert.deepEqual(seen, ["1", "2", "3", "4", "5", "6", "7"]);
    const container = await arm(twin, "GET", `${wsPath()}/models/paged`);
    assert.equal(container.body.properties.latestVersion, "7");
    assert.equal(container.body.properties.nextVersion, "8");
    const bad = await arm(twin, "GET", `${wsPath()}/models/paged/versions?$skip=abc`);
    assert.equal(bad.status, 400);
  });

  it("creates, updates and deletes containers explicitly", async () => {
    const base = `${wsPath()}/data/container-only`;
    // DataContainer requires dataType (2024-10-01).
    const untyped = await arm(twin, "PUT", base, { body: { properties: { description: "d" } } });
    assert.equal(untyped.status, 400, untyped.text);
    assert.equal(untyped.body.error.target, "properties.dataType");
    const created = await arm(twin, "PUT", base, {
      body: { properties: { description: "d", tags: { x: "1" }, dataType: "uri_folder" } },
    });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.body.properties.latestVersion, null);
    assert.equal(created.body.properties.dataType, "uri_folder");
    const updated = await arm(twin, "PUT", base, {
      body: { properties: { description: "e", dataType: "uri_folder" } },
    });
    assert.equal(updated.status, 200);
    assert.equal(updated.body.properties.description, "e");
    const list = await arm(twin, "GET", `${wsPath()}/data`);
    assert.ok(list.body.value.some((c: { name: string }) => c.name === "container-only"));
    assert.equal((await arm(twin, "DELETE", base)).status, 200);
    assert.equal((await arm(twin, "GET", base)).status, 404);
  });

  it("registry versions: create (fast mode is synchronous), conflict, delete, and no recreation", async () => {
    const base = `${regPath()}/models/shared`;
    const created = await arm(twin, "PUT", `${base}/versions/1`, {
      as: PROMOTER,
      body: { properties: BODIES.models },
    });
    assert.equal(created.status, 201, created.text);
    // Synchronous, yet the 201 names its (already succeeded) operation as the spec declares.
    const status = await arm(twin, "GET", created.headers.get("azure-asyncoperation")!, { as: PROMOTER });
    assert.equal(status.body.status, "Succeeded");
    assert.equal(created.body.type, "Microsoft.MachineLearningServices/registries/models/versions");
    const same = await arm(twin, "PUT", `${base}/versions/1`, {
      as: PROMOTER,
      body: { properties: BODIES.models },
    });
    assert.equal(same.status, 200);
    const changed = await arm(twin, "PUT", `${base}/versions/1`, {
      as: PROMOTER,
      body: { properties: { ...BODIES.models, modelUri: `${DS}/x` } },
    });
    assert.equal(changed.status, 409);
    assert.match(
      changed.body.error.message,
      /Value of property modelUri for model shared cannot be replaced to .* without increasing the version\./,
    );
    assert.equal((await arm(twin, "DELETE", `${base}/versions/1`, { as: PROMOTER })).status, 200);
    assert.equal((await arm(twin, "GET", `${base}/versions/1`, { as: PROMOTER })).status, 404);
    const again = await arm(twin, "PUT", `${base}/versions/1`, {
      as: PROMOTER,
      body: { properties: BODIES.models },
    });
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, "UserError");
    assert.match(
      again.body.error.message,
      /^Asset azureml:\/\/registries\/amlregdevcc01\/models\/shared\/versions\/1 was deleted at .+, it cannot be recreated\. Please try again with a different version\.$/,
    );
    assert.equal(
      (await arm(twin, "PUT", `${base}/versions/2`, { as: PROMOTER, body: { properties: BODIES.models } }))
        .status,
      201,
    );
    const container = await arm(twin, "GET", base, { as: PROMOTER });
    assert.equal(container.body.properties.latestVersion, "2");
  });

  it("registry container delete tombstones its versions", async () => {
    const base = `${regPath()}/data/gone`;
    assert.equal(
      (await arm(twin, "PUT", `${base}/versions/1`, { as: PROMOTER, body: { properties: BODIES.data } }))
        .status,
      201,
    );
    assert.equal((await arm(twin, "DELETE", base, { as: PROMOTER })).status, 200);
    const again = await arm(twin, "PUT", `${base}/versions/1`, {
      as: PROMOTER,
      body: { properties: BODIES.data },
    });
    assert.equal(again.status, 409);
  });

  it("concurrent identical creates of one version yield one 201 and the rest 200", async () => {
    const results = await Promise.all(
      Array.from({ length: 12 }, () =>
        arm(twin, "PUT", `${regPath()}/codes/race/versions/1`, {
          as: PROMOTER,
          body: { properties: BODIES.codes },
        }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    assert.equal(statuses.filter((s) => s === 201).length, 1, statuses.join(","));
    assert.equal(statuses.filter((s) => s === 200).length, 11);
  });
});
