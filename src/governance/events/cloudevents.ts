/**
 * @module governance/events/cloudevents
 * A ledger record as a CloudEvents 1.0 event (JSON event format, structured content mode), and the message
 * bodies sent for each webhook format: the event itself, a Slack incoming-webhook message (`text` + Block
 * Kit `blocks`), or a Teams message carrying an Adaptive Card (what Teams Workflows' "when a webhook request is
 * received" trigger takes; the Office 365 connector MessageCard is retired).
 *
 * - `id`: `airlock-<seq>-<first 32 hex of the record hash>` — stable across retries, replays and processes, so
 *   receivers deduplicate on it (also the Standard Webhooks `webhook-id`; no "." as that spec requires).
 * - `source`: the ledger, `/airlock/ledger/<storage account>/<container>`; `type`: `dev.airlock.<record type>`;
 *   `subject`: the asset version (else the endpoint/deployment or request); `time`: when it was recorded.
 * - `data`: the record, redacted (src/redact.ts) — records are redacted when written, so this is normally the
 *   stored record byte for byte and a receiver can recompute its hash (`ledgerhash` extension) and chain.
 */
import { redact } from "../../redact.ts";
import type { LedgerRecord } from "../records.ts";
import type { EventFormat } from "./config.ts";

export const CLOUDEVENTS_CONTENT_TYPE = "application/cloudevents+json; charset=utf-8";

export interface LedgerCloudEvent {
  specversion: "1.0";
  id: string;
  source: string;
  type: string;
  subject?: string;
  time: string;
  datacontenttype: "application/json";
  /** Extension attributes (lowercase alphanumerics, as the spec requires): the record's place in the chain. */
  ledgerseq: number;
  ledgerhash: string;
  data: LedgerRecord;
}

export const EVENT_TYPE_PREFIX = "dev.airlock.";

export function eventId(record: Pick<LedgerRecord, "seq" | "hash">): string {
  return `airlock-${record.seq}-${record.hash.replace(/^sha256:/, "").slice(0, 32)}`;
}

/** The seq an event id names (undefined when it is not one). */
export function seqOfEventId(id: string): number | undefined {
  const match = /^airlock-(\d+)-[0-9a-f]{32}$/.exec(id);
  return match ? Number(match[1]) : undefined;
}

export function ledgerSource(account: string, container: string): string {
  return `/airlock/ledger/${encodeURIComponent(account)}/${encodeURIComponent(container)}`;
}

export function toCloudEvent(record: LedgerRecord, source: string): LedgerCloudEvent {
  const subject = subjectOf(record);
  return {
    specversion: "1.0",
    id: eventId(record),
    source,
    type: `${EVENT_TYPE_PREFIX}${record.type}`,
    ...(subject ? { subject } : {}),
    time: record.at,
    datacontenttype: "application/json",
    ledgerseq: record.seq,
    ledgerhash: record.hash,
    data: redact(record),
  };
}

function subjectOf(record: LedgerRecord): string | undefined {
  const s = record.subject;
  if (s.asset) return s.asset;
  if (s.endpoint) return s.deployment ? `${s.endpoint}/${s.deployment}` : s.endpoint;
  return s.requestId ?? s.promotionId ?? Object.values(s)[0];
}

/** What a person reads first: a title and a few facts, from fields every record has plus common payload keys. */
export function summarize(event: LedgerCloudEvent): { title: string; facts: Array<[string, string]> } {
  const record = event.data;
  const facts: Array<[string, string]> = [
    ["Type", record.type],
    ["Subject", event.subject ?? "—"],
    ["By", `${record.actor.name} (${record.actor.kind})`],
    ["Recorded", record.at],
    ["Ledger record", `#${record.seq} ${record.hash}`],
  ];
  const data = record.data as unknown as Record<string, unknown>;
  for (const key of [
    "requestId",
    "digest",
    "target",
    "targetReference",
    "reason",
    "comment",
    "justification",
    "runUrl",
  ]) {
    const value = data[key];
    if (typeof value === "string" && value !== "")
      facts.push([key, value.length > 300 ? `${value.slice(0, 297)}…` : value]);
  }
  return { title: `Airlock: ${record.type} — ${event.subject ?? `record #${record.seq}`}`, facts };
}

/** The request body and content type for a webhook's format. */
export function messageFor(
  format: EventFormat,
  event: LedgerCloudEvent,
): { body: string; contentType: string } {
  // Event Grid topics with the CloudEvents 1.0 input schema take the same structured-mode event.
  if (format === "cloudevents" || format === "eventgrid") {
    return { body: JSON.stringify(event), contentType: CLOUDEVENTS_CONTENT_TYPE };
  }
  const body = format === "slack" ? slackMessage(event) : teamsMessage(event);
  return { body: JSON.stringify(body), contentType: "application/json" };
}

/** Slack mrkdwn treats &, < and > as control characters. */
function slackEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Slack incoming webhook: `text` is the notification fallback; Block Kit header (≤150 chars) + fields (≤10). */
export function slackMessage(event: LedgerCloudEvent): Record<string, unknown> {
  const { title, facts } = summarize(event);
  return {
    text: slackEscape(title),
    blocks: [
      {
        type: "header",
        text: { type: "plain_text", text: title.length > 150 ? `${title.slice(0, 149)}…` : title },
      },
      {
        type: "section",
        fields: facts.slice(0, 10).map(([name, value]) => ({
          type: "mrkdwn",
          text: `*${slackEscape(name)}*\n${slackEscape(value)}`,
        })),
      },
      {
        type: "context",
        elements: [{ type: "mrkdwn", text: `event ${slackEscape(event.id)} · ${slackEscape(event.source)}` }],
      },
    ],
  };
}

/** Teams (Workflows webhook trigger, or an incoming webhook): a message with one Adaptive Card attachment. */
export function teamsMessage(event: LedgerCloudEvent): Record<string, unknown> {
  const { title, facts } = summarize(event);
  return {
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        contentUrl: null,
        content: {
          $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
          type: "AdaptiveCard",
          version: "1.4",
          body: [
            { type: "TextBlock", text: title, weight: "Bolder", size: "Medium", wrap: true },
            { type: "FactSet", facts: facts.map(([name, value]) => ({ title: name, value })) },
            {
              type: "TextBlock",
              text: `event ${event.id} · ${event.source}`,
              isSubtle: true,
              size: "Small",
              wrap: true,
            },
          ],
        },
      },
    ],
  };
}
