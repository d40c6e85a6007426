/**
 * @module governance/events/deliver
 * At-least-once delivery of ledger records to webhooks, driven from the ledger: for each webhook, the records
 * after its cursor (state.ts) are sent in seq order; the cursor moves past a record only after the send ended
 * (delivered, or dead-lettered after `retry.maxAttempts`), so a crash re-sends, never loses. Retries back off
 * exponentially with full jitter (delay = random × min(maxDelay, base × 2^(attempt−1)), or Retry-After when
 * longer); a 2xx is success, anything else — other statuses, redirects (not followed, as Standard Webhooks
 * advises), timeouts, resets — a failure; 410 Gone is final at once. After `retry.stopAfterDeadLetters`
 * consecutive dead letters a pass stops for that webhook (the endpoint looks down; the next run resumes).
 *
 * Clock, randomness and sleeping are injectable, so tests run every schedule without waiting.
 */
import { InputError, NotFoundError, VerificationError } from "../../errors.ts";
import { redactText } from "../../redact.ts";
import type { Ledger, LedgerHead } from "../ledger.ts";
import type { LedgerRecord } from "../records.ts";
import {
  eventId,
  type LedgerCloudEvent,
  ledgerSource,
  messageFor,
  seqOfEventId,
  toCloudEvent,
} from "./cloudevents.ts";
import {
  EVENT_GRID_SCOPE,
  type EventsConfig,
  matchesTypes,
  type ResolvedWebhook,
  type RetryPolicy,
  resolveWebhooks,
} from "./config.ts";
import { signWebhook } from "./sign.ts";
import { type DeadLetter, DeliveryState } from "./state.ts";

export interface DeliveryContext {
  ledger: Ledger;
  config: EventsConfig;
  /** Where secrets and secret URLs are read (default process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Only these webhooks (default all). */
  webhooks?: readonly string[];
  now?: () => Date;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** An Entra access token for `scope` (Event Grid webhooks; the CLI passes the prod identity's credential). */
  token?: (scope: string) => Promise<string>;
  /** Called when a send has ended, before the cursor moves (tests simulate a crash here by throwing). */
  afterSend?: (sent: { webhook: string; eventId: string; seq: number; ok: boolean }) => void | Promise<void>;
}

export interface SendResult {
  ok: boolean;
  attempts: number;
  /** Each attempt's delay before it (ms; 0 for the first). */
  delays: number[];
  status?: number;
  error?: string;
}

export interface WebhookDeliveryReport {
  webhook: string;
  /** The cursor before and after the pass. */
  from: number;
  to: number;
  delivered: number;
  skipped: number;
  deadLettered: number;
  attempts: number;
  /** Why the pass stopped early, if it did. */
  stopped?: string;
}

export interface DeliveryReport {
  head: LedgerHead;
  webhooks: WebhookDeliveryReport[];
}

export interface WebhookStatus {
  webhook: string;
  format: string;
  cursor: number;
  cursorAt?: string;
  /** Records after the cursor (all types). */
  lag: number;
  /** Of those, the ones this webhook will be sent. */
  pending: number;
  deadLetters: DeadLetter[];
  /** State lines that did not verify (forged or foreign): ignored. */
  ignoredStateLines: number;
}

export interface ReplayResult {
  webhook: string;
  eventId: string;
  seq: number;
  ok: boolean;
  attempts: number;
  error?: string;
  /** Not sent: the webhook's type filter excludes the record. */
  filtered?: boolean;
}

interface Runtime {
  now: () => Date;
  random: () => number;
  sleep: (ms: number) => Promise<void>;
  token?: (scope: string) => Promise<string>;
}

function runtimeOf(context: DeliveryContext): Runtime {
  return {
    now: context.now ?? (() => new Date()),
    random: context.random ?? Math.random,
    sleep: context.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    ...(context.token ? { token: context.token } : {}),
  };
}

/** The webhooks, with every Event Grid one refused up front when no token source was given (nothing sent). */
function hooksOf(context: DeliveryContext): ResolvedWebhook[] {
  const hooks = resolveWebhooks(context.config, context.env, context.webhooks);
  const grid = hooks.find((h) => h.format === "eventgrid");
  if (grid && !context.token) {
    throw new InputError(
      "EVENTS_TOKEN_UNAVAILABLE",
      `webhook "${grid.name}" publishes to Event Grid, which takes an Entra token: run against Azure (--azure)`,
      { webhook: grid.name },
    );
  }
  return hooks;
}

/** Full jitter on an exponential ceiling (attempt ≥ 1 is the first retry). */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}

/** One POST; never throws. */
export async function sendOnce(
  hook: ResolvedWebhook,
  event: LedgerCloudEvent,
  at: Date,
  timeoutMs: number,
  token?: (scope: string) => Promise<string>,
): Promise<{ ok: boolean; status?: number; error?: string; retryAfterMs?: number; final?: boolean }> {
  const { body, contentType } = messageFor(hook.format, event);
  const headers: Record<string, string> = {
    "content-type": contentType,
    "user-agent": "airlock-events/1",
    ...signWebhook(hook.key, event.id, at, body),
  };
  try {
    if (hook.format === "eventgrid") {
      if (!token) return { ok: false, error: "no Entra token source for Event Grid", final: true };
      headers.authorization = `Bearer ${await token(EVENT_GRID_SCOPE)}`;
    }
    const response = await fetch(hook.url, {
      method: "POST",
      headers,
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel().catch(() => {});
    if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
    const retryAfter = Number(response.headers.get("retry-after"));
    return {
      ok: false,
      status: response.status,
      error: `HTTP ${response.status}`,
      ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
      ...(response.status === 410 ? { final: true } : {}),
    };
  } catch (error) {
    const name = (error as Error).name;
    if (name === "TimeoutError" || name === "AbortError")
      return { ok: false, error: `timed out after ${timeoutMs} ms` };
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { ok: false, error: redactText(cause?.code ?? cause?.message ?? (error as Error).message) };
  }
}

/** Sends with retries; the same id on every attempt, each attempt signed at its own time. */
export async function sendWithRetry(
  hook: ResolvedWebhook,
  event: LedgerCloudEvent,
  policy: RetryPolicy,
  runtime: Runtime,
): Promise<SendResult> {
  const delays: number[] = [];
  let last: Awaited<ReturnType<typeof sendOnce>> = { ok: false };
  for (let attempt = 0; attempt < policy.maxAttempts; attempt++) {
    let delay = 0;
    if (attempt > 0) {
      delay = backoffDelay(policy, attempt, runtime.random);
      if (last.retryAfterMs !== undefined)
        delay = Math.max(delay, Math.min(last.retryAfterMs, policy.maxDelayMs));
      await runtime.sleep(delay);
    }
    delays.push(delay);
    last = await sendOnce(hook, event, runtime.now(), policy.timeoutMs, runtime.token);
    if (last.ok || last.final) break;
  }
  return {
    ok: last.ok,
    attempts: delays.length,
    delays,
    ...(last.status !== undefined ? { status: last.status } : {}),
    ...(last.error !== undefined ? { error: last.error } : {}),
  };
}

function sourceOf(ledger: Ledger): string {
  return ledgerSource(ledger.container.accountName, ledger.container.containerName);
}

/** The cursor must name a record of this ledger (it carries that record's hash). */
function checkCursor(
  webhook: string,
  cursor: { seq: number; hash: string } | undefined,
  records: readonly LedgerRecord[],
) {
  if (!cursor) return 0;
  if (records[cursor.seq - 1]?.hash !== cursor.hash) {
    throw new VerificationError(
      "EVENTS_CURSOR_FOREIGN",
      `webhook "${webhook}": its cursor names record #${cursor.seq} ${cursor.hash}, which this ledger does not hold at that seq`,
      { webhook, cursor },
    );
  }
  return cursor.seq;
}

/** One delivery pass over every (chosen) webhook, in parallel across webhooks and in seq order within one. */
export async function deliverEvents(context: DeliveryContext): Promise<DeliveryReport> {
  const hooks = hooksOf(context);
  const runtime = runtimeOf(context);
  const { ledger, config } = context;
  const records = await ledger.read();
  const head = { seq: records.at(-1)?.seq ?? 0, hash: records.at(-1)?.hash ?? "" };
  const source = sourceOf(ledger);
  const reports = await Promise.all(
    hooks.map(async (hook): Promise<WebhookDeliveryReport> => {
      const state = new DeliveryState(ledger.container, hook, runtime.now);
      const from = checkCursor(hook.name, (await state.load()).cursor, records);
      const report: WebhookDeliveryReport = {
        webhook: hook.name,
        from,
        to: from,
        delivered: 0,
        skipped: 0,
        deadLettered: 0,
        attempts: 0,
      };
      let consecutiveDead = 0;
      let unsaved: LedgerRecord | undefined;
      for (const record of records.slice(from)) {
        if (!matchesTypes(hook, record.type)) {
          report.skipped += 1;
          unsaved = record;
          continue;
        }
        const event = toCloudEvent(record, source);
        const result = await sendWithRetry(hook, event, config.retry, runtime);
        report.attempts += result.attempts;
        await context.afterSend?.({ webhook: hook.name, eventId: event.id, seq: record.seq, ok: result.ok });
        if (result.ok) {
          report.delivered += 1;
          consecutiveDead = 0;
        } else {
          await state.addDeadLetter({
            seq: record.seq,
            eventId: event.id,
            attempts: result.attempts,
            error: result.error ?? "failed",
          });
          report.deadLettered += 1;
          consecutiveDead += 1;
        }
        await state.saveCursor(record.seq, record.hash);
        report.to = record.seq;
        unsaved = undefined;
        if (consecutiveDead >= config.retry.stopAfterDeadLetters) {
          report.stopped = `${consecutiveDead} consecutive events dead-lettered (last: ${result.error ?? "failed"}); the next run resumes after #${record.seq}`;
          break;
        }
      }
      // Records the filter skipped at the end: move the cursor past them too.
      if (unsaved) {
        await state.saveCursor(unsaved.seq, unsaved.hash);
        report.to = unsaved.seq;
      }
      return report;
    }),
  );
  return { head, webhooks: reports };
}

export async function eventsStatus(
  context: DeliveryContext,
): Promise<{ head: LedgerHead; webhooks: WebhookStatus[] }> {
  const hooks = resolveWebhooks(context.config, context.env, context.webhooks);
  const records = await context.ledger.read();
  const head = { seq: records.at(-1)?.seq ?? 0, hash: records.at(-1)?.hash ?? "" };
  const webhooks = await Promise.all(
    hooks.map(async (hook): Promise<WebhookStatus> => {
      const loaded = await new DeliveryState(context.ledger.container, hook).load();
      const cursor = checkCursor(hook.name, loaded.cursor, records);
      const after = records.slice(cursor);
      return {
        webhook: hook.name,
        format: hook.format,
        cursor,
        ...(loaded.cursor ? { cursorAt: loaded.cursor.at } : {}),
        lag: after.length,
        pending: after.filter((r) => matchesTypes(hook, r.type)).length,
        deadLetters: loaded.deadLetters,
        ignoredStateLines: loaded.ignored,
      };
    }),
  );
  return { head, webhooks };
}

export type ReplayTarget = { events: readonly string[] } | { deadLetters: true };

/**
 * Sends events again, whatever the cursor says: named ones (event id or ledger seq), or every open dead letter.
 * A replay that succeeds resolves that event's dead letter; one that fails leaves (or adds) one.
 */
export async function replayEvents(context: DeliveryContext, target: ReplayTarget): Promise<ReplayResult[]> {
  const hooks = hooksOf(context);
  const runtime = runtimeOf(context);
  const { ledger, config } = context;
  const records = await ledger.read();
  const source = sourceOf(ledger);
  const named = "events" in target ? target.events.map((ref) => recordOf(ref, records)) : [];
  const results = await Promise.all(
    hooks.map(async (hook) => {
      const state = new DeliveryState(ledger.container, hook, runtime.now);
      const loaded = await state.load();
      const open = new Set(loaded.deadLetters.map((d) => d.seq));
      const chosen =
        "events" in target
          ? named
          : loaded.deadLetters.map((d) => records[d.seq - 1]).filter((r) => r !== undefined);
      const out: ReplayResult[] = [];
      for (const record of chosen) {
        const id = eventId(record);
        if (!matchesTypes(hook, record.type)) {
          out.push({
            webhook: hook.name,
            eventId: id,
            seq: record.seq,
            ok: false,
            attempts: 0,
            filtered: true,
          });
          continue;
        }
        const result = await sendWithRetry(hook, toCloudEvent(record, source), config.retry, runtime);
        if (result.ok && open.has(record.seq)) await state.resolve(record.seq, id, "replay");
        if (!result.ok) {
          await state.addDeadLetter({
            seq: record.seq,
            eventId: id,
            attempts: result.attempts,
            error: result.error ?? "failed",
          });
        }
        out.push({
          webhook: hook.name,
          eventId: id,
          seq: record.seq,
          ok: result.ok,
          attempts: result.attempts,
          ...(result.error !== undefined && !result.ok ? { error: result.error } : {}),
        });
      }
      return out;
    }),
  );
  return results.flat();
}

/** An event id (`airlock-<seq>-<hash prefix>`) or a bare ledger seq → the record. */
function recordOf(ref: string, records: readonly LedgerRecord[]): LedgerRecord {
  const seq = /^\d+$/.test(ref) ? Number(ref) : seqOfEventId(ref);
  const record = seq === undefined ? undefined : records[seq - 1];
  if (!record || (!/^\d+$/.test(ref) && eventId(record) !== ref)) {
    throw new NotFoundError(
      "EVENTS_EVENT_NOT_FOUND",
      `no ledger event "${ref}" (give an event id, airlock-<seq>-<hash prefix>, or a ledger seq up to ${records.length})`,
    );
  }
  return record;
}
