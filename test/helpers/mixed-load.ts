/**
 * Mixed ARM traffic from many keep-alive connections: reads and lists of workspace model versions and writes
 * to workspace and registry versions, then a read-back of every acknowledged write. Shared by the concurrency
 * test (a fixed number of requests) and `npm run bench` (a fixed time, next to a bare baseline). Loopback only.
 */
import http from "node:http";
import { TWIN_SUBSCRIPTION_ID } from "../../src/platform/index.ts";

const ML = "providers/Microsoft.MachineLearningServices";
const WS = `/subscriptions/${TWIN_SUBSCRIPTION_ID}/resourceGroups/rg-aml-ws-dev-cc01/${ML}/workspaces/amlwsdevcc01`;
const REG = `/subscriptions/${TWIN_SUBSCRIPTION_ID}/resourceGroups/rg-aml-reg-dev-cc01/${ML}/registries/amlregdevcc01`;
const SEEDS = 20;

export interface MixedLoadOptions {
  /** Concurrent keep-alive connections. */
  connections: number;
  /** Stop after this many requests… */
  requests?: number;
  /** …or after this many seconds. */
  seconds?: number;
  /** Sent as `Authorization` (the twin wants a bearer token). */
  authorization: string;
}

export interface MixedLoadResult {
  /** Requests answered (seeding and read-back excluded). */
  total: number;
  elapsedMs: number;
  statuses: Record<number, number>;
  /** 5xx answers and transport errors, described. */
  failures: string[];
  transportErrors: number;
  /** Writes answered 201. */
  acknowledged: number;
  /** Acknowledged writes that did not read back with the content written. */
  unreadable: string[];
}

/** Runs the mix against `base` (e.g. "http://127.0.0.1:41234") and reads every acknowledged write back. */
export async function runMixedLoad(base: string, options: MixedLoadOptions): Promise<MixedLoadResult> {
  if (options.requests === undefined && options.seconds === undefined)
    throw new Error("runMixedLoad needs requests or seconds");
  const url = new URL(base);
  if (!["127.0.0.1", "localhost", "[::1]"].includes(url.hostname))
    throw new Error(`mixed load runs on loopback only, not ${url.hostname}`);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const request = (method: string, path: string, body?: string) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          method,
          path: `${path}?api-version=2024-10-01`,
          headers: { authorization: options.authorization, "content-type": "application/json" },
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
  const modelBody = (uri: string, n: number) =>
    JSON.stringify({ properties: { modelUri: uri, tags: { n: String(n) } } });
  try {
    const seedUri = (i: number) => `azureml://datastores/workspaceblobstore/paths/seed/${i}`;
    for (let i = 0; i < SEEDS; i++) {
      const seeded = await request("PUT", `${WS}/models/seed/versions/${i}`, modelBody(seedUri(i), i));
      if (seeded.status !== 200 && seeded.status !== 201)
        throw new Error(`seeding version ${i}: ${seeded.status} ${seeded.text.slice(0, 200)}`);
    }

    const acknowledged: Array<{ path: string; uri: string }> = [];
    const statuses: Record<number, number> = {};
    const failures: string[] = [];
    let transportErrors = 0;
    let counter = 0;
    const started = performance.now();
    const deadline = options.seconds === undefined ? Infinity : started + options.seconds * 1000;
    const more = () =>
      (options.requests === undefined || counter < options.requests) && performance.now() < deadline;

    const worker = async (id: number) => {
      while (more()) {
        const n = counter++;
        const roll = n % 10;
        let method = "GET";
        let path: string;
        let body: string | undefined;
        let uri = "";
        if (roll < 5) path = `${WS}/models/seed/versions/${n % SEEDS}`;
        else if (roll === 5) path = `${WS}/models/seed/versions`;
        else if (roll < 9) {
          method = "PUT";
          path = `${roll === 8 ? REG : WS}/models/load-${id}/versions/${n}`;
          uri = `azureml://datastores/workspaceblobstore/paths/load/${id}/${n}`;
          body = modelBody(uri, n);
        } else path = `${WS}/models/load-${id}`;
        try {
          const r = await request(method, path, body);
          statuses[r.status] = (statuses[r.status] ?? 0) + 1;
          if (r.status >= 500) failures.push(`${method} ${path} → ${r.status} ${r.text.slice(0, 200)}`);
          if (method === "PUT" && r.status === 201) acknowledged.push({ path, uri });
        } catch (error) {
          transportErrors++;
          failures.push(`${method} ${path} → ${(error as Error).message}`);
        }
      }
    };
    await Promise.all(Array.from({ length: options.connections }, (_, i) => worker(i)));
    const elapsedMs = performance.now() - started;

    const unreadable: string[] = [];
    for (let i = 0; i < acknowledged.length; i += options.connections) {
      await Promise.all(
        acknowledged.slice(i, i + options.connections).map(async ({ path, uri }) => {
          const r = await request("GET", path);
          const got = r.status === 200 ? (JSON.parse(r.text) as { properties?: { modelUri?: string } }) : {};
          if (got.properties?.modelUri !== uri)
            unreadable.push(`${path}: ${r.status} ${r.text.slice(0, 200)}`);
        }),
      );
    }
    const total = Object.values(statuses).reduce((a, b) => a + b, 0);
    return {
      total,
      elapsedMs,
      statuses,
      failures,
      transportErrors,
      acknowledged: acknowledged.length,
      unreadable,
    };
  } finally {
    agent.destroy();
  }
}
