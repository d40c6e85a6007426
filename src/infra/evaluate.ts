/**
 * @module infra/evaluate
 * Evaluates the provider-free modules (naming, rbac) with the real `terraform` binary, offline: a scratch
 * root in Terraform's JSON syntax calls them with both environments' tfvars, exactly as the platform
 * module wires them, and `terraform console` prints what Terraform itself computes (one evaluation walk;
 * `apply` would plan, apply and write a state of the same values, for about twice the CPU). Evaluations are
 * remembered by the content of their inputs (module files, RBAC matrix, tfvars values), so a process that
 * checks many copies of infra/ — the seeded-violation tests — starts terraform once per distinct input.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { type Dirent, readdirSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { UnavailableError } from "../errors.ts";
import type { EnvironmentPlatform, Purpose } from "../platform/index.ts";

const run = promisify(execFile);

export interface EvaluatedAssignment {
  principal_key: string;
  principal_name: string;
  principal_type: string;
  human: boolean;
  role: string;
  custom_role: boolean;
  scope_key: string;
  scope: string;
}

export interface EvaluatedEnvironment {
  resource_groups: Record<string, string>;
  names: Record<string, string>;
  private_endpoints: Record<string, string>;
  private_dns_zones: string[];
  assignments: Record<string, EvaluatedAssignment>;
  foundation_assignments: Record<string, EvaluatedAssignment>;
  workspace_assignments: Record<string, EvaluatedAssignment>;
}

export const TERRAFORM_BIN = process.env.AIRLOCK_TERRAFORM_BIN ?? "terraform";

/** True when a terraform binary answers `terraform version`. */
export async function terraformAvailable(bin = TERRAFORM_BIN): Promise<boolean> {
  try {
    await run(bin, ["version"], { timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

function moduleCalls(
  dir: string,
  infraDir: string,
  env: EnvironmentPlatform,
  subscriptionId: string,
): Record<string, unknown> {
  // A relative source is used in place; an absolute one would be copied by `terraform init`.
  const source = (name: string) =>
    path
      .relative(dir, path.join(infraDir, "modules", name))
      .split(path.sep)
      .join("/");
  const t = env.tfvars;
  const p = env.purpose;
  return {
    [`naming_${p}`]: {
      source: source("naming"),
      prefix: t.prefix,
      resource_prefixes: t.resource_prefixes,
      purpose: t.purpose,
      location_code: t.location_code,
      random_string: t.random_string,
    },
    [`network_plan_${p}`]: {
      source: source("network-plan"),
      vnet_address_space: t.vnet_address_space,
      subnet_address_prefix: t.subnet_address_prefix,
    },
    [`rbac_${p}`]: {
      source: source("rbac"),
      matrix: `\${jsondecode(file(${JSON.stringify(path.join(infraDir, "rbac", "rbac-matrix.json"))}))}`,
      purpose: t.purpose,
      human_registry_access: env.humanRegistryAccess,
      human_prod_access: env.humanProdAccess,
      subscription_id: subscriptionId,
      resource_groups: `\${module.naming_${p}.resource_groups}`,
      names: `\${module.naming_${p}.names}`,
      private_endpoints: `\${module.naming_${p}.private_endpoints}`,
    },
  };
}

/** Every file under `dir`, sorted, as "<relative path>\0<content>" records (read synchronously: a few small files). */
function contentOf(dir: string): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  } catch {
    return []; // a missing folder keys as empty; terraform then reports it
  }
  return entries
    .filter((e) => e.isFile() && !path.join(e.parentPath, e.name).includes(`${path.sep}.terraform`))
    .map((e) => path.join(e.parentPath, e.name))
    .sort()
    .map((file) => `${path.relative(dir, file)}\0${readFileSync(file, "utf8")}`);
}

/** What an evaluation depends on: the module calls (with placeholder paths), and the files they read. */
async function evaluationKey(
  infraDir: string,
  environments: readonly EnvironmentPlatform[],
  subscriptionId: string,
  bin: string,
): Promise<string> {
  const calls = environments.map((env) => moduleCalls("/eval", "/infra", env, subscriptionId));
  // Sources are "../infra/modules/<name>" with the placeholder paths.
  const modules = new Set(
    calls.flatMap((c) => Object.values(c).map((m) => path.posix.basename((m as { source: string }).source))),
  );
  const hash = createHash("sha256").update(`${bin}\0${JSON.stringify(calls)}`);
  for (const name of [...modules].sort()) {
    for (const record of contentOf(path.join(infraDir, "modules", name))) hash.update(`\0${name}\0${record}`);
  }
  const matrix = await readFile(path.join(infraDir, "rbac", "rbac-matrix.json"), "utf8").catch(() => "");
  hash.update(`\0${matrix}`);
  return hash.digest("hex");
}

const evaluations = new Map<string, Promise<Record<Purpose, EvaluatedEnvironment>>>();

/** Runs naming + network-plan + rbac for every given environment in one scratch root. */
export async function evaluateModules(
  infraDir: string,
  environments: readonly EnvironmentPlatform[],
  subscriptionId: string,
  bin = TERRAFORM_BIN,
): Promise<Record<Purpose, EvaluatedEnvironment>> {
  // The scratch root names the matrix file by path: a relative one would resolve from the scratch root.
  infraDir = path.resolve(infraDir);
  const key = await evaluationKey(infraDir, environments, subscriptionId, bin);
  let evaluation = evaluations.get(key);
  if (!evaluation) {
    evaluation = runTerraform(infraDir, environments, subscriptionId, bin);
    evaluations.set(key, evaluation);
    // A failure is not remembered: the next call tries again.
    evaluation.catch(() => evaluations.delete(key));
  }
  // Callers own their copy (the result is mutable JSON).
  return structuredClone(await evaluation);
}

async function runTerraform(
  infraDir: string,
  environments: readonly EnvironmentPlatform[],
  subscriptionId: string,
  bin: string,
): Promise<Record<Purpose, EvaluatedEnvironment>> {
  const dir = await mkdtemp(path.join(tmpdir(), "airlock-tfeval-"));
  try {
    const module: Record<string, unknown> = {};
    const output: Record<string, unknown> = {};
    for (const env of environments) {
      Object.assign(module, moduleCalls(dir, infraDir, env, subscriptionId));
      const p = env.purpose;
      output[p] = {
        value: {
          resource_groups: `\${module.naming_${p}.resource_groups}`,
          names: `\${module.naming_${p}.names}`,
          private_endpoints: `\${module.naming_${p}.private_endpoints}`,
          private_dns_zones: `\${module.network_plan_${p}.private_dns_zones}`,
          assignments: `\${module.rbac_${p}.assignments}`,
          foundation_assignments: `\${module.rbac_${p}.foundation_assignments}`,
          workspace_assignments: `\${module.rbac_${p}.workspace_assignments}`,
        },
      };
    }
    // The root declares the module calls only: the values are read by the one expression below, and root
    // outputs would be evaluated beside it for nothing (~7% of the walk).
    await writeFile(path.join(dir, "main.tf.json"), JSON.stringify({ module }, null, 2));
    const options = {
      cwd: dir,
      timeout: 60_000,
      env: {
        ...process.env,
        TF_IN_AUTOMATION: "1",
        TF_DATA_DIR: path.join(dir, ".terraform"),
        TF_CLI_ARGS: "",
        // No upgrade check: terraform would look up its release server (DNS) on every start.
        CHECKPOINT_DISABLE: "1",
        // A short-lived evaluation of ~100 MB: Go's collector, which would run many times, costs about a
        // quarter of its CPU. Collection waits for the memory limit instead (unless the caller set either).
        GOGC: process.env.GOGC ?? "off",
        GOMEMLIMIT: process.env.GOMEMLIMIT ?? "1GiB",
      },
    };
    // Local modules need no download: writing the module manifest `terraform init` would write saves a
    // terraform start; if this terraform rejects it, init runs and the evaluation is retried.
    const manifest = Object.entries(module).map(([key, call]) => {
      const source = (call as { source: string }).source;
      return { Key: key, Source: source, Dir: source };
    });
    await mkdir(path.join(dir, ".terraform", "modules"), { recursive: true });
    await writeFile(
      path.join(dir, ".terraform", "modules", "modules.json"),
      JSON.stringify({ Modules: [{ Key: "", Source: "", Dir: "." }, ...manifest] }),
    );
    // Every value in one expression.
    const expression = `jsonencode({${Object.entries(output)
      .map(
        ([name, o]) =>
          `${name} = {${Object.entries((o as { value: Record<string, string> }).value)
            .map(([key, value]) => `${key} = ${value.slice(2, -1)}`)
            .join(", ")}}`,
      )
      .join(", ")}})`;
    const evaluate = async () => {
      const { stdout, stderr } = await runWithInput(
        bin,
        ["console", "-no-color"],
        options,
        `${expression}\n`,
      );
      // console reports a failed validation or precondition on stderr, and still exits 0.
      if (/^Error: /m.test(stderr)) throw Object.assign(new Error(stderr), { stderr });
      return stdout;
    };
    let printed: string;
    try {
      try {
        printed = await evaluate();
      } catch (error) {
        if (!/not installed|init/i.test((error as { stderr?: string }).stderr ?? "")) throw error;
        await run(bin, ["init", "-input=false", "-no-color", "-backend=false"], options);
        printed = await evaluate();
      }
    } catch (error) {
      const detail = (error as { stderr?: string }).stderr || (error as Error).message;
      if ((error as { code?: string }).code === "ENOENT")
        throw new UnavailableError(
          "TERRAFORM_MISSING",
          `terraform was not found (${bin}); it evaluates the provider-free modules. Install terraform >= 1.9 or pass --plan.`,
        );
      throw new UnavailableError(
        "TERRAFORM_EVAL_FAILED",
        `terraform could not evaluate the provider-free modules:\n${detail.trim()}`,
      );
    }
    let parsed: Record<string, EvaluatedEnvironment>;
    try {
      parsed = JSON.parse(goUnquote(printed.trim())) as Record<string, EvaluatedEnvironment>;
    } catch {
      throw new UnavailableError(
        "TERRAFORM_EVAL_FAILED",
        `terraform could not evaluate the provider-free modules: terraform console printed ${JSON.stringify(printed.slice(0, 200))}, not the JSON of their outputs`,
      );
    }
    const result = {} as Record<Purpose, EvaluatedEnvironment>;
    for (const env of environments) result[env.purpose] = parsed[env.purpose]!;
    return result;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** execFile with `input` written to the child's stdin. */
function runWithInput(
  bin: string,
  args: string[],
  options: { cwd: string; timeout: number; env: NodeJS.ProcessEnv },
  input: string,
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile(bin, args, { ...options, encoding: "utf8" }, (error, stdout, stderr) => {
      if (error) reject(Object.assign(error, { stdout, stderr }));
      else resolve({ stdout, stderr });
    });
    child.stdin?.on("error", () => undefined); // a child that exits early reports through the callback
    child.stdin?.end(input);
  });
}

/**
 * The string a Go `strconv.Quote` literal spells (terraform console prints a one-line string value that
 * way), read with JSON.parse once Go's escapes that JSON lacks (\a, \v, \xNN, \UNNNNNNNN) are rewritten.
 */
export function goUnquote(quoted: string): string {
  if (!/^"(?:[^"\\]|\\.)*"$/s.test(quoted)) throw new SyntaxError("not a quoted string");
  const json = quoted.replace(/\\(x[0-9a-fA-F]{2}|U[0-9a-fA-F]{8}|[av]|.)/gs, (sequence, code: string) => {
    if (code[0] === "x") return `\\u00${code.slice(1)}`;
    if (code[0] === "U")
      return JSON.stringify(String.fromCodePoint(Number.parseInt(code.slice(1), 16))).slice(1, -1);
    if (code === "a") return "\\u0007";
    if (code === "v") return "\\u000b";
    return sequence;
  });
  return JSON.parse(json) as string;
}
