/** @module cli/commands/bootstrap.command — `airlock bootstrap` declarations. */
import type { Command } from "commander";
import { withTarget } from "./target.ts";

const envHelp = "dev | prod (default: both)";
const repoHelp =
  "the GitHub repository <org>/<repo> whose workflows log in (default GITHUB_REPOSITORY, AIRLOCK_GITHUB_REPOSITORY or the git remote)";

export function registerBootstrapCommands(program: Command): void {
  withTarget(
    program
      .command("bootstrap")
      .description(
        "Stand up from zero what Terraform needs before its first init, idempotently: resource providers infra/ uses, the state resource group, storage account (Entra sign-in only) and container of each root's backend block, the identities sp-aml-deployment|promotion-<env> (user-assigned) with federated credentials for exactly the subjects .github/workflows use, and Storage Blob Data Contributor on the state container for the deployment identity and for you.",
      )
      .option("--env <env>", envHelp)
      .option("--repo <org/repo>", repoHelp)
      .option("--plan", "print what would be created, changed or removed; change nothing"),
  )
    .addHelpText(
      "after",
      "\nRun as a subscription Owner. A second run says nothing to do.\n\nExamples:\n  $ airlock bootstrap --azure --subscription <id> --repo contoso/airlock --plan\n  $ airlock bootstrap --azure --subscription <id> --repo contoso/airlock --env dev\n  $ airlock bootstrap --plan --json",
    )
    .action(async (options) => (await import("./bootstrap.ts")).bootstrapCommand(options));
}
