/** @module cli/commands/events — `airlock events deliver|status|replay`: composes governance/events and prints. */
import { InputError, UnavailableError } from "../../errors.ts";
import {
  type DeliveryReport,
  deliverEvents,
  type EventsConfig,
  eventsStatus,
  loadEventsConfig,
  replayEvents,
  resolveWebhooks,
} from "../../governance/events/index.ts";
import { printResult, progress } from "../output.ts";
import { connectFrom, type TargetOptions } from "./target.ts";

interface EventsOptions extends TargetOptions {
  config?: string;
  webhook?: string[];
}

/** The configuration and its secrets are checked before the platform is touched: bad input changes nothing. */
async function prepare(options: EventsOptions) {
  const config = await loadEventsConfig(...(options.config ? [options.config] : []));
  resolveWebhooks(config, process.env, options.webhook);
  return config;
}

async function context(options: EventsOptions, config: EventsConfig) {
  const connection = await connectFrom(options);
  const ledger = await connection.ledger();
  // Event Grid webhooks publish as the prod identity (EventGrid Data Sender on the topic); Azure only.
  const token =
    connection.mode === "azure"
      ? {
          token: async (scope: string) => {
            const access = await connection.credential("prod").getToken(scope);
            if (!access) {
              throw new UnavailableError(
                "EVENTS_TOKEN_UNAVAILABLE",
                `no Entra token for ${scope} as the prod identity`,
              );
            }
            return access.token;
          },
        }
      : {};
  return { ledger, config, ...token, ...(options.webhook ? { webhooks: options.webhook } : {}) };
}

function describeDelivery(report: DeliveryReport): string {
  if (report.webhooks.length === 0)
    return "no webhooks configured (governance/events.yml): nothing to deliver";
  return report.webhooks
    .map(
      (w) =>
        `${w.webhook}: cursor #${w.from} → #${w.to} of #${report.head.seq}; ${w.delivered} delivered, ${w.skipped} filtered out, ${w.deadLettered} dead-lettered (${w.attempts} attempts)${w.stopped ? `; stopped: ${w.stopped}` : ""}`,
    )
    .join("\n");
}

export async function eventsDeliver(options: EventsOptions & { once?: boolean; interval?: string }) {
  let intervalMs = 30_000;
  if (options.interval !== undefined) {
    if (!/^\d+$/.test(options.interval) || Number(options.interval) < 1) {
      throw new InputError(
        "ARG_INVALID",
        `--interval must be a whole number of seconds, not "${options.interval}"`,
      );
    }
    intervalMs = Number(options.interval) * 1000;
  }
  const config = await prepare(options);
  if (config.webhooks.length === 0) {
    printResult(options, { head: undefined, webhooks: [] }, () =>
      describeDelivery({ head: { seq: 0, hash: "" }, webhooks: [] }),
    );
    return;
  }
  const ctx = await context(options, config);
  for (;;) {
    const report = await deliverEvents(ctx);
    printResult(options, report, () => describeDelivery(report));
    const dead = report.webhooks.reduce((n, w) => n + w.deadLettered, 0);
    if (options.once) {
      if (dead > 0) {
        throw new UnavailableError(
          "EVENTS_UNDELIVERED",
          `${dead} event(s) could not be delivered and went to dead letters; see \`airlock events status\`, then \`airlock events replay --dead-letters\``,
          { deadLettered: dead },
        );
      }
      return;
    }
    progress(options, `next pass in ${intervalMs / 1000} s (Ctrl-C to stop)`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export async function eventsStatusCommand(options: EventsOptions) {
  const config = await prepare(options);
  if (config.webhooks.length === 0) {
    printResult(options, { webhooks: [] }, () => "no webhooks configured (governance/events.yml)");
    return;
  }
  const status = await eventsStatus(await context(options, config));
  printResult(options, status, () =>
    status.webhooks.length === 0
      ? "no webhooks configured (governance/events.yml)"
      : status.webhooks
          .map((w) =>
            [
              `${w.webhook} (${w.format}): cursor #${w.cursor} of #${status.head.seq}, lag ${w.lag} (${w.pending} to send), ${w.deadLetters.length} dead letter(s)`,
              ...w.deadLetters.map(
                (d) => `  dead: #${d.seq} ${d.eventId} after ${d.attempts} attempt(s): ${d.error} (${d.at})`,
              ),
              ...(w.ignoredStateLines > 0
                ? [`  ${w.ignoredStateLines} state line(s) ignored: not signed with this webhook's secret`]
                : []),
            ].join("\n"),
          )
          .join("\n"),
  );
}

export async function eventsReplay(ids: string[], options: EventsOptions & { deadLetters?: boolean }) {
  if (ids.length > 0 === Boolean(options.deadLetters)) {
    throw new InputError(
      "ARG_INVALID",
      "give event ids (or ledger seqs) to replay, or --dead-letters, not both",
    );
  }
  const config = await prepare(options);
  if (config.webhooks.length === 0) {
    printResult(options, [], () => "no webhooks configured (governance/events.yml): nothing to replay");
    return;
  }
  const results = await replayEvents(
    await context(options, config),
    options.deadLetters ? { deadLetters: true } : { events: ids },
  );
  printResult(options, results, () =>
    results.length === 0
      ? "nothing to replay"
      : results
          .map((r) =>
            r.filtered
              ? `${r.webhook}: ${r.eventId} not sent (the webhook's types exclude it)`
              : `${r.webhook}: ${r.eventId} ${r.ok ? "delivered" : `FAILED after ${r.attempts} attempt(s): ${r.error}`}`,
          )
          .join("\n"),
  );
  const failed = results.filter((r) => !r.ok && !r.filtered).length;
  if (failed > 0) {
    throw new UnavailableError(
      "EVENTS_UNDELIVERED",
      `${failed} replayed event(s) failed again (kept as dead letters)`,
      {
        failed,
      },
    );
  }
}
