/** @module cli/commands/approvers.command — `airlock approvers add-passkey` declaration. */
import type { Command } from "commander";
import { withTarget } from "./target.ts";

export function registerApproversCommands(program: Command): void {
  const approvers = program
    .command("approvers")
    .description("The approvers registry (governance/approvers.yml).");
  withTarget(
    approvers
      .command("add-passkey")
      .description(
        "Register a passkey in your browser (WebAuthn, RP ID localhost) and print the webauthn: entry to add to governance/approvers.yml through review. On the twin, the passkey is added to the twin person at once.",
      )
      .option("--name <id>", "the registry person the passkey is for (default: the person you sign in as)")
      .option(
        "--port <n>",
        "the localhost port of the registration page — and of the console you will sign with (a passkey's origin includes the port)",
        "8765",
      )
      .option("--open", "open a browser (default: when stdout is a terminal and not in CI)")
      .option("--no-open", "do not open a browser"),
  )
    .addHelpText(
      "after",
      '\nWith --json, prints {"url": …} on one line once the page is ready, then the result.\n\nExamples:\n  $ airlock approvers add-passkey --name bob\n  $ airlock console --port 8765   # sign decisions with it',
    )
    .action(async (options) => (await import("./approvers.ts")).addPasskeyCommand(options));
}
