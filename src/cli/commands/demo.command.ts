/** @module cli/commands/demo.command — `airlock demo`. */
import type { Command } from "commander";

export function registerDemoCommands(program: Command): void {
  program
    .command("demo")
    .description(
      "Run the whole governed workflow on the local twin with examples/taxi-fare: train → register → share → approve → promote → deploy → invoke → lineage → audit verify.",
    )
    .option("--state-dir <dir>", "the twin's state directory (default AIRLOCK_STATE_DIR or .airlock/twin)")
    .option("--json", "print one JSON summary")
    .addHelpText("after", "\nExamples:\n  $ airlock demo\n  $ airlock demo --json")
    .action(async (options) => (await import("./demo.ts")).demoCommand(options));
}
