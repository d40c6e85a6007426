/**
 * @module infra/hcl-tree
 * The parsed Terraform as a tree of module calls, and the values an expression takes in one environment
 * (literals and `var.x` followed up through module calls to the root's tfvars or defaults). Shared by the
 * policy over the Terraform (infra/check) and the views the rule table judges (infra/hcl-views).
 */
import path from "node:path";
import { type EnvironmentPlatform, PURPOSES, type Purpose } from "../platform/index.ts";
import { UNKNOWN } from "./rules.ts";
import type { TerraformBlock } from "./terraform-files.ts";

export interface Tree {
  blocks: TerraformBlock[];
  /** module dir → the module blocks (anywhere) whose source resolves to it */
  callers: Map<string, TerraformBlock[]>;
}

export function buildTree(blocks: TerraformBlock[]): Tree {
  const callers = new Map<string, TerraformBlock[]>();
  for (const block of blocks) {
    if (block.kind !== "module" || typeof block.body.source !== "string") continue;
    const target = path.posix.normalize(path.posix.join(block.dir, block.body.source));
    callers.set(target, [...(callers.get(target) ?? []), block]);
  }
  return { blocks, callers };
}

export const rootDir = (purpose: Purpose) => `environments/${purpose}`;

/**
 * The values an expression takes in one environment, following `var.x` up through module calls to the
 * root's tfvars or defaults. Only literals, `var.x` and `!var.x` are followed; anything else is unknown.
 */
export function resolveValues(
  tree: Tree,
  env: EnvironmentPlatform,
  dir: string,
  expression: unknown,
  depth = 0,
): unknown[] {
  if (typeof expression !== "string" || !expression.startsWith("${")) return [expression];
  const output = /^\$\{module\.(\w+)\.(\w+)\}$/.exec(expression);
  if (output && depth <= 8) return resolveModuleOutput(tree, env, dir, output[1]!, output[2]!, depth);
  const match = /^\$\{(!?)var\.(\w+)\}$/.exec(expression);
  if (!match || depth > 8) return [UNKNOWN];
  const negate = match[1] === "!";
  const name = match[2]!;
  let values: unknown[];
  if (dir === rootDir(env.purpose)) {
    const tfvarsValue = (env.tfvars as Record<string, unknown>)[name];
    values = [tfvarsValue !== undefined ? tfvarsValue : variableDefault(tree, dir, name)];
  } else {
    const calls = (tree.callers.get(dir) ?? []).filter(
      (call) => call.dir === rootDir(env.purpose) || call.dir.startsWith("modules/"),
    );
    values = calls.flatMap((call) =>
      name in call.body
        ? resolveValues(tree, env, call.dir, call.body[name], depth + 1)
        : [variableDefault(tree, dir, name)],
    );
    if (calls.length === 0) values = [variableDefault(tree, dir, name)];
  }
  return negate ? values.map((v) => (typeof v === "boolean" ? !v : UNKNOWN)) : values;
}

/** `module.<call>.<output>` in `dir`: the output's value expression, resolved inside the called module. */
export function resolveModuleOutput(
  tree: Tree,
  env: EnvironmentPlatform,
  dir: string,
  call: string,
  name: string,
  depth: number,
): unknown[] {
  const block = tree.blocks.find((b) => b.kind === "module" && b.dir === dir && b.name === call);
  if (!block || typeof block.body.source !== "string") return [UNKNOWN];
  const target = path.posix.normalize(path.posix.join(dir, block.body.source));
  const output = tree.blocks.find((b) => b.kind === "output" && b.dir === target && b.name === name);
  if (!output || !("value" in output.body)) return [UNKNOWN];
  // Inside the called module, var.x is the argument of this very call.
  const value = output.body.value;
  const variable = typeof value === "string" ? /^\$\{var\.(\w+)\}$/.exec(value)?.[1] : undefined;
  if (variable)
    return variable in block.body
      ? resolveValues(tree, env, dir, block.body[variable], depth + 1)
      : [variableDefault(tree, target, variable)];
  return resolveValues(tree, env, target, value, depth + 1);
}

export function variableDefault(tree: Tree, dir: string, name: string): unknown {
  const variable = tree.blocks.find((b) => b.kind === "variable" && b.dir === dir && b.name === name);
  return variable && "default" in variable.body ? variable.body.default : UNKNOWN;
}

/** Environments whose root reaches a module dir (every module is reached by both roots through platform). */
export function environmentsReaching(tree: Tree, dir: string, seen = new Set<string>()): Purpose[] {
  const root = PURPOSES.find((p) => dir === rootDir(p));
  if (root) return [root];
  if (seen.has(dir)) return [];
  seen.add(dir);
  const reached = new Set<Purpose>();
  for (const call of tree.callers.get(dir) ?? [])
    for (const p of environmentsReaching(tree, call.dir, seen)) reached.add(p);
  return [...reached];
}
