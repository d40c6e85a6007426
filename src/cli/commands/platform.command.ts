/** @module cli/commands/platform.command — `airlock platform …` declarations. */
import type { Command } from "commander";

export function registerPlatformCommands(program: Command): void {
  const platform = program
    .command("platform")
    .description("The platform derived from the environments' terraform.tfvars.");
  platform
    .command("show")
    .description("Print every derived name, resource group, network range and the RBAC assignments.")
    .option("--env <env>", "only this environment (dev or prod)")
    .option("--infra-dir <dir>", "the infra folder holding environments/<env>/terraform.tfvars")
    .option("--json", "print JSON")
    .addHelpText(
      "after",
      "\nExamples:\n  $ airlock platform show --env dev\n  $ airlock platform show --json",
    )
    .action(async (options) => (await import("./platform.ts")).platformShow(options));
}
