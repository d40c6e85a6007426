/**
 * @module bench/load
 * Sustained mixed ARM traffic (AIRLOCK_BENCH_LOAD_SECONDS, default 30 s, at 32 keep-alive connections; the
 * mix of test/helpers/mixed-load.ts): the twin must answer no 5xx, drop no connection and read back every
 * acknowledged write. Baseline, same generator, same run: a bare node:http server keeping versions in a Map,
 * so the ratio shows what the twin's auth, validation and durable store cost against no work at all.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { type MixedLoadResult, runMixedLoad } from "../test/helpers/mixed-load.ts";
import { startTestTwin } from "../test/helpers/twin.ts";
import type { BenchRow } from "./types.ts";

const CONNECTIONS = 32;
const SECONDS = Number(process.env.AIRLOCK_BENCH_LOAD_SECONDS ?? 30);

/** The least an ARM-shaped server can do: versions in a Map, lists of what was stored. */
async function startBareStore(): Promise<{ base: string; close: () => Promise<void> }> {
  const versions = new Map<string, string>();
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
        send(created ? 201 : 200, versions.get(path)!);
      } else if (versions.has(path)) send(200, versions.get(path)!);
      else if (path.endsWith("/versions"))
        send(
          200,
          JSON.stringify({ value: [...versions.keys()].filter((k) => k.startsWith(path)).slice(0, 20) }),
        );
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

const describe = (r: MixedLoadResult) =>
  `${r.total} requests, ${r.acknowledged} writes read back, statuses ${JSON.stringify(r.statuses)}`;

export async function run(): Promise<BenchRow[]> {
  const bare = await startBareStore();
  let baseline: MixedLoadResult;
  try {
    baseline = await runMixedLoad(bare.base, {
      connections: CONNECTIONS,
      seconds: SECONDS,
      authorization: "Bearer none",
    });
  } finally {
    await bare.close();
  }

  const twin = await startTestTwin({ pageSize: 20 });
  let result: MixedLoadResult;
  try {
    result = await runMixedLoad(twin.armEndpoint, {
      connections: CONNECTIONS,
      seconds: SECONDS,
      authorization: `Bearer ${twin.tokenFor("sp-aml-promotion-dev")}`,
    });
  } finally {
    await twin.close();
  }

  const rate = (r: MixedLoadResult) => r.total / (r.elapsedMs / 1000);
  const sound = result.failures.length === 0 && result.unreadable.length === 0 && result.acknowledged > 0;
  return [
    {
      name: `twin mixed load (${CONNECTIONS} conns, ${SECONDS} s)`,
      value: rate(result),
      unit: "req/s",
      baseline: { name: "bare node:http Map store, same mix", value: rate(baseline) },
      target: "no 5xx or dropped connection; every acknowledged write reads back",
      pass: sound,
      notes: sound
        ? describe(result)
        : `${result.failures.length} failures (${result.failures.slice(0, 3).join("; ")}), ${result.unreadable.length} unreadable (${result.unreadable.slice(0, 3).join("; ")})`,
    },
  ];
}
