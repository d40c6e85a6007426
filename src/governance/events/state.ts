/**
 * @module governance/events/state
 * Each webhook's delivery state — its cursor (the last ledger seq handled) and its dead letters — kept next
 * to the ledger, in the ledger's own container under `events/<webhook>/`, as JSON Lines in append blobs.
 *
 * Why there: delivery runs in CI (after each workflow step and on a schedule), on runners whose disks are gone
 * after the job, so a local file would restart every run from the beginning; the ledger container is the one
 * store every delivering identity can already reach, and it is WORM (locked time-based retention with
 * protected appends): blobs can be created and appended to, never overwritten. So the state is append-only
 * too: the cursor is the highest seq among its lines, a dead letter is open until a later `resolved` line.
 * A crash between sending and appending the cursor line re-sends that event on the next run (at least once),
 * never skips one.
 *
 * Who could get around it: anyone who may append to the ledger container (people may: it is their one write
 * in prod) could append a cursor line far ahead, silencing every webhook, or forge resolved dead letters.
 * Every line therefore carries an HMAC keyed from the webhook's own secret (which only the delivering CI
 * holds) and names its webhook; lines that do not verify are ignored and counted. Someone who squats a state
 * blob's name (a block blob there cannot be appended to) moves the writer to the next name, `cursor.1.jsonl`…
 */
import { createHmac, createSecretKey, type KeyObject, timingSafeEqual } from "node:crypto";
import type { ContainerClient } from "@azure/storage-blob";
import { canonicalJson } from "../../canonical-json.ts";
import { UnavailableError } from "../../errors.ts";
import { redactText } from "../../redact.ts";

export const EVENTS_STATE_PREFIX = "events/";
/** Alternative blob names tried when one is full (50,000 blocks) or squatted. */
const MAX_NAMES = 100;

export interface Cursor {
  seq: number;
  /** Hash of the record at `seq`: the cursor belongs to this ledger. */
  hash: string;
  at: string;
}

export interface DeadLetter {
  seq: number;
  eventId: string;
  attempts: number;
  error: string;
  at: string;
}

type StateLine =
  | ({ kind: "cursor"; webhook: string } & Cursor)
  | ({ kind: "dead"; webhook: string } & DeadLetter)
  | { kind: "resolved"; webhook: string; seq: number; eventId: string; at: string; by: string };

export interface LoadedState {
  cursor: Cursor | undefined;
  /** Dead letters not resolved since, oldest first (one per seq). */
  deadLetters: DeadLetter[];
  /** Lines that did not verify (forged, for another webhook, garbage): ignored. */
  ignored: number;
}

type File = "cursor" | "dead-letters";

export class DeliveryState {
  readonly #container: ContainerClient;
  readonly #webhook: string;
  readonly #key: KeyObject;
  readonly #now: () => Date;
  /** Index into the file's names that the next append tries first. */
  readonly #writeIndex: Record<File, number> = { cursor: 0, "dead-letters": 0 };
  /** Blobs this instance has appended to (no create request needed again). */
  readonly #ready = new Set<string>();

  constructor(
    container: ContainerClient,
    webhook: { name: string; key: Buffer },
    now: () => Date = () => new Date(),
  ) {
    this.#container = container;
    this.#webhook = webhook.name;
    // A key of its own, derived from the webhook secret: state MACs and request signatures never share a key.
    this.#key = createSecretKey(createHmac("sha256", webhook.key).update("airlock-events-state-v1").digest());
    this.#now = now;
  }

  get prefix(): string {
    return `${EVENTS_STATE_PREFIX}${this.#webhook}/`;
  }

  async load(): Promise<LoadedState> {
    const lines: StateLine[] = [];
    let ignored = 0;
    const names: string[] = [];
    await storage("list the delivery state", async () => {
      for await (const blob of this.#container.listBlobsFlat({ prefix: this.prefix })) names.push(blob.name);
    });
    for (const name of names) {
      const text = await storage(`read ${name}`, async () =>
        (await this.#container.getBlobClient(name).downloadToBuffer()).toString("utf8"),
      );
      for (const raw of text.split("\n")) {
        if (raw.trim() === "") continue;
        const line = this.#verify(raw);
        if (line) lines.push(line);
        else ignored += 1;
      }
    }
    let cursor: Cursor | undefined;
    const open = new Map<number, DeadLetter>();
    const order = [...lines].sort((a, b) => a.at.localeCompare(b.at));
    for (const line of order) {
      if (line.kind === "cursor") {
        if (!cursor || line.seq > cursor.seq) cursor = { seq: line.seq, hash: line.hash, at: line.at };
      } else if (line.kind === "dead") {
        open.set(line.seq, {
          seq: line.seq,
          eventId: line.eventId,
          attempts: line.attempts,
          error: line.error,
          at: line.at,
        });
      } else {
        open.delete(line.seq);
      }
    }
    return { cursor, deadLetters: [...open.values()].sort((a, b) => a.seq - b.seq), ignored };
  }

  async saveCursor(seq: number, hash: string): Promise<void> {
    await this.#append("cursor", {
      kind: "cursor",
      webhook: this.#webhook,
      seq,
      hash,
      at: this.#now().toISOString(),
    });
  }

  async addDeadLetter(letter: Omit<DeadLetter, "at">): Promise<void> {
    await this.#append("dead-letters", {
      kind: "dead",
      webhook: this.#webhook,
      ...letter,
      error: redactText(letter.error).slice(0, 500),
      at: this.#now().toISOString(),
    });
  }

  async resolve(seq: number, eventId: string, by: string): Promise<void> {
    await this.#append("dead-letters", {
      kind: "resolved",
      webhook: this.#webhook,
      seq,
      eventId,
      by,
      at: this.#now().toISOString(),
    });
  }

  #mac(line: Omit<StateLine, "mac">): string {
    return createHmac("sha256", this.#key).update(canonicalJson(line)).digest("base64");
  }

  #verify(raw: string): StateLine | undefined {
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return undefined;
    }
    if (!value || typeof value !== "object" || typeof value.mac !== "string") return undefined;
    const { mac, ...rest } = value;
    const expected = Buffer.from(this.#mac(rest as Omit<StateLine, "mac">));
    const given = Buffer.from(mac as string);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    if (rest.webhook !== this.#webhook || typeof rest.at !== "string" || !Number.isInteger(rest.seq))
      return undefined;
    if (!["cursor", "dead", "resolved"].includes(rest.kind as string)) return undefined;
    return rest as unknown as StateLine;
  }

  /** Appends one MAC'd line, moving to the next name when a blob is full or is not ours to append to. */
  async #append(file: File, line: StateLine): Promise<void> {
    const text = `\n${JSON.stringify({ ...line, mac: this.#mac(line) })}\n`;
    for (let index = this.#writeIndex[file]; index < MAX_NAMES; index++) {
      const name = `${this.prefix}${file}${index === 0 ? "" : `.${index}`}.jsonl`;
      const blob = this.#container.getAppendBlobClient(name);
      try {
        if (!this.#ready.has(name)) {
          await blob.createIfNotExists({ blobHTTPHeaders: { blobContentType: "application/x-ndjson" } });
        }
        await blob.appendBlock(text, Buffer.byteLength(text));
        this.#ready.add(name);
        this.#writeIndex[file] = index;
        return;
      } catch (error) {
        const status = (error as { statusCode?: number }).statusCode;
        // 409: full (BlockCountExceedsLimit) or not an append blob (someone created it first): try the next name.
        if (status === 409) continue;
        throw storageError(`append to ${name}`, error);
      }
    }
    throw new UnavailableError(
      "EVENTS_STATE_FULL",
      `no usable ${file} blob under ${this.prefix} (tried ${MAX_NAMES} names)`,
    );
  }
}

function storageError(action: string, error: unknown): UnavailableError {
  const message = redactText(error instanceof Error ? error.message : String(error));
  return new UnavailableError("EVENTS_STATE_STORAGE", `could not ${action}: ${message.split("\n")[0]}`);
}

async function storage<T>(action: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw storageError(action, error);
  }
}
