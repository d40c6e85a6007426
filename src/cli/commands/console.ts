/**
 * @module cli/commands/console — `airlock console`: starts the console (src/console/app.ts) with the same
 * connection every command uses, prints its one-time link, and resolves when SIGINT or SIGTERM stops it (the
 * entry point then exits 0).
 */
import { loadPolicy } from "../../governance/policy.ts";
import { openBrowser, portOption, shouldOpenBrowser, untilStopped } from "../local-page.ts";
import { printResult, progress } from "../output.ts";
import { connectFrom, type TargetOptions } from "./target.ts";

export async function consoleCommand(
  options: TargetOptions & { port?: string; open?: boolean },
): Promise<void> {
  const port = portOption(options.port, 0);
  const { startConsole } = await import("../../console/app.ts");
  const running = await startConsole({
    connection: await connectFrom(options),
    policy: await loadPolicy(),
    port,
  });
  if (options.json) process.stdout.write(`${JSON.stringify({ url: running.url })}\n`);
  else {
    printResult(options, { url: running.url }, () =>
      [`Airlock console: ${running.url}`, "(the link works once; Ctrl-C stops the console)"].join("\n"),
    );
  }
  if (shouldOpenBrowser(options.open)) openBrowser(running.url);
  await untilStopped().stopped;
  progress(options, "stopping the console");
  await running.close();
}
