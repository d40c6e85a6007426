/**
 * @module governance/events
 * Signed events: every ledger record as a CloudEvents 1.0 event, delivered at least once to the webhooks in
 * `governance/events.yml`, signed per Standard Webhooks, with a durable cursor and dead letters next to the
 * ledger. The CLI (`airlock events deliver|status|replay`) composes these calls; docs/events.md explains.
 *
 * ```ts
 * const config = await loadEventsConfig();                        // governance/events.yml
 * const report = await deliverEvents({ ledger, config });          // one pass; secrets from process.env
 * const { webhooks } = await eventsStatus({ ledger, config });     // cursor, lag, dead letters
 * await replayEvents({ ledger, config }, { deadLetters: true });   // or { events: [id | seq] }
 * ```
 */
export * from "./cloudevents.ts";
export * from "./config.ts";
export * from "./deliver.ts";
export * from "./sign.ts";
export * from "./state.ts";
