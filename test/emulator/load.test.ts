/**
 * Load: 30 s (AIRLOCK_LOAD_SECONDS overrides) at 32 concurrent keep-alive connections mixing reads and
 * writes over workspace and registry versions and lists → zero 5xx, no transport errors, and every
 * acknowledged write readable afterwards with the content that was written. Loopback only.
 */
import assert from "node:assert/strict";
import http from "node:http";
import { after, before, describe, it } from "node:test";
import { arm, regPath, startTestTwin, type TestTwin, wsPath } from "../helpers/twin.ts";

const CONNECTIONS = 32;
const SECONDS = Number(process.env.AIRLOCK_LOAD_SECONDS ?? 30);
const AS = "sp-aml-promotion-dev";

describe("load", () => {
  let twin: TestTwin;
  before(async () => {
    twin = await startTestTwin({ pageSize: 20 });
  });
  after(() => twin?.close());

  it(`${SECONDS}s at ${CONNECTIONS} keep-alive connections: no 5xx, every acknowledged write readable`, {
    timeout: (SECONDS + 120) * 1000,
  }, async () => {
    const url = new URL(twin.armEndpoint);
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
    const auth = `Bearer ${twin.tokenFor(AS)}`;
    const request = (method: string, path: string, body?: string) =>
      new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = http.request(
          {
            agent,
            host: url.hostname,
            port: url.port,
            method,
            path: `${path}?api-version=2024-10-01`,
            headers: { authorization: auth, "content-type": "application/json" },
          },
          (res) => {
            let text = "";
            res.setEncoding("utf8").on("data", (c: string) => (text += c));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
          },
        );
        req.on("error", reject);
        req.end(body);
      });

    const seedUri = (i: number) => `azureml://datastores/workspaceblobstore/paths/seed/${i}`;
    for (let i = 0; i < 20; i++) {
      assert.equal(
        (
          await arm(twin, "PUT", `${wsPath()}/models/seed/versions/${i}`, {
            as: AS,
            body: { properties: { modelUri: seedUri(i) } },
          })
        ).status,
        201,
      );
    }
    const acknowledged: Array<{ path: string; uri: string }> = [];
    const statuses = new Map<number, number>();
    const failures: string[] = [];
    let transportErrors = 0;
    const deadline = Date.now() + SECONDS * 1000;
    let counter = 0;

    const worker = async (id: number) => {
      while (Date.now() < deadline) {
        const n = counter++;
        const roll = n % 10;
        let method = "GET";
        let path: string;
        let body: string | undefined;
        let uri = "";
        if (roll < 5) path = `${wsPath()}/models/seed/versions/${n % 20}`;
        else if (roll === 5) path = `${wsPath()}/models/seed/versions`;
        else if (roll < 9) {
          method = "PUT";
          const scope = roll === 8 ? regPath() : wsPath();
          path = `${scope}/models/load-${id}/versions/${n}`;
          uri = `azureml://datastores/workspaceblobstore/paths/load/${id}/${n}`;
          body = JSON.stringify({ properties: { modelUri: uri, tags: { n: String(n) } } });
        } else path = `${wsPath()}/models/load-${id}`;
        try {
          const r = await request(method, path, body);
          statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
          if (r.status >= 500) failures.push(`${method} ${path} → ${r.status} ${r.text.slice(0, 200)}`);
          if (method === "PUT" && r.status === 201) acknowledged.push({ path, uri });
        } catch (error) {
          transportErrors++;
          failures.push(`${method} ${path} → ${(error as Error).message}`);
        }
      }
    };
    await Promise.all(Array.from({ length: CONNECTIONS }, (_, i) => worker(i)));

    const total = [...statuses.values()].reduce((a, b) => a + b, 0);
    assert.ok(total > CONNECTIONS * 10, `only ${total} requests completed`);
    assert.equal(transportErrors, 0, failures.slice(0, 5).join("\n"));
    assert.deepEqual(failures, []);
    assert.ok(acknowledged.length > 0);
    for (let i = 0; i < acknowledged.length; i += 16) {
      await Promise.all(
        acknowledged.slice(i, i + 16).map(async ({ path, uri }) => {
          const r = await request("GET", path);
          assert.equal(r.status, 200, `${path} acknowledged but not readable: ${r.text}`);
          assert.equal(JSON.parse(r.text).properties.modelUri, uri);
        }),
      );
    }
    agent.destroy();
    console.log(
      `load: ${total} requests in ${SECONDS}s (${Math.round(total / SECONDS)}/s), ${acknowledged.length} writes verified, statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
  });
});
