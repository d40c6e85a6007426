import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { after, before, describe, test } from "node:test";
import type { ContainerClient } from "@azure/storage-blob";
import { InputError } from "../../src/errors.ts";
import { GENESIS_HASH, Ledger, type LedgerRecord, recordHash } from "../../src/governance/ledger.ts";
import { containsSecret } from "../../src/governance/redact.ts";
import { type AzuriteFixture, alice, bob, promotionSp, startAzuriteFixture } from "./fixture.ts";

let azurite: AzuriteFixture;
before(async () => {
  azurite = await startAzuriteFixture();
});
after(async () => {
  await azurite?.close();
});

const recordName = (seq: number) => `records/${String(seq).padStart(12, "0")}.json`;

async function getText(container: ContainerClient, name: string): Promise<string> {
  return (await container.getBlobClient(name).downloadToBuffer()).toString("utf8");
}
async function putText(container: ContainerClient, name: string, text: string): Promise<void> {
  await container.getBlockBlobClient(name).upload(text, Buffer.byteLength(text));
}
async function editRecord(
  container: ContainerClient,
  seq: number,
  change: (record: LedgerRecord) => void,
): Promise<void> {
  const record = JSON.parse(await getText(container, recordName(seq))) as LedgerRecord;
  change(record);
  await putText(container, recordName(seq), JSON.stringify(record));
}

/** A ledger with `n` records: promotion steps by the promotion principal. */
async function ledgerWith(n: number): Promise<Ledger> {
  const ledger = await Ledger.open(azurite.container());
  for (let i = 1; i <= n; i++) {
    await ledger.append("promotion.step", { asset: "model:taxi-fare@3" }, { step: i }, promotionSp);
  }
  return ledger;
}

describe("audit ledger on Azurite", () => {
  test("append, read, head and verify", async () => {
    const ledger = await Ledger.open(azurite.container());
    assert.deepEqual(await ledger.head(), { seq: 0, hash: GENESIS_HASH });
    assert.equal((await ledger.verify()).ok, true);

    const first = await ledger.append(
      "approval.requested",
      { asset: "model:taxi-fare@3", requestId: "r1" },
      { justification: "weekly retrain" },
      alice,
    );
    const second = await ledger.append("approval.granted", { requestId: "r1" }, { comment: "ok" }, bob);
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

    // A second client on the same container continues the same chain.
    const other = new Ledger(ledger.container);
    const third = await other.append("rollback", { endpoint: "taxi-prod" }, {}, promotionSp);
    assert.equal(third.seq, 3);
    assert.equal(third.prevHash, second.hash);
  });

  test("anyone can recompute a record's hash from the stored JSON (python3)", async (t) => {
    try {
      execFileSync("python3", ["--version"]);
    } catch {
      t.skip("python3 not available");
      return;
    }
    const ledger = await ledgerWith(1);
    await ledger.append(
      "deployment.created",
      { endpoint: "é-ünïcode" },
      { n: 12, f: [true, null, "x\ty"] },
      alice,
    );
    const text = await getText(ledger.container, recordName(2));
    const script =
      'import json,sys,hashlib; r=json.load(sys.stdin); h=r.pop("hash"); ' +
      'print("sha256:"+hashlib.sha256(json.dumps(r,sort_keys=True,separators=(",",":"),ensure_ascii=False).encode()).hexdigest())';
    const recomputed = execFileSync("python3", ["-c", script], { input: text }).toString().trim();
    assert.equal(recomputed, (JSON.parse(text) as LedgerRecord).hash);
  });

  test("10 concurrent appenders × 10 records: one chain of 100, no fork", async () => {
    const container = azurite.container();
    await Ledger.open(container);
    const writers = Array.from({ length: 10 }, (_, w) => ({ w, ledger: new Ledger(container) }));
    await Promise.all(
      writers.map(async ({ w, ledger }) => {
        for (let i = 0; i < 10; i++) {
          await ledger.append("promotion.step", { promotionId: `p${w}` }, { writer: w, i }, promotionSp);
        }
      }),
    );
    const ledger = new Ledger(container);
    const records = await ledger.read();
    assert.equal(records.length, 100);
    assert.deepEqual(
      records.map((r) => r.seq),
      Array.from({ length: 100 }, (_, i) => i + 1),
    );
    assert.equal(new Set(records.map((r) => r.id)).size, 100);
    for (let w = 0; w < 10; w++) {
      const mine = records.filter((r) => r.data.writer === w).map((r) => r.data.i);
      assert.deepEqual(mine, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], `writer ${w}'s records, in its order`);
    }
    const verification = await ledger.verify();
    assert.equal(verification.ok, true, JSON.stringify(verification.firstBad));
    assert.equal(verification.count, 100);
    assert.deepEqual(await ledger.head(), { seq: 100, hash: records[99]!.hash });
    assert.equal(verification.storedHead?.seq, 100);
  });

  test("records are redacted before writing; a record that would still carry a secret is refused", async () => {
    const ledger = await Ledger.open(azurite.container());
    const jwt = `eyJhbGciOiJIUzI1NiJ9.${Buffer.from('{"oid":"x"}').toString("base64url")}.c2lnbmF0dXJlc2ln`;
    const sasUrl =
      "http://127.0.0.1:1/acct/c/model.pkl?sv=2025-01-05&sr=b&sp=r&se=2026-01-02&sig=abcDEF%2B123%3D";
    const record = await ledger.append(
      "promotion.step",
      { asset: "model:taxi-fare@3" },
      { copySource: sasUrl, headers: { Authorization: `Bearer ${jwt}` }, primaryKey: "k3y-value-123" },
      promotionSp,
    );
    const stored = await getText(ledger.container, recordName(1));
    assert.equal(containsSecret(stored), false);
    for (const secret of ["abcDEF", jwt, "k3y-value-123"]) assert.ok(!stored.includes(secret));
    assert.equal(record.data.copySource, "http://127.0.0.1:1/acct/c/model.pkl?[REDACTED]");
    assert.equal((await ledger.verify()).ok, true);

    // A token used as an object key is not something redaction rewrites: the whole record is refused.
    await assert.rejects(
      ledger.append("promotion.step", {}, { tokens: { [jwt]: 1 } }, promotionSp),
      (error: unknown) => error instanceof InputError && error.code === "LEDGER_SECRET",
    );
    assert.equal((await ledger.head()).seq, 1, "nothing written");
  });

  test("bad input is refused before anything is written", async () => {
    const ledger = await Ledger.open(azurite.container());
    const cases: Array<[() => Promise<unknown>, string]> = [
      // @ts-expect-error an unknown type, as an untyped caller could pass
      [() => ledger.append("approval.forged", {}, {}, alice), "LEDGER_RECORD_TYPE"],
      [() => ledger.append("rollback", {}, {}, { ...alice, objectId: "" }), "LEDGER_ACTOR"],
      // @ts-expect-error a managed identity kind is not an actor kind
      [() => ledger.append("rollback", {}, {}, { ...alice, kind: "group" }), "LEDGER_ACTOR"],
      // @ts-expect-error subject values are ids
      [() => ledger.append("rollback", { endpoint: 3 }, {}, alice), "LEDGER_SUBJECT"],
      // @ts-expect-error data is an object
      [() => ledger.append("rollback", {}, [1], alice), "LEDGER_DATA"],
      [() => ledger.append("rollback", {}, { big: 10n } as never, alice), "CANONICAL_JSON"],
    ];
    for (const [run, code] of cases) {
      await assert.rejects(
        run(),
        (error: unknown) => error instanceof Error && (error as InputError).code === code,
      );
    }
    assert.deepEqual(await ledger.read(), []);
  });
});

describe("audit ledger tamper detection", () => {
  test("editing a record's data is detected at that record", async () => {
    const ledger = await ledgerWith(10);
    await editRecord(ledger.container, 5, (r) => {
      r.data = { step: 500 };
    });
    const result = await ledger.verify();
    assert.equal(result.ok, false);
    assert.deepEqual([result.firstBad?.seq, result.firstBad?.reason], [5, "edited"]);
  });

  test("editing a record's hash is detected at that record", async () => {
    const ledger = await ledgerWith(10);
    await editRecord(ledger.container, 4, (r) => {
      r.hash = `sha256:${"ab".repeat(32)}`;
    });
    const result = await ledger.verify();
    assert.deepEqual([result.firstBad?.seq, result.firstBad?.reason], [4, "edited"]);
  });

  test("a record rewritten with a freshly computed hash breaks the link to its successor", async () => {
    const ledger = await ledgerWith(10);
    await editRecord(ledger.container, 3, (r) => {
      r.actor = alice;
      r.hash = recordHash(r);
    });
    const result = await ledger.verify();
    assert.deepEqual([result.firstBad?.seq, result.firstBad?.reason], [3, "edited"]);
    assert.match(result.firstBad!.detail, /record 3 was rewritten/);
  });

  test("rewriting the last record with a fresh hash is caught by head.json", async () => {
    const ledger = await ledgerWith(10);
    await editRecord(ledger.container, 10, (r) => {
      r.data = { step: "forged" };
      r.hash = recordHash(r);
    });
    const result = await ledger.verify();
    assert.deepEqual([result.firstBad?.seq, result.firstBad?.reason], [10, "edited"]);
  });

  test("deleting a middle record is detected at the gap", async () => {
    const ledger = await ledgerWith(10);
    await ledger.container.deleteBlob(recordName(6));
    const result = await ledger.verify();
    assert.deepEqual([result.firstBad?.seq, result.firstBad?.reason], [6, "deleted"]);
    assert.equal(result.count, 9);
    // Writers keep extending from the head; the gap stays visible to verify.
    await ledger.append("rollback", {}, {}, alice);
    assert.deepEqual(
      [(await ledger.verify()).firstBad?.seq, (await ledger.verify()).firstBad?.reason],
      [6, "deleted"],
    );
  });

  test("swapping two records is detected at the first of them", async () => {
    const ledger = await ledgerWith(10);
    const [a, b] = await Promise.all([
      getText(ledger.container, recordName(4)),
      getText(ledger.container, recordName(7)),
    ]);
    await putText(ledger.container, recordName(4), b);
    await putText(ledger.container, recordName(7), a);
    const result = await ledger.verify();
    assert.deepEqual([result.firstBad?.seq, result.firstBad?.reason], [4, "reordered"]);
    assert.match(result.firstBad!.detail, /holds the record with seq 7/);
  });

  test("renumbering swapped records is still detected as a reordering", async () => {
    const ledger = await ledgerWith(10);
    // Record 8 moved to position 6 with its seq renumbered and its hash recomputed; it still follows record 7.
    await editRecord(ledger.container, 6, () => {});
    const eight = JSON.parse(await getText(ledger.container, recordName(8))) as LedgerRecord;
    eight.seq = 6;
    eight.hash = recordHash(eight);
    await putText(ledger.container, recordName(6), JSON.stringify(eight));
    const result = await ledger.verify();
    assert.deepEqual([result.firstBad?.seq, result.firstBad?.reason], [6, "reordered"]);
    assert.match(result.firstBad!.detail, /chained after record 7/);
  });

  test("truncating the tail is detected while head.json still names the old head", async () => {
    const ledger = await ledgerWith(10);
    await ledger.container.deleteBlob(recordName(10));
    await ledger.container.deleteBlob(recordName(9));
    const result = await ledger.verify();
    assert.deepEqual([result.firstBad?.seq, result.firstBad?.reason], [9, "truncated"]);
  });

  test("truncation with head.json rolled back consistently needs an external anchor", async () => {
    const ledger = await ledgerWith(10);
    const anchor = await ledger.head();
    assert.equal(anchor.seq, 10);
    const eight = JSON.parse(await getText(ledger.container, recordName(8))) as LedgerRecord;
    await ledger.container.deleteBlob(recordName(10));
    await ledger.container.deleteBlob(recordName(9));
    await putText(ledger.container, "head.json", JSON.stringify({ seq: 8, hash: eight.hash, at: eight.at }));

    // Storage alone looks like a consistent 8-record ledger: this is the documented limit.
    const alone = await ledger.verify();
    assert.equal(alone.ok, true);
    assert.equal(alone.count, 8);
    // The anchor printed earlier (e.g. by CI) exposes it.
    const anchored = await ledger.verify({ anchor });
    assert.deepEqual([anchored.firstBad?.seq, anchored.firstBad?.reason], [9, "truncated"]);
  });

  test("history rewritten from some record onwards contradicts an anchor: forked", async () => {
    const ledger = await ledgerWith(6);
    const anchor = await ledger.head();
    // Rewrite records 4..6 consistently (fresh hashes, re-chained) and move head.json along.
    let prev = (JSON.parse(await getText(ledger.container, recordName(3))) as LedgerRecord).hash;
    for (let seq = 4; seq <= 6; seq++) {
      const record = JSON.parse(await getText(ledger.container, recordName(seq))) as LedgerRecord;
      record.data = { step: `rewritten ${seq}` };
      record.prevHash = prev;
      record.hash = recordHash(record);
      prev = record.hash;
      await putText(ledger.container, recordName(seq), JSON.stringify(record));
    }
    await putText(ledger.container, "head.json", JSON.stringify({ seq: 6, hash: prev }));
    assert.equal((await ledger.verify()).ok, true, "undetectable from storage alone");
    const anchored = await ledger.verify({ anchor });
    assert.deepEqual([anchored.firstBad?.seq, anchored.firstBad?.reason], [6, "forked"]);
  });

  test("an unreadable record is named", async () => {
    const ledger = await ledgerWith(3);
    await putText(ledger.container, recordName(2), "{not json");
    const result = await ledger.verify();
    assert.deepEqual([result.firstBad?.seq, result.firstBad?.reason], [2, "unreadable"]);
  });

  test("appending onto a damaged tip is refused rather than chaining onto forged content", async () => {
    const ledger = await ledgerWith(3);
    // head.json lags by one (as after a writer crash), and the record past it was forged.
    const two = JSON.parse(await getText(ledger.container, recordName(2))) as LedgerRecord;
    await putText(ledger.container, "head.json", JSON.stringify({ seq: 2, hash: two.hash }));
    await editRecord(ledger.container, 3, (r) => {
      r.data = { forged: true };
    });
    await assert.rejects(ledger.append("rollback", {}, {}, alice), { code: "LEDGER_CORRUPT" });
  });

  test("a lagging head.json (writer crashed after its record) is harmless", async () => {
    const ledger = await ledgerWith(3);
    const one = JSON.parse(await getText(ledger.container, recordName(1))) as LedgerRecord;
    await putText(ledger.container, "head.json", JSON.stringify({ seq: 1, hash: one.hash }));
    assert.equal((await ledger.verify()).ok, true);
    const four = await ledger.append("rollback", {}, {}, alice);
    assert.equal(four.seq, 4);
    assert.equal((await ledger.verify()).ok, true);
    assert.equal((await ledger.verify()).storedHead?.seq, 4);
    // And a lost head.json is rebuilt from the records.
    await ledger.container.deleteBlob("head.json");
    assert.equal((await ledger.head()).seq, 4);
    assert.equal((await ledger.append("rollback", {}, {}, alice)).seq, 5);
  });
});
