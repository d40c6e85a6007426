/** @module cli/commands/infra.command — `airlock infra …` declarations. */
import type { Command } from "commander";

export function registerInfraCommands(program: Command): void {
  const infra = program.command("infra").description("Checks of the platform's Terraform (infra/).");
  infra
    .command("check")
    .description(
      "Check the isolation and governance policy over the parsed Terraform of both environments (the provider-free modules are evaluated with terraform), or over plan JSON from `terraform show -json`.",
    )
    .option(
      "--plan <files...>",
      "plan JSON file(s) from `terraform show -json plan.tfplan` (one per environment)",
    )
    .option("--infra-dir <dir>", "the infra folder (default: the repository's infra/)")
    .option("--json", "print the report as JSON")
    .addHelpText(
      "after",
      "\nExit status 8 when a rule is violated; warnings (e.g. literal-matrix) do not fail.\n\nExamples:\n  $ airlock infra check\n  $ airlock infra check --json\n  $ airlock infra check --plan dev-plan.json prod-plan.json",
    )
    .action(async (options) => (await import("./infra.ts")).infraCheck(options));
}
