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
  output?: string;
  query?: string;
  runUrl?: string;
}

export function withTarget(command: Command): Command {
  return command
    .option("--azure", "act on Azure (DefaultAzureCredential) instead of the local twin")
    .option("--subscription <id>", "the Azure subscription (with --azure; or AIRLOCK_SUBSCRIPTION_ID)")
    .option(
      "--state-dir <dir>",
      "the local twin's state directory (default AIRLOCK_STATE_DIR, else <project root>/.airlock/twin)",
    )
    .option(
      "--infra-dir <dir>",
      "the infra folder whose environments/<env>/terraform.tfvars define the platform",
    )
    .option(
      "--run-url <url>",
      "the CI run acting, recorded on every ledger record (default: the GitHub Actions run)",
    )
    .option("--json", "print one JSON document (the same as -o json)");
}

/** az ml's way to name a version besides `name:version`: `-n/--name` with `-v/--version` or `--label latest`. */
export function withAssetRef(command: Command): Command {
  return command
    .option("-n, --name <name>", "the asset's name (with -v or --label, instead of <name>:<version>)")
    .option("-v, --version <version>", "the asset's version")
    .option("--label <label>", "the label to resolve to a version (latest), as az ml --label");
}

/**
 * The connection a command acts through. A command that writes passes `{ writes: true }`: one line on stderr
 * then names the identity acting and what chose it (an AIRLOCK_TWIN_PRINCIPAL* variable overrides `local login`).
 */
export async function connectFrom(options: TargetOptions, how: { writes?: boolean } = {}) {
  const connection = await connectOnly(options);
  if (how.writes) process.stderr.write(`${await actingLine(connection)}\n`);
  return connection;
}

type Connection = Awaited<ReturnType<typeof connectOnly>>;

export async function actingLine(connection: Connection): Promise<string> {
  if (connection.mode === "azure") {
    const { identityFromCredential } = await import("../../governance/identity.ts");
    const who = await identityFromCredential(connection.credential("dev")).then(
      (i) => i.name,
      () => "your Azure credential",
    );
    return `acting as ${who} (azure)`;
  }
  const { twinIdentity } = await import("../../connect/connection.ts");
  const stateDir = connection.twin!.stateDir;
  const dev = await twinIdentity(stateDir, "dev");
  const prod = await twinIdentity(stateDir, "prod");
  const who =
    dev.principal === prod.principal ? dev.principal : `${dev.principal} on dev, ${prod.principal} on prod`;
  const vars = [...new Set([dev.from, prod.from].filter((f) => f.startsWith("AIRLOCK_")))];
  return vars.length
    ? `acting as ${who} (twin; set by ${vars.join(", ")}, which override \`airlock local login\`)`
    : `acting as ${who} (twin)`;
}

async function connectOnly(options: TargetOptions) {
  const { connect } = await import("../../connect/connection.ts");
  return connect({
    ...(options.azure ? { azure: true } : {}),
    ...(options.subscription ? { subscriptionId: options.subscription } : {}),
    ...(options.stateDir ? { stateDir: options.stateDir } : {}),
    ...(options.infraDir ? { infraDir: options.infraDir } : {}),
    ...(options.runUrl ? { runUrl: options.runUrl } : {}),
  });
}
