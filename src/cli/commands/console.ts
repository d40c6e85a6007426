/**
 * @module cli/commands/console — `airlock console`: starts the console (src/console/app.ts) with the same
 * connection every command uses, prints its one-time link, and resolves when SIGINT or SIGTERM stops it (the
 * entry point then exits 0).
 */
import { spawn } from "node:child_process";
import { InputError } from "../../errors.ts";
import { loadPolicy } from "../../governance/policy.ts";
import { printResult, progress } from "../output.ts";
import { connectFrom, type TargetOptions } from "./target.ts";

function portOf(text: string | undefined): number {
  if (text === undefined) return 0;
  if (!/^\d{1,5}$/.test(text) || Number(text) < 1 || Number(text) > 65535)
    throw new InputError("ARG_INVALID", `--port must be a port number from 1 to 65535, not "${text}"`);
  return Number(text);
}

/** Opens `url` in the desktop's browser, best effort (never awaited, never fatal). */
function openBrowser(url: string): void {
  const command =
    process.platform === "darwin" ? "open" : process.platform === "win32" ? "explorer" : "xdg-open";
  try {
    const child = spawn(command, [url], { stdio: "ignore", detached: true });
    child.on("error", () => undefined);
    child.unref();
  } catch {
    // No browser here: the printed link is enough.
  }
}

export async function consoleCommand(
  options: TargetOptions & { port?: string; open?: boolean },
): Promise<void> {
  const port = portOf(options.port);
  const { startConsole } = await import("../../console/app.ts");
  const running = await startConsole({
    connection: await connectFrom(options),
    policy: await loadPolicy(),
    port,
  });
  // Declared as --open and --no-open, commander leaves `open` undefined unless one is given.
  const shouldOpen = options.open ?? (process.stdout.isTTY === true && !process.env.CI);
  if (options.json) process.stdout.write(`${JSON.stringify({ url: running.url })}\n`);
  else {
    printResult(options, { url: running.url }, () =>
      [`Airlock console: ${running.url}`, "(the link works once; Ctrl-C stops the console)"].join("\n"),
    );
  }
  if (shouldOpen) openBrowser(running.url);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  progress(options, "stopping the console");
  await running.close();
}
