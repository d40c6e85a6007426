/**
 * The audit ledger on the twin's blob service (Azurite behind the twin's front end), in containers under the
 * ledger's WORM policy: JSON Lines in append blobs, one Append Block per record with the append-position
 * condition, nothing ever overwritten or deleted. What someone with write access can still do — append lines
 * and create blobs — is detected by verify; what WORM refuses (overwrite, delete) is refused with Azure's
 * code; rewrites that only a broken WORM could allow are checked in memory with verifyChain and anchors.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { after, before, describe, test } from "node:test";
import { type ContainerClient, RestError } from "@azure/storage-blob";
import { resolveInterpreter } from "../../src/emulator/inference/host.ts";
import { InputError } from "../../src/errors.ts";
import {
  GENESIS_HASH,
  Ledger,
  type LedgerRecord,
  type LoadedRecord,
  recordHash,
  SEGMENT_RECORDS,
  segmentOf,
  verifyChain,
} from "../../src/governance/ledger.ts";
import { containsSecret } from "../../src/redact.ts";
import { type AzuriteFixture, alice, bob, promotionSp, startAzuriteFixture } from "./fixture.ts";

let azurite: AzuriteFixture;
describe("governance/ledger", () => {
  before(async () => {
    azurite = await startAzuriteFixture();
  });
  after(async () => {
    await azurite?.close();
  });

  const FIRST_SEGMENT = "segments/000000000001.jsonl";

  async function getText(container: ContainerClient, name: string): Promise<string> {
    return (await container.getBlobClient(name).downloadToBuffer()).toString("utf8");
  }
  /** What anyone who may write the container can do under WORM: append bytes to a segment, unconditionally. */
  async function appendRaw(container: ContainerClient, name: string, text: string): Promise<void> {
    await container.getAppendBlobClient(name).appendBlock(text, Buffer.byteLength(text));
  }
  async function blobNames(container: ContainerClient): Promise<string[]> {
    const names: string[] = [];
    for await (const blob of container.listBlobsFlat()) names.push(blob.name);
    return names.sort();
  }
  /** A record that chains onto `prev` (as a writer with the container's key could compute one). */
  function forge(prev: LedgerRecord, change: Partial<LedgerRecord> = {}): LedgerRecord {
    const unsigned = {
      seq: prev.seq + 1,
      id: "f0f0f0f0-0000-4000-8000-000000000000",
      at: new Date().toISOString(),
      type: "approval.granted" as const,
      actor: bob,
      subject: { requestId: "r1" },
      data: { requestId: "r1", forged: true } as unknown as LedgerRecord["data"],
      prevHash: prev.hash,
      ...change,
    };
    return { ...unsigned, hash: recordHash(unsigned as LedgerRecord), ...("hash" in change ? change : {}) };
  }
  /** A record as the ledger stores it: one Append Block, led and ended by a newline. */
  const line = (record: unknown) => `\n${JSON.stringify(record)}\n`;

  /** A ledger with `n` records: promotion steps by the promotion principal. */
  async function ledgerWith(n: number, options: { segmentRecords?: number } = {}): Promise<Ledger> {
    // The WORM container exists already (Ledger.open itself is exercised by the tests below).
    const ledger = new Ledger(await azurite.wormContainer(), options);
    for (let i = 1; i <= n; i++) {
      await ledger.append(
        "promotion.step",
        { asset: "model:taxi-fare@3" },
        { stepId: `s${i}`, status: "done", title: `step ${i}` },
        promotionSp,
      );
    }
    return ledger;
  }

  /** The records as verifyChain takes them, built from what storage holds (for in-memory rewrites). */
  function loadedOf(records: readonly LedgerRecord[], segmentRecords = SEGMENT_RECORDS): LoadedRecord[] {
    return records.map((record, i) => ({
      position: i + 1,
      segment: segmentOf(i + 1, segmentRecords),
      bytes: Buffer.byteLength(line(record)),
      record: structuredClone(record),
    }));
  }
  /** Re-chains records from index `from` on with fresh hashes (what a writer who could rewrite would do). */
  function rechain(loaded: LoadedRecord[], from: number): void {
    for (let i = from; i < loaded.length; i++) {
      const record = loaded[i]!.record!;
      record.prevHash = i === 0 ? GENESIS_HASH : loaded[i - 1]!.record!.hash;
      record.hash = recordHash(record);
    }
  }

  async function refusedByWorm(promise: Promise<unknown>): Promise<void> {
    await assert.rejects(promise, (error: unknown) => {
      assert.ok(error instanceof RestError, String(error));
      assert.equal(error.statusCode, 409);
      assert.equal(error.code, "BlobImmutableDueToPolicy");
      return true;
    });
  }

  describe("audit ledger on the twin's blob service", () => {
    test("append, read, head and verify; records are lines of an append blob segment", async () => {
      const ledger = await Ledger.open(await azurite.wormContainer());
      assert.deepEqual(await ledger.head(), { seq: 0, hash: GENESIS_HASH });
      assert.equal((await ledger.verify()).ok, true);
      assert.deepEqual(await blobNames(ledger.container), []);

      const first = await ledger.append(
        "approval.requested",
        { asset: "model:taxi-fare@3", requestId: "r1" },
        { justification: "weekly retrain" } as never,
        alice,
      );
      const second = await ledger.append(
        "approval.granted",
        { requestId: "r1" },
        { comment: "ok" } as never,
        bob,
      );
      assert.equal(first.seq, 1);
      assert.equal(first.prevHash, GENESIS_HASH);
      assert.equal(second.seq, 2);
      assert.equal(second.prevHash, first.hash);
      assert.equal(recordHash(second), second.hash);
      assert.match(first.id, /^[0-9a-f-]{36}$/);
      assert.deepEqual(second.actor, bob);

      assert.deepEqual(await ledger.read(), [first, second]);
      assert.deepEqual(await ledger.read({ from: 2 }), [second]);
      assert.deepEqual(await ledger.read({ to: 1 }), [first]);
      assert.deepEqual(await ledger.head(), { seq: 2, hash: second.hash });
      const verification = await ledger.verify();
      assert.equal(verification.ok, true);
      assert.equal(verification.count, 2);
      assert.equal(verification.headHash, second.hash);
      assert.equal(verification.headSeq, 2);

      // The layout: one append blob, one JSON line per record, exactly as returned.
      assert.deepEqual(await blobNames(ledger.container), [FIRST_SEGMENT]);
      const properties = await ledger.container.getBlobClient(FIRST_SEGMENT).getProperties();
      assert.equal(properties.blobType, "AppendBlob");
      assert.equal(properties.blobCommittedBlockCount, 2, "one Append Block per record");
      assert.equal(await getText(ledger.container, FIRST_SEGMENT), line(first) + line(second));

      // A second client on the same container continues the same chain.
      const other = new Ledger(ledger.container);
      const third = await other.append("rollback", { endpoint: "taxi-prod" }, {} as never, promotionSp);
      assert.equal(third.seq, 3);
      assert.equal(third.prevHash, second.hash);
      // And the first client, whose verified snapshot is behind, catches up rather than forking.
      const fourth = await ledger.append("rollback", { endpoint: "taxi-prod" }, {} as never, promotionSp);
      assert.deepEqual([fourth.seq, fourth.prevHash], [4, third.hash]);
    });

    test("anyone can recompute a record's hash from the stored line (python3, the module header's command)", async (t) => {
      const ledger = await Ledger.open(await azurite.wormContainer());
      const record = await ledger.append(
        "deployment.created",
        { endpoint: "é-ünïcode" },
        { n: 12, f: [true, null, "x\ty"], note: "日本" } as never,
        alice,
      );
      await ledger.append("rollback", {}, {} as never, alice);
      const script =
        'import json,sys,hashlib; r=json.loads(next(l for l in sys.stdin if l.strip())); r.pop("hash"); ' +
        'print("sha256:"+hashlib.sha256(json.dumps(r,sort_keys=True,separators=(",",":"),ensure_ascii=False).encode()).hexdigest())';
      const text = await getText(ledger.container, FIRST_SEGMENT);
      // python3 resolved once per process (shared with the inference host), not through the pyenv shim per run.
      const interpreter = await resolveInterpreter("python3").catch(() => undefined);
      if (!interpreter) {
        t.skip("python3 not available");
        return;
      }
      const python = spawnSync(interpreter, ["-c", script], { input: text });
      assert.equal(python.status, 0, String(python.error ?? python.stderr));
      assert.equal(python.stdout.toString().trim(), record.hash);
    });

    test("10 concurrent writers × 10 records: one chain of 100, each seq exactly once", async () => {
      const container = await azurite.wormContainer();
      await concurrentWriters(container, {});
      const ledger = new Ledger(container);
      const records = await ledger.read();
      assertOneChain(records, 100);
      const verification = await ledger.verify();
      assert.equal(verification.ok, true, JSON.stringify(verification.firstBad));
      assert.equal(verification.count, 100);
      assert.deepEqual(await ledger.head(), { seq: 100, hash: records[99]!.hash });
      assert.deepEqual(await blobNames(container), [FIRST_SEGMENT]);
    });

    test("appends through one instance take turns: 20 at once land in order, each in one write", async () => {
      const container = await azurite.wormContainer();
      const writes: number[] = [];
      const ledger = new Ledger(container, { segmentRecords: 7, onWrite: (n) => writes.push(n) });
      await ledger.append("rollback", {}, {} as never, alice); // the first one reads the (empty) tail
      const appended = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          ledger.append(
            "promotion.step",
            { promotionId: "p" },
            { stepId: `s${i}`, status: "done", title: "t" },
            promotionSp,
          ),
        ),
      );
      assert.deepEqual(
        appended.map((r) => r.seq),
        Array.from({ length: 20 }, (_, i) => i + 2),
      );
      // One append each, plus the segments created for seq 8 and 15: no append lost a race to its own process.
      assert.deepEqual(
        writes.slice(1).filter((n) => n !== 1),
        [2, 2],
      );
      const verification = await new Ledger(container, { segmentRecords: 7 }).verify();
      assert.equal(verification.ok, true, JSON.stringify(verification.firstBad));
      assert.equal(verification.count, 21);
    });

    test("concurrent writers across segment boundaries (7 records a segment): no fork, no gap", async () => {
      const container = await azurite.wormContainer();
      await concurrentWriters(container, { segmentRecords: 7 });
      const ledger = new Ledger(container, { segmentRecords: 7 });
      const records = await ledger.read();
      assertOneChain(records, 100);
      const verification = await ledger.verify();
      assert.equal(verification.ok, true, JSON.stringify(verification.firstBad));
      // 100 records at 7 a segment: segments starting at 1, 8, …, 99 — 15 blobs, each holding its own records.
      const expected = Array.from(
        { length: 15 },
        (_, i) => `segments/${String(i * 7 + 1).padStart(12, "0")}.jsonl`,
      );
      assert.deepEqual(await blobNames(container), expected);
      for (const [i, name] of expected.entries()) {
        const lines = (await getText(container, name)).split("\n").filter(Boolean);
        const seqs = lines.map((l) => (JSON.parse(l) as LedgerRecord).seq);
        const first = i * 7 + 1;
        assert.deepEqual(
          seqs,
          Array.from({ length: Math.min(7, 100 - first + 1) }, (_, k) => first + k),
          name,
        );
      }
      // A reader that assumes another segment size sees records in the wrong blobs: the size is the ledger's.
      const wrongSize = await new Ledger(container).verify();
      assert.deepEqual([wrongSize.ok, wrongSize.firstBad?.reason], [false, "reordered"]);
    });

    test("a ledger written by one instance verifies in another, and a verified snapshot is extended", async () => {
      const writer = await ledgerWith(5, { segmentRecords: 3 });
      const reader = new Ledger(writer.container, { segmentRecords: 3 });
      const full = await reader.scanVerified();
      assert.deepEqual(full.foreign, []);
      assert.deepEqual(
        full.records.map((r) => r.seq),
        [1, 2, 3, 4, 5],
      );
      assert.deepEqual(full.records, await writer.read());

      // The writer appends across the next boundary; the reader extends what it verified.
      for (let i = 0; i < 3; i++) await writer.append("rollback", {}, {} as never, alice);
      const extended = await reader.scanVerified();
      assert.deepEqual(
        extended.records.map((r) => r.seq),
        [1, 2, 3, 4, 5, 6, 7, 8],
      );
      assert.equal(extended.records.at(-1)?.hash, (await writer.head()).hash);
      assert.equal((await new Ledger(writer.container, { segmentRecords: 3 }).verify()).count, 8);
    });

    test("records are redacted before writing; a record that would still carry a secret is refused", async () => {
      const ledger = await Ledger.open(await azurite.wormContainer());
      const jwt = `eyJhbGciOiJIUzI1NiJ9.${Buffer.from('{"oid":"x"}').toString("base64url")}.c2lnbmF0dXJlc2ln`;
      const sasUrl =
        "http://127.0.0.1:1/acct/c/model.pkl?sv=2025-01-05&sr=b&sp=r&se=2026-01-02&sig=abcDEF%2B123%3D";
      const record = await ledger.append(
        "promotion.step",
        { asset: "model:taxi-fare@3" },
        {
          copySource: sasUrl,
          headers: { Authorization: `Bearer ${jwt}` },
          primaryKey: "k3y-value-123",
        } as never,
        promotionSp,
      );
      const stored = await getText(ledger.container, FIRST_SEGMENT);
      assert.equal(containsSecret(stored), false);
      for (const secret of ["abcDEF", jwt, "k3y-value-123"]) assert.ok(!stored.includes(secret));
      assert.equal(
        (record.data as unknown as Record<string, unknown>).copySource,
        "http://127.0.0.1:1/acct/c/model.pkl?[REDACTED]",
      );
      assert.equal((await ledger.verify()).ok, true);

      // A token used as an object key is not something redaction rewrites: the whole record is refused.
      await assert.rejects(
        ledger.append("promotion.step", {}, { tokens: { [jwt]: 1 } } as never, promotionSp),
        (error: unknown) => error instanceof InputError && error.code === "LEDGER_SECRET",
      );
      assert.equal((await ledger.head()).seq, 1, "nothing written");
      assert.equal(await getText(ledger.container, FIRST_SEGMENT), line(record));
    });

    test("bad input is refused before anything is written", async () => {
      const ledger = await Ledger.open(await azurite.wormContainer());
      const cases: Array<[() => Promise<unknown>, string]> = [
        // @ts-expect-error an unknown type, as an untyped caller could pass
        [() => ledger.append("approval.forged", {}, {}, alice), "LEDGER_RECORD_TYPE"],
        [() => ledger.append("rollback", {}, {} as never, { ...alice, objectId: "" }), "LEDGER_ACTOR"],
        // @ts-expect-error a managed identity kind is not an actor kind
        [() => ledger.append("rollback", {}, {} as never, { ...alice, kind: "group" }), "LEDGER_ACTOR"],
        // @ts-expect-error subject values are ids
        [() => ledger.append("rollback", { endpoint: 3 }, {} as never, alice), "LEDGER_SUBJECT"],
        [() => ledger.append("rollback", {}, [1] as never, alice), "LEDGER_DATA"],
        [() => ledger.append("rollback", {}, { big: 10n } as never, alice), "CANONICAL_JSON"],
      ];
      for (const [run, code] of cases) {
        await assert.rejects(
          run(),
          (error: unknown) => error instanceof Error && (error as InputError).code === code,
        );
      }
      assert.deepEqual(await ledger.read(), []);
      assert.deepEqual(await blobNames(ledger.container), []);
      for (const segmentRecords of [0, 1.5, 50_001]) {
        assert.throws(() => new Ledger(ledger.container, { segmentRecords }), {
          code: "LEDGER_SEGMENT_SIZE",
        });
      }
    });
  });

  describe("WORM: what the ledger container refuses, through the account key", () => {
    test("overwriting, re-creating or deleting a segment is refused with 409 BlobImmutableDueToPolicy", async () => {
      const ledger = await ledgerWith(3);
      const before = await getText(ledger.container, FIRST_SEGMENT);
      const forged = line(forge((await ledger.read())[0]!, { seq: 1, prevHash: GENESIS_HASH }));
      await refusedByWorm(
        ledger.container.getBlockBlobClient(FIRST_SEGMENT).upload(forged, Buffer.byteLength(forged)),
      );
      await refusedByWorm(ledger.container.getAppendBlobClient(FIRST_SEGMENT).create());
      await refusedByWorm(ledger.container.getBlobClient(FIRST_SEGMENT).delete());
      await refusedByWorm(ledger.container.getBlobClient(FIRST_SEGMENT).setMetadata({ truncated: "yes" }));
      await assert.rejects(ledger.container.delete(), {
        statusCode: 409,
        code: "ContainerImmutabilityPolicyLocked",
      });
      assert.equal(await getText(ledger.container, FIRST_SEGMENT), before);
      const verification = await new Ledger(ledger.container).verify();
      assert.deepEqual([verification.ok, verification.count], [true, 3]);
    });
  });

  describe("tamper detection: what someone who may append can do", () => {
    test("a forged line that does not chain is named by verify, and writers step over it (it can never stop the ledger)", async () => {
      const ledger = await ledgerWith(3);
      const records = await ledger.read();
      // Linked to record 2 instead of record 3: a second record 3 would be a fork.
      await appendRaw(ledger.container, FIRST_SEGMENT, line(forge(records[1]!, { seq: 4 })));
      const result = await new Ledger(ledger.container).verify();
      assert.equal(result.ok, false);
      assert.deepEqual([result.firstBad?.seq, result.firstBad?.reason], [4, "reordered"]);
      assert.match(result.firstBad!.detail, /chained after record 2/);

      // Under WORM the line stays for good: writers (fresh, and one holding a snapshot) step over it and chain on
      // from record 3; readers name it.
      assert.equal((await new Ledger(ledger.container).append("rollback", {}, {} as never, alice)).seq, 4);
      assert.equal((await ledger.append("rollback", {}, {} as never, alice)).seq, 5);
      const walked = await new Ledger(ledger.container).scanVerified();
      assert.deepEqual(
        walked.records.map((r) => r.seq),
        [1, 2, 3, 4, 5],
      );
      assert.deepEqual(
        walked.foreign.map((f) => [f.segment, f.line]),
        [[FIRST_SEGMENT, 8]], // physical line 8: three records (two lines each), then the forged line's own two
      );
      assert.equal((await getText(ledger.container, FIRST_SEGMENT)).split("\n").filter(Boolean).length, 6);
    });

    test("a forged line with a broken link, a stale hash or a repeated seq is named at its position", async () => {
      const cases: Array<[string, (prev: LedgerRecord) => LedgerRecord, number, string, RegExp]> = [
        [
          "unknown prevHash",
          (p) => forge(p, { prevHash: `sha256:${"9".repeat(64)}` }),
          3,
          "edited",
          /record 4/,
        ],
        [
          "hash not of its content",
          (p) => forge(p, { hash: `sha256:${"ab".repeat(32)}` }),
          4,
          "edited",
          /hash/,
        ],
        ["seq repeated (a fork)", (p) => forge(p, { seq: 2 }), 4, "reordered", /seq 2/],
        ["seq skipped", (p) => forge(p, { seq: 6 }), 4, "deleted", /4\.\.5 are missing/],
      ];
      for (const [name, make, seq, reason, detail] of cases) {
        const ledger = await ledgerWith(3);
        const records = await ledger.read();
        await appendRaw(ledger.container, FIRST_SEGMENT, line(make(records[2]!)));
        const result = await new Ledger(ledger.container).verify();
        assert.deepEqual(
          [result.ok, result.firstBad?.seq, result.firstBad?.reason],
          [false, seq, reason],
          name,
        );
        assert.match(result.firstBad!.detail, detail, name);
      }
    });

    test("a chaining line appended past a full segment fails verification, and the snapshot's extension steps over it", async () => {
      const ledger = await ledgerWith(1, { segmentRecords: 2 });
      const reader = new Ledger(ledger.container, { segmentRecords: 2 });
      await reader.scanVerified(); // verified up to record 1, in the middle of the first segment
      await ledger.append("rollback", {}, {} as never, alice); // record 2 fills the first segment
      // Record 3 belongs in segments/000000000003.jsonl; this one is appended to the full first segment.
      await appendRaw(ledger.container, FIRST_SEGMENT, line(forge((await ledger.read())[1]!)));
      const full = await new Ledger(ledger.container, { segmentRecords: 2 }).verify();
      assert.deepEqual([full.ok, full.firstBad?.seq, full.firstBad?.reason], [false, 3, "reordered"]);
      const walked = await reader.scanVerified();
      assert.deepEqual(
        walked.records.map((r) => r.seq),
        [1, 2],
      );
      assert.match(walked.foreign.at(-1)?.reason ?? "", /after the segment's last record/);
    });

    test("a forged line that chains correctly is accepted: the ledger proves order, not authorship", async () => {
      const ledger = await ledgerWith(3);
      const forged = forge((await ledger.read())[2]!);
      await appendRaw(ledger.container, FIRST_SEGMENT, line(forged));
      const fresh = new Ledger(ledger.container);
      assert.equal((await fresh.verify()).ok, true);
      assert.deepEqual((await fresh.read()).at(-1), forged);
      // Writers continue after it: the gate, not the ledger, decides whose decisions count (approvals.test.ts).
      assert.equal((await ledger.append("rollback", {}, {} as never, alice)).seq, 5);
    });

    test("garbage appended to a segment is unreadable at its position; a partial line too", async () => {
      // (A lone newline is not garbage: blank lines mean nothing.)
      for (const garbage of ["{not json\n", '{"seq":4', '{"seq":4,"id":"x"}\n']) {
        const ledger = await ledgerWith(3);
        await appendRaw(ledger.container, FIRST_SEGMENT, garbage);
        const result = await new Ledger(ledger.container).verify();
        assert.deepEqual(
          [result.ok, result.firstBad?.seq, result.firstBad?.reason],
          [false, 4, "unreadable"],
          JSON.stringify(garbage),
        );
        assert.equal(result.count, 3);
        // Writers step over it; a fragment without a newline ends before the next record (which leads with one).
        assert.equal((await new Ledger(ledger.container).append("rollback", {}, {} as never, alice)).seq, 4);
        const walked = await new Ledger(ledger.container).scanVerified();
        assert.deepEqual(
          walked.records.map((r) => r.seq),
          [1, 2, 3, 4],
          JSON.stringify(garbage),
        );
        assert.equal(walked.foreign.length, 1);
      }
    });

    test("a stray blob under segments/ is named; blobs elsewhere (an old head.json) change nothing", async () => {
      const ledger = await ledgerWith(3);
      await ledger.container.getBlockBlobClient("head.json").upload('{"seq":1}', 9);
      await ledger.container.getBlockBlobClient("records/000000000004.json").upload("{}", 2);
      assert.equal((await new Ledger(ledger.container).verify()).ok, true);

      for (const stray of ["segments/notes.txt", "segments/000000000001.jsonl.bak", "segments/1.jsonl"]) {
        const other = await ledgerWith(3);
        await other.container.getBlockBlobClient(stray).upload(line((await other.read())[0]), 10);
        const result = await new Ledger(other.container).verify();
        assert.deepEqual([result.ok, result.firstBad?.reason], [false, "unreadable"], stray);
        assert.ok(result.firstBad!.detail.includes(stray), result.firstBad!.detail);
      }
    });

    test("a block blob under the next segment's name (it could never be appended to) is named", async () => {
      const ledger = await ledgerWith(3, { segmentRecords: 3 });
      const next = "segments/000000000004.jsonl";
      await ledger.container.getBlockBlobClient(next).upload("", 0);
      const result = await new Ledger(ledger.container, { segmentRecords: 3 }).verify();
      assert.deepEqual([result.ok, result.firstBad?.seq, result.firstBad?.reason], [false, 4, "unreadable"]);
      assert.match(result.firstBad!.detail, /is not a ledger segment .*segments\/000000000004\.jsonl/);
      // Known limit: a writer cannot append to a block blob, so this squat stops appends past record 3 until an
      // administrator intervenes (docs/security.md); the error names the storage refusal.
      await assert.rejects(
        new Ledger(ledger.container, { segmentRecords: 3 }).append("rollback", {}, {} as never, alice),
        { code: "LEDGER_STORAGE" },
      );
    });

    test("a segment created ahead of time is named: it does not start where the ledger ends", async () => {
      // Empty, and holding a record that would follow the tip, with 5 records a segment and 3 records written.
      for (const content of ["", "forged"]) {
        const ledger = await ledgerWith(3, { segmentRecords: 5 });
        const future = "segments/000000000011.jsonl";
        await ledger.container.getAppendBlobClient(future).create();
        if (content)
          await appendRaw(ledger.container, future, line(forge((await ledger.read())[2]!, { seq: 11 })));
        const result = await new Ledger(ledger.container, { segmentRecords: 5 }).verify();
        assert.deepEqual(
          [result.ok, result.firstBad?.seq, result.firstBad?.reason],
          [false, 4, "unreadable"],
        );
        assert.match(
          result.firstBad!.detail,
          /segment segments\/000000000011\.jsonl starts at 11, expected 4/,
        );
      }

      // The next segment, pre-created empty by someone else, is simply used: creating it is idempotent.
      const full = await ledgerWith(5, { segmentRecords: 5 });
      await full.container.getAppendBlobClient("segments/000000000006.jsonl").create();
      assert.equal((await new Ledger(full.container, { segmentRecords: 5 }).verify()).ok, true);
      assert.equal((await full.append("rollback", {}, {} as never, alice)).seq, 6);
      const next = await new Ledger(full.container, { segmentRecords: 5 }).verify();
      assert.deepEqual([next.ok, next.count], [true, 6]);

      // Pre-created with forged lines that do not chain: the writer that reaches it steps over them.
      const racing = await ledgerWith(5, { segmentRecords: 5 });
      await racing.container.getAppendBlobClient("segments/000000000006.jsonl").create();
      await appendRaw(
        racing.container,
        "segments/000000000006.jsonl",
        line(forge((await racing.read())[1]!, { seq: 6 })),
      );
      assert.equal((await racing.append("rollback", {}, {} as never, alice)).seq, 6);
      assert.equal((await new Ledger(racing.container, { segmentRecords: 5 }).verify()).ok, false);
    });
  });

  describe("anchors: what storage alone cannot show", () => {
    test("an anchor the ledger covers passes; one beyond its end is truncated; another hash at its seq is forked", async () => {
      const ledger = await ledgerWith(6);
      const head = await ledger.head();
      const three = (await ledger.read({ from: 3, to: 3 }))[0]!;
      const ok = await ledger.verify({ anchors: [head, { seq: 3, hash: three.hash }] });
      assert.deepEqual([ok.ok, ok.anchorsChecked], [true, 2]);
      assert.equal((await ledger.verify({ anchors: [{ seq: 0, hash: GENESIS_HASH }] })).ok, true);

      const truncated = await ledger.verify({ anchors: [{ seq: 9, hash: `sha256:${"1".repeat(64)}` }] });
      assert.deepEqual([truncated.firstBad?.seq, truncated.firstBad?.reason], [7, "truncated"]);
      const forked = await ledger.verify({ anchors: [{ seq: 4, hash: three.hash }] });
      assert.deepEqual([forked.firstBad?.seq, forked.firstBad?.reason], [4, "forked"]);
    });

    test("assertAnchors (the gate's check): covered anchors pass; a longer one is LEDGER_TRUNCATED, another hash LEDGER_FORKED", async () => {
      const ledger = await ledgerWith(5, { segmentRecords: 2 });
      const records = await ledger.read();
      const head = await ledger.head();
      await ledger.assertAnchors([]);
      await ledger.assertAnchors([head, { seq: 3, hash: records[2]!.hash }]);
      await assert.rejects(ledger.assertAnchors([{ seq: 7, hash: records[4]!.hash }]), {
        code: "LEDGER_TRUNCATED",
        exitCode: 8,
      });
      await assert.rejects(ledger.assertAnchors([head, { seq: 3, hash: records[3]!.hash }]), {
        code: "LEDGER_FORKED",
        exitCode: 8,
      });
      // A fresh instance checks against a full walk; garbage appended since is stepped over, not a reason to stop.
      await new Ledger(ledger.container, { segmentRecords: 2 }).assertAnchors([head]);
      await appendRaw(ledger.container, "segments/000000000005.jsonl", "{garbage\n");
      await new Ledger(ledger.container, { segmentRecords: 2 }).assertAnchors([head]);
      await ledger.assertAnchors([head]);
    });

    test("records removed from the tail (storage alone verifies): the anchor says truncated", async () => {
      const ledger = await ledgerWith(10, { segmentRecords: 4 });
      const anchor = await ledger.head();
      const loaded = loadedOf(await ledger.read(), 4);
      const shortened = loaded.slice(0, 8);
      assert.equal(verifyChain(shortened, [], 4).ok, true, "undetectable from storage alone");
      const anchored = verifyChain(shortened, [anchor], 4);
      assert.deepEqual([anchored.firstBad?.seq, anchored.firstBad?.reason], [9, "truncated"]);
      // Every record removed, beside an anchor: truncated at record 1.
      const empty = verifyChain([], [anchor], 4);
      assert.deepEqual([empty.ok, empty.firstBad?.seq, empty.firstBad?.reason], [false, 1, "truncated"]);
      assert.equal(verifyChain(loaded, [anchor], 4).ok, true);
    });

    test("history rewritten from some record on (re-chained, storage alone verifies): the anchor says forked", async () => {
      const ledger = await ledgerWith(6);
      const anchor = await ledger.head();
      const early = { seq: 3, hash: (await ledger.read({ from: 3, to: 3 }))[0]!.hash };
      const loaded = loadedOf(await ledger.read());
      for (const entry of loaded.slice(3)) entry.record!.data = { rewritten: entry.position } as never;
      rechain(loaded, 3);
      assert.equal(verifyChain(loaded).ok, true, "undetectable from storage alone");
      const anchored = verifyChain(loaded, [early, anchor]);
      assert.deepEqual([anchored.firstBad?.seq, anchored.firstBad?.reason], [6, "forked"]);
      assert.equal(verifyChain(loaded, [early]).ok, true, "the rewrite is after the early anchor");
    });
  });

  describe("verifyChain over rewritten copies (what WORM prevents in storage)", () => {
    let base: { records: LedgerRecord[]; loaded: () => LoadedRecord[] };
    before(async () => {
      const ledger = await ledgerWith(10, { segmentRecords: 4 });
      const records = await ledger.read();
      base = { records, loaded: () => loadedOf(records, 4) };
    });
    const check = (loaded: LoadedRecord[], seq: number, reason: string, detail?: RegExp) => {
      const result = verifyChain(loaded, [], 4);
      assert.deepEqual([result.ok, result.firstBad?.seq, result.firstBad?.reason], [false, seq, reason]);
      if (detail) assert.match(result.firstBad!.detail, detail);
    };

    test("the unchanged copy verifies", () => {
      const result = verifyChain(base.loaded(), [], 4);
      assert.deepEqual([result.ok, result.count, result.headHash], [true, 10, base.records[9]!.hash]);
    });

    test("a record's data or hash edited is named at that record", () => {
      const data = base.loaded();
      data[4]!.record!.data = { step: 500 } as never;
      check(data, 5, "edited");
      const hash = base.loaded();
      hash[3]!.record!.hash = `sha256:${"ab".repeat(32)}`;
      check(hash, 4, "edited");
    });

    test("a record rewritten with a fresh hash breaks the link to its successor", () => {
      const loaded = base.loaded();
      loaded[2]!.record!.actor = alice;
      loaded[2]!.record!.hash = recordHash(loaded[2]!.record!);
      check(loaded, 3, "edited", /record 3 was rewritten/);
    });

    test("a middle record deleted: the gap is named", () => {
      const loaded = base.loaded().filter((e) => e.position !== 6);
      for (const [i, entry] of loaded.entries()) {
        entry.position = i + 1;
        entry.segment = segmentOf(i + 1, 4);
      }
      check(loaded, 6, "deleted", /6\.\.6 are missing/);
    });

    test("two records swapped, or one renumbered into another's place: reordered", () => {
      const swapped = base.loaded();
      const four = swapped[3]!.record!;
      swapped[3]!.record = swapped[6]!.record;
      swapped[6]!.record = four;
      // Position 4 holds record 7 (classified as records 4..6 missing: the first bad position is what counts).
      const result = verifyChain(swapped, [], 4);
      assert.deepEqual([result.ok, result.firstBad?.seq], [false, 4]);
      assert.match(result.firstBad!.detail, /position 4 holds record 7/);

      const renumbered = base.loaded();
      const eight = structuredClone(base.records[7]!);
      eight.seq = 6;
      eight.hash = recordHash(eight);
      renumbered[5]!.record = eight;
      check(renumbered, 6, "reordered", /chained after record 7/);
    });

    test("a record moved to another segment is named", () => {
      const loaded = base.loaded();
      loaded[4]!.segment = segmentOf(1, 4);
      check(loaded, 5, "reordered", /is in segments\/000000000001\.jsonl, not segments\/000000000005\.jsonl/);
    });
  });

  async function concurrentWriters(container: ContainerClient, options: { segmentRecords?: number }) {
    const writers = Array.from({ length: 10 }, (_, w) => ({ w, ledger: new Ledger(container, options) }));
    await Promise.all(
      writers.map(async ({ w, ledger }) => {
        for (let i = 0; i < 10; i++) {
          await ledger.append(
            "promotion.step",
            { promotionId: `p${w}` },
            { stepId: `w${w}-${i}`, status: "done", title: `writer ${w} step ${i}` },
            promotionSp,
          );
        }
      }),
    );
  }

  function assertOneChain(records: readonly LedgerRecord[], n: number): void {
    assert.deepEqual(
      records.map((r) => r.seq),
      Array.from({ length: n }, (_, i) => i + 1),
    );
    assert.equal(new Set(records.map((r) => r.id)).size, n, "each record once");
    assert.equal(
      new Set(records.map((r) => r.prevHash)).size,
      n,
      "no two records chained to the same parent",
    );
    for (let i = 1; i < records.length; i++) assert.equal(records[i]!.prevHash, records[i - 1]!.hash);
    for (let w = 0; w < 10; w++) {
      const mine = records
        .filter((r) => r.subject.promotionId === `p${w}`)
        .map((r) => (r.data as { stepId: string }).stepId);
      assert.deepEqual(
        mine,
        Array.from({ length: 10 }, (_, i) => `w${w}-${i}`),
        `writer ${w}'s records, in its order`,
      );
    }
  }
});
