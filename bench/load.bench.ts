/**
 * @module bench/load
 * Sustained mixed ARM traffic at 32 keep-alive connections (AIRLOCK_BENCH_LOAD_SECONDS, else
 * AIRLOCK_BENCH_SECONDS, default 5 s, per phase), the mix of test/helpers/mixed-load.ts: reads, lists and
 * writes of workspace and registry model versions.
 * - Throughput: the mix from autocannon worker threads (bench/load-generator.ts) against the twin and, same
 *   generator, same run, a bare node:http server keeping versions in a Map, so the ratio shows what the
 *   twin's auth, validation and durable store cost against no work at all; a headroom row shows the generator
 *   driving that baseline well past what the twin takes. Both servers run on this process's main thread.
 * - Soundness: then the mix of test/helpers/mixed-load.ts for the same time, which reads every acknowledged
 *   write back: no 5xx, no dropped connection, every write readable.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { TWIN_SUBSCRIPTION_ID } from "../src/platform/index.ts";
import { type MixedLoadResult, runMixedLoad } from "../test/helpers/mixed-load.ts";
import { startTestTwin } from "../test/helpers/twin.ts";
import { headroomRow, type LoadResult, type PlannedRequest, runLoad } from "./load-generator.ts";
import type { BenchRow } from "./types.ts";

const CONNECTIONS = 32;
const SECONDS = Number(process.env.AIRLOCK_BENCH_LOAD_SECONDS ?? process.env.AIRLOCK_BENCH_SECONDS ?? 5);

/** The least an ARM-shaped server can do: versions in a Map, lists of what was stored. */
async function startBareStore(): Promise<{ base: string; close: () => Promise<void> }> {
  const versions = new Map<string, string>();
  // Names per collection path, so a list costs what the twin's indexed list would, not a scan of every key.
  const collections = new Map<string, string[]>();
  const server = http.createServer({ keepAlive: true }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = (req.url ?? "").split("?")[0]!;
      const send = (status: number, body: string) => {
        res.writeHead(status, {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
        });
        res.end(body);
      };
      if (req.method === "PUT") {
        const created = !versions.has(path);
        versions.set(path, Buffer.concat(chunks).toString("utf8"));
        if (created) {
          const collection = path.slice(0, path.lastIndexOf("/"));
          const names = collections.get(collection) ?? [];
          names.push(path);
          collections.set(collection, names);
        }
        send(created ? 201 : 200, versions.get(path)!);
      } else if (versions.has(path)) send(200, versions.get(path)!);
      else if (path.endsWith("/versions"))
        send(200, JSON.stringify({ value: (collections.get(path) ?? []).slice(0, 20) }));
      else send(200, JSON.stringify({ name: path.split("/").at(-1), properties: {} }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const ML = "providers/Microsoft.MachineLearningServices";
const WS = `/subscriptions/${TWIN_SUBSCRIPTION_ID}/resourceGroups/rg-aml-ws-dev-cc01/${ML}/workspaces/amlwsdevcc01`;
const REG = `/subscriptions/${TWIN_SUBSCRIPTION_ID}/resourceGroups/rg-aml-reg-dev-cc01/${ML}/registries/amlregdevcc01`;
const API = "api-version=2024-10-01";
const SEEDS = 5;

/** test/helpers/mixed-load.ts's mix, one cycle per connection: 5 reads, 1 list, 3 writes, 1 container read. */
function mix(authorization: string): PlannedRequest[] {
  const headers = { authorization, "content-type": "application/json" };
  const body = JSON.stringify({
    properties: { modelUri: "azureml://datastores/workspaceblobstore/paths/load/x", tags: { n: "1" } },
  });
  const get = (path: string): PlannedRequest => ({ method: "GET", path: `${path}?${API}`, headers });
  const put = (path: string): PlannedRequest => ({ method: "PUT", path: `${path}?${API}`, body, headers });
  return [
    ...Array.from({ length: SEEDS }, (_, i) => get(`${WS}/models/seed/versions/${i}`)),
    get(`${WS}/models/seed/versions`),
    put(`${WS}/models/load/versions/v[<id>]`),
    put(`${WS}/models/load/versions/v[<id>]`),
    put(`${REG}/models/load/versions/v[<id>]`),
    get(`${WS}/models/seed`),
  ];
}

async function seed(base: string, authorization: string): Promise<void> {
  for (let i = 0; i < SEEDS; i++) {
    const response = await fetch(`${base}${WS}/models/seed/versions/${i}?${API}`, {
      method: "PUT",
      headers: { authorization, "content-type": "application/json" },
      body: JSON.stringify({
        properties: { modelUri: `azureml://datastores/workspaceblobstore/paths/seed/${i}` },
      }),
    });
    if (!response.ok) throw new Error(`seeding ${i}: ${response.status} ${await response.text()}`);
  }
}

/** autocannon's histogram holds whole milliseconds. */
const latency = (r: LoadResult) => `p50 ${r.p50.toFixed(0)} ms, p99 ${r.p99.toFixed(0)} ms`;

export async function run(): Promise<BenchRow[]> {
  const options = { connections: CONNECTIONS, seconds: SECONDS };
  const bare = await startBareStore();
  let baseline: LoadResult;
  try {
    await seed(bare.base, "Bearer none");
    await runLoad(mix("Bearer none"), { ...options, base: bare.base, seconds: 1 });
    baseline = await runLoad(mix("Bearer none"), { ...options, base: bare.base });
  } finally {
    await bare.close();
  }

  const twin = await startTestTwin({ pageSize: 20 });
  let result: LoadResult;
  let sound: MixedLoadResult;
  try {
    const authorization = `Bearer ${twin.tokenFor("sp-aml-promotion-dev")}`;
    await seed(twin.armEndpoint, authorization);
    await runLoad(mix(authorization), { ...options, base: twin.armEndpoint, seconds: 1 });
    result = await runLoad(mix(authorization), { ...options, base: twin.armEndpoint });
    sound = await runMixedLoad(twin.armEndpoint, { ...options, authorization });
  } finally {
    await twin.close();
  }

  const ok =
    result.statuses["5xx"] === 0 &&
    result.errors === 0 &&
    sound.failures.length === 0 &&
    sound.unreadable.length === 0 &&
    sound.acknowledged > 0;
  return [
    {
      name: `twin mixed load (${CONNECTIONS} conns, ${SECONDS} s)`,
      value: result.rps,
      unit: "req/s",
      baseline: { name: "bare node:http Map store, same mix and generator", value: baseline.rps },
      target: "no 5xx or dropped connection; every acknowledged write reads back",
      pass: ok,
      notes: ok
        ? `${latency(result)} (bare ${latency(baseline)}); answers ${JSON.stringify(result.statuses)}; read-back run: ${sound.total} requests, ${sound.acknowledged} writes read back`
        : `${result.statuses["5xx"]} 5xx and ${result.errors} transport errors under autocannon; read-back run: ${sound.failures.length} failures (${sound.failures.slice(0, 3).join("; ")}), ${sound.unreadable.length} unreadable (${sound.unreadable.slice(0, 3).join("; ")})`,
    },
    headroomRow("mixed", result, baseline),
  ];
}
