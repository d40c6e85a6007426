/**
 * The typed ARM client against a real twin (fast LRO mode, small pages) over HTTP: workspaces, registries,
 * containers and versions of every asset kind in both scopes, paging across pages, and every failure as a
 * typed ArmError (404, 409 immutability, 400 bad name / api-version, 401 no or bad token, 403 no role).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ArmClient as Client } from "../../src/arm/client.ts";
import {
  type ArmClient,
  ArmError,
  type AssetKind,
  type AssetVersionPropertiesByKind,
  staticTokenCredential,
} from "../../src/arm/index.ts";
import { ExitCode } from "../../src/errors.ts";
import { startTestTwin, type TestTwin } from "../helpers/twin.ts";
import { clientAs, DEPLOYER, DEV, PROD, uniqueName } from "./fixture.ts";

function bodyFor<K extends AssetKind>(kind: K, tag: string): { properties: AssetVersionPropertiesByKind[K] } {
  const common = { description: `test ${tag}`, tags: { tag } };
  const byKind: { [P in AssetKind]: AssetVersionPropertiesByKind[P] } = {
    models: {
      ...common,
      modelType: "custom_model",
      modelUri: `azureml://datastores/workspaceblobstore/paths/m/${tag}`,
    },
    data: {
      ...common,
      dataType: "uri_file",
      dataUri: `azureml://datastores/workspaceblobstore/paths/d/${tag}.csv`,
    },
    environments: {
      ...common,
      image: `mcr.microsoft.com/azureml/minimal-ubuntu22.04-py39-cpu-inference:${tag}`,
    },
    components: {
      ...common,
      componentSpec: { name: "comp", version: "1", type: "command", command: `echo ${tag}` },
    },
    codes: { ...common, codeUri: `https://example.invalid/code/${tag}` },
  };
  return { properties: byKind[kind] };
}

function isArm(status: number, exitCode: number, armCode?: string | RegExp) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof ArmError, `expected ArmError, got ${String(error)}`);
    assert.equal(error.status, status, `${error.armCode}: ${error.message}`);
    assert.equal(error.exitCode, exitCode);
    if (typeof armCode === "string") assert.equal(error.armCode, armCode);
    else if (armCode) assert.match(error.armCode, armCode);
    assert.ok(error.message.length > 0);
    return true;
  };
}

describe("ARM client: workspaces, registries and assets against the twin", () => {
  let twin: TestTwin;
  let client: ArmClient;

  before(async () => {
    twin = await startTestTwin({ lroMode: "fast", pageSize: 2 });
    client = clientAs(twin, DEPLOYER);
  });
  after(() => twin?.close());

  it("gets and lists workspaces and registries", async () => {
    const ws = await client.workspaces.get(DEV.workspaceRg, DEV.workspace);
    assert.equal(ws.name, DEV.workspace);
    assert.match(
      ws.properties.workspaceId ?? "",
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    assert.match(
      ws.id,
      new RegExp(
        `/resourceGroups/${DEV.workspaceRg}/providers/Microsoft.MachineLearningServices/workspaces/${DEV.workspace}$`,
        "i",
      ),
    );
    const inGroup = await client.workspaces.list(DEV.workspaceRg).toArray();
    assert.deepEqual(
      inGroup.map((w) => w.name),
      [DEV.workspace],
    );
    const everywhere = await client.workspaces.list().toArray();
    assert.ok(everywhere.some((w) => w.name === DEV.workspace));

    const reg = await client.registries.get(DEV.registryRg, DEV.registry);
    assert.equal(reg.name, DEV.registry);
    assert.ok(reg.location);
    const regs = await client.registries.list(DEV.registryRg).toArray();
    assert.deepEqual(
      regs.map((r) => r.name),
      [DEV.registry],
    );
  });

  for (const scopeKind of ["workspace", "registry"] as const) {
    for (const kind of ["models", "data", "environments", "components", "codes"] as const) {
      it(`${scopeKind} ${kind}: create, read, list, immutability, delete`, async () => {
        const scope =
          scopeKind === "workspace"
            ? client.workspace(DEV.workspaceRg, DEV.workspace)
            : client.registry(DEV.registryRg, DEV.registry);
        const name = uniqueName(kind.slice(0, 4));
        const versions = scope.versions(kind, name);

        const created = await versions.createOrUpdate("1", bodyFor(kind, "one"));
        assert.equal(created.name, "1");
        assert.match(created.id, new RegExp(`/${kind}/${name}/versions/1$`));
        assert.equal(created.properties.description, "test one");
        // Registries fill provisioningState, except on data versions (the spec's DataVersionBase has none).
        if (scopeKind === "registry")
          assert.equal(created.properties.provisioningState, kind === "data" ? undefined : "Succeeded");

        const read = await versions.get("1");
        assert.deepEqual(read.properties.tags, { tag: "one" });

        // Identical re-PUT is accepted; a changed body is a conflict.
        await versions.createOrUpdate("1", bodyFor(kind, "one"));
        const changed = bodyFor(kind, "two");
        await assert.rejects(() => versions.createOrUpdate("1", changed), isArm(409, ExitCode.conflict));

        await versions.createOrUpdate("2", bodyFor(kind, "two"));
        const listed = await versions.list().toArray();
        assert.deepEqual(listed.map((v) => v.name).sort(), ["1", "2"]);

        const container = await scope.containers(kind).get(name);
        assert.equal(container.name, name);
        const containers = await scope.containers(kind).list().toArray();
        assert.ok(containers.some((c) => c.name === name));

        await versions.delete("2");
        await assert.rejects(() => versions.get("2"), isArm(404, ExitCode.notFound));
        await assert.rejects(() => versions.get("never"), isArm(404, ExitCode.notFound));
      });
    }
  }

  it("creates and deletes containers explicitly", async () => {
    for (const scope of [
      client.workspace(DEV.workspaceRg, DEV.workspace),
      client.registry(DEV.registryRg, DEV.registry),
    ]) {
      const name = uniqueName("ctr");
      const container = await scope.containers("models").createOrUpdate(name, {
        properties: { description: "explicit container", tags: { owner: "arm-test" } },
      });
      assert.equal(container.name, name);
      assert.equal((await scope.containers("models").get(name)).properties.description, "explicit container");
      await scope.containers("models").delete(name);
      await assert.rejects(() => scope.containers("models").get(name), isArm(404, ExitCode.notFound));
    }
  });

  it("pages through lists with absolute nextLinks (≥ 3 pages of 2)", async () => {
    const name = uniqueName("paged");
    const versions = client.workspace(DEV.workspaceRg, DEV.workspace).versions("models", name);
    const wanted = ["1", "2", "3", "4", "5", "6", "7"];
    for (const v of wanted) await versions.createOrUpdate(v, bodyFor("models", `p${v}`));
    const pages: string[][] = [];
    for await (const page of versions.list().byPage()) pages.push(page.map((item) => item.name));
    assert.ok(pages.length >= 4, `expected ≥ 4 pages, got ${pages.length}`);
    for (const page of pages) assert.ok(page.length <= 2);
    assert.deepEqual(pages.flat().sort(), wanted);
    const iterated: string[] = [];
    for await (const item of versions.list()) iterated.push(item.name);
    assert.deepEqual(iterated.sort(), wanted);
  });

  it("maps a bad asset name to 400 and stores nothing", async () => {
    const ws = client.workspace(DEV.workspaceRg, DEV.workspace);
    for (const bad of ["bad name", "-leading-dash", "x".repeat(300)]) {
      await assert.rejects(
        () => ws.versions("models", bad).createOrUpdate("1", bodyFor("models", "bad")),
        isArm(400, ExitCode.invalidInput),
      );
    }
    const stored = (await ws.containers("models").list().toArray()).map((c) => c.name);
    assert.equal(stored.includes("bad name") || stored.includes("-leading-dash"), false);
    assert.equal(
      stored.some((n) => n.startsWith("xxxx")),
      false,
    );
  });

  it("maps an unsupported api-version to 400 InvalidApiVersionParameter", async () => {
    const ws = client.workspace(DEV.workspaceRg, DEV.workspace);
    await assert.rejects(
      () => client.request({ method: "GET", path: ws.path, apiVersion: "2019-01-01" }),
      isArm(400, ExitCode.invalidInput, "InvalidApiVersionParameter"),
    );
    const other = new Client({
      endpoint: twin.armEndpoint,
      subscriptionId: twin.subscriptionId,
      credential: staticTokenCredential(twin.tokenFor(DEPLOYER)),
      apiVersion: "2099-01-01",
      maxRetries: 0,
    });
    await assert.rejects(
      () => other.workspaces.get(DEV.workspaceRg, DEV.workspace),
      isArm(400, ExitCode.invalidInput),
    );
  });

  it("maps a missing or invalid token to 401", async () => {
    for (const token of ["", "not-a-jwt", `${twin.tokenFor(DEPLOYER)}x`]) {
      const anonymous = new Client({
        endpoint: twin.armEndpoint,
        subscriptionId: twin.subscriptionId,
        credential: staticTokenCredential(token),
        maxRetries: 0,
      });
      await assert.rejects(
        () => anonymous.workspaces.get(DEV.workspaceRg, DEV.workspace),
        isArm(401, ExitCode.forbidden),
      );
    }
  });

  it("maps a missing role to 403 AuthorizationFailed", async () => {
    const mallory = clientAs(twin, "mallory");
    await assert.rejects(
      () => mallory.workspaces.get(DEV.workspaceRg, DEV.workspace),
      isArm(403, ExitCode.forbidden, "AuthorizationFailed"),
    );
    await assert.rejects(
      () =>
        mallory
          .registry(DEV.registryRg, DEV.registry)
          .versions("models", "m")
          .createOrUpdate("1", bodyFor("models", "x")),
      isArm(403, ExitCode.forbidden, "AuthorizationFailed"),
    );
    // The dev deployer has no role in prod: isolation between the environments.
    await assert.rejects(
      () => client.workspaces.get(PROD.workspaceRg, PROD.workspace),
      isArm(403, ExitCode.forbidden),
    );
  });

  it("the escape hatch uses the same pipeline and errors", async () => {
    const ws = client.workspace(DEV.workspaceRg, DEV.workspace);
    const raw = await client.request<{ name: string }>({ method: "GET", path: ws.path });
    assert.equal(raw.name, DEV.workspace);
    const name = uniqueName("hatch");
    await client.request({
      method: "PUT",
      path: `${ws.path}/models/${name}/versions/1`,
      body: bodyFor("models", "h"),
    });
    const all = await client.list<{ name: string }>(`${ws.path}/models`).toArray();
    assert.ok(all.some((c) => c.name === name));
    await assert.rejects(
      () => client.request({ method: "GET", path: `${ws.path}/models/none-such` }),
      isArm(404, ExitCode.notFound),
    );
  });
});
