/**
 * Signed events over a real ledger (the twin's blob front end over Azurite, a WORM container per test) to
 * loopback receivers (node:http on 127.0.0.1). Signatures are checked by the `standardwebhooks` package, an
 * implementation independent of ours. Sleeping is injected (no real waits but request timeouts); the
 * injected sleep is also where a stopped receiver comes back, on the same port.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, test } from "node:test";
import type { ContainerClient } from "@azure/storage-blob";
import { Webhook } from "standardwebhooks";
import {
  DEFAULT_EVENTS_FILE,
  type DeliveryContext,
  deliverEvents,
  type EventsConfig,
  eventId,
  eventsStatus,
  loadEventsConfig,
  parseEventsConfig,
  replayEvents,
  resolveWebhooks,
} from "../../src/governance/events/index.ts";
import { Ledger, type LedgerRecord, recordHash } from "../../src/governance/ledger.ts";
import { runCli } from "../helpers/cli.ts";
import { Receiver } from "./events-receiver.ts";
import { type AzuriteFixture, alice, bob, promotionSp, startAzuriteFixture } from "./fixture.ts";

let azurite: AzuriteFixture;
describe("governance/events", () => {
  before(async () => {
    azurite = await startAzuriteFixture();
  });
  after(async () => {
    await azurite?.close();
  });

  const SECRET = `whsec_${randomBytes(32).toString("base64")}`;
  const ENV = { AIRLOCK_TEST_HOOK_SECRET: SECRET };
  const verifier = new Webhook(SECRET);
  const newReceiver = (behaviour?: ConstructorParameters<typeof Receiver>[1]) =>
    new Receiver(SECRET, behaviour);

  function config(
    url: string,
    extra: Record<string, unknown> = {},
    retry: Record<string, number> = {},
  ): EventsConfig {
    return parseEventsConfig(
      JSON.stringify({
        version: 1,
        retry: {
          maxAttempts: 5,
          baseDelayMs: 10,
          maxDelayMs: 1000,
          timeoutMs: 5000,
          stopAfterDeadLetters: 3,
          ...retry,
        },
        webhooks: [
          { name: "hook", url, format: "cloudevents", secretEnv: "AIRLOCK_TEST_HOOK_SECRET", ...extra },
        ],
      }),
      "test events.yml",
    );
  }

  /** A fresh WORM ledger with `n` records: a request, a grant, then promotion steps. */
  async function ledgerWith(
    n: number,
  ): Promise<{ ledger: Ledger; container: ContainerClient; records: LedgerRecord[] }> {
    const container = await azurite.wormContainer();
    const ledger = new Ledger(container);
    const records: LedgerRecord[] = [];
    for (let i = 1; i <= n; i++) {
      const asset = { asset: "model:taxi-fare@3" };
      if (i === 1) {
        records.push(
          await ledger.append(
            "approval.rejected",
            { ...asset, requestId: "r1" },
            { requestId: "r1", reason: "metrics missing", by: { ...alice, groups: [] }, withdrawn: true },
            alice,
          ),
        );
      } else if (i === 2) {
        records.push(
          await ledger.append(
            "approval.granted",
            { ...asset, requestId: "r2" },
            {
              requestId: "r2",
              digest: `sha256:${"a".repeat(64)}`,
              manifestDigest: `sha256:${"b".repeat(64)}`,
              comment: "holdout rmse 1.12 <= 1.5 & reviewed",
              approver: { ...bob, groups: [] },
            },
            bob,
          ),
        );
      } else {
        records.push(
          await ledger.append(
            "promotion.step",
            asset,
            { stepId: `s${i}`, status: "done", title: `step ${i}` },
            promotionSp,
          ),
        );
      }
    }
    return { ledger, container, records };
  }

  /** Deterministic randomness (mulberry32), so jitter is checked against its bounds reproducibly. */
  function seeded(seed: number): () => number {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  describe("events: CloudEvents signed per Standard Webhooks", () => {
    test("each record arrives once as a CloudEvents 1.0 event whose signature standardwebhooks verifies", async () => {
      const { ledger, records } = await ledgerWith(3);
      const receiver = newReceiver();
      await receiver.start();
      try {
        const report = await deliverEvents({ ledger, config: config(receiver.url), env: ENV });
        assert.deepEqual(
          report.webhooks.map((w) => [w.delivered, w.deadLettered, w.to]),
          [[3, 0, 3]],
        );
        assert.equal(receiver.received.length, 3);
        for (const [index, got] of receiver.received.entries()) {
          const record = records[index]!;
          assert.ok(got.verified, "standardwebhooks verifies the signature");
          assert.match(got.headers["webhook-signature"]!, /^v1,[A-Za-z0-9+/]+=*$/);
          assert.match(got.headers["webhook-timestamp"]!, /^\d+$/);
          assert.match(got.headers["content-type"]!, /^application\/cloudevents\+json/);
          const event = JSON.parse(got.body);
          assert.equal(event.specversion, "1.0");
          assert.equal(event.id, eventId(record));
          assert.equal(got.id, event.id, "webhook-id is the event id");
          assert.equal(event.type, `dev.airlock.${record.type}`);
          assert.equal(event.source, `/airlock/ledger/${azurite.account}/${ledger.container.containerName}`);
          assert.equal(event.subject, "model:taxi-fare@3");
          assert.equal(event.time, record.at);
          assert.equal(event.datacontenttype, "application/json");
          assert.equal(event.ledgerseq, record.seq);
          assert.deepEqual(event.data, record);
          assert.equal(
            recordHash(event.data),
            event.ledgerhash,
            "a receiver can recompute the record's hash",
          );
        }
        // The verifier is not vacuous: one changed byte of the body, or another secret, fails it.
        const first = receiver.received[0]!;
        assert.throws(() => verifier.verify(first.body.replace("1.0", "1.1"), first.headers));
        assert.throws(() =>
          new Webhook(`whsec_${randomBytes(32).toString("base64")}`).verify(first.body, first.headers),
        );
        // Nothing new: a second pass sends nothing.
        const again = await deliverEvents({ ledger, config: config(receiver.url), env: ENV });
        assert.equal(again.webhooks[0]!.delivered, 0);
        assert.equal(receiver.received.length, 3);
      } finally {
        await receiver.stop();
      }
    });

    test("a receiver that fails (500), times out and restarts during 200 events ends with every event delivered at least once, none lost", async () => {
      const { ledger, records } = await ledgerWith(200);
      const hangs = new Set([40, 130]);
      const receiver = newReceiver((n, _req, res) => {
        if (n === 100 || n === 170) {
          // The receiver crashes mid-request: connection dropped, port closed until the sender's next backoff.
          void receiver.stop();
          return "handled";
        }
        if (hangs.has(n)) return "handled"; // never answers: the sender times out
        if (n % 9 === 4) {
          res.writeHead(500).end();
          return "handled";
        }
        if (n % 23 === 11) {
          res.socket?.destroy(); // processed, but the answer is lost: the sender must send it again
          return "handled";
        }
        return "ok";
      });
      await receiver.start();
      const delays: number[] = [];
      const sleep = async (ms: number) => {
        delays.push(ms);
        if (!receiver.server) await receiver.restart();
      };
      try {
        const cfg = config(
          receiver.url,
          {},
          { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 2000, timeoutMs: 300 },
        );
        const report = await deliverEvents({ ledger, config: cfg, env: ENV, sleep, random: seeded(7) });
        const hook = report.webhooks[0]!;
        assert.equal(hook.deadLettered, 0, JSON.stringify(hook));
        assert.equal(hook.delivered, 200);
        assert.equal(hook.to, 200);
        const expected = new Set(records.map(eventId));
        const acknowledged = receiver.acknowledgedIds();
        assert.deepEqual(
          [...expected].filter((id) => !acknowledged.has(id)),
          [],
          "every event acknowledged at least once",
        );
        assert.ok(
          receiver.received.every((r) => r.verified),
          "every request carried a valid signature",
        );
        // The failures really happened: restarts, retries, duplicates.
        assert.equal(receiver.restarts, 2);
        assert.ok(hook.attempts > 220, `attempts ${hook.attempts}`);
        assert.ok(receiver.received.length > acknowledged.size);
        // Full jitter: each retry's delay lies in [0, min(max, base·2^(k−1))).
        assert.ok(delays.length > 0 && delays.every((d) => d >= 0 && d < 2000));
        const status = await eventsStatus({ ledger, config: cfg, env: ENV });
        assert.deepEqual(
          status.webhooks.map((w) => [w.cursor, w.lag, w.deadLetters.length]),
          [[200, 0, 0]],
        );
      } finally {
        await receiver.stop();
      }
    });

    test("a crash between the send and the cursor write sends that event again on the next run, and loses none", async () => {
      const { ledger, records } = await ledgerWith(5);
      const receiver = newReceiver();
      await receiver.start();
      try {
        const cfg = config(receiver.url);
        const crash: DeliveryContext["afterSend"] = ({ seq }) => {
          if (seq === 3) throw new Error("process killed after sending #3");
        };
        await assert.rejects(
          deliverEvents({ ledger, config: cfg, env: ENV, afterSend: crash }),
          /killed after sending #3/,
        );
        assert.deepEqual(
          receiver.received.map((r) => r.id),
          records.slice(0, 3).map(eventId),
        );
        assert.equal((await eventsStatus({ ledger, config: cfg, env: ENV })).webhooks[0]!.cursor, 2);

        const report = await deliverEvents({ ledger, config: cfg, env: ENV });
        assert.equal(report.webhooks[0]!.from, 2);
        assert.deepEqual(
          receiver.received.map((r) => r.id),
          [1, 2, 3, 3, 4, 5].map((seq) => eventId(records[seq - 1]!)),
        );
      } finally {
        await receiver.stop();
      }
    });

    test("failures after N attempts go to dead letters; a pass stops after consecutive ones; replay resolves them", async () => {
      const { ledger, records } = await ledgerWith(4);
      let down = true;
      const receiver = newReceiver((_n, _req, res) => {
        if (!down) return "ok";
        res.writeHead(503, { "retry-after": "1" }).end();
        return "handled";
      });
      await receiver.start();
      const delays: number[] = [];
      try {
        const cfg = config(
          receiver.url,
          {},
          { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 5000, stopAfterDeadLetters: 2 },
        );
        const ctx = {
          ledger,
          config: cfg,
          env: ENV,
          random: () => 0.5,
          sleep: async (ms: number) => void delays.push(ms),
        };
        const report = await deliverEvents(ctx);
        assert.deepEqual(
          report.webhooks.map((w) => [w.delivered, w.deadLettered, w.to, w.attempts]),
          [[0, 2, 2, 6]],
        );
        assert.match(report.webhooks[0]!.stopped ?? "", /2 consecutive events dead-lettered/);
        // Jittered backoff 0.5·100·2^(k−1) = 50, 100 ms, raised to Retry-After (1 s).
        assert.deepEqual(delays, [1000, 1000, 1000, 1000]);
        let status = (await eventsStatus(ctx)).webhooks[0]!;
        assert.deepEqual(
          status.deadLetters.map((d) => [d.seq, d.eventId, d.attempts, d.error]),
          [
            [1, eventId(records[0]!), 3, "HTTP 503"],
            [2, eventId(records[1]!), 3, "HTTP 503"],
          ],
        );
        assert.equal(status.lag, 2);

        // Replay while still down: they stay dead letters.
        const failed = await replayEvents(ctx, { deadLetters: true });
        assert.deepEqual(
          failed.map((r) => r.ok),
          [false, false],
        );
        assert.equal((await eventsStatus(ctx)).webhooks[0]!.deadLetters.length, 2);

        down = false;
        const replayed = await replayEvents(ctx, { deadLetters: true });
        assert.deepEqual(
          replayed.map((r) => [r.seq, r.ok]),
          [
            [1, true],
            [2, true],
          ],
        );
        status = (await eventsStatus(ctx)).webhooks[0]!;
        assert.deepEqual(status.deadLetters, []);
        await deliverEvents(ctx);
        status = (await eventsStatus(ctx)).webhooks[0]!;
        assert.deepEqual([status.cursor, status.lag], [4, 0]);
        assert.deepEqual([...receiver.acknowledgedIds()].sort(), records.map(eventId).sort());

        // One event by id or by seq, whatever the cursor says; an unknown one is named.
        const one = await replayEvents(ctx, { events: [eventId(records[2]!), "4"] });
        assert.deepEqual(
          one.map((r) => [r.seq, r.ok]),
          [
            [3, true],
            [4, true],
          ],
        );
        await assert.rejects(replayEvents(ctx, { events: ["airlock-99-00000000000000000000000000000000"] }), {
          code: "EVENTS_EVENT_NOT_FOUND",
        });
      } finally {
        await receiver.stop();
      }
    });

    test("410 Gone is final at once; a redirect is a failure, not followed", async () => {
      const { ledger } = await ledgerWith(2);
      const receiver = newReceiver((n, _req, res) => {
        if (n === 1) res.writeHead(410).end();
        else res.writeHead(307, { location: "http://127.0.0.1:9/elsewhere" }).end();
        return "handled";
      });
      await receiver.start();
      try {
        const cfg = config(receiver.url, {}, { maxAttempts: 2 });
        const report = await deliverEvents({ ledger, config: cfg, env: ENV, sleep: async () => {} });
        assert.deepEqual(
          report.webhooks.map((w) => [w.deadLettered, w.attempts]),
          [[2, 3]],
        );
        const dead = (await eventsStatus({ ledger, config: cfg, env: ENV })).webhooks[0]!.deadLetters;
        assert.deepEqual(
          dead.map((d) => [d.attempts, d.error]),
          [
            [1, "HTTP 410"],
            [2, "HTTP 307"],
          ],
        );
      } finally {
        await receiver.stop();
      }
    });
  });

  describe("events: who could get around delivery", () => {
    test("mallory, who may append to the ledger container, cannot move the cursor or resolve dead letters, and a squatted state blob is stepped around", async () => {
      const { ledger, container, records } = await ledgerWith(3);
      const receiver = newReceiver();
      await receiver.start();
      try {
        const cfg = config(receiver.url);
        // Before any delivery: a block blob squats the cursor's name, and a forged cursor line claims #999.
        await container.getBlockBlobClient("events/hook/cursor.jsonl").upload("squatted", 8);
        const forged = `\n${JSON.stringify({ kind: "cursor", webhook: "hook", seq: 3, hash: records[2]!.hash, at: new Date().toISOString(), mac: "AAAA" })}\n`;
        const appendBlob = container.getAppendBlobClient("events/hook/cursor.9.jsonl");
        await appendBlob.create();
        await appendBlob.appendBlock(forged, Buffer.byteLength(forged));
        await appendBlob.appendBlock("not json\n", 9);

        const report = await deliverEvents({ ledger, config: cfg, env: ENV });
        assert.equal(report.webhooks[0]!.delivered, 3, "the forged cursor is ignored: nothing is silenced");
        const status = (await eventsStatus({ ledger, config: cfg, env: ENV })).webhooks[0]!;
        assert.equal(status.cursor, 3);
        assert.ok(status.ignoredStateLines >= 3, `ignored ${status.ignoredStateLines}`);
        const names: string[] = [];
        for await (const blob of container.listBlobsFlat({ prefix: "events/hook/" })) names.push(blob.name);
        assert.ok(names.includes("events/hook/cursor.1.jsonl"), names.join(", "));
        // Records of the ledger itself are untouched by the state next to it.
        assert.equal((await ledger.verify()).ok, true);

        // A state line signed with another webhook's secret does not count either.
        const other = parseEventsConfig(
          JSON.stringify({ webhooks: [{ name: "hook", url: receiver.url, secretEnv: "OTHER" }] }),
        );
        const otherEnv = { OTHER: `whsec_${randomBytes(32).toString("base64")}` };
        assert.equal((await eventsStatus({ ledger, config: other, env: otherEnv })).webhooks[0]!.cursor, 0);
      } finally {
        await receiver.stop();
      }
    });

    test("a record someone appended around Airlock's redaction (chained, carrying a password and a SAS URL) goes out redacted", async () => {
      const { ledger, container, records } = await ledgerWith(1);
      const prev = records[0]!;
      const unsigned = {
        seq: 2,
        id: "f0f0f0f0-0000-4000-8000-000000000002",
        at: new Date().toISOString(),
        type: "promotion.step" as const,
        actor: alice,
        subject: { asset: "model:taxi-fare@3" },
        data: {
          stepId: "x",
          status: "done",
          title: "leak",
          password: "hunter22",
          detail: "https://acct.blob.core.windows.net/c/b?sv=2024-01-01&sig=c2VjcmV0c2lnbmF0dXJl",
        },
        prevHash: prev.hash,
      };
      const forged = { ...unsigned, hash: recordHash(unsigned as unknown as LedgerRecord) };
      const line = `\n${JSON.stringify(forged)}\n`;
      await container
        .getAppendBlobClient("segments/000000000001.jsonl")
        .appendBlock(line, Buffer.byteLength(line));
      const receiver = newReceiver();
      await receiver.start();
      try {
        const report = await deliverEvents({ ledger, config: config(receiver.url), env: ENV });
        assert.equal(report.webhooks[0]!.delivered, 2, "the forged record chains, so it is an event too");
        const body = receiver.received[1]!.body;
        assert.doesNotMatch(body, /hunter22|c2VjcmV0c2lnbmF0dXJl/);
        const event = JSON.parse(body);
        assert.equal(event.data.data.password, "[REDACTED]");
        assert.equal(event.ledgerhash, forged.hash);
        assert.notEqual(
          recordHash(event.data),
          event.ledgerhash,
          "a receiver sees that what it got is not the stored record",
        );
      } finally {
        await receiver.stop();
      }
    });

    test("a secret missing from the environment stops everything before anything is sent or written", async () => {
      const { ledger, container } = await ledgerWith(1);
      const receiver = newReceiver();
      await receiver.start();
      try {
        await assert.rejects(deliverEvents({ ledger, config: config(receiver.url), env: {} }), {
          code: "EVENTS_SECRET_MISSING",
          exitCode: 3,
        });
        await assert.rejects(
          deliverEvents({
            ledger,
            config: config(receiver.url),
            env: { AIRLOCK_TEST_HOOK_SECRET: "whsec_c2hvcnQ=" },
          }),
          { code: "EVENTS_SECRET_INVALID" },
        );
        assert.equal(receiver.received.length, 0);
        const names: string[] = [];
        for await (const blob of container.listBlobsFlat({ prefix: "events/" })) names.push(blob.name);
        assert.deepEqual(names, []);
      } finally {
        await receiver.stop();
      }
    });
  });

  describe("events: formats and filters", () => {
    test("Slack and Teams bodies, signed the same way; a type filter sends only matching records and moves the cursor past the rest", async () => {
      const { ledger, records } = await ledgerWith(4);
      const slack = newReceiver();
      const teams = newReceiver();
      await slack.start();
      await teams.start();
      try {
        const cfg = parseEventsConfig(
          JSON.stringify({
            webhooks: [
              {
                name: "slack",
                urlEnv: "SLACK_URL",
                format: "slack",
                types: ["approval.*"],
                secretEnv: "AIRLOCK_TEST_HOOK_SECRET",
              },
              {
                name: "teams",
                urlEnv: "TEAMS_URL",
                format: "teams",
                types: ["approval.granted"],
                secretEnv: "AIRLOCK_TEST_HOOK_SECRET",
              },
            ],
          }),
        );
        const env = { ...ENV, SLACK_URL: slack.url, TEAMS_URL: teams.url };
        const report = await deliverEvents({ ledger, config: cfg, env });
        assert.deepEqual(
          report.webhooks.map((w) => [w.webhook, w.delivered, w.skipped, w.to]),
          [
            ["slack", 2, 2, 4],
            ["teams", 1, 3, 4],
          ],
        );
        assert.ok([...slack.received, ...teams.received].every((r) => r.verified));
        const slackBody = JSON.parse(slack.received[1]!.body);
        assert.match(slackBody.text, /^Airlock: approval\.granted — model:taxi-fare@3$/);
        assert.equal(slackBody.blocks[0].type, "header");
        const fields = slackBody.blocks[1].fields.map((f: { text: string }) => f.text);
        assert.ok(
          fields.includes("*comment*\nholdout rmse 1.12 &lt;= 1.5 &amp; reviewed"),
          fields.join(" | "),
        );
        assert.ok(slackBody.blocks[1].fields.length <= 10);

        const teamsBody = JSON.parse(teams.received[0]!.body);
        assert.equal(teamsBody.type, "message");
        const attachment = teamsBody.attachments[0];
        assert.equal(attachment.contentType, "application/vnd.microsoft.card.adaptive");
        assert.equal(attachment.content.type, "AdaptiveCard");
        assert.equal(attachment.content.version, "1.4");
        const facts = attachment.content.body.find((b: { type: string }) => b.type === "FactSet").facts;
        assert.deepEqual(facts[0], { title: "Type", value: "approval.granted" });
        assert.equal(teams.received[0]!.id, eventId(records[1]!));
      } finally {
        await slack.stop();
        await teams.stop();
      }
    });
  });

  describe("events: Event Grid", () => {
    test("an eventgrid webhook posts the CloudEvent with an Entra token for Event Grid and the 2018-01-01 api-version; without a token source nothing is sent", async () => {
      const { ledger, records } = await ledgerWith(2);
      const receiver = newReceiver();
      await receiver.start();
      try {
        const cfg = config(receiver.url, { format: "eventgrid" });
        await assert.rejects(deliverEvents({ ledger, config: cfg, env: ENV }), {
          code: "EVENTS_TOKEN_UNAVAILABLE",
          exitCode: 3,
        });
        assert.equal(receiver.received.length, 0);

        const scopes: string[] = [];
        const token = async (scope: string) => {
          scopes.push(scope);
          return "entra-access-token";
        };
        const report = await deliverEvents({ ledger, config: cfg, env: ENV, token });
        assert.equal(report.webhooks[0]!.delivered, 2);
        assert.deepEqual([...new Set(scopes)], ["https://eventgrid.azure.net/.default"]);
        for (const [index, got] of receiver.received.entries()) {
          assert.equal(got.url, "/hook?api-version=2018-01-01");
          assert.equal(got.headers.authorization, "Bearer entra-access-token");
          assert.match(got.headers["content-type"]!, /^application\/cloudevents\+json/);
          const event = JSON.parse(got.body);
          assert.equal(event.specversion, "1.0");
          assert.equal(event.id, eventId(records[index]!));
        }
      } finally {
        await receiver.stop();
      }
    });
  });

  describe("events: governance/events.yml", () => {
    test("the committed file parses and needs no secret while it names no webhook", async () => {
      const committed = await loadEventsConfig(DEFAULT_EVENTS_FILE);
      assert.deepEqual(resolveWebhooks(committed, {}), []);
      assert.equal(committed.retry.timeoutMs, 15_000);
    });

    const refused: Array<[string, unknown, string]> = [
      [
        "a secret key",
        { name: "a", url: "https://x.example", secret: "s3cr3t", secretEnv: "S" },
        "EVENTS_LITERAL_SECRET",
      ],
      [
        "a whsec_ value",
        { name: "a", url: "https://x.example", secretEnv: "whsec_abcdefgh" },
        "EVENTS_LITERAL_SECRET",
      ],
      [
        "a Slack webhook URL",
        { name: "a", url: "https://hooks.slack.com/services/T0/B0/XYZ", secretEnv: "S" },
        "EVENTS_LITERAL_SECRET",
      ],
      [
        "a Teams Workflows URL with sig=",
        {
          name: "a",
          url: "https://prod-1.westeurope.logic.azure.com/workflows/1/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers&sv=1.0&sig=abcdef123456",
          secretEnv: "S",
        },
        "EVENTS_LITERAL_SECRET",
      ],
      [
        "plain http off loopback",
        { name: "a", url: "http://siem.example.com/x", secretEnv: "S" },
        "EVENTS_URL_INVALID",
      ],
      ["no secretEnv", { name: "a", url: "https://x.example" }, "EVENTS_CONFIG_INVALID"],
      [
        "an unknown record type",
        { name: "a", url: "https://x.example", secretEnv: "S", types: ["approval.stamped"] },
        "EVENTS_CONFIG_INVALID",
      ],
      [
        "an unknown format",
        { name: "a", url: "https://x.example", secretEnv: "S", format: "email" },
        "EVENTS_CONFIG_INVALID",
      ],
      [
        "a name that cannot name blobs",
        { name: "../x", url: "https://x.example", secretEnv: "S" },
        "EVENTS_CONFIG_INVALID",
      ],
    ];
    for (const [what, hook, code] of refused) {
      test(`refused: ${what} (${code})`, () => {
        assert.throws(
          () => parseEventsConfig(JSON.stringify({ webhooks: [hook] })),
          (error: { code?: string; exitCode?: number; message: string }) => {
            assert.equal(error.code, code, error.message);
            assert.equal(error.exitCode, 3);
            return true;
          },
        );
      });
    }

    test("CLI: a literal secret in the file is exit 3 with its code, before the platform is touched", async (t) => {
      const { writeFile, mkdtemp, rm } = await import("node:fs/promises");
      const { tmpdir } = await import("node:os");
      const path = await import("node:path");
      const dir = await mkdtemp(path.join(tmpdir(), "airlock-events-"));
      t.after(() => rm(dir, { recursive: true, force: true }));
      const file = path.join(dir, "events.yml");
      await writeFile(
        file,
        "webhooks:\n  - name: a\n    url: https://x.example\n    secretEnv: S\n    password: hunter22\n",
      );
      const result = await runCli(["events", "deliver", "--once", "--config", file, "--state-dir", dir]);
      assert.equal(result.code, 3, result.stderr);
      assert.match(result.stderr, /EVENTS_LITERAL_SECRET/);
      assert.doesNotMatch(result.stderr + result.stdout, /hunter22/);
    });
  });
});
