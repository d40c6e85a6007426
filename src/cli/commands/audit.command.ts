/** @module cli/commands/audit.command — `airlock audit show|verify`. */
import type { Command } from "commander";
import { withTarget } from "./target.ts";

export function registerAuditCommands(program: Command): void {
  const audit = program
    .command("audit")
    .description("The tamper-evident audit ledger shared by dev and prod.");
  withTarget(
    audit
      .command("show")
      .description("Print ledger records (oldest first).")
      .option("--from <seq>", "first record to show")
      .option("--type <type>", "only records of this type (e.g. approval.granted, promotion.step)")
      .option("--limit <n>", "at most this many records, newest kept"),
  )
    .addHelpText(
      "after",
      "\nExamples:\n  $ airlock audit show --type approval.granted\n  $ airlock audit show --json",
    )
    .action(async (options) => (await import("./audit.ts")).auditShow(options));
  withTarget(
    audit
      .command("verify")
      .description(
        "Check the hash chain and the anchors on prod versions, and reconcile the ledger with prod (every prod registry version and deployment recorded, every recorded promotion present).",
      )
      .option(
        "--anchor <seq:hash>",
        "a head printed earlier (e.g. in CI logs), to also detect a rolled-back tail",
      )
      .option("--no-reconcile", "check the chain only, without reading prod"),
  )
    .addHelpText(
      "after",
      "\nExamples:\n  $ airlock audit verify\n  $ airlock audit verify --anchor 42:sha256:3f…",
    )
    .action(async (options) => (await import("./audit.ts")).auditVerify(options));
}
