/** @module cli/commands/events.command — `airlock events deliver|status|replay`. */
import type { Command } from "commander";
import { withTarget } from "./target.ts";

function withEventsOptions(command: Command): Command {
  return withTarget(
    command
      .option("--config <file>", "the events configuration (default governance/events.yml)")
      .option("--webhook <name...>", "only these webhooks (default all)"),
  );
}

export function registerEventsCommands(program: Command): void {
  const events = program
    .command("events")
    .description(
      "Signed events: every ledger record as a CloudEvents 1.0 event, delivered at least once to the webhooks in governance/events.yml (Standard Webhooks signatures; secrets from the environment).",
    );
  withEventsOptions(
    events
      .command("deliver")
      .description(
        "Send the records after each webhook's cursor, retrying with exponential backoff and jitter; events that still fail go to the webhook's dead letters. Exit 9 when any did.",
      )
      .option("--once", "one pass, then exit (CI); without it, keep following the ledger")
      .option("--interval <seconds>", "seconds between passes when following (default 30)"),
  )
    .addHelpText(
      "after",
      "\nExamples:\n  $ airlock events deliver --once\n  $ airlock events deliver --once --webhook audit-sink --json",
    )
    .action(async (options) => (await import("./events.ts")).eventsDeliver(options));
  withEventsOptions(
    events
      .command("status")
      .description("Each webhook's cursor, lag behind the ledger head, and open dead letters."),
  )
    .addHelpText("after", "\nExamples:\n  $ airlock events status\n  $ airlock events status --json")
    .action(async (options) => (await import("./events.ts")).eventsStatusCommand(options));
  withEventsOptions(
    events
      .command("replay")
      .description(
        "Send events again whatever the cursor says: named ones (event id or ledger seq), or every open dead letter.",
      )
      .argument("[events...]", "event ids (airlock-<seq>-<hash prefix>) or ledger seqs")
      .option("--dead-letters", "replay every open dead letter (a success resolves it)"),
  )
    .addHelpText(
      "after",
      "\nExamples:\n  $ airlock events replay --dead-letters\n  $ airlock events replay 42 --webhook audit-sink",
    )
    .action(async (ids: string[], options) => (await import("./events.ts")).eventsReplay(ids, options));
}
