/**
 * @module cli/main
 * The `airlock` command line: declares commands (cheap) and lazily imports each implementation when it
 * runs, so `airlock --help` stays fast. A run whose first word names a command declares only that command's
 * group (COMMAND_GROUPS); help, a mistyped command and completion get every group. `runAirlock` returns the
 * exit status; bin/airlock.js, the entry point, is the only place that sets it. A fresh program per run keeps
 * one run's parsed options out of the next (the test suite runs many commands in one process).
 */
import { Command, CommanderError } from "commander";
import { AirlockError, ExitCode } from "../errors.ts";
import { registerApproversCommands } from "./commands/approvers.command.ts";
import { registerAssetCommands } from "./commands/assets.command.ts";
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
import { registerSessionCommands } from "./commands/session.command.ts";
import { registerVerifyCommands } from "./commands/verify.command.ts";
import { applyProjectConfig } from "./config.ts";
import { addOutputOptions, errorFormat, reportError } from "./output.ts";

/**
 * The command groups and the top-level commands each declares (test/cli/program.test.ts holds this table to
 * what the groups register), in the order `airlock --help` lists them.
 */
export const COMMAND_GROUPS: ReadonlyArray<
  readonly [register: (program: Command) => void, commands: readonly string[]]
> = [
  [registerDemoCommands, ["demo"]],
  [registerPlatformCommands, ["platform"]],
  [
    registerPromotionCommands,
    ["register", "share", "request", "approve", "reject", "status", "breakglass", "promote"],
  ],
  [registerDeployCommands, ["deploy", "rollback", "lineage", "invoke"]],
  [registerAuditCommands, ["audit"]],
  [registerConsoleCommands, ["console"]],
  [registerApproversCommands, ["approvers"]],
  [registerEventsCommands, ["events"]],
  [registerEvidenceCommands, ["evidence"]],
  [registerLocalCommands, ["local"]],
  [registerInfraCommands, ["infra"]],
  [registerVerifyCommands, ["verify"]],
  [registerBootstrapCommands, ["bootstrap"]],
  [registerDoctorCommands, ["doctor"]],
  [registerSessionCommands, ["whoami", "configure", "completion"]],
  [registerAssetCommands, ["model", "data", "environment", "component"]],
];

/**
 * The one group a command line needs, when its first word names a command; otherwise (root options, help,
 * a mistyped command, completion, which lists them all) undefined: every group.
 */
export function groupFor(argv: readonly string[]): ((program: Command) => void) | undefined {
  const first = argv[2];
  if (first === undefined || first === "completion") return undefined;
  return COMMAND_GROUPS.find(([, commands]) => commands.includes(first))?.[0];
}

/** The `airlock` program; given the command line, with only the command group it runs. */
export function buildProgram(argv?: readonly string[]): Command {
  const program = new Command("airlock")
    .description(
      "Governed promotion of Azure ML assets from an isolated dev platform to an isolated prod platform.",
    )
    .version("0.1.0")
    // Root options only before the command name, so a command's own `-v/--version <v>` is its own.
    .enablePositionalOptions()
    .exitOverride();

  const only = argv && groupFor(argv);
  for (const [register] of COMMAND_GROUPS) if (!only || register === only) register(program);
  applyProjectConfig(program);
  addOutputOptions(program);
  shortHelpAfterErrors(program);

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
  return program;
}

/** A mistyped command or option prints the error, commander's "did you mean", and where help is — not the help. */
function shortHelpAfterErrors(command: Command, path: readonly string[] = []): void {
  command.showHelpAfterError(`(run: airlock ${[...path, "--help"].join(" ")})`);
  for (const sub of command.commands) shortHelpAfterErrors(sub, [...path, sub.name()]);
}

/** Runs one `airlock` command line (`argv` as process.argv: node, script, args…) and returns its exit status. */
export async function runAirlock(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram(argv).parseAsync([...argv]);
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    const explained =
      error instanceof AirlockError && error.code === "ARM_FORBIDDEN"
        ? await (await import("./forbidden.ts")).explainForbidden(error)
        : error;
    return reportError(explained, errorFormat(argv));
  }
}
