/**
 * `airlock events deliver|status|replay` through the real CLI against one twin: the ledger in the prod storage
 * account reached as sp-aml-promotion-prod (the twin's container SAS), the delivery state written next to it,
 * a loopback receiver verifying signatures with `standardwebhooks`; --json documents and exit codes
 * (9 when events went to dead letters, 3 for bad arguments).
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { type Connection, connectToTwin } from "../../src/connect/connection.ts";
import { eventId } from "../../src/governance/events/index.ts";
import { actorOf } from "../../src/governance/identity.ts";
import type { LedgerRecord } from "../../src/governance/ledger.ts";
import { runCli } from "../helpers/cli.ts";
import { startTestTwin, type TestTwin } from "../helpers/twin.ts";
import { Receiver } from "./events-receiver.ts";

const SECRET = `whsec_${randomBytes(32).toString("base64")}`;
const PROD_SP = "sp-aml-promotion-prod";

describe("airlock events (CLI on the twin)", () => {
  let twin: TestTwin;
  let connection: Connection;
  let receiver: Receiver;
  let down = false;
  let configFile: string;
  const records: LedgerRecord[] = [];
  const env = () => ({
    AIRLOCK_STATE_DIR: twin.stateDir,
    AIRLOCK_TWIN_PRINCIPAL: undefined,
    AIRLOCK_TWIN_PRINCIPAL_DEV: "sp-aml-promotion-dev",
    AIRLOCK_TWIN_PRINCIPAL_PROD: PROD_SP,
    AIRLOCK_EVENTS_TEST_SECRET: SECRET,
  });
  const airlock = (args: string[]) => runCli([...args, "--config", configFile], { env: env() });
  const append = async (n: number) => {
    const ledger = await connection.ledger();
    const actor = actorOf(await connection.identity("prod"));
    for (let i = 0; i < n; i++) {
      records.push(
        await ledger.append(
          "promotion.step",
          { asset: "model:taxi-fare-model@1" },
          { stepId: `s${records.length + 1}`, status: "done", title: "step" },
          actor,
        ),
      );
    }
  };

  before(async () => {
    twin = await startTestTwin();
    await writeFile(
      path.join(twin.stateDir, "twin.json"),
      JSON.stringify({ armEndpoint: twin.armEndpoint, blobBaseUrl: twin.blobBaseUrl }),
    );
    connection = await connectToTwin({
      stateDir: twin.stateDir,
      armEndpoint: twin.armEndpoint,
      blobBaseUrl: twin.blobBaseUrl,
      principals: { dev: "sp-aml-promotion-dev", prod: PROD_SP },
    });
    receiver = new Receiver(SECRET, (_n, _req, res) => {
      if (!down) return "ok";
      res.writeHead(500).end();
      return "handled";
    });
    await receiver.start();
    configFile = path.join(twin.stateDir, "events.yml");
    await writeFile(
      configFile,
      [
        "version: 1",
        "retry: { maxAttempts: 2, baseDelayMs: 0, maxDelayMs: 1, timeoutMs: 5000, stopAfterDeadLetters: 1 }",
        "webhooks:",
        "  - name: audit-sink",
        `    url: ${receiver.url}`,
        "    secretEnv: AIRLOCK_EVENTS_TEST_SECRET",
        "",
      ].join("\n"),
    );
    await append(3);
  });
  after(async () => {
    await receiver?.stop();
    await twin?.close();
  });

  test("deliver --once sends every record, signed; status shows the cursor at the head", async () => {
    const result = await airlock(["events", "deliver", "--once", "--json"]);
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout);
    assert.deepEqual(
      report.webhooks.map((w: { webhook: string; delivered: number; to: number }) => [
        w.webhook,
        w.delivered,
        w.to,
      ]),
      [["audit-sink", 3, 3]],
    );
    assert.deepEqual(
      receiver.received.map((r) => [r.id, r.verified]),
      records.map((r) => [eventId(r), true]),
    );
    const status = await airlock(["events", "status"]);
    assert.equal(status.code, 0, status.stderr);
    assert.match(
      status.stdout,
      /audit-sink \(cloudevents\): cursor #3 of #3, lag 0 \(0 to send\), 0 dead letter/,
    );
  });

  test("an event that cannot be delivered is a dead letter and exit 9; replay --dead-letters delivers it", async () => {
    await append(1);
    down = true;
    const failed = await airlock(["events", "deliver", "--once"]);
    assert.equal(failed.code, 9, failed.stderr);
    assert.match(failed.stderr, /EVENTS_UNDELIVERED/);
    const status = JSON.parse((await airlock(["events", "status", "--json"])).stdout);
    const hook = status.webhooks[0];
    assert.deepEqual([hook.cursor, hook.lag], [4, 0]);
    assert.deepEqual(
      hook.deadLetters.map((d: { seq: number; attempts: number; error: string }) => [
        d.seq,
        d.attempts,
        d.error,
      ]),
      [[4, 2, "HTTP 500"]],
    );

    down = false;
    const replayed = await airlock(["events", "replay", "--dead-letters"]);
    assert.equal(replayed.code, 0, replayed.stderr);
    assert.match(replayed.stdout, new RegExp(`audit-sink: ${eventId(records[3]!)} delivered`));
    const after = JSON.parse((await airlock(["events", "status", "--json"])).stdout);
    assert.deepEqual(after.webhooks[0].deadLetters, []);
  });

  test("replay needs event ids or --dead-letters (exit 3); an unknown event is exit 4", async () => {
    const neither = await airlock(["events", "replay"]);
    assert.equal(neither.code, 3, neither.stderr);
    assert.match(neither.stderr, /ARG_INVALID/);
    const unknown = await airlock(["events", "replay", "99"]);
    assert.equal(unknown.code, 4, unknown.stderr);
    assert.match(unknown.stderr, /EVENTS_EVENT_NOT_FOUND/);
  });
});
