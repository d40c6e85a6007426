/**
 * @module governance/ledger
 * The audit ledger: an append-only, hash-chained list of records in blob storage, shared by everyone who
 * promotes or deploys (Azurite on the twin, the prod storage account in Azure). The ledger is handed a
 * `ContainerClient` and knows nothing about accounts or credentials.
 *
 * Layout in the container:
 * - `records/<seq, 12 digits>.json` — one blob per record, created with `If-None-Match: *`. Creating seq N is
 *   atomic, so of several concurrent writers exactly one wins N; the losers read the winner's record and try
 *   N+1 (bounded attempts, exponential backoff with full jitter). A record is never overwritten, so the chain
 *   never forks.
 * - `head.json` — `{ seq, hash, at }` of the newest record, moved forward only, with ETag conditions. It is a
 *   hint for fast reads (writers probe forward from it, so a lagging head is harmless) and a witness for
 *   truncation: records missing below the head's seq, or a head hash that differs from the record, fail verify.
 *
 * Record: `{ seq, id, at, type, actor: { objectId, name, kind }, subject, data, prevHash, hash }`.
 * `seq` starts at 1; `prevHash` of record 1 is GENESIS_HASH; `hash` = "sha256:" + hex sha256 of the canonical
 * JSON (sorted keys, no whitespace; see canonical.ts) of the record without its `hash` field. To recompute:
 *   python3 -c 'import json,sys,hashlib; r=json.load(sys.stdin); r.pop("hash");
 *     print("sha256:"+hashlib.sha256(json.dumps(r,sort_keys=True,separators=(",",":"),ensure_ascii=False)
 *     .encode()).hexdigest())' < record.json
 *
 * What `verify` detects from storage alone: an edited record (content no longer matches its hash, or a record
 * rewritten with a fresh hash — its successor's prevHash no longer matches), a deleted record (a gap), records
 * swapped or moved (seq / chain position mismatch), a truncated tail while head.json still names the old
 * head, a head that names a different record. What it cannot detect without an external anchor: the tail
 * truncated *and* head.json rolled back consistently, or the whole container rewritten. Publish `head()` (seq +
 * hash) somewhere the ledger's writers cannot change (CI logs, a release note, an immutable blob) and pass it
 * back as `verify({ anchor })` to close that gap.
 *
 * Every record is redacted (redact.ts) before it is written and refused if a secret still shows.
 */
import { randomUUID } from "node:crypto";
import type { BlobClient, ContainerClient } from "@azure/storage-blob";
import { canonicalJson, sha256Canonical } from "../canonical-json.ts";
import { InputError, UnavailableError, VerificationError } from "../errors.ts";
import { containsSecret, findSecrets, redact, redactText } from "./redact.ts";

export const LEDGER_RECORD_TYPES = [
  "approval.requested",
  "approval.granted",
  "approval.rejected",
  "promotion.step",
  "promotion.completed",
  "deployment.created",
  "traffic.changed",
  "rollback",
  "endpoint.created",
  "breakglass",
] as const;
export type LedgerRecordType = (typeof LEDGER_RECORD_TYPES)[number];

export const GENESIS_HASH = `sha256:${"0".repeat(64)}`;
const RECORD_PREFIX = "records/";
const HEAD_BLOB = "head.json";
const SEQ_DIGITS = 12;
const RECORD_NAME = /^records\/(\d{12})\.json$/;

/** Who did it, as the credential says (identity.ts); never taken from a flag. */
export interface Actor {
  objectId: string;
  name: string;
  kind: "user" | "servicePrincipal";
}

/**
 * What a record is about, as ids. Conventional keys: `asset` (e.g. "model:taxi-fare@3" or an ARM/azureml id),
 * `endpoint`, `deployment`, `requestId`, `promotionId`, `target`.
 */
export type LedgerSubject = Readonly<Record<string, string>>;

export interface LedgerRecord<D = Record<string, unknown>> {
  seq: number;
  id: string;
  at: string;
  type: LedgerRecordType;
  actor: Actor;
  subject: LedgerSubject;
  data: D;
  prevHash: string;
  hash: string;
}

export interface LedgerHead {
  /** 0 when the ledger is empty. */
  seq: number;
  /** Hash of record `seq`; GENESIS_HASH when empty. Print it as an external anchor. */
  hash: string;
}

export type TamperReason = "edited" | "deleted" | "reordered" | "truncated" | "forked" | "unreadable";

export interface VerifyResult {
  ok: boolean;
  /** Records found. */
  count: number;
  /** Hash of the last record found (GENESIS_HASH when empty). */
  headHash: string;
  headSeq: number;
  /** What head.json says (undefined when it is missing). */
  storedHead: LedgerHead | undefined;
  firstBad?: { seq: number; reason: TamperReason; detail: string };
}

export interface LedgerOptions {
  /** Clock for record timestamps (tests inject one). */
  now?: () => Date;
  /** Attempts to win a seq under contention before giving up with LEDGER_CONTENDED (default 60). */
  maxAttempts?: number;
  /** Parallel blob downloads when reading (default 16). */
  readConcurrency?: number;
  /** Facts added to every record's data that the caller did not set, e.g. `runUrl` of the CI run. */
  annotations?: Readonly<Record<string, string>>;
}

interface Tip extends LedgerHead {
  headEtag: string | undefined;
  headSeq: number;
}

export class Ledger {
  readonly container: ContainerClient;
  readonly #now: () => Date;
  readonly #maxAttempts: number;
  readonly #readConcurrency: number;
  readonly #annotations: Readonly<Record<string, string>>;
  /** The verified chain (see scanVerified), once a full scan has verified it. */
  #snapshot: LedgerRecord[] | undefined;
  readonly #recordCache = new Map<number, { etag: string; loaded: LoadedRecord }>();
  readonly #listedEtags = new Map<number, string>();

  constructor(container: ContainerClient, options: LedgerOptions = {}) {
    this.container = container;
    this.#now = options.now ?? (() => new Date());
    this.#maxAttempts = options.maxAttempts ?? 60;
    this.#readConcurrency = options.readConcurrency ?? 16;
    this.#annotations = options.annotations ?? {};
  }

  /** A ledger on `container`, creating the container if it does not exist. */
  static async open(container: ContainerClient, options: LedgerOptions = {}): Promise<Ledger> {
    await storage("create the ledger container", () => container.createIfNotExists());
    return new Ledger(container, options);
  }

  /** Appends one record at the end of the chain and returns it as stored. */
  async append<D extends Record<string, unknown>>(
    type: LedgerRecordType,
    subject: LedgerSubject,
    data: D,
    actor: Actor,
  ): Promise<LedgerRecord<D>> {
    if (!(LEDGER_RECORD_TYPES as readonly string[]).includes(type)) {
      throw new InputError(
        "LEDGER_RECORD_TYPE",
        `unknown ledger record type "${type}" (expected one of ${LEDGER_RECORD_TYPES.join(", ")})`,
      );
    }
    const annotated =
      data && typeof data === "object" && !Array.isArray(data) ? { ...this.#annotations, ...data } : data;
    const content = prepareContent(subject, annotated, actor);
    const id = randomUUID();
    let tip = await this.#tip();
    for (let attempt = 0; attempt < this.#maxAttempts; attempt++) {
      const unsigned = {
        seq: tip.seq + 1,
        id,
        at: this.#now().toISOString(),
        type,
        actor: content.actor,
        subject: content.subject,
        data: content.data,
        prevHash: tip.hash,
      };
      const record = { ...unsigned, hash: sha256Canonical(unsigned) } as LedgerRecord<D>;
      const text = JSON.stringify(record, null, 2);
      const secrets = findSecrets(text);
      if (secrets.length > 0) {
        throw new InputError("LEDGER_SECRET", `refusing to write a ledger record containing a ${secrets[0]}`);
      }
      const created = await this.#createRecordBlob(record.seq, text);
      if (created) {
        await this.#advanceHead(record, tip);
        return record;
      }
      await sleep(backoffMs(attempt));
      tip = await this.#probeForward(tip);
    }
    throw new UnavailableError(
      "LEDGER_CONTENDED",
      `could not append to the ledger after ${this.#maxAttempts} attempts: too many concurrent writers`,
    );
  }

  /** The newest record's seq and hash (head.json, then probing forward past any lag). */
  async head(): Promise<LedgerHead> {
    const tip = await this.#tip();
    return { seq: tip.seq, hash: tip.hash };
  }

  /** Records with `from ≤ seq ≤ to` (both optional), in seq order, as stored; no verification. */
  async read(range: { from?: number; to?: number } = {}): Promise<LedgerRecord[]> {
    if (this.#snapshot && range.from === undefined && range.to === undefined) {
      return (await this.scanVerified()).records;
    }
    const from = range.from ?? 1;
    const to = range.to ?? Number.POSITIVE_INFINITY;
    const seqs = (await this.#listSeqs()).filter((seq) => seq >= from && seq <= to);
    const loaded = await mapLimit(seqs, this.#readConcurrency, (seq) => this.#readListedRecord(seq));
    return loaded.flatMap((entry) => (entry.record ? [entry.record] : []));
  }

  /** Walks every record and head.json; names the first bad record. */
  async verify(options: { anchor?: LedgerHead } = {}): Promise<VerifyResult> {
    return (await this.scan(options)).verification;
  }

  /** Reads every record and verifies the chain in one pass. A chain that verifies becomes this instance's snapshot. */
  async scan(
    options: { anchor?: LedgerHead } = {},
  ): Promise<{ records: LedgerRecord[]; verification: VerifyResult }> {
    const [seqs, stored] = await Promise.all([this.#listSeqs(true), this.#readHead()]);
    const loaded = await mapLimit(
      seqs.filter((seq) => seq > 0),
      this.#readConcurrency,
      (seq) => this.#readListedRecord(seq),
    );
    const verification = verifyChain(loaded, stored, options.anchor, seqs.includes(-1));
    const records = loaded.flatMap((entry) => (entry.record ? [entry.record] : []));
    if (verification.ok) this.#snapshot = records;
    return { records, verification };
  }

  /**
   * What the approval gate reads: the chain verified in full once per instance (usually once per process), then
   * extended record by record — each new record must carry the next seq and link to the verified tip. The cost
   * of a gate check stays flat as the ledger grows. Tampering with records this instance already verified cannot
   * change its decisions (it decides on the verified snapshot) and is caught by the next full scan: every new
   * process, and `verify()`.
   */
  async scanVerified(): Promise<{ records: LedgerRecord[]; verification: VerifyResult }> {
    const snapshot = this.#snapshot;
    if (!snapshot) return this.scan();
    const extended = [...snapshot];
    let tip = extended.at(-1);
    for (;;) {
      const seq = (tip?.seq ?? 0) + 1;
      const { record, problem } = await this.#readRecord(seq);
      if (!record && !problem) break;
      if (
        !record ||
        record.seq !== seq ||
        record.prevHash !== (tip?.hash ?? GENESIS_HASH) ||
        recordHash(record) !== record.hash
      ) {
        this.#snapshot = undefined;
        return this.scan();
      }
      extended.push(record);
      tip = record;
    }
    this.#snapshot = extended;
    const head = { seq: tip?.seq ?? 0, hash: tip?.hash ?? GENESIS_HASH };
    return {
      records: extended,
      verification: {
        ok: true,
        count: extended.length,
        headHash: head.hash,
        headSeq: head.seq,
        storedHead: head,
      },
    };
  }

  #recordBlob(seq: number): BlobClient {
    return this.container.getBlobClient(recordName(seq));
  }

  async #createRecordBlob(seq: number, text: string): Promise<boolean> {
    const blob = this.container.getBlockBlobClient(recordName(seq));
    try {
      await blob.upload(text, Buffer.byteLength(text), {
        conditions: { ifNoneMatch: "*" },
        blobHTTPHeaders: { blobContentType: "application/json" },
      });
      return true;
    } catch (error) {
      if (isConflict(error)) return false;
      throw storageError(`write ledger record ${seq}`, error);
    }
  }

  /** Moves head.json forward to `record` unless someone already moved it further. Best effort: a lagging head is
   * harmless (readers probe forward), and failing here would make a caller retry an append that succeeded. */
  async #advanceHead(record: LedgerRecord, tip: Tip): Promise<void> {
    let etag = tip.headEtag;
    let headSeq = tip.headSeq;
    const text = JSON.stringify({ seq: record.seq, hash: record.hash, at: record.at });
    for (let attempt = 0; attempt < this.#maxAttempts && headSeq < record.seq; attempt++) {
      try {
        await this.container.getBlockBlobClient(HEAD_BLOB).upload(text, Buffer.byteLength(text), {
          conditions: etag ? { ifMatch: etag } : { ifNoneMatch: "*" },
          blobHTTPHeaders: { blobContentType: "application/json" },
        });
        return;
      } catch (error) {
        if (!isConflict(error)) return;
      }
      // No sleep: re-reading shows whether a later writer already moved the head past this record.
      try {
        const head = await this.#readHead();
        etag = head?.etag;
        headSeq = head?.head?.seq ?? 0;
      } catch {
        return;
      }
    }
  }

  async #tip(): Promise<Tip> {
    const stored = await this.#readHead();
    let start: Tip;
    if (stored?.head) {
      start = { ...stored.head, headEtag: stored.etag, headSeq: stored.head.seq };
    } else {
      // No head.json (new ledger, or it was lost): find the last record by listing, once.
      const seqs = await this.#listSeqs();
      const last = seqs.at(-1);
      const lastRecord = last === undefined ? undefined : (await this.#readRecord(last)).record;
      start = {
        seq: lastRecord?.seq ?? 0,
        hash: lastRecord?.hash ?? GENESIS_HASH,
        headEtag: stored?.etag,
        headSeq: 0,
      };
    }
    return this.#probeForward(start);
  }

  /** Follows records after `tip` until the first missing seq, checking each link as it goes. */
  async #probeForward(tip: Tip): Promise<Tip> {
    let { seq, hash } = tip;
    for (;;) {
      const { record, problem } = await this.#readRecord(seq + 1);
      if (!record && !problem) return { ...tip, seq, hash };
      if (
        !record ||
        record.seq !== seq + 1 ||
        record.prevHash !== hash ||
        recordHash(record) !== record.hash
      ) {
        throw new VerificationError(
          "LEDGER_CORRUPT",
          `ledger record ${seq + 1} does not extend the chain (${problem ?? "bad link or hash"}); run \`airlock audit verify\``,
          { seq: seq + 1 },
        );
      }
      seq = record.seq;
      hash = record.hash;
    }
  }

  async #readHead(): Promise<
    { head: LedgerHead | undefined; etag: string | undefined; problem?: string } | undefined
  > {
    const got = await download(this.container.getBlobClient(HEAD_BLOB));
    if (!got) return undefined;
    try {
      const parsed = JSON.parse(got.text) as Partial<LedgerHead>;
      if (typeof parsed.seq !== "number" || typeof parsed.hash !== "string")
        throw new Error("missing seq/hash");
      return { head: { seq: parsed.seq, hash: parsed.hash }, etag: got.etag };
    } catch (error) {
      return {
        head: undefined,
        etag: got.etag,
        problem: `head.json is not valid: ${(error as Error).message}`,
      };
    }
  }

  /**
   * A record seen in the latest listing. Parsed records are cached by the blob's ETag: a record blob is never
   * rewritten by the ledger, and any rewrite (tampering) changes its ETag, so a cache hit is exactly the
   * bytes that are stored now. This keeps repeated reads and verifications to one listing plus new records.
   */
  async #readListedRecord(seq: number): Promise<LoadedRecord> {
    const etag = this.#listedEtags.get(seq);
    const cached = etag === undefined ? undefined : this.#recordCache.get(seq);
    if (cached && cached.etag === etag) return cached.loaded;
    const loaded = await this.#readRecord(seq);
    if (etag !== undefined && loaded.record) this.#recordCache.set(seq, { etag, loaded });
    return loaded;
  }

  async #readRecord(seq: number): Promise<LoadedRecord> {
    const got = await download(this.#recordBlob(seq));
    if (!got) return { seq, record: undefined };
    try {
      return { seq, record: parseRecord(got.text) };
    } catch (error) {
      return { seq, record: undefined, problem: (error as Error).message };
    }
  }

  /** Record seqs present, ascending; with `markStrays`, a -1 says a blob under records/ has a foreign name. */
  async #listSeqs(markStrays = false): Promise<number[]> {
    const seqs: number[] = [];
    let stray = false;
    await storage("list ledger records", async () => {
      this.#listedEtags.clear();
      for await (const blob of this.container.listBlobsFlat({ prefix: RECORD_PREFIX })) {
        const match = RECORD_NAME.exec(blob.name);
        if (match) {
          seqs.push(Number(match[1]));
          if (blob.properties.etag) this.#listedEtags.set(Number(match[1]), blob.properties.etag);
        } else stray = true;
      }
    });
    seqs.sort((a, b) => a - b);
    if (markStrays && stray) seqs.unshift(-1);
    return seqs;
  }
}

/** The hash a record should carry: sha256 over the canonical JSON of every field but `hash`. */
export function recordHash(record: Omit<LedgerRecord, "hash"> & { hash?: string }): string {
  const { hash: _ignored, ...rest } = record;
  return sha256Canonical(rest);
}

interface LoadedRecord {
  seq: number;
  record: LedgerRecord | undefined;
  problem?: string;
}

/**
 * The verification walk, over what storage returned. Exported for tests and for anyone holding a copy of the
 * records (e.g. an export): records are checked in seq order and the earliest problem is reported.
 */
export function verifyChain(
  loaded: readonly LoadedRecord[],
  stored: { head: LedgerHead | undefined; problem?: string } | undefined,
  anchor: LedgerHead | undefined,
  strayBlobs = false,
): VerifyResult {
  const bySeq = new Map(loaded.map((entry) => [entry.seq, entry]));
  const maxSeq = loaded.reduce((max, entry) => Math.max(max, entry.seq), 0);
  const seqOfHash = new Map<string, number>();
  for (const entry of loaded) if (entry.record) seqOfHash.set(entry.record.hash, entry.seq);
  const count = loaded.filter((entry) => entry.record).length;
  const last = bySeq.get(maxSeq)?.record;
  const result: VerifyResult = {
    ok: true,
    count,
    headHash: last?.hash ?? GENESIS_HASH,
    headSeq: maxSeq,
    storedHead: stored?.head,
  };
  const fail = (seq: number, reason: TamperReason, detail: string): VerifyResult => ({
    ...result,
    ok: false,
    firstBad: { seq, reason, detail },
  });

  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= maxSeq; seq++) {
    const entry = bySeq.get(seq);
    if (!entry) return fail(seq, "deleted", `record ${seq} is missing but records up to ${maxSeq} exist`);
    const record = entry.record;
    if (!record)
      return fail(seq, "unreadable", `record ${seq} cannot be read: ${entry.problem ?? "missing"}`);
    if (record.seq !== seq) {
      return fail(
        seq,
        "reordered",
        `position ${seq} holds the record with seq ${record.seq} (id ${record.id})`,
      );
    }
    if (recordHash(record) !== record.hash) {
      return fail(seq, "edited", `record ${seq}'s content does not match its hash ${record.hash}`);
    }
    if (record.prevHash !== prevHash) {
      const follows = seqOfHash.get(record.prevHash);
      if (follows !== undefined && follows !== seq - 1) {
        return fail(
          seq,
          "reordered",
          `record ${seq} was chained after record ${follows}, not after record ${seq - 1}`,
        );
      }
      if (seq === 1) return fail(1, "edited", `record 1's prevHash is not the genesis hash`);
      return fail(
        seq - 1,
        "edited",
        `record ${seq - 1} was rewritten after record ${seq} was chained to it (its hash is ${prevHash}; record ${seq} committed to ${record.prevHash}), or record ${seq} was replaced`,
      );
    }
    prevHash = record.hash;
  }
  if (strayBlobs) return fail(maxSeq + 1, "unreadable", "a blob under records/ does not have a record name");
  if (stored?.problem) return fail(maxSeq + 1, "unreadable", stored.problem);
  const head = stored?.head;
  if (head && head.seq > maxSeq) {
    return fail(
      maxSeq + 1,
      "truncated",
      `head.json names record ${head.seq} (${head.hash}) but the ledger ends at record ${maxSeq}`,
    );
  }
  if (head && head.seq > 0 && bySeq.get(head.seq)?.record?.hash !== head.hash) {
    return fail(
      head.seq,
      "edited",
      `head.json names ${head.hash} as record ${head.seq}, which now hashes differently`,
    );
  }
  if (anchor && anchor.seq > maxSeq) {
    return fail(
      maxSeq + 1,
      "truncated",
      `the anchor names record ${anchor.seq} but the ledger ends at ${maxSeq}`,
    );
  }
  if (anchor && anchor.seq > 0 && bySeq.get(anchor.seq)?.record?.hash !== anchor.hash) {
    return fail(
      anchor.seq,
      "forked",
      `the anchor says record ${anchor.seq} is ${anchor.hash} but the ledger has ${bySeq.get(anchor.seq)?.record?.hash}: history was rewritten at or before record ${anchor.seq}`,
    );
  }
  return result;
}

function prepareContent(
  subject: LedgerSubject,
  data: Record<string, unknown>,
  actor: Actor,
): { subject: LedgerSubject; data: Record<string, unknown>; actor: Actor } {
  if (
    !actor ||
    typeof actor.objectId !== "string" ||
    actor.objectId === "" ||
    typeof actor.name !== "string"
  ) {
    throw new InputError(
      "LEDGER_ACTOR",
      "a ledger record needs an actor with objectId and name (from the credential)",
    );
  }
  if (actor.kind !== "user" && actor.kind !== "servicePrincipal") {
    throw new InputError(
      "LEDGER_ACTOR",
      `actor.kind must be "user" or "servicePrincipal", not "${actor.kind}"`,
    );
  }
  if (subject === null || typeof subject !== "object" || Array.isArray(subject)) {
    throw new InputError("LEDGER_SUBJECT", "a ledger subject is an object of ids");
  }
  for (const [key, value] of Object.entries(subject)) {
    if (typeof value !== "string")
      throw new InputError("LEDGER_SUBJECT", `subject.${key} must be a string id`);
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw new InputError("LEDGER_DATA", "ledger record data must be an object");
  }
  // Round-trip through JSON so what is hashed is exactly what is stored and read back.
  const redacted = redact({
    subject,
    data,
    actor: { objectId: actor.objectId, name: actor.name, kind: actor.kind },
  });
  canonicalJson(redacted); // throws InputError naming the first value JSON cannot hold
  const clean = JSON.parse(JSON.stringify(redacted)) as {
    subject: LedgerSubject;
    data: Record<string, unknown>;
    actor: Actor;
  };
  if (containsSecret(clean)) {
    throw new InputError("LEDGER_SECRET", "refusing to write a ledger record that still contains a secret");
  }
  return clean;
}

function parseRecord(text: string): LedgerRecord {
  const value = JSON.parse(text) as Partial<LedgerRecord>;
  const fields: Array<[keyof LedgerRecord, string]> = [
    ["seq", "number"],
    ["id", "string"],
    ["at", "string"],
    ["type", "string"],
    ["actor", "object"],
    ["subject", "object"],
    ["data", "object"],
    ["prevHash", "string"],
    ["hash", "string"],
  ];
  for (const [field, type] of fields) {
    if (typeof value[field] !== type || value[field] === null)
      throw new Error(`field ${field} is not a ${type}`);
  }
  return value as LedgerRecord;
}

function recordName(seq: number): string {
  return `${RECORD_PREFIX}${String(seq).padStart(SEQ_DIGITS, "0")}.json`;
}

async function download(blob: BlobClient): Promise<{ text: string; etag: string | undefined } | undefined> {
  try {
    const response = await blob.download();
    const chunks: Buffer[] = [];
    for await (const chunk of response.readableStreamBody ?? []) chunks.push(Buffer.from(chunk as Buffer));
    return { text: Buffer.concat(chunks).toString("utf8"), etag: response.etag };
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw storageError(`read ${blob.name}`, error);
  }
}

function statusOf(error: unknown): number | undefined {
  return (error as { statusCode?: number } | null)?.statusCode;
}

/** 409 (BlobAlreadyExists) and 412 (ConditionNotMet) both mean "someone else wrote first". */
function isConflict(error: unknown): boolean {
  const status = statusOf(error);
  return status === 409 || status === 412;
}

function storageError(action: string, error: unknown): UnavailableError {
  const message = redactText(error instanceof Error ? error.message : String(error));
  return new UnavailableError("LEDGER_STORAGE", `could not ${action}: ${message.split("\n")[0]}`, {
    status: statusOf(error),
  });
}

async function storage<T>(action: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw storageError(action, error);
  }
}

/** Full jitter on an exponential ceiling: 5 ms, 10 ms … capped at 100 ms. */
function backoffMs(attempt: number): number {
  return Math.random() * Math.min(100, 5 * 2 ** attempt);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  run: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await run(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
