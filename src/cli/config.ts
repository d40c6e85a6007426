/**
 * @module cli/config
 * The project config, found upward from the current folder as git finds its repository: the first folder
 * holding `airlock.yml` (committable) or `.airlock/config.yml` (local, written by `airlock configure`), else one
 * holding a `.airlock/` folder (a twin's state), else a git work tree's root. That folder is the project root:
 * the twin's state dir defaults to `<root>/.airlock/twin`, so `cd examples/taxi-fare && airlock local up`
 * finds the twin started at the root. AIRLOCK_STATE_DIR and `--state-dir` still win, as flags win over config.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { Command } from "commander";
import type * as Yaml from "yaml";
import { InputError } from "../errors.ts";

/** The YAML library, loaded once a config file is read or written: most runs have none (and `--help` none). */
const yaml = (): typeof Yaml => createRequire(import.meta.url)("yaml");

/** What a project config may hold; `defaults` are option values (as az configure's `defaults`). */
export interface ProjectConfig {
  defaults?: { env?: string };
  twin?: { stateDir?: string };
}

export interface LoadedConfig {
  /** The project root: where the config (or `.airlock/`, or `.git`) was found; else the current folder. */
  root: string;
  /** The config file read, if any. */
  file: string | undefined;
  config: ProjectConfig;
}

export const DEFAULT_KEYS = ["env"] as const;

const isDir = (p: string) => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};

export function findProject(cwd: string = process.cwd()): { root: string; file: string | undefined } {
  for (let dir = path.resolve(cwd); ; ) {
    for (const name of ["airlock.yml", path.join(".airlock", "config.yml")]) {
      const file = path.join(dir, name);
      if (existsSync(file)) return { root: dir, file };
    }
    if (isDir(path.join(dir, ".airlock")) || existsSync(path.join(dir, ".git")))
      return { root: dir, file: undefined };
    const parent = path.dirname(dir);
    if (parent === dir) return { root: path.resolve(cwd), file: undefined };
    dir = parent;
  }
}

export function loadProjectConfig(cwd: string = process.cwd()): LoadedConfig {
  const { root, file } = findProject(cwd);
  if (!file) return { root, file, config: {} };
  let config: unknown;
  try {
    config = yaml().parse(readFileSync(file, "utf8")) ?? {};
  } catch (error) {
    throw new InputError(
      "CONFIG_INVALID",
      `${file}: not YAML (${error instanceof Error ? error.message : error})`,
    );
  }
  if (typeof config !== "object" || Array.isArray(config))
    throw new InputError("CONFIG_INVALID", `${file}: expected a mapping with defaults: and twin:`);
  const known = new Set(["defaults", "twin"]);
  const unknown = Object.keys(config as object).filter((k) => !known.has(k));
  if (unknown.length)
    throw new InputError(
      "CONFIG_INVALID",
      `${file}: unknown key(s) ${unknown.join(", ")} (known: defaults, twin)`,
    );
  const env = (config as ProjectConfig).defaults?.env;
  if (env !== undefined && env !== "dev" && env !== "prod")
    throw new InputError("CONFIG_INVALID", `${file}: defaults.env must be dev or prod, not "${env}"`);
  return { root, file, config: config as ProjectConfig };
}

/** The twin's state dir when neither --state-dir nor AIRLOCK_STATE_DIR says: the config's, else the root's. */
export function projectStateDir(loaded: LoadedConfig): string {
  const configured = loaded.config.twin?.stateDir;
  return configured
    ? path.resolve(loaded.file ? path.dirname(loaded.file) : loaded.root, configured)
    : path.join(loaded.root, ".airlock", "twin");
}

/** `airlock configure --defaults env=dev`: sets (or with `env=` clears) defaults in the project's config file. */
export function writeDefaults(loaded: LoadedConfig, assignments: readonly string[]): LoadedConfig {
  const defaults: Record<string, string> = { ...(loaded.config.defaults ?? {}) };
  for (const assignment of assignments) {
    for (const part of assignment.split(/\s+/).filter(Boolean)) {
      const at = part.indexOf("=");
      const key = at > 0 ? part.slice(0, at) : "";
      if (!(DEFAULT_KEYS as readonly string[]).includes(key))
        throw new InputError(
          "CONFIG_KEY_INVALID",
          `--defaults ${part}: expected <key>=<value> with a key of ${DEFAULT_KEYS.join(", ")}`,
        );
      const value = part.slice(at + 1);
      if (value === "") delete defaults[key];
      else if (key === "env" && value !== "dev" && value !== "prod")
        throw new InputError("CONFIG_VALUE_INVALID", `--defaults env must be dev or prod, not "${value}"`);
      else defaults[key] = value;
    }
  }
  const file = loaded.file ?? path.join(loaded.root, ".airlock", "config.yml");
  const config: ProjectConfig = { ...loaded.config, defaults };
  if (Object.keys(defaults).length === 0) delete config.defaults;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, yaml().stringify(config));
  return { root: loaded.root, file, config };
}

/** Commands whose `--env` takes the project's default environment (where --env names a workspace's side). */
const ENV_DEFAULT_COMMANDS = new Set([
  "register",
  ...["model", "data", "environment", "component"].flatMap((k) => [`${k} list`, `${k} show`]),
]);

/**
 * Applies the project config to a built program: `defaults.env` becomes the default of `--env` where it names
 * the environment, and every `--state-dir` left unset (and AIRLOCK_STATE_DIR unset) becomes the project's.
 * A config that cannot be read fails the command that runs, not `--help`.
 */
export function applyProjectConfig(program: Command): void {
  let loaded: LoadedConfig | undefined;
  let failure: unknown;
  try {
    loaded = loadProjectConfig();
  } catch (error) {
    failure = error;
  }
  const visit = (command: Command, prefix: string[]) => {
    const path = [...prefix, command.name()].join(" ");
    const env = loaded?.config.defaults?.env;
    const option = command.options.find((o) => o.long === "--env");
    // Set as a value (commander copies an option's default only when it is added); the command line still wins.
    if (env && option && ENV_DEFAULT_COMMANDS.has(path))
      command.setOptionValueWithSource(option.attributeName(), env, "config");
    for (const sub of command.commands) visit(sub, [...prefix, command.name()]);
  };
  for (const sub of program.commands) visit(sub, []);
  program.hook("preAction", (_root, action) => {
    if (failure) throw failure;
    const hasStateDir = action.options.some((o) => o.long === "--state-dir");
    if (hasStateDir && action.getOptionValue("stateDir") === undefined && !process.env.AIRLOCK_STATE_DIR)
      action.setOptionValue("stateDir", projectStateDir(loaded!));
  });
}
