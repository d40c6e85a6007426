/** @module cli/commands/session.command — `whoami`, `configure` and `completion` declarations. */
import type { Command } from "commander";

export function registerSessionCommands(program: Command): void {
  program
    .command("whoami")
    .description(
      "Show the identity each environment side acts as, and what chose it (`local login`, or an AIRLOCK_TWIN_PRINCIPAL* variable that overrides it); with --azure, your Azure credential's identity.",
    )
    .option("--azure", "ask Azure (DefaultAzureCredential) instead of the local twin")
    .option("--state-dir <dir>", "the local twin's state directory (default: the project's .airlock/twin)")
    .option("--json", "print one JSON document")
    .addHelpText("after", "\nExamples:\n  $ airlock whoami\n  $ airlock whoami -o json --query dev.principal")
    .action(async (options) => (await import("./session.ts")).whoamiCommand(options));

  program
    .command("configure")
    .description(
      "Set defaults in the project config (.airlock/config.yml, or airlock.yml where found), found upward from the current folder as git finds its repository (as az configure).",
    )
    .option("--defaults <key=value...>", "defaults to set (env=dev|prod); an empty value clears one (env=)")
    .option("-l, --list-defaults", "print the defaults in force and where they come from")
    .option("--json", "print one JSON document")
    .addHelpText(
      "after",
      "\nExamples:\n  $ airlock configure --defaults env=dev\n  $ airlock configure --list-defaults\n  $ airlock configure --defaults env=",
    )
    .action(async (options) => (await import("./session.ts")).configureCommand(options));

  program
    .command("completion")
    .argument("<shell>", "bash | zsh")
    .description("Print a shell completion script for airlock's commands and options.")
    .addHelpText(
      "after",
      "\nExamples:\n  $ source <(airlock completion bash)\n  $ source <(airlock completion zsh)   # in ~/.zshrc, after compinit",
    )
    .action(async (shell, _options, command: Command) =>
      (await import("./completion.ts")).completionCommand(shell, command.parent!),
    );
}
