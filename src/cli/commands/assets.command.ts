/**
 * @module cli/commands/assets.command — `airlock model|data|environment|component list|show`, as
 * `az ml model list|show`: a workspace (`--env`) or a registry (`--registry-name`, or `--registry` for the env's).
 */
import type { Command } from "commander";
import { withAssetRef, withTarget } from "./target.ts";

const KINDS = ["model", "data", "environment", "component"] as const;

function withScope(command: Command): Command {
  return command
    .option(
      "--env <env>",
      "dev | prod: that environment's workspace (default: the project config's, else dev)",
    )
    .option(
      "--registry-name <name>",
      "a registry by name (the dev or the prod registry), as az ml --registry-name",
    )
    .option("--registry", "the registry of --env instead of its workspace");
}

export function registerAssetCommands(program: Command): void {
  for (const kind of KINDS) {
    const group = program
      .command(kind)
      .description(
        `List and show ${kind} versions in a workspace or registry of either environment (as az ml ${kind}).`,
      );
    withScope(
      withTarget(
        group
          .command("list")
          .description(`List ${kind} versions (every name, or -n <name>'s), newest first, with digests.`)
          .option("-n, --name <name>", `only this ${kind}'s versions`)
          .option("--max-results <n>", "at most this many (as az ml --max-results)"),
      ),
    )
      .addHelpText(
        "after",
        `\nExamples:\n  $ airlock ${kind} list --env dev\n  $ airlock ${kind} list --registry-name <prod registry> -o table`,
      )
      .action(async (options) => (await import("./assets.ts")).listAssetsCommand(kind, options));
    withScope(
      withAssetRef(
        withTarget(
          group
            .command("show")
            .argument("[asset]", "<name>:<version> or <name>@latest (or -n/-v)")
            .description(`Show one ${kind} version: its properties, digest and who registered it.`),
        ),
      ),
    )
      .addHelpText(
        "after",
        `\nExamples:\n  $ airlock ${kind} show -n <name> -v 1 --env dev\n  $ airlock ${kind} show <name>:1 --registry --env prod -o yaml`,
      )
      .action(async (asset, options) => (await import("./assets.ts")).showAssetCommand(kind, asset, options));
  }
}
