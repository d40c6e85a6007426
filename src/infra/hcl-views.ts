/**
 * @module infra/hcl-views
 * The parsed Terraform as the normalized views the rule table judges (infra/rules): one view per resource
 * block per environment that reaches it, the root's provider configurations and variables, and one view
 * per entry of the diagnostic-setting and private-endpoint maps the platform module passes on. Values are
 * resolved per environment (literals and `var.x` up to the root's tfvars); the rest is UNKNOWN.
 */
import path from "node:path";
import type { EnvironmentPlatform } from "../platform/index.ts";
import { environmentsReaching, resolveValues, rootDir, type Tree, variableDefault } from "./hcl-tree.ts";
import { type TargetKind, UNKNOWN, type View } from "./rules.ts";
import type { HclBody, TerraformBlock } from "./terraform-files.ts";

function walk(body: unknown, steps: readonly string[]): unknown {
  let current = body;
  for (const step of steps) {
    if (Array.isArray(current)) current = current[0];
    if (typeof current === "string") return UNKNOWN; // an expression standing for the whole object
    current = current && typeof current === "object" ? (current as HclBody)[step] : undefined;
  }
  return current;
}

function blockView(tree: Tree, env: EnvironmentPlatform, block: TerraformBlock, kind: View["kind"]): View {
  const label = block.kind === "resource" ? `${block.type}.${block.name}` : `${block.kind} ${block.name}`;
  return {
    kind,
    type: block.kind === "resource" ? block.type : block.name,
    address: `${block.file}: ${label}`,
    environment: env.purpose,
    values(steps) {
      const leaf = walk(block.body, steps);
      if (leaf === UNKNOWN) return [UNKNOWN];
      if (leaf === undefined) return [undefined];
      return resolveValues(tree, env, block.dir, leaf);
    },
  };
}

const ref = (expression: unknown) =>
  typeof expression === "string" ? /^\$\{([^}]*)\}(.*)$/.exec(expression) : null;

/**
 * What an expression like `module.storage.id` or `module.storage.blob_service_id` refers to, by following
 * the module output to the resource it names.
 */
export function targetOf(tree: Tree, dir: string, expression: unknown, depth = 0): TargetKind {
  const m = ref(expression);
  if (!m || depth > 4) return "unknown";
  const [, inner, tail] = m;
  const output = /^module\.(\w+)\.(\w+)$/.exec(inner!);
  if (output) {
    const call = tree.blocks.find((b) => b.kind === "module" && b.dir === dir && b.name === output[1]);
    if (!call || typeof call.body.source !== "string") return "unknown";
    const target = path.posix.normalize(path.posix.join(dir, call.body.source));
    const out = tree.blocks.find((b) => b.kind === "output" && b.dir === target && b.name === output[2]);
    const kind = out ? targetOf(tree, target, out.body.value, depth + 1) : "unknown";
    return tail ? refine(kind, tail) : kind;
  }
  const resource = /^(\w+)\.(\w+)\.id$/.exec(inner!);
  if (resource) {
    const block = tree.blocks.find(
      (b) => b.kind === "resource" && b.dir === dir && b.type === resource[1] && b.name === resource[2],
    );
    const kind = block ? kindOfBlock(block) : "unknown";
    return tail ? refine(kind, tail) : kind;
  }
  // The registry's system-created accounts, read from the registry's response.
  if (/storageAccountDetails/.test(inner!)) return "registry_storage";
  if (/acrDetails/.test(inner!)) return "registry_acr";
  return "unknown";
}

function refine(kind: TargetKind, tail: string): TargetKind {
  if (kind !== "storage_account") return tail ? "unknown" : kind;
  if (/^\/blobServices\/default$/i.test(tail)) return "blob_service";
  if (/^\/fileServices\/default$/i.test(tail)) return "file_service";
  return "unknown";
}

const BLOCK_KINDS: Record<string, TargetKind> = {
  azurerm_storage_account: "storage_account",
  azurerm_machine_learning_workspace: "workspace",
  azurerm_key_vault: "key_vault",
  azurerm_container_registry: "container_registry",
};

function kindOfBlock(block: TerraformBlock): TargetKind {
  if (
    block.type === "azapi_resource" &&
    String(block.body.type).startsWith("Microsoft.MachineLearningServices/registries@")
  )
    return "registry";
  return BLOCK_KINDS[block.type] ?? "unknown";
}

/**
 * One view per entry of a map the platform module passes to a module (`targets` of diagnostics,
 * `endpoints` of private-endpoints): the entry's attributes resolved, and `target` classified.
 */
function entryViews(
  tree: Tree,
  env: EnvironmentPlatform,
  moduleDir: string,
  argument: string,
  idAttribute: string,
  kind: View["kind"],
): View[] {
  const views: View[] = [];
  const calls = (tree.callers.get(moduleDir) ?? []).filter((c) =>
    environmentsReaching(tree, c.dir).includes(env.purpose),
  );
  for (const call of calls) {
    const map = call.body[argument];
    if (!map || typeof map !== "object" || Array.isArray(map)) continue;
    for (const [key, entry] of Object.entries(map as Record<string, HclBody>)) {
      const where = `${call.file}: module ${call.name}.${argument}["${key}"]`;
      views.push({
        kind,
        type: key,
        address: where,
        environment: env.purpose,
        values(steps) {
          if (steps.length === 1 && steps[0] === "target")
            return [targetOf(tree, call.dir, (entry as HclBody)[idAttribute])];
          const leaf = walk(entry, steps);
          if (leaf === UNKNOWN) return [UNKNOWN];
          if (leaf === undefined) return [undefined];
          return resolveValues(tree, env, call.dir, leaf);
        },
      });
    }
  }
  return views;
}

/** Every view of one environment over the parsed Terraform. */
export function hclViews(tree: Tree, env: EnvironmentPlatform): View[] {
  const views: View[] = [];
  const root = rootDir(env.purpose);
  for (const block of tree.blocks) {
    if (block.kind === "resource" && environmentsReaching(tree, block.dir).includes(env.purpose))
      views.push(blockView(tree, env, block, "resource"));
    else if (block.kind === "provider" && block.dir === root)
      views.push(blockView(tree, env, block, "provider"));
    else if (
      block.kind === "variable" &&
      (block.dir === root ||
        (block.dir.startsWith("modules/") && environmentsReaching(tree, block.dir).includes(env.purpose)))
    ) {
      // A root variable takes the tfvars value; a module variable is judged by its default and validation.
      const tfvars = block.dir === root ? (env.tfvars as Record<string, unknown>)[block.name] : undefined;
      const value = tfvars !== undefined ? tfvars : variableDefault(tree, block.dir, block.name);
      views.push({
        kind: "variable",
        type: block.name,
        address: `${block.file}: variable ${block.name}`,
        environment: env.purpose,
        values(steps) {
          if (steps.length === 1 && steps[0] === "value") return [value === UNKNOWN ? undefined : value];
          // The validation conditions, as text: what the variable accepts.
          if (steps.length === 1 && steps[0] === "validation")
            return [
              ((block.body.validation as HclBody[] | undefined) ?? [])
                .map((v) => String(v.condition))
                .join("\n"),
            ];
          return [undefined];
        },
      });
    }
  }
  views.push(...entryViews(tree, env, "modules/diagnostics", "targets", "id", "diagnostic"));
  views.push(
    ...entryViews(tree, env, "modules/private-endpoints", "endpoints", "resource_id", "private-endpoint"),
  );
  return views;
}
