/**
 * Concurrent mixed traffic: 1,200 requests from 32 keep-alive connections mixing reads, lists and writes
 * over workspace and registry versions → zero 5xx, no transport errors, and every acknowledged write readable
 * afterwards with the content that was written. The same mix runs for a fixed time in `npm run bench`
 * (bench/load.bench.ts), next to a bare baseline; here it is a number of requests, so no clock decides —
 * enough for every connection to interleave dozens of requests (360 writes among them) with the others,
 * and no more, since the suite pays its CPU on every run (the volume is the bench's job).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { runMixedLoad } from "../helpers/mixed-load.ts";
import { startTestTwin, type TestTwin } from "../helpers/twin.ts";

const CONNECTIONS = 32;
const REQUESTS = 1200;

describe("concurrent mixed traffic", () => {
  let twin: TestTwin;
  before(async () => {
    twin = await startTestTwin({ pageSize: 20 });
  });
  after(() => twin?.close());

  it(`${REQUESTS} requests at ${CONNECTIONS} keep-alive connections: no 5xx, every acknowledged write readable`, async () => {
    const result = await runMixedLoad(twin.armEndpoint, {
      connections: CONNECTIONS,
      requests: REQUESTS,
      authorization: `Bearer ${twin.tokenFor("sp-aml-promotion-dev")}`,
    });
    assert.equal(result.transportErrors, 0, result.failures.slice(0, 5).join("\n"));
    assert.deepEqual(result.failures, []);
    assert.equal(result.total, REQUESTS, JSON.stringify(result.statuses));
    // 3 in 10 requests are writes, each to a fresh version: all of them must be acknowledged and readable.
    assert.equal(result.acknowledged, (REQUESTS * 3) / 10, JSON.stringify(result.statuses));
    assert.deepEqual(result.unreadable, []);
  });
});
