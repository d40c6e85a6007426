/**
 * @module bench/console
 * The console on a loaded twin: 1,000 asset versions in the dev workspace (100 models × 10 versions) and 100,000
 * ledger records. First useful paint = server time until the whole HTML of the inbox and of the catalogue has
 * arrived, on the first view after the console started (its start-up verification of the ledger done), against
 * a bare hono "hello" page on the same server stack; a ledger page (50 records, newest first, from the verified
 * snapshot) against downloading one raw ledger segment.
 */

import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { connectToTwin } from "../src/connect/connection.ts";
import { startConsole } from "../src/console/app.ts";
import { startTwin } from "../src/emulator/index.ts";
import { segmentOf } from "../src/governance/ledger.ts";
import { loadPolicy } from "../src/governance/policy.ts";
import { writeChainedRecords } from "./ledger-fixture.ts";
import type { BenchRow } from "./types.ts";

const RECORDS = 100_000;
const MODELS = 100;
const VERSIONS = 10;

function get(
  port: number,
  pathname: string,
  cookie = "",
): Promise<{ ms: number; status: number; bytes: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port, path: pathname, headers: { host: `localhost:${port}`, cookie } },
      (res) => {
        let bytes = 0;
        res.on("data", (chunk: Buffer) => (bytes += chunk.length));
        res.on("end", () => resolve({ ms: performance.now() - started, status: res.statusCode ?? 0, bytes }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

export async function run(): Promise<BenchRow[]> {
  const stateDir = await mkdtemp(path.join(tmpdir(), "airlock-bench-console-"));
  const twin = await startTwin({ stateDir, lroMode: "fast" });
  const hello = new Hono().get("/", (c) => c.html("<!doctype html><title>hello</title><p>hello</p>"));
  let helloServer: ReturnType<typeof serve> | undefined;
  try {
    const connection = await connectToTwin({
      stateDir,
      armEndpoint: twin.armEndpoint,
      blobBaseUrl: twin.blobBaseUrl,
      principals: { dev: "sp-aml-promotion-dev", prod: "sp-aml-promotion-prod" },
    });
    // 1,000 versions in the dev workspace, 8 PUTs at a time.
    const ws = connection.workspace("dev");
    const jobs = Array.from({ length: MODELS * VERSIONS }, (_, i) => ({
      name: `bench-model-${Math.floor(i / VERSIONS)}`,
      version: String((i % VERSIONS) + 1),
    }));
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < jobs.length) {
          const job = jobs[next++]!;
          await ws.versions("models", job.name).createOrUpdate(job.version, {
            properties: {
              modelUri: `azureml://datastores/workspaceblobstore/paths/bench/${job.name}/${job.version}`,
              modelType: "custom_model",
              properties: { "airlock.digest": `sha256:${"ab".repeat(32)}`, "airlock.bytes": "1024" },
            },
          });
        }
      }),
    );
    // 100,000 chained records straight into the ledger's segments.
    const ledger = await connection.ledger();
    const container = await writeChainedRecords(
      stateDir,
      ledger,
      RECORDS,
      (seq) => `model:bench-model-${seq % MODELS}@1`,
    );

    // Baselines: a bare hono page on @hono/node-server; one raw ledger segment download.
    const helloPort = await new Promise<number>((resolve) => {
      helloServer = serve({ fetch: hello.fetch, hostname: "127.0.0.1", port: 0 }, (info: AddressInfo) =>
        resolve(info.port),
      );
    });
    await get(helloPort, "/");
    const helloMs = (await get(helloPort, "/")).ms;
    const segmentStarted = performance.now();
    await container.getBlobClient(segmentOf(RECORDS)).downloadToBuffer();
    const segmentMs = performance.now() - segmentStarted;

    const fresh = await connectToTwin({
      stateDir,
      armEndpoint: twin.armEndpoint,
      blobBaseUrl: twin.blobBaseUrl,
      principals: { dev: "sp-aml-promotion-dev", prod: "sp-aml-promotion-prod" },
    });
    const startedAt = performance.now();
    const console = await startConsole({ connection: fresh, policy: await loadPolicy() });
    try {
      await console.ready;
      const warmup = performance.now() - startedAt;
      const exchange = await new Promise<string>((resolve, reject) => {
        const start = new URL(console.url);
        http
          .get(
            {
              host: "127.0.0.1",
              port: console.port,
              path: `/${start.search}`,
              headers: { host: `localhost:${console.port}` },
            },
            (res) => {
              res.resume();
              resolve(String(res.headers["set-cookie"]?.[0] ?? "").split(";")[0]!);
            },
          )
          .on("error", reject);
      });
      const inbox = await get(console.port, "/", exchange);
      const catalogue = await get(console.port, "/catalogue", exchange);
      await get(console.port, "/ledger?page=1", exchange);
      const pages = [1, 2, 1000, 2000];
      const ledgerTimes: number[] = [];
      for (const page of pages)
        ledgerTimes.push((await get(console.port, `/ledger?page=${page}`, exchange)).ms);
      const ledgerMs = Math.max(...ledgerTimes);
      const ok = (s: number) => s === 200;
      const load = `${(MODELS * VERSIONS).toLocaleString("en")} versions, ${RECORDS.toLocaleString("en")} ledger records`;
      return [
        {
          name: `console inbox first paint (${load})`,
          value: inbox.ms,
          unit: "ms",
          baseline: { name: "bare hono page", value: helloMs },
          target: "<= 1000 ms",
          pass: ok(inbox.status) && inbox.ms <= 1000,
          notes: `HTTP ${inbox.status}, ${inbox.bytes} B; start-up verification ${(warmup / 1000).toFixed(1)} s`,
        },
        {
          name: `console catalogue first paint (${load})`,
          value: catalogue.ms,
          unit: "ms",
          baseline: { name: "bare hono page", value: helloMs },
          target: "<= 1000 ms",
          pass: ok(catalogue.status) && catalogue.ms <= 1000,
          notes: `HTTP ${catalogue.status}, ${catalogue.bytes} B`,
        },
        {
          name: `console ledger page, slowest of pages ${pages.join(", ")} (${RECORDS.toLocaleString("en")} records)`,
          value: ledgerMs,
          unit: "ms",
          baseline: { name: "download one raw ledger segment", value: segmentMs },
          target: "<= 200 ms",
          pass: ledgerMs <= 200,
        },
      ];
    } finally {
      await console.close();
    }
  } finally {
    await new Promise<void>((resolve) => (helloServer ? helloServer.close(() => resolve()) : resolve()));
    await twin.close();
    await rm(stateDir, { recursive: true, force: true });
  }
}
