/** @module cli/commands/verify.command — `airlock verify rbac|isolation|e2e` declarations. */
import type { Command } from "commander";
import { withTarget } from "./target.ts";

const load = () => import("./verify.ts");
const principalsHelp =
  'Azure: JSON file mapping principal names to object ids ({"sp-aml-deployment-prod": "<guid>", …, "humans": [names]}); the twin knows its own';

export function registerVerifyCommands(program: Command): void {
  const verify = program
    .command("verify")
    .description("Live verification of the platform: RBAC drift, isolation, and an end-to-end canary.");

  withTarget(
    verify
      .command("rbac")
      .description(
        "Diff the role assignments present on the environment's three resource groups (and everything in and above them) against the RBAC matrix: missing, extra, wrong scope, wrong role, people with prod registry write, unknown principals, inherited and duplicate assignments.",
      )
      .requiredOption("--env <env>", "dev | prod")
      .option("--principals <file>", principalsHelp),
  )
    .addHelpText(
      "after",
      "\nActs as the environment's identity (needs read on its three resource groups, e.g. sp-aml-deployment-<env>).\nExit status 8 on drift.\n\nExamples:\n  $ AIRLOCK_TWIN_PRINCIPAL_PROD=sp-aml-deployment-prod airlock verify rbac --env prod\n  $ airlock verify rbac --env prod --azure --subscription <id> --principals principals.json --json",
    )
    .action(async (options) => (await load()).verifyRbacCommand(options));

  withTarget(
    verify
      .command("isolation")
      .description(
        "Find cross-environment dependencies on the live prod platform: deployments, components, environments and other versions referencing the dev registry, workspace, storage or ACR; promotions recorded with strategy reference-dev-registry; people with prod registry write.",
      )
      .option("--principals <file>", principalsHelp),
  )
    .addHelpText(
      "after",
      "\nActs as the prod identity only. Exit status 8 when a dependency is found.\n\nExamples:\n  $ airlock verify isolation\n  $ airlock verify isolation --azure --subscription <id> --principals principals.json --json",
    )
    .action(async (options) => (await load()).verifyIsolationCommand(options));

  withTarget(
    verify
      .command("e2e")
      .description(
        "Canary run of the promotion path: a tiny model registered in dev, shared, requested by one identity, approved by a second, promoted, deployed at 0% traffic, scored through the deployment header — then everything it created is deleted, on success and on failure.",
      )
      .requiredOption("--env <env>", "the environment the canary reaches (prod)"),
  )
    .addHelpText(
      "after",
      `
Identities:
  twin:  AIRLOCK_E2E_REQUESTER (default alice), AIRLOCK_E2E_APPROVER (default bob),
         AIRLOCK_E2E_PROMOTER_DEV / _PROD (default sp-aml-promotion-dev / -prod)
  Azure: AIRLOCK_E2E_REQUESTER_CLIENT_ID, AIRLOCK_E2E_APPROVER_CLIENT_ID (workload or managed identity
         client ids; the approver must be an approver in governance/policy.yml), and the promoter as for
         every command (AIRLOCK_DEV_AZURE_CLIENT_ID / AIRLOCK_PROD_AZURE_CLIENT_ID)
Exit status 8 when a step fails or anything is left behind.

Examples:
  $ airlock verify e2e --env prod
  $ airlock verify e2e --env prod --azure --subscription <id> --json`,
    )
    .action(async (options) => (await load()).verifyE2eCommand(options));
}
