/**
 * @module cli/commands/target
 * The options every command that acts on the platform shares: where (the twin, or Azure) and how to print.
 * Declared once here so that every command spells them the same way.
 */
import type { Command } from "commander";

export interface TargetOptions {
  azure?: boolean;
  subscription?: string;
  stateDir?: string;
  infraDir?: string;
  json?: boolean;
  runUrl?: string;
}

export function withTarget(command: Command): Command {
  return command
    .option("--azure", "act on Azure (DefaultAzureCredential) instead of the local twin")
    .option("--subscription <id>", "the Azure subscription (with --azure; or AIRLOCK_SUBSCRIPTION_ID)")
    .option(
      "--state-dir <dir>",
      "the local twin's state directory (default AIRLOCK_STATE_DIR or .airlock/twin)",
    )
    .option(
      "--infra-dir <dir>",
      "the infra folder whose environments/<env>/terraform.tfvars define the platform",
    )
    .option(
      "--run-url <url>",
      "the CI run acting, recorded on every ledger record (default: the GitHub Actions run)",
    )
    .option("--json", "print one JSON document");
}

export async function connectFrom(options: TargetOptions) {
  const { connect } = await import("../../connect/connection.ts");
  return connect({
    ...(options.azure ? { azure: true } : {}),
    ...(options.subscription ? { subscriptionId: options.subscription } : {}),
    ...(options.stateDir ? { stateDir: options.stateDir } : {}),
    ...(options.infraDir ? { infraDir: options.infraDir } : {}),
    ...(options.runUrl ? { runUrl: options.runUrl } : {}),
  });
}
