/**
 * @module cli/main
 * The `airlock` entry point: declares commands (cheap) and lazily imports each implementation when it
 * runs, so `airlock --help` stays fast. This is the only place that sets the process exit status.
 */
import { Command, CommanderError } from "commander";
import { ExitCode } from "../errors.ts";
import { registerApproversCommands } from "./commands/approvers.command.ts";
import { registerAuditCommands } from "./commands/audit.command.ts";
import { registerBootstrapCommands } from "./commands/bootstrap.command.ts";
import { registerConsoleCommands } from "./commands/console.command.ts";
import { registerDemoCommands } from "./commands/demo.command.ts";
import { registerDeployCommands } from "./commands/deploy.command.ts";
import { registerDoctorCommands } from "./commands/doctor.command.ts";
import { registerEventsCommands } from "./commands/events.command.ts";
import { registerEvidenceCommands } from "./commands/evidence.command.ts";
import { registerInfraCommands } from "./commands/infra.command.ts";
import { registerLocalCommands } from "./commands/local.command.ts";
import { registerPlatformCommands } from "./commands/platform.command.ts";
import { registerPromotionCommands } from "./commands/promotion.command.ts";
import { registerVerifyCommands } from "./commands/verify.command.ts";
import { reportError } from "./output.ts";

const program = new Command("airlock")
  .description(
    "Governed promotion of Azure ML assets from an isolated dev platform to an isolated prod platform.",
  )
  .version("0.1.0")
  .showHelpAfterError()
  .exitOverride();

registerDemoCommands(program);
registerPlatformCommands(program);
registerPromotionCommands(program);
registerDeployCommands(program);
registerAuditCommands(program);
registerConsoleCommands(program);
registerApproversCommands(program);
registerEventsCommands(program);
registerEvidenceCommands(program);
registerLocalCommands(program);
registerInfraCommands(program);
registerVerifyCommands(program);
registerBootstrapCommands(program);
registerDoctorCommands(program);

program.addHelpText(
  "after",
  `
Exit codes:
  0 ok · 1 failure · 2 usage · 3 invalid input · 4 not found · 5 conflict · 6 forbidden
  7 approval gate closed · 8 verification failed · 9 dependency unavailable

Examples:
  $ airlock platform show --env prod
  $ airlock platform show --json`,
);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  } else {
    process.exitCode = reportError(error, process.argv.includes("--json"));
  }
}
