/** @module cli/commands/doctor.command — `airlock doctor` declarations. */
import type { Command } from "commander";
import { withTarget } from "./target.ts";

export function registerDoctorCommands(program: Command): void {
  withTarget(
    program
      .command("doctor")
      .description(
        "Read-only preflight with your own credential: subscription and resource providers, Terraform state and identities, federated credentials against the workflows' subjects, the six resource groups, role assignments against the RBAC matrix (inherited Owners on governance/inherited-owners.yml are expected), private endpoints and DNS, the ledger's immutability policy, and whether ARM, blob and registry endpoints answer from here. Every finding comes with its fix.",
      )
      .option("--env <env>", "dev | prod (default: both)")
      .option(
        "--repo <org/repo>",
        "the GitHub repository whose workflows log in (default GITHUB_REPOSITORY, AIRLOCK_GITHUB_REPOSITORY or the git remote)",
      )
      .option(
        "--principals <file>",
        'Azure: JSON file mapping principal names to object ids ({"sp-aml-deployment-prod": "<guid>", …}); the twin knows its own',
      )
      .option(
        "--owners <file>",
        "the allowlist of inherited Owners (default governance/inherited-owners.yml)",
      ),
  )
    .addHelpText(
      "after",
      "\nChanges nothing. Exit status 8 when there are findings, 0 when clean.\n\nExamples:\n  $ airlock doctor\n  $ airlock doctor --azure --subscription <id> --repo contoso/airlock --principals principals.json --json",
    )
    .action(async (options) => (await import("./doctor.ts")).doctorCommand(options));
}
