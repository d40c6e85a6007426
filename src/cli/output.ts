/**
 * @module cli/output
 * How commands print: `--json` gives one JSON document on stdout; otherwise plain lines. Progress goes to
 * stderr and only draws bars on a TTY (CI gets plain lines).
 */
import { AirlockError, ExitCode } from "../errors.ts";

export interface OutputOptions {
  json?: boolean;
}

export function printResult(options: OutputOptions, value: unknown, human: () => string): void {
  if (options.json) process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  else {
    const text = human();
    if (text) process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
  }
}

/** Progress lines for humans; silent under --json so stdout stays one JSON document. */
export function progress(options: OutputOptions, line: string): void {
  if (!options.json) process.stderr.write(`${line}\n`);
}

/** Renders an error for the user and returns the exit status; the entry point alone exits. */
export function reportError(error: unknown, json: boolean): number {
  if (error instanceof AirlockError) {
    if (json) process.stdout.write(`${JSON.stringify({ error: error.toJSON() }, null, 2)}\n`);
    process.stderr.write(`error[${error.code}]: ${error.message}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  if (json)
    process.stdout.write(
      `${JSON.stringify({ error: { code: "AIRLOCK_INTERNAL", message: String(error) } })}\n`,
    );
  process.stderr.write(
    `error[AIRLOCK_INTERNAL]: ${message}\nThis is a bug in Airlock; please report it with the command you ran.\n`,
  );
  return ExitCode.failure;
}
