/**
 * @module test/workflows/workflow-files
 * Offline checks of the GitHub Actions files: schema and expression validation with GitHub's own parser
 * (@actions/workflow-parser, the one behind the Actions language service), and extraction of every
 * `airlock …` / `npx airlock …` invocation in `run:` scripts so they can be checked against the real CLI.
 */
import { readdir, readFile } from "node:fs/promises";
import { registerHooks } from "node:module";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { REPO_ROOT } from "../helpers/cli.ts";

// The parser's dist imports its JSON schemas without `with { type: "json" }` (it is built for bundlers);
// Node needs the attribute, so add it for that package's JSON files only — while the parser loads: a hook left
// registered would run for every later module resolution of the process (test shards load many files).
const jsonAttributes = registerHooks({
  resolve(specifier, context, next) {
    const resolved = next(specifier, context);
    if (resolved.url.includes("/@actions/workflow-parser/") && resolved.url.endsWith(".json")) {
      return { ...resolved, importAttributes: { type: "json" } };
    }
    return resolved;
  },
});
const [parser, actions] = await Promise.all([
  import("@actions/workflow-parser"),
  import("@actions/workflow-parser/actions/index"),
]).finally(() => jsonAttributes.deregister());

export const WORKFLOW_DIR = path.join(REPO_ROOT, ".github", "workflows");
export const ACTIONS_DIR = path.join(REPO_ROOT, ".github", "actions");

export interface WorkflowFile {
  /** Repository-relative path, e.g. `.github/workflows/ci.yml`. */
  name: string;
  content: string;
}

export async function workflowFiles(): Promise<WorkflowFile[]> {
  const names = (await readdir(WORKFLOW_DIR)).filter((n) => /\.ya?ml$/.test(n)).sort();
  return Promise.all(
    names.map(async (n) => ({
      name: `.github/workflows/${n}`,
      content: await readFile(path.join(WORKFLOW_DIR, n), "utf8"),
    })),
  );
}

export async function actionFiles(): Promise<WorkflowFile[]> {
  const dirs = (await readdir(ACTIONS_DIR, { withFileTypes: true })).filter((d) => d.isDirectory());
  return Promise.all(
    dirs
      .map((d) => d.name)
      .sort()
      .map(async (d) => ({
        name: `.github/actions/${d}/action.yml`,
        content: await readFile(path.join(ACTIONS_DIR, d, "action.yml"), "utf8"),
      })),
  );
}

/** Reads repository files for reusable-workflow calls (`uses: ./.github/workflows/x.yml`). */
const repoFileProvider = {
  async getFileContent(ref: unknown) {
    const file = String((ref as { path?: string }).path ?? ref).replace(/^\.\//, "");
    return { name: file, content: await readFile(path.join(REPO_ROOT, file), "utf8") };
  },
};

/** Schema + expression errors of a workflow (empty when valid), as GitHub's parser words them. */
export async function validateWorkflow(file: WorkflowFile): Promise<string[]> {
  const trace = new parser.NoOperationTraceWriter();
  const result = parser.parseWorkflow(file, trace);
  const errors = result.context.errors.getErrors().map((e) => e.message);
  if (errors.length > 0 || !result.value) return errors.length > 0 ? errors : [`${file.name}: empty`];
  const template = await parser.convertWorkflowTemplate(result.context, result.value, repoFileProvider, {
    fetchReusableWorkflowDepth: 1,
  });
  return [
    ...new Set([
      ...result.context.errors.getErrors().map((e) => e.message),
      ...(template.errors ?? []).map((e) => e.Message),
    ]),
  ];
}

/** Schema + expression errors of a composite action's action.yml (empty when valid). */
export function validateAction(file: WorkflowFile): string[] {
  const result = actions.parseAction(file, new parser.NoOperationTraceWriter());
  const errors = result.context.errors.getErrors().map((e) => e.message);
  if (errors.length === 0 && !result.value) return [`${file.name}: empty`];
  return errors;
}

export interface RunScript {
  file: string;
  /** `job/step` (workflows) or `step` (actions), for messages. */
  where: string;
  script: string;
}

// biome-ignore lint/suspicious/noExplicitAny: walking arbitrary workflow YAML
type Yaml = any;

const parsed = new Map<string, Yaml>();
/** A YAML text's document, parsed once per text (the workflow tests read the same files many times). */
function parsedOnce(content: string): Yaml {
  if (!parsed.has(content)) parsed.set(content, parseYaml(content));
  return parsed.get(content);
}

/** A workflow or action file's YAML document: the caller's own copy, free to change. */
export function workflowDocument(content: string): Yaml {
  return structuredClone(parsedOnce(content));
}

/** Every `run:` script of a workflow or action file. */
export function runScripts(file: WorkflowFile): RunScript[] {
  const doc = parsedOnce(file.content);
  const scripts: RunScript[] = [];
  const collect = (steps: Yaml, prefix: string) => {
    if (!Array.isArray(steps)) return;
    steps.forEach((step: Yaml, i: number) => {
      if (typeof step?.run === "string")
        scripts.push({
          file: file.name,
          where: `${prefix}${step.name ?? step.id ?? `#${i + 1}`}`,
          script: step.run,
        });
    });
  };
  for (const [id, job] of Object.entries((doc?.jobs ?? {}) as Record<string, Yaml>))
    collect(job?.steps, `${id}/`);
  collect(doc?.runs?.steps, "");
  return scripts;
}

/** The shell code blocks (```sh / ```bash) of a Markdown file, e.g. a runbook. */
export function markdownScripts(file: WorkflowFile): RunScript[] {
  const scripts: RunScript[] = [];
  for (const match of file.content.matchAll(/^```(?:sh|bash|shell)\n([\s\S]*?)^```/gm)) {
    const line = file.content.slice(0, match.index).split("\n").length;
    scripts.push({ file: file.name, where: `line ${line}`, script: match[1]! });
  }
  return scripts;
}

export interface AirlockCall {
  file: string;
  where: string;
  /** The invocation as written (after line continuations are joined). */
  text: string;
  /** Words after `airlock`, quotes removed; `${{ … }}` and `$VAR` become placeholder words. */
  args: string[];
}

/** Shell words of one command line: quotes and backslash escapes honoured, expressions kept whole. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === "\\" && quote === '"' && i + 1 < line.length) word += line[++i];
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === "\\" && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** Finds `airlock …` and `npx [--no-install] airlock …` commands in a run script. */
export function airlockCalls(script: RunScript): AirlockCall[] {
  const calls: AirlockCall[] = [];
  const text = script.script
    .replace(/\$\{\{[\s\S]*?\}\}/g, "EXPR") // a GitHub expression is one word of unknown value
    .replace(/\\\r?\n/g, " "); // line continuations
  for (const line of text.split(/\r?\n/)) {
    const code = line.replace(/(^|\s)#.*$/, "");
    // Command boundaries: && || ; | and command substitutions.
    for (const segment of code.split(/&&|\|\||[;|]|\$\(|`/)) {
      const words = shellWords(segment.trim());
      let i = 0;
      while (i < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]!)) i++; // VAR=value prefixes
      if (words[i] === "npx") {
        i++;
        while (i < words.length && words[i]!.startsWith("-")) i++;
      }
      if (words[i] !== "airlock") continue;
      const args = words.slice(i + 1);
      // A redirection ends the arguments; `<name>` placeholders in runbooks are words, not redirections.
      const redirect = args.findIndex((w) => /^(\d?>|>>|<|2>&1)/.test(w) && !/^<\S*>$/.test(w));
      calls.push({
        file: script.file,
        where: script.where,
        text: segment.trim(),
        args: redirect >= 0 ? args.slice(0, redirect) : args,
      });
    }
  }
  return calls;
}

/** One command of the real CLI, as its `--help` describes it. */
export interface CliCommand {
  path: string[];
  options: Set<string>;
  /** Options that take a value (`--to <env>`), so their value is not mistaken for a subcommand. */
  valued: Set<string>;
  subcommands: Set<string>;
}

/** Parses commander's help text: the Options and Commands sections. */
export function parseHelp(pathWords: string[], help: string): CliCommand {
  const command: CliCommand = {
    path: pathWords,
    options: new Set(),
    valued: new Set(),
    subcommands: new Set(),
  };
  let section: "options" | "commands" | undefined;
  for (const line of help.split("\n")) {
    if (/^Options:/.test(line)) section = "options";
    else if (/^Commands:/.test(line)) section = "commands";
    else if (/^\S/.test(line)) section = undefined;
    const item = /^ {2}(\S.*)$/.exec(line)?.[1];
    if (!item || !section) continue;
    if (section === "options") {
      const flags = /^((?:-[A-Za-z], )?--?[A-Za-z][\w-]*)(?: ([<[][^>\]]+[>\]]))?/.exec(item);
      if (!flags) continue;
      for (const flag of flags[1]!.split(", ")) {
        command.options.add(flag);
        if (flags[2]) command.valued.add(flag);
      }
    } else {
      const name = /^([a-z][\w-]*)/.exec(item)?.[1];
      if (name && name !== "help") command.subcommands.add(name);
    }
  }
  return command;
}

export type HelpReader = (pathWords: string[]) => Promise<string | undefined>;

/**
 * Problems with one invocation against the CLI (empty when every word resolves): an unknown command or
 * subcommand, or a flag the command does not declare. `help` returns a command's --help text.
 */
export async function checkCall(call: AirlockCall, help: HelpReader): Promise<string[]> {
  const where = `${call.file} (${call.where}): \`${call.text}\``;
  let current = parseHelp([], (await help([])) ?? "");
  const pathWords: string[] = [];
  let i = 0;
  // Descend while the next word names a subcommand of the current command.
  while (i < call.args.length && current.subcommands.size > 0) {
    const word = call.args[i]!;
    if (word.startsWith("-")) break;
    if (!current.subcommands.has(word))
      return [`${where}: \`airlock ${[...pathWords, word].join(" ")}\` is not a command of the CLI`];
    pathWords.push(word);
    const text = await help(pathWords);
    if (text === undefined) return [`${where}: \`airlock ${pathWords.join(" ")} --help\` failed`];
    current = parseHelp([...pathWords], text);
    i++;
  }
  const asksHelp = call.args.slice(i).some((w) => w === "-h" || w === "--help");
  if (current.subcommands.size > 0 && pathWords.length > 0 && !asksHelp)
    return [`${where}: \`airlock ${pathWords.join(" ")}\` needs a subcommand`];
  const problems: string[] = [];
  for (const word of call.args.slice(i)) {
    if (!word.startsWith("-") || word === "-" || word === "--") continue;
    const flag = word.split("=")[0]!;
    if (!current.options.has(flag))
      problems.push(
        `${where}: \`airlock ${pathWords.join(" ") || "(root)"}\` has no option ${flag} (it has ${[...current.options].join(", ")})`,
      );
  }
  return problems;
}

/** A call's flag values (`--flag value` or `--flag=value`) and its other words, by the command's help. */
function callWords(call: AirlockCall, command: CliCommand, skip: number) {
  const flags = new Map<string, string[]>();
  const positionals: string[] = [];
  const args = call.args.slice(skip);
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    if (!word.startsWith("-")) {
      positionals.push(word);
      continue;
    }
    const at = word.indexOf("=");
    const flag = at > 0 ? word.slice(0, at) : word;
    const value = at > 0 ? word.slice(at + 1) : command.valued.has(flag) ? (args[++i] ?? "") : "";
    flags.set(flag, [...(flags.get(flag) ?? []), value]);
  }
  return { flags, positionals };
}

/** `"${name[@]}"`: a bash array expanded into words (e.g. `--env KEY=VALUE` pairs built from an input). */
const ARRAY_EXPANSION = /^\$\{(\w+)\[@\]\}$/;

/**
 * Problems with a deploy workflow's bundle (empty when none): the file must run exactly one
 * `airlock request deployment` and one `airlock deploy`, and the deploy call must pass the request's endpoint
 * and every bundle flag of the request — the options `airlock request --help` marks "deployment:" — with the
 * same values (`--model` is deploy's argument; `--env` values besides the target `prod`, and bash arrays
 * expanded into both calls, built by the same lines). A bundle flag left to each command's default is a
 * problem too: the defaults could differ.
 */
export async function bundleProblems(file: WorkflowFile, help: HelpReader): Promise<string[]> {
  const scripts = runScripts(file);
  const calls = scripts.flatMap(airlockCalls);
  const requests = calls.filter((c) => c.args[0] === "request" && c.args[1] === "deployment");
  const deploys = calls.filter((c) => c.args[0] === "deploy");
  if (requests.length !== 1 || deploys.length !== 1)
    return [
      `${file.name}: expected one \`airlock request deployment\` and one \`airlock deploy\`, found ${requests.length} and ${deploys.length}`,
    ];
  const requestHelp = (await help(["request"])) ?? "";
  const deployHelp = (await help(["deploy"])) ?? "";
  const bundleFlags = [...requestHelp.matchAll(/^ {2}(--[\w-]+) <[^>]+>\s+deployment:/gm)].map((m) => m[1]!);
  if (bundleFlags.length === 0) return ["`airlock request --help` names no deployment: options"];
  const request = callWords(requests[0]!, parseHelp(["request"], requestHelp), 2);
  const deploy = callWords(deploys[0]!, parseHelp(["deploy"], deployHelp), 1);
  const problems: string[] = [];
  const differ = (flag: string, asked: string[] | undefined, deployed: string[] | undefined) => {
    const a = [...(asked ?? [])].sort();
    const b = [...(deployed ?? [])].sort();
    if (a.length === 0)
      problems.push(`${file.name}: the deployment request does not pass ${flag} explicitly`);
    else if (JSON.stringify(a) !== JSON.stringify(b))
      problems.push(
        `${file.name}: ${flag} differs: the request binds ${JSON.stringify(a)}, deploy passes ${JSON.stringify(b)}`,
      );
  };
  // The endpoint is the request's argument and deploy's --endpoint.
  differ("--endpoint", request.positionals.slice(0, 1), deploy.flags.get("--endpoint"));
  for (const flag of bundleFlags) {
    if (flag === "--model") differ(flag, request.flags.get(flag), deploy.positionals.slice(0, 1));
    else if (flag === "--env") {
      // Variables may be none; literal ones must match (the target `prod` is not a variable).
      const asked = [...(request.flags.get(flag) ?? [])].sort();
      const deployed = (deploy.flags.get(flag) ?? []).filter((v) => v !== "prod").sort();
      if (JSON.stringify(asked) !== JSON.stringify(deployed))
        problems.push(
          `${file.name}: --env differs: the request binds ${JSON.stringify(asked)}, deploy passes ${JSON.stringify(deployed)}`,
        );
    } else differ(flag, request.flags.get(flag), deploy.flags.get(flag));
  }
  // Arrays expanded into the calls (variables built from an input): the same arrays, built the same way.
  const arrays = (words: string[]) => words.flatMap((w) => ARRAY_EXPANSION.exec(w)?.[1] ?? []).sort();
  const [askedArrays, deployedArrays] = [arrays(request.positionals), arrays(deploy.positionals.slice(1))];
  if (JSON.stringify(askedArrays) !== JSON.stringify(deployedArrays))
    problems.push(
      `${file.name}: --env: the request expands ${JSON.stringify(askedArrays)}, deploy ${JSON.stringify(deployedArrays)}`,
    );
  const scriptOf = (call: AirlockCall) => scripts.find((s) => s.where === call.where)?.script ?? "";
  for (const name of askedArrays) {
    const built = (script: string) =>
      script
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => new RegExp(`\\b${name}\\+?=\\(`).test(line));
    const [a, b] = [built(scriptOf(requests[0]!)), built(scriptOf(deploys[0]!))];
    if (a.length === 0 || JSON.stringify(a) !== JSON.stringify(b))
      problems.push(
        `${file.name}: the array ${name} is built differently: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`,
      );
  }
  return problems;
}
