/**
 * @module cli/output
 * How commands print, as `az` does: `-o json|yaml|table|tsv` (`--json` is `-o json`) gives one document on
 * stdout, after `--query <JMESPath>` selected from it; without either, plain lines for people. Progress goes to
 * stderr and only draws bars on a TTY (CI gets plain lines). The JSON shape of each command is published in
 * docs/schemas/<command>.json; table and tsv are views of that same document.
 */
import { createRequire } from "node:module";
import type * as Jmespath from "@jmespath-community/jmespath";
import type { Command } from "commander";
import type * as Yaml from "yaml";
import { AirlockError, ExitCode, InputError } from "../errors.ts";

// Loaded when `-o yaml` or `--query` asks for them, not on every start-up (`--help` included).
const load = createRequire(import.meta.url);
const yaml = (): typeof Yaml => load("yaml");
const jmespath = (): typeof Jmespath => load("@jmespath-community/jmespath");

export const OUTPUT_FORMATS = ["json", "yaml", "table", "tsv"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface OutputOptions {
  json?: boolean;
  output?: string;
  query?: string;
}

/**
 * Gives every command that prints a document (it declares `--json`) `-o/--output` and `--query`, and before it
 * runs makes `--json` true whenever a machine format is chosen, so every command's "stay quiet on stdout" checks
 * hold for all formats.
 */
export function addOutputOptions(program: Command): void {
  const visit = (command: Command) => {
    const has = (flag: string) => command.options.some((o) => o.long === flag);
    if (has("--json") && !has("--output")) {
      command
        .option("-o, --output <format>", `output format: ${OUTPUT_FORMATS.join(", ")} (as az)`)
        .option("--query <jmespath>", "a JMESPath query over the JSON document (as az --query)");
    }
    for (const sub of command.commands) visit(sub);
  };
  visit(program);
  program.hook("preAction", (_root, action) => {
    const options = action.opts() as OutputOptions;
    const format = outputFormat(options);
    if (format) action.setOptionValue("json", true);
  });
}

/** The machine format chosen, or undefined for the human lines. `--query` alone prints JSON, as az does. */
export function outputFormat(options: OutputOptions): OutputFormat | undefined {
  if (options.output !== undefined) {
    if (!(OUTPUT_FORMATS as readonly string[]).includes(options.output)) {
      throw new InputError(
        "OUTPUT_FORMAT_INVALID",
        `-o/--output must be one of ${OUTPUT_FORMATS.join(", ")}, not "${options.output}"`,
      );
    }
    return options.output as OutputFormat;
  }
  if (options.json || options.query !== undefined) return "json";
  return undefined;
}

/** True when stdout carries one document (progress and prose stay off it). */
export function machineOutput(options: OutputOptions): boolean {
  return outputFormat(options) !== undefined;
}

export function printResult(options: OutputOptions, value: unknown, human: () => string): void {
  const format = outputFormat(options);
  if (format) {
    process.stdout.write(render(format, select(value, options.query)));
    return;
  }
  const text = human();
  if (text) process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
}

/** `--query` over the document as JSON (what the schema describes), never over class instances. */
export function select(value: unknown, query: string | undefined): unknown {
  const document = JSON.parse(JSON.stringify(value ?? null)) as Parameters<typeof Jmespath.search>[0];
  if (query === undefined) return document;
  try {
    return jmespath().search(document, query);
  } catch (error) {
    throw new InputError(
      "QUERY_INVALID",
      `--query "${query}" is not a JMESPath expression this document accepts: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

export function render(format: OutputFormat, value: unknown): string {
  switch (format) {
    case "json":
      return `${JSON.stringify(value, null, 2)}\n`;
    case "yaml":
      return yaml().stringify(value ?? null);
    case "table":
      return table(value);
    case "tsv":
      return tsv(value);
  }
}

const isScalar = (v: unknown) => v === null || ["string", "number", "boolean"].includes(typeof v);
const cell = (v: unknown) => (v === null || v === undefined ? "" : String(v));

/** Rows of a document: an array is its items, anything else one row. */
function rows(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/**
 * az's table: one column per scalar field (nested objects and arrays are left out, as az does). A document
 * with no scalar field but one list (`status`'s requests, `platform show`'s environments) is that list's table.
 */
function table(value: unknown): string {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const entries = Object.values(value);
    const lists = entries.filter((v) => Array.isArray(v) && v.length > 0);
    if (!entries.some(isScalar) && lists.length === 1) return table(lists[0]);
  }
  const items = rows(value);
  if (items.length === 0) return "";
  if (items.every(isScalar)) return `Result\n------\n${items.map(cell).join("\n")}\n`;
  const columns: string[] = [];
  for (const item of items) {
    if (item === null || typeof item !== "object" || Array.isArray(item)) continue;
    for (const [key, v] of Object.entries(item)) if (isScalar(v) && !columns.includes(key)) columns.push(key);
  }
  const values = items.map((item) =>
    columns.map((c) => cell(item && typeof item === "object" ? (item as Record<string, unknown>)[c] : item)),
  );
  const widths = columns.map((c, i) => Math.max(c.length, ...values.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  return `${[line(columns), line(widths.map((w) => "-".repeat(w))), ...values.map(line)].join("\n")}\n`;
}

/** az's tsv: each row's scalar values, tab-separated, no header. */
function tsv(value: unknown): string {
  const items = rows(value);
  const lines = items.map((item) =>
    isScalar(item)
      ? cell(item)
      : Array.isArray(item)
        ? item.filter(isScalar).map(cell).join("\t")
        : Object.values(item as Record<string, unknown>)
            .filter(isScalar)
            .map(cell)
            .join("\t"),
  );
  return lines.length ? `${lines.join("\n")}\n` : "";
}

/** Progress lines for humans; silent under a machine format so stdout stays one document. */
export function progress(options: OutputOptions, line: string): void {
  if (!machineOutput(options)) process.stderr.write(`${line}\n`);
}

/** The format an error document is printed in, read from the raw arguments (options may never have parsed). */
export function errorFormat(argv: readonly string[]): OutputFormat | undefined {
  for (const [i, arg] of argv.entries()) {
    const value =
      arg === "-o" || arg === "--output"
        ? argv[i + 1]
        : arg.startsWith("--output=")
          ? arg.slice(9)
          : undefined;
    if (value && (OUTPUT_FORMATS as readonly string[]).includes(value)) return value as OutputFormat;
  }
  return argv.includes("--json") || argv.includes("--query") ? "json" : undefined;
}

/** Renders an error for the user and returns the exit status; the entry point alone exits. */
export function reportError(error: unknown, format: OutputFormat | boolean | undefined): number {
  const machine = format === true ? "json" : format || undefined;
  const document = (body: Record<string, unknown>) => {
    if (machine === "json" || machine === "yaml") process.stdout.write(render(machine, { error: body }));
  };
  if (error instanceof AirlockError) {
    document(error.toJSON());
    process.stderr.write(`error[${error.code}]: ${error.message}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  document({ code: "AIRLOCK_INTERNAL", message: String(error) });
  process.stderr.write(
    `error[AIRLOCK_INTERNAL]: ${message}\nThis is a bug in Airlock; please report it with the command you ran.\n`,
  );
  return ExitCode.failure;
}
