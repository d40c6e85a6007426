/**
 * @module bootstrap/workflow-subjects
 * The OIDC subjects the workflows in .github/workflows actually present to Entra, per identity: derived from
 * the workflow files, so a federated credential exists for exactly what CI uses (issue 9, finding 6).
 *
 * GitHub's subject claim ("About security hardening with OpenID Connect", "Example subject claims"):
 * a job that references an environment → `repo:<org>/<repo>:environment:<name>`; otherwise a pull_request
 * run → `repo:<org>/<repo>:pull_request`, and a branch run → `repo:<org>/<repo>:ref:refs/heads/<branch>`.
 * A reusable workflow's job is judged by its own `environment:` with the caller's `with:` inputs.
 *
 * Which identity a login uses comes from its `client-id`: `vars.AZURE_CLIENT_ID_<DEPLOY|PROMOTE>_<ENV>` →
 * `sp-aml-<deployment|promotion>-<env>` (the matrix's principal names). Anything this module cannot
 * evaluate is an error, never a guess: a workflow change that escapes it must fail the tests.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "yaml";
import { InputError } from "../errors.ts";

/** GitHub Actions' OIDC issuer and the audience Entra's token exchange expects. */
export const GITHUB_ISSUER = "https://token.actions.githubusercontent.com";
export const ENTRA_AUDIENCE = "api://AzureADTokenExchange";

/** One login a workflow job performs: which identity, under which subject, and where it is written. */
export interface WorkflowLogin {
  identity: string;
  subject: string;
  /** `<workflow file>#<job>` (with the caller for reusable workflows). */
  source: string;
}

/** identity → the subjects its federated credentials must trust (sorted, unique). */
export type SubjectMap = Map<string, string[]>;

const LOGIN_ACTIONS = [/^azure\/login@/, /^\.\/\.github\/actions\/azure-login-env$/];
const CLIENT_ID_VAR = /^AZURE_CLIENT_ID_(DEPLOY|PROMOTE)_(DEV|PROD)$/;

type Context = Record<string, Record<string, string>>;
type Value = string | boolean;

/** Evaluates the expression subset the workflows use: `a.b`, 'literals', ==, !=, &&, ||, parentheses. */
export function evaluateExpression(expression: string, context: Context, where: string): Value {
  const tokens = expression.match(/'(?:[^']|'')*'|==|!=|&&|\|\||[()]|[A-Za-z_][\w.-]*|\S/g) ?? [];
  let i = 0;
  const fail = (why: string): never => {
    throw new InputError(
      "WORKFLOW_EXPRESSION_UNSUPPORTED",
      `${where}: cannot evaluate \${{ ${expression} }} (${why})`,
    );
  };
  const truthy = (v: Value) => v !== "" && v !== false;
  const primary = (): Value => {
    const token = tokens[i++];
    if (token === undefined) return fail("unexpected end");
    if (token === "(") {
      const value = or();
      if (tokens[i++] !== ")") fail("missing )");
      return value;
    }
    if (token.startsWith("'")) return token.slice(1, -1).replace(/''/g, "'");
    if (token === "true" || token === "false") return token === "true";
    const [root, ...rest] = token.split(".");
    const scope = context[root!];
    if (!scope || rest.length !== 1) return fail(`unknown context ${token}`);
    const value = scope[rest[0]!];
    return value === undefined ? fail(`${token} has no value here`) : value;
  };
  const comparison = (): Value => {
    let left = primary();
    while (tokens[i] === "==" || tokens[i] === "!=") {
      const op = tokens[i++];
      const right = primary();
      left =
        op === "=="
          ? String(left).toLowerCase() === String(right).toLowerCase()
          : String(left).toLowerCase() !== String(right).toLowerCase();
    }
    return left;
  };
  const and = (): Value => {
    let left = comparison();
    while (tokens[i] === "&&") {
      i++;
      const right = comparison();
      left = truthy(left) ? right : left;
    }
    return left;
  };
  function or(): Value {
    let left = and();
    while (tokens[i] === "||") {
      i++;
      const right = and();
      left = truthy(left) ? left : right;
    }
    return left;
  }
  const value = or();
  if (i !== tokens.length) fail(`unexpected ${tokens[i]}`);
  return value;
}

/** Replaces every `${{ … }}` in `text`. */
export function interpolate(text: string, context: Context, where: string): string {
  return text.replace(/\$\{\{\s*([\s\S]*?)\s*\}\}/g, (_, expression: string) =>
    String(evaluateExpression(expression, context, where)),
  );
}

/** The identity a `client-id` expression names, e.g. `vars.AZURE_CLIENT_ID_PROMOTE_PROD` → sp-aml-promotion-prod. */
function identityOf(clientId: string, context: Context, where: string): string {
  const vars = new Proxy<Record<string, string>>({}, { get: (_, name) => `var:${String(name)}` });
  const resolved = interpolate(clientId, { ...context, vars }, where);
  const name = /^var:(.*)$/.exec(resolved)?.[1] ?? "";
  const match = CLIENT_ID_VAR.exec(name);
  if (!match)
    throw new InputError(
      "WORKFLOW_CLIENT_ID_UNKNOWN",
      `${where}: client-id ${clientId} does not name a repository variable AZURE_CLIENT_ID_<DEPLOY|PROMOTE>_<DEV|PROD>`,
    );
  return `sp-aml-${match[1] === "DEPLOY" ? "deployment" : "promotion"}-${match[2]!.toLowerCase()}`;
}

type Job = Record<string, unknown>;
interface Workflow {
  file: string;
  on: Record<string, unknown>;
  jobs: Record<string, Job>;
}

const asRecord = (value: unknown): Record<string, unknown> =>
  value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

function triggersOf(on: unknown): Record<string, unknown> {
  if (typeof on === "string") return { [on]: null };
  if (Array.isArray(on)) return Object.fromEntries(on.map((t) => [String(t), null]));
  return asRecord(on);
}

/** Matrix combinations of a job (only `include`-free matrices of scalar lists, as the workflows use). */
function matrixCombinations(job: Job, where: string): Array<Record<string, string>> {
  const matrix = asRecord(asRecord(job.strategy).matrix);
  let combos: Array<Record<string, string>> = [{}];
  for (const [key, values] of Object.entries(matrix)) {
    if (!Array.isArray(values))
      throw new InputError("WORKFLOW_MATRIX_UNSUPPORTED", `${where}: matrix.${key} is not a list of values`);
    combos = combos.flatMap((c) => values.map((v) => ({ ...c, [key]: String(v) })));
  }
  return combos;
}

/** The non-environment subjects a job without `environment:` gets, from its workflow's triggers. */
function triggerSubjects(repo: string, triggers: Record<string, unknown>, defaultBranch: string): string[] {
  const subjects: string[] = [];
  for (const [event, config] of Object.entries(triggers)) {
    if (event === "pull_request" || event === "pull_request_target")
      subjects.push(`repo:${repo}:pull_request`);
    else if (event === "push") {
      const branches = asRecord(config).branches;
      const list = Array.isArray(branches) ? branches.map(String) : [defaultBranch];
      for (const b of list) subjects.push(`repo:${repo}:ref:refs/heads/${b}`);
    } else if (event === "workflow_dispatch" || event === "schedule" || event === "workflow_call")
      subjects.push(`repo:${repo}:ref:refs/heads/${defaultBranch}`);
  }
  return subjects;
}

/**
 * Parsed workflow documents by content: bootstrap plans read the same workflows again and again in one
 * process (plan, apply, re-plan; the console), and YAML parsing is most of their cost. Callers get a copy.
 */
const parsedDocuments = new Map<string, unknown>();
const PARSED_DOCUMENTS_KEPT = 64;

function parseWorkflow(text: string): Record<string, unknown> {
  let document = parsedDocuments.get(text);
  if (document === undefined) {
    document = parse(text) ?? null;
    if (parsedDocuments.size >= PARSED_DOCUMENTS_KEPT)
      parsedDocuments.delete(parsedDocuments.keys().next().value!);
    parsedDocuments.set(text, document);
  }
  return asRecord(structuredClone(document));
}

async function readWorkflows(workflowsDir: string): Promise<Map<string, Workflow>> {
  const names = (await readdir(workflowsDir)).filter((n) => /\.ya?ml$/.test(n)).sort();
  const workflows = new Map<string, Workflow>();
  for (const name of names) {
    const document = parseWorkflow(await readFile(path.join(workflowsDir, name), "utf8"));
    workflows.set(name, {
      file: name,
      on: triggersOf(document.on ?? document.true),
      jobs: asRecord(document.jobs) as Record<string, Job>,
    });
  }
  return workflows;
}

/**
 * Every Azure login in the workflows, with the subject its token carries. `repo` is `<org>/<repo>`;
 * reusable workflows are followed from their callers (a reusable one is not run on its own).
 */
export async function workflowLogins(
  workflowsDir: string,
  repo: string,
  defaultBranch = "main",
): Promise<WorkflowLogin[]> {
  if (!/^[\w.-]+\/[\w.-]+$/.test(repo))
    throw new InputError("REPO_INVALID", `--repo must be <org>/<repo>, not ${JSON.stringify(repo)}`);
  const workflows = await readWorkflows(workflowsDir);
  const logins: WorkflowLogin[] = [];

  const visitJob = (
    workflow: Workflow,
    jobName: string,
    job: Job,
    inputs: Record<string, string>,
    via: string,
    triggers: Record<string, unknown>,
  ) => {
    const where = `${workflow.file}#${jobName}${via}`;
    if (typeof job.uses === "string") {
      const called = /^\.\/\.github\/workflows\/(.+)$/.exec(job.uses)?.[1];
      if (!called) return;
      const target = workflows.get(called);
      if (!target) throw new InputError("WORKFLOW_NOT_FOUND", `${where}: ${job.uses} does not exist`);
      for (const combo of matrixCombinations(job, where)) {
        const withInputs = Object.fromEntries(
          Object.entries(asRecord(job.with)).map(([k, v]) => [
            k,
            interpolate(String(v), { matrix: combo, inputs }, where),
          ]),
        );
        for (const [name, calledJob] of Object.entries(target.jobs))
          visitJob(target, name, calledJob, withInputs, ` (called by ${workflow.file}#${jobName})`, triggers);
      }
      return;
    }
    for (const combo of matrixCombinations(job, where)) {
      const context: Context = { matrix: combo, inputs };
      const environment = job.environment;
      const envName =
        typeof environment === "string"
          ? environment
          : typeof asRecord(environment).name === "string"
            ? String(asRecord(environment).name)
            : undefined;
      const subjects = envName
        ? [`repo:${repo}:environment:${interpolate(envName, context, where)}`]
        : triggerSubjects(repo, triggers, defaultBranch);
      const steps = Array.isArray(job.steps) ? job.steps : [];
      for (const step of steps.map(asRecord)) {
        if (typeof step.uses !== "string" || !LOGIN_ACTIONS.some((p) => p.test(String(step.uses)))) continue;
        const clientId = asRecord(step.with)["client-id"];
        if (typeof clientId !== "string")
          throw new InputError("WORKFLOW_CLIENT_ID_MISSING", `${where}: an Azure login without client-id`);
        const identity = identityOf(clientId, context, where);
        for (const subject of subjects) logins.push({ identity, subject, source: where });
      }
    }
  };

  for (const workflow of workflows.values()) {
    // A workflow only callable by others runs in its callers' context (visited from them).
    const triggers = workflow.on;
    if (Object.keys(triggers).every((t) => t === "workflow_call")) continue;
    for (const [name, job] of Object.entries(workflow.jobs)) visitJob(workflow, name, job, {}, "", triggers);
  }
  return logins;
}

/** identity → sorted unique subjects. */
export function subjectMap(logins: readonly WorkflowLogin[]): SubjectMap {
  const map: SubjectMap = new Map();
  for (const login of logins) {
    const list = map.get(login.identity) ?? [];
    if (!list.includes(login.subject)) list.push(login.subject);
    map.set(login.identity, list);
  }
  for (const list of map.values()) list.sort();
  return new Map([...map.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * A federated credential's name for a subject (Microsoft.ManagedIdentity: 3–120 characters, letters,
 * digits, '-' and '_', starting with a letter or digit): `gh-environment-production`, `gh-pull_request`.
 */
export function credentialNameFor(subject: string): string {
  const tail = subject.replace(/^repo:[^:]+\/[^:]+:/, "");
  return `gh-${tail.replace(/[^A-Za-z0-9_-]+/g, "-")}`.slice(0, 120);
}
