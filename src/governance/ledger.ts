/**
 * @module governance/ledger
 * The audit ledger: an append-only, hash-chained list of records in blob storage, shared by everyone who
 * promotes or deploys (the twin's storage, the prod storage account in Azure). It is handed a `ContainerClient`
 * and knows nothing about accounts or credentials.
 *
 * Layout: JSON Lines in append blobs, `segments/<seq of the segment's first record, 12 digits>.jsonl`, each
 * holding SEGMENT_RECORDS records (an append blob takes at most 50,000 blocks). One record is one Append Block
 * (`\n<record>\n`: blank lines mean nothing) with `x-ms-blob-condition-appendpos` set to the length the writer
 * last saw: of several concurrent writers exactly one lands at that position, the others get 412
 * (AppendPositionConditionNotMet), read what landed and retry at the next seq. The ledger never overwrites or
 * deletes a blob, so the container can carry a locked time-based retention (WORM) policy with protected append
 * writes (infra/, the twin): then nobody — whoever holds the account key — can edit, delete or truncate a
 * record; they can only append.
 *
 * Record: `{ seq, id, at, type, actor: { objectId, name, kind }, subject, data, prevHash, hash }`.
 * `seq` starts at 1; `prevHash` of record 1 is GENESIS_HASH; `hash` = "sha256:" + hex sha256 of the canonical
 * JSON (sorted keys, no whitespace; src/canonical-json.ts) of the record without its `hash` field. To recompute
 * the hash of the first record:
 *   python3 -c 'import json,sys,hashlib; r=json.loads(next(l for l in sys.stdin if l.strip())); r.pop("hash");
 *     print("sha256:"+hashlib.sha256(json.dumps(r,sort_keys=True,separators=(",",":"),ensure_ascii=False)
 *     .encode()).hexdigest())' < segment.jsonl
 *
 * The chain is every line that parses, matches its hash, carries the next seq, links to the record before it
 * and sits in its seq's segment. Appending is open to whoever may write the container, so other lines can
 * appear: `verify` fails on them and names the first (so `audit verify` reports them), while writers and the
 * gate step over them — under WORM such a line can never be removed, and it must not stop the ledger for good.
 * A forged record that chains correctly is possible too: the ledger proves order and integrity, not authorship
 * — the gate trusts only decisions signed by keys in the approvers registry (approvals.ts). Anchors (`{ seq,
 * hash }` published where the ledger's writers cannot rewrite them: the properties of promoted prod versions, CI
 * logs) are checked with `verify({ anchors })` and `assertAnchors`: a ledger shorter than an anchor, or with
 * another record at its seq, fails.
 *
 * Every record is redacted (redact.ts) before it is written and refused if a secret still shows.
 */
import { randomUUID } from "node:crypto";
import type { AppendBlobClient, ContainerClient } from "@azure/storage-blob";
import { canonicalJson, sha256Canonical } from "../canonical-json.ts";
import { InputError, UnavailableError, VerificationError } from "../errors.ts";
import { containsSecret, findSecrets, redact, redactText } from "../redact.ts";
import {
  type Actor,
  LEDGER_RECORD_TYPES,
  type LedgerPayloads,
  type LedgerRecord,
  type LedgerRecordType,
  type LedgerSubject,
} from "./records.ts";

export type { Actor, LedgerRecord, LedgerRecordType, LedgerSubject } from "./records.ts";
export { LEDGER_RECORD_TYPES } from "./records.ts";

export const GENESIS_HASH = `sha256:${"0".repeat(64)}`;
export const SEGMENT_PREFIX = "segments/";
/** Records per segment blob: well under an append blob's 50,000-block limit. */
export const SEGMENT_RECORDS = 10_000;
const SEQ_DIGITS = 12;
const SEGMENT_NAME = /^segments\/(\d{12})\.jsonl$/;

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
  /** The anchors checked (each must be covered by the ledger). */
  anchorsChecked: number;
  firstBad?: { seq: number; reason: TamperReason; detail: string };
}

export interface LedgerOptions {
  /** Clock for record timestamps (tests inject one). */
  now?: () => Date;
  /** Attempts to win a seq under contention before giving up with LEDGER_CONTENDED (default 60). */
  maxAttempts?: number;
  /** Parallel segment downloads when reading (default 4). */
  readConcurrency?: number;
  /** Facts added to every record's data that the caller did not set, e.g. `runUrl` of the CI run. */
  annotations?: Readonly<Record<string, string>>;
  /** Called after each append with the storage writes it took (bench: ledger writes per promotion). */
  onWrite?: (writes: number) => void;
  /**
   * Records per segment (default SEGMENT_RECORDS). A property of the ledger, not of one reader: every instance
   * on a container must use the same value. Tests set a small one to cross segment boundaries.
   */
  segmentRecords?: number;
}

/** A record as found in storage, at its position (1-based) in the concatenated segments. */
export interface LoadedRecord {
  /** Position in the ledger (1-based): the seq the record must carry. */
  position: number;
  segment: string;
  /** Bytes of the stored line, newline included. */
  bytes: number;
  record: LedgerRecord | undefined;
  problem?: string;
}

/** The end of the chain as this instance last saw it, and where the next append lands. */
interface Tip extends LedgerHead {
  /** Bytes already in the segment that will hold record `seq + 1` (foreign lines included; 0 when unknown). */
  nextLength: number;
}

/**
 * A line in a segment that does not extend the chain — garbage, a record with a bad hash or link, one beyond
 * its segment. Anyone who may append can add such lines; they are never trusted, `verify` fails on them (so
 * `audit verify` reports them), and the chain the gate reads steps over them: a line someone appended cannot
 * stop the gate for good (the container is WORM, so it can never be removed).
 */
export interface ForeignLine {
  segment: string;
  /** 1-based line number within the segment. */
  line: number;
  reason: string;
}

export class Ledger {
  readonly container: ContainerClient;
  readonly #now: () => Date;
  readonly #maxAttempts: number;
  readonly #readConcurrency: number;
  readonly #annotations: Readonly<Record<string, string>>;
  readonly #onWrite: ((writes: number) => void) | undefined;
  readonly #segmentRecords: number;
  /** The chain and its tip, once a full scan has walked it (see scanVerified), with the lines it stepped over. */
  #snapshot: { records: LedgerRecord[]; tip: Tip; foreign: ForeignLine[] } | undefined;
  /** The append before this one (appends through one instance take turns). */
  #appendTurn: Promise<void> = Promise.resolve();
  /** The tip after this instance's last append. */
  #landed: Tip | undefined;

  constructor(container: ContainerClient, options: LedgerOptions = {}) {
    this.container = container;
    this.#now = options.now ?? (() => new Date());
    this.#maxAttempts = options.maxAttempts ?? 60;
    this.#readConcurrency = options.readConcurrency ?? 4;
    this.#annotations = options.annotations ?? {};
    this.#onWrite = options.onWrite;
    this.#segmentRecords = options.segmentRecords ?? SEGMENT_RECORDS;
    if (
      !Number.isInteger(this.#segmentRecords) ||
      this.#segmentRecords < 1 ||
      this.#segmentRecords > 50_000
    ) {
      throw new InputError("LEDGER_SEGMENT_SIZE", "segmentRecords must be an integer from 1 to 50,000");
    }
  }

  /** A ledger on `container`, creating the container if it does not exist. */
  static async open(container: ContainerClient, options: LedgerOptions = {}): Promise<Ledger> {
    await storage("create the ledger container", () => container.createIfNotExists());
    return new Ledger(container, options);
  }

  /**
   * Appends one record at the end of the chain and returns it as stored. Appends through one instance take
   * turns: writers in one process (concurrent promotions) would otherwise race each other for every seq, each
   * loser paying a read, a backoff and another append. Other processes still race, and the append-position
   * condition keeps the chain whole either way.
   */
  append<T extends LedgerRecordType>(
    type: T,
    subject: LedgerSubject,
    data: LedgerPayloads[T],
    actor: Actor,
  ): Promise<LedgerRecord<T>> {
    const appended = this.#appendTurn.then(() => this.#appendNow(type, subject, data, actor));
    this.#appendTurn = appended.then(
      () => undefined,
      () => undefined,
    );
    return appended;
  }

  async #appendNow<T extends LedgerRecordType>(
    type: T,
    subject: LedgerSubject,
    data: LedgerPayloads[T],
    actor: Actor,
  ): Promise<LedgerRecord<T>> {
    if (!(LEDGER_RECORD_TYPES as readonly string[]).includes(type)) {
      throw new InputError(
        "LEDGER_RECORD_TYPE",
        `unknown ledger record type "${type}" (expected one of ${LEDGER_RECORD_TYPES.join(", ")})`,
      );
    }
    const annotated =
      data && typeof data === "object" && !Array.isArray(data) ? { ...this.#annotations, ...data } : data;
    const content = prepareContent(subject, annotated as Record<string, unknown>, actor);
    const id = randomUUID();
    // Where this instance's last append landed: tried first without reading the tail again (a writer elsewhere
    // makes it fail the append-position condition, and the loop then reads what landed).
    let tip = this.#landed ?? (await this.#tip());
    let writes = 0;
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
      const record = { ...unsigned, hash: sha256Canonical(unsigned) } as unknown as LedgerRecord<T>;
      // Led by a newline too: a fragment someone appended without one ends before this record, never in it.
      const line = `\n${JSON.stringify(record)}\n`;
      const secrets = findSecrets(line);
      if (secrets.length > 0) {
        throw new InputError("LEDGER_SECRET", `refusing to write a ledger record containing a ${secrets[0]}`);
      }
      const segment = segmentOf(record.seq, this.#segmentRecords);
      const position = tip.nextLength;
      if (position === 0) writes += await this.#createSegment(segment);
      const landed = await this.#appendLine(segment, line, position);
      writes += 1;
      if (landed) {
        const sameSegment = segmentOf(record.seq + 1, this.#segmentRecords) === segment;
        const next: Tip = {
          seq: record.seq,
          hash: record.hash,
          nextLength: sameSegment ? position + Buffer.byteLength(line) : 0,
        };
        if (this.#snapshot && this.#snapshot.tip.seq === tip.seq) {
          this.#snapshot = {
            ...this.#snapshot,
            records: [...this.#snapshot.records, record as LedgerRecord],
            tip: next,
          };
        }
        this.#landed = next;
        this.#onWrite?.(writes);
        return record;
      }
      // Another writer took this seq: read what landed (verifying each link), then try the next seq.
      tip = await this.#catchUp(tip);
      await sleep(backoffMs(attempt));
    }
    throw new UnavailableError(
      "LEDGER_CONTENDED",
      `could not append to the ledger after ${this.#maxAttempts} attempts: too many concurrent writers`,
    );
  }

  /** The newest record's seq and hash. */
  async head(): Promise<LedgerHead> {
    const tip = await this.#tip();
    return { seq: tip.seq, hash: tip.hash };
  }

  /** Records with `from ≤ seq ≤ to` (both optional), in seq order, as stored; no verification. */
  async read(range: { from?: number; to?: number } = {}): Promise<LedgerRecord[]> {
    const from = range.from ?? 1;
    const to = range.to ?? Number.POSITIVE_INFINITY;
    const records = (await this.scanVerified()).records;
    return records.filter((record) => record.seq >= from && record.seq <= to);
  }

  /** Walks every record; names the first bad one. */
  async verify(options: { anchors?: readonly LedgerHead[] } = {}): Promise<VerifyResult> {
    return (await this.scan(options)).verification;
  }

  /**
   * Reads every segment once: `verification` is the strict walk (any foreign line or broken anchor fails it);
   * `records` is the chain, stepping over foreign lines, which becomes this instance's snapshot.
   */
  async scan(
    options: { anchors?: readonly LedgerHead[] } = {},
  ): Promise<{ records: LedgerRecord[]; verification: VerifyResult; foreign: ForeignLine[] }> {
    const { loaded, texts } = await this.#load();
    const verification = verifyChain(loaded, options.anchors ?? [], this.#segmentRecords);
    const walked = walkChain(texts, this.#segmentRecords);
    this.#snapshot = walked;
    return { records: walked.records, verification, foreign: walked.foreign };
  }

  /**
   * What the approval gate reads: the chain verified in full once per instance (usually once per process), then
   * extended with what was appended since — each new record must carry the next seq and link to the verified
   * tip. The cost of a gate check stays flat as the ledger grows; records already verified cannot change (WORM),
   * and every new process verifies in full again.
   */
  async scanVerified(): Promise<{ records: LedgerRecord[]; foreign: ForeignLine[] }> {
    if (!this.#snapshot) {
      const { records, foreign } = await this.scan();
      return { records, foreign };
    }
    await this.#catchUp(this.#snapshot.tip, true);
    return { records: this.#snapshot.records, foreign: this.#snapshot.foreign };
  }

  /**
   * Refuses a ledger shorter than any of `anchors`, or holding another record at an anchor's seq (the gate calls
   * this with the anchors on prod versions of the asset it promotes). Checked against the verified snapshot.
   */
  async assertAnchors(anchors: readonly LedgerHead[]): Promise<void> {
    const { records } = await this.scanVerified();
    for (const anchor of anchors) {
      const record = records[anchor.seq - 1];
      if (!record) {
        throw new VerificationError(
          "LEDGER_TRUNCATED",
          `the ledger ends at record ${records.length}, but an anchor the ledger's writers cannot rewrite names record ${anchor.seq} (${anchor.hash}): records were removed`,
          { anchor, length: records.length },
        );
      }
      if (record.hash !== anchor.hash) {
        throw new VerificationError(
          "LEDGER_FORKED",
          `an anchor says record ${anchor.seq} is ${anchor.hash}, but the ledger holds ${record.hash}: history was rewritten`,
          { anchor, found: record.hash },
        );
      }
    }
  }

  async #tip(): Promise<Tip> {
    if (!this.#snapshot) await this.scan();
    return this.#catchUp(this.#snapshot!.tip, true);
  }

  /**
   * Reads what was appended after `tip` (from where the next record lands, then any later segments), taking
   * each record that extends the chain and stepping over foreign lines. With `extendSnapshot`, both join the
   * snapshot.
   */
  async #catchUp(tip: Tip, extendSnapshot = false): Promise<Tip> {
    let current = tip;
    const added: LedgerRecord[] = [];
    const foreign: ForeignLine[] = [];
    for (;;) {
      const segment = segmentOf(current.seq + 1, this.#segmentRecords);
      const offset = current.nextLength;
      const text = await downloadFrom(this.container.getBlobClient(segment), offset);
      if (text === undefined || text === "") break;
      const walked = walkSegment(segment, text, offset, current, this.#segmentRecords);
      added.push(...walked.records);
      foreign.push(...walked.foreign);
      current = walked.tip;
      // Full: the next record lands in the next segment, read from its start.
      if (segmentOf(current.seq + 1, this.#segmentRecords) === segment) break;
    }
    if (extendSnapshot && this.#snapshot) {
      this.#snapshot = {
        records: added.length > 0 ? [...this.#snapshot.records, ...added] : this.#snapshot.records,
        tip: current,
        foreign: foreign.length > 0 ? [...this.#snapshot.foreign, ...foreign] : this.#snapshot.foreign,
      };
    }
    return current;
  }

  /** Creates a segment blob; 0 writes when another writer created it first. */
  async #createSegment(name: string): Promise<number> {
    try {
      await this.#appendBlob(name).create({
        conditions: { ifNoneMatch: "*" },
        blobHTTPHeaders: { blobContentType: "application/x-ndjson" },
      });
      return 1;
    } catch (error) {
      if (statusOf(error) === 409 || statusOf(error) === 412) return 0;
      throw storageError(`create ledger segment ${name}`, error);
    }
  }

  /** Appends `line` at `position`; false when another writer got there first. */
  async #appendLine(name: string, line: string, position: number): Promise<boolean> {
    try {
      await this.#appendBlob(name).appendBlock(line, Buffer.byteLength(line), {
        conditions: { appendPosition: position },
      });
      return true;
    } catch (error) {
      if (statusOf(error) === 412) return false;
      throw storageError(`append to ledger segment ${name}`, error);
    }
  }

  #appendBlob(name: string): AppendBlobClient {
    return this.container.getAppendBlobClient(name);
  }

  /** Every segment, downloaded and parsed, in order (and the raw texts, for the walk that steps over lines). */
  async #load(): Promise<{ loaded: LoadedRecord[]; texts: Array<{ name: string; text: string }> }> {
    const names: string[] = [];
    const strays: string[] = [];
    await storage("list the ledger", async () => {
      for await (const blob of this.container.listBlobsFlat({ prefix: SEGMENT_PREFIX })) {
        // A block or page blob under a segment's name could never be appended to (and WORM keeps it): a stray.
        if (SEGMENT_NAME.test(blob.name) && blob.properties.blobType === "AppendBlob") names.push(blob.name);
        else strays.push(blob.name);
      }
    });
    names.sort();
    const texts = await mapLimit(names, this.#readConcurrency, async (name) => ({
      name,
      text: (await downloadFrom(this.container.getBlobClient(name), 0)) ?? "",
    }));
    const loaded: LoadedRecord[] = [];
    let position = 0;
    for (const { name, text } of texts) {
      const first = Number(SEGMENT_NAME.exec(name)![1]);
      if (first !== position + 1) {
        // A missing segment (or one under a wrong name) breaks the sequence; verifyChain names it.
        loaded.push({
          position: position + 1,
          segment: name,
          bytes: 0,
          record: undefined,
          problem: `segment ${name} starts at ${first}, expected ${position + 1}`,
        });
        position += 1;
        continue;
      }
      for (const line of splitLines(text)) {
        if (line.text === "") continue;
        position += 1;
        loaded.push(parseLine(line, position, name));
      }
    }
    if (strays.length > 0) {
      loaded.push({
        position: position + 1,
        segment: strays[0]!,
        bytes: 0,
        record: undefined,
        problem: `a blob under ${SEGMENT_PREFIX} is not a ledger segment (an append blob named <first seq, 12 digits>.jsonl): ${strays[0]}`,
      });
    }
    return { loaded, texts };
  }
}

/** The hash a record should carry: sha256 over the canonical JSON of every field but `hash`. */
export function recordHash(record: Omit<LedgerRecord, "hash"> & { hash?: string }): string {
  const { hash: _ignored, ...rest } = record;
  return sha256Canonical(rest);
}

/** Segment blob name holding record `seq`. */
export function segmentOf(seq: number, segmentRecords: number = SEGMENT_RECORDS): string {
  const first = Math.floor((seq - 1) / segmentRecords) * segmentRecords + 1;
  return `${SEGMENT_PREFIX}${String(first).padStart(SEQ_DIGITS, "0")}.jsonl`;
}

/**
 * The verification walk over what storage returned, in position order. Exported for tests and for anyone
 * holding a copy of the records (e.g. an evidence export): the earliest problem is reported.
 */
export function verifyChain(
  loaded: readonly LoadedRecord[],
  anchors: readonly LedgerHead[] = [],
  segmentRecords: number = SEGMENT_RECORDS,
): VerifyResult {
  const valid = loaded.filter((entry) => entry.record);
  const last = valid.at(-1)?.record;
  const result: VerifyResult = {
    ok: true,
    count: valid.length,
    headHash: last?.hash ?? GENESIS_HASH,
    headSeq: loaded.length,
    anchorsChecked: anchors.length,
  };
  const fail = (seq: number, reason: TamperReason, detail: string): VerifyResult => ({
    ...result,
    ok: false,
    firstBad: { seq, reason, detail },
  });
  const seqOfHash = new Map<string, number>();
  for (const entry of valid) seqOfHash.set(entry.record!.hash, entry.position);

  let prevHash = GENESIS_HASH;
  for (const entry of loaded) {
    const seq = entry.position;
    const record = entry.record;
    if (!record)
      return fail(seq, "unreadable", `record ${seq} cannot be read: ${entry.problem ?? "missing"}`);
    if (record.seq !== seq) {
      return record.seq > seq
        ? fail(
            seq,
            "deleted",
            `position ${seq} holds record ${record.seq}: records ${seq}..${record.seq - 1} are missing`,
          )
        : fail(seq, "reordered", `position ${seq} holds the record with seq ${record.seq} (id ${record.id})`);
    }
    if (segmentOf(seq, segmentRecords) !== entry.segment) {
      return fail(
        seq,
        "reordered",
        `record ${seq} is in ${entry.segment}, not ${segmentOf(seq, segmentRecords)}`,
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
  const bySeq = new Map(valid.map((entry) => [entry.position, entry.record!]));
  for (const anchor of [...anchors].sort((a, b) => b.seq - a.seq)) {
    if (anchor.seq > loaded.length) {
      return fail(
        loaded.length + 1,
        "truncated",
        `an anchor names record ${anchor.seq} (${anchor.hash}) but the ledger ends at record ${loaded.length}`,
      );
    }
    if (anchor.seq > 0 && bySeq.get(anchor.seq)?.hash !== anchor.hash) {
      return fail(
        anchor.seq,
        "forked",
        `an anchor says record ${anchor.seq} is ${anchor.hash} but the ledger has ${bySeq.get(anchor.seq)?.hash}: history was rewritten at or before record ${anchor.seq}`,
      );
    }
  }
  return result;
}

/**
 * The chain in `texts` (segments in name order), stepping over foreign lines: a line counts when it parses,
 * its hash matches its content, it carries the next seq, links to the chain, and sits in that seq's segment.
 */
export function walkChain(
  texts: ReadonlyArray<{ name: string; text: string }>,
  segmentRecords: number = SEGMENT_RECORDS,
): { records: LedgerRecord[]; tip: Tip; foreign: ForeignLine[] } {
  const records: LedgerRecord[] = [];
  const foreign: ForeignLine[] = [];
  let tip: Tip = { seq: 0, hash: GENESIS_HASH, nextLength: 0 };
  for (const { name, text } of texts) {
    if (name !== segmentOf(tip.seq + 1, segmentRecords)) {
      // Not where the chain continues (created ahead of time, or a stray): every line of it is foreign.
      splitLines(text).forEach((line, index) => {
        if (line.text === "") return;
        foreign.push({ segment: name, line: index + 1, reason: "in a segment the chain has not reached" });
      });
      continue;
    }
    const walked = walkSegment(name, text, 0, tip, segmentRecords);
    records.push(...walked.records);
    foreign.push(...walked.foreign);
    tip = walked.tip;
  }
  return { records, tip, foreign };
}

/** Walks `text`, read from `offset` of `segment`, from `tip`; see walkChain. */
function walkSegment(
  segment: string,
  text: string,
  offset: number,
  tip: Tip,
  segmentRecords: number,
): { records: LedgerRecord[]; tip: Tip; foreign: ForeignLine[] } {
  const records: LedgerRecord[] = [];
  const foreign: ForeignLine[] = [];
  let current = tip;
  let length = offset;
  let full = segmentOf(current.seq + 1, segmentRecords) !== segment;
  splitLines(text).forEach((line, index) => {
    length += line.bytes;
    if (line.text === "") return;
    const at = { segment, line: index + 1 };
    if (full) {
      foreign.push({ ...at, reason: "after the segment's last record" });
      return;
    }
    const { record, problem } = parseLine(line, current.seq + 1, segment);
    const reason = !record
      ? `unreadable: ${problem}`
      : record.seq !== current.seq + 1
        ? `carries seq ${record.seq}, not ${current.seq + 1}`
        : record.prevHash !== current.hash
          ? "does not link to the record before it"
          : recordHash(record) !== record.hash
            ? "its content does not match its hash"
            : undefined;
    if (reason || !record) {
      foreign.push({ ...at, reason: reason ?? "unreadable" });
      return;
    }
    records.push(record);
    full = segmentOf(record.seq + 1, segmentRecords) !== segment;
    current = { seq: record.seq, hash: record.hash, nextLength: 0 };
  });
  return { records, foreign, tip: { ...current, nextLength: full ? 0 : length } };
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

/** Parses one line into a record at `position`, or names why it cannot. */
function parseLine(line: { text: string; bytes: number }, position: number, segment: string): LoadedRecord {
  const at = { position, segment, bytes: line.bytes };
  try {
    const value = JSON.parse(line.text) as Partial<LedgerRecord>;
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
    return { ...at, record: value as LedgerRecord };
  } catch (error) {
    return { ...at, record: undefined, problem: (error as Error).message };
  }
}

/** Complete lines of a segment (a trailing fragment without "\n" is a line too: it fails to parse). */
function splitLines(text: string): Array<{ text: string; bytes: number }> {
  const lines: Array<{ text: string; bytes: number }> = [];
  let start = 0;
  while (start < text.length) {
    const end = text.indexOf("\n", start);
    const stop = end === -1 ? text.length : end + 1;
    const line = text.slice(start, stop);
    lines.push({ text: line.endsWith("\n") ? line.slice(0, -1) : line, bytes: Buffer.byteLength(line) });
    start = stop;
  }
  return lines;
}

async function downloadFrom(
  blob: ReturnType<ContainerClient["getBlobClient"]>,
  offset: number,
): Promise<string | undefined> {
  try {
    const response = await blob.download(offset);
    const chunks: Buffer[] = [];
    for await (const chunk of response.readableStreamBody ?? []) chunks.push(Buffer.from(chunk as Buffer));
    return Buffer.concat(chunks).toString("utf8");
  } catch (error) {
    const status = statusOf(error);
    if (status === 404) return undefined;
    // 416: nothing after `offset` (the segment ends exactly at the tip).
    if (status === 416) return "";
    throw storageError(`read ${blob.name}`, error);
  }
}

function statusOf(error: unknown): number | undefined {
  return (error as { statusCode?: number } | null)?.statusCode;
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

/**
 * Full jitter on an exponential ceiling: 25 ms, 50 ms … capped at 200 ms. The ceiling starts near one storage
 * round trip: narrower windows made losing writers retry almost in step and lose again (ten writers needed
 * about twice the requests).
 */
function backoffMs(attempt: number): number {
  return Math.random() * Math.min(200, 25 * 2 ** attempt);
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
