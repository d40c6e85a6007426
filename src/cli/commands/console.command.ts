/** @module cli/commands/console.command — `airlock console` declaration. */
import type { Command } from "commander";
import { withTarget } from "./target.ts";

export function registerConsoleCommands(program: Command): void {
  withTarget(
    program
      .command("console")
      .description(
        "Serve the Airlock console on http://localhost:<port> (127.0.0.1 only), acting with your own credential: approvals inbox, both catalogues, promotion timelines, the verified ledger, lineage and endpoints. Prints a link carrying a one-time token.",
      )
      .option("--port <n>", "the port to listen on (default: a free one)")
      .option("--open", "open a browser (default: when stdout is a terminal and not in CI)")
      .option("--no-open", "do not open a browser"),
  )
    .addHelpText(
      "after",
      '\nStops on Ctrl-C (SIGINT) or SIGTERM. With --json, prints {"url": …} on one line once ready.\n\nExamples:\n  $ airlock console\n  $ airlock console --port 8765 --no-open\n  $ airlock console --azure --subscription <id>',
    )
    .action(async (options) => (await import("./console.ts")).consoleCommand(options));
}
