/**
 * @module cli/local-page
 * What the commands that serve a page on localhost share (`airlock console`, `airlock approvers add-passkey`):
 * the `--port` option, opening the desktop's browser when asked or when a person is at a terminal, and waiting
 * for Ctrl-C or SIGTERM.
 */
import { spawn } from "node:child_process";
import { InputError } from "../errors.ts";

/** `--port`: a port number, or `fallback` when not given (0 picks a free port). */
export function portOption(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535)
    throw new InputError("ARG_INVALID", `--port must be a port number from 0 to 65535, not "${text}"`);
  return Number(text);
}

/**
 * Whether to open a browser: `--open` / `--no-open` when given (declared as both, commander leaves the value
 * undefined otherwise), else only for a person at a terminal outside CI.
 */
export function shouldOpenBrowser(open: boolean | undefined): boolean {
  return open ?? (process.stdout.isTTY === true && !process.env.CI);
}

/** Opens `url` in the desktop's browser, best effort (never awaited, never fatal). */
export function openBrowser(url: string): void {
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

/** Settles on the first SIGINT or SIGTERM; `dispose` stops listening (when the page finished on its own). */
export function untilStopped(): { stopped: Promise<void>; dispose(): void } {
  let dispose: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => {
    const stop = () => {
      dispose();
      resolve();
    };
    dispose = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  return { stopped, dispose };
}
