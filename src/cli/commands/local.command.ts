/** @module cli/commands/local.command — `airlock local up|down|status|token|ci-token|login|whoami` declarations. */
import type { Command } from "commander";

export function registerLocalCommands(program: Command): void {
  const local = program
    .command("local")
    .description("The local twin: an Azure ML ARM emulator plus Azurite, seeded from the platform model.");
  const stateDir = "--state-dir <dir>";
  const stateHelp = "twin state directory (default $AIRLOCK_STATE_DIR, else <project root>/.airlock/twin)";
  local
    .command("up")
    .description(
      "Start the twin in the background (idempotent: reports the running one; restarts one whose ARM endpoint or Azurite stopped answering).",
    )
    .option(stateDir, stateHelp)
    .option("--arm-port <n>", "ARM port (default: a free port)")
    .option("--blob-port <n>", "Azurite blob port (default: a free port)")
    .option(
      "--lro <mode>",
      "long-running operations: fast (synchronous, the default) or realistic (polled); a restart keeps the running mode",
    )
    .option("--infra-dir <dir>", "the infra folder holding environments/<env>/terraform.tfvars")
    .option("--json", "print JSON")
    .addHelpText("after", "\nExamples:\n  $ airlock local up\n  $ airlock local up --lro realistic --json")
    .action(async (options) => (await import("./local.ts")).localUp(options));
  local
    .command("down")
    .description("Stop the twin of the state directory.")
    .option(stateDir, stateHelp)
    .option("--json", "print JSON")
    .action(async (options) => (await import("./local.ts")).localDown(options));
  local
    .command("status")
    .description(
      "Show whether the twin runs and where; exits 9 (TWIN_NOT_RUNNING, TWIN_AZURITE_DOWN, TWIN_UNRESPONSIVE) unless it serves.",
    )
    .option(stateDir, stateHelp)
    .option("--json", "print JSON")
    .action(async (options) => (await import("./local.ts")).localStatus(options));
  local
    .command("token")
    .description("Print a bearer token for a twin principal.")
    .requiredOption(
      "--as <principal>",
      "principal name, e.g. alice, bob, sp-aml-promotion-prod, dev-mi-compute",
    )
    .option(stateDir, stateHelp)
    .option("--ttl <seconds>", "token lifetime in seconds", "3600")
    .option("--json", "print JSON")
    .addHelpText(
      "after",
      '\nExamples:\n  $ airlock local token --as alice\n  $ curl -H "Authorization: Bearer $(airlock local token --as bob)" …',
    )
    .action(async (options) => (await import("./local.ts")).localToken(options));
  local
    .command("ci-token")
    .description(
      "Print a GitHub-shaped CI OIDC token from the twin's CI issuer (audience airlock), naming the person who dispatched a run: set it as AIRLOCK_CI_OIDC_TOKEN to file a request as CI would.",
    )
    .requiredOption("--actor <login>", "the GitHub login of the person behind the run, e.g. alice")
    .option("--actor-id <n>", "their numeric GitHub id (default: derived from the login)")
    .option("--repository <owner/name>", "the repository claim", "airlock-local/airlock")
    .option("--run-id <n>", "the run_id claim (default: the issue time)")
    .option("--ttl <seconds>", "token lifetime in seconds (GitHub's: 300)", "300")
    .option(stateDir, stateHelp)
    .option("--json", "print JSON")
    .addHelpText(
      "after",
      "\nExamples:\n  $ AIRLOCK_CI_OIDC_TOKEN=$(airlock local ci-token --actor alice) airlock request model taxi-fare@1 --to prod --justification …",
    )
    .action(async (options) => (await import("./local-ci.ts")).localCiToken(options));
  local
    .command("login")
    .description(
      "Act as a twin principal in later commands of this state dir (the twin's `az login`); --ci acts as CI's two promotion identities.",
    )
    .option("--as <principal>", "principal name, e.g. alice, bob, sp-aml-promotion-prod")
    .option("--ci", "act as CI: sp-aml-promotion-dev on the dev side, sp-aml-promotion-prod on the prod side")
    .option(stateDir, stateHelp)
    .option("--json", "print JSON")
    .addHelpText(
      "after",
      "\nExamples:\n  $ airlock local login --as alice\n  $ airlock local login --ci\n  $ airlock whoami",
    )
    .action(async (options) => (await import("./local.ts")).localLogin(options));
  local
    .command("whoami")
    .description("Show the twin principal each environment side acts as, and every principal the twin knows.")
    .option(stateDir, stateHelp)
    .option("--json", "print JSON")
    .action(async (options) => (await import("./local.ts")).localWhoami(options));
}
