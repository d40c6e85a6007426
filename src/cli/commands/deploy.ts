/** @module cli/commands/deploy — `airlock deploy`, `rollback`, `lineage`, `invoke` (thin: library calls + printing). */
import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { getOrUndefined } from "../../arm/errors.ts";
import { InputError, NotFoundError, VerificationError } from "../../errors.ts";
import type { LineageLink } from "../../governance/lineage.ts";
import { type DeployResult, deploy } from "../../promotion/deploy.ts";
import { requireEndpoint } from "../../promotion/deploy-endpoint.ts";
import { EndpointInvoker } from "../../promotion/deploy-smoke.ts";
import { formatSplit } from "../../promotion/deploy-traffic.ts";
import { type LineageReport, lineage } from "../../promotion/lineage.ts";
import { type RollbackResult, rollback } from "../../promotion/rollback.ts";
import { redact } from "../../redact.ts";
import { atVersion } from "../asset-ref.ts";
import { readDeploymentFiles } from "../deployment-file.ts";
import { namedOnTwin } from "../names.ts";
import { printResult, progress } from "../output.ts";
import { parseEnvironmentVariables } from "./promotion.ts";
import { connectFrom, type TargetOptions } from "./target.ts";

interface DeployTargetOptions extends TargetOptions {
  env?: string;
}

function requireProd(options: DeployTargetOptions): void {
  if (options.env !== undefined && options.env !== "prod") {
    throw new InputError(
      "DEPLOY_ENV_INVALID",
      `--env ${options.env}: Airlock deploys to prod only (dev endpoints are the data scientists' own)`,
    );
  }
}

/**
 * `deploy --env`: values with "=" are the deployment's environment variables (KEY=VALUE, as
 * `request deployment --env` binds them); any other value names the target environment, which must be prod.
 */
function deployEnvironmentVariables(values: readonly string[]): Record<string, string> {
  for (const value of values) if (!value.includes("=")) requireProd({ env: value });
  return parseEnvironmentVariables(values.filter((value) => value.includes("=")));
}

function wholeNumber(value: string | undefined, flag: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min) {
    throw new InputError(
      "ARG_INVALID",
      `${flag} must be a whole number ≥ ${min}, not ${JSON.stringify(value)}`,
    );
  }
  return Number(value);
}

function tolerance(value: string | undefined): { absolute: number; relative: number } | undefined {
  if (value === undefined) return undefined;
  const [absolute, relative = "0"] = value.split(",").map((part) => part.trim());
  const numbers = [Number(absolute), Number(relative)];
  if (numbers.some((n) => !Number.isFinite(n) || n < 0) || absolute === "") {
    throw new InputError(
      "ARG_INVALID",
      `--tolerance ${JSON.stringify(value)}: expected <absolute>[,<relative>], e.g. 3,0.25`,
    );
  }
  return { absolute: numbers[0]!, relative: numbers[1]! };
}

export async function deployCommand(
  argument: string | undefined,
  options: TargetOptions & {
    /** managedOnlineDeployment / managedOnlineEndpoint YAML files. */
    file?: string[];
    /** Repeatable: `prod`, or KEY=VALUE environment variables. */
    env?: string[];
    endpoint?: string;
    environment?: string;
    code?: string;
    scoringScript?: string;
    smokeData: string;
    labelColumn?: string;
    tolerance?: string;
    traffic?: string;
    instanceType?: string;
    instanceCount?: string;
    healthCalls?: string;
  },
  command?: Command,
): Promise<void> {
  // A flag typed on the command line wins over the deployment file; a flag's default does not.
  const file = options.file?.length ? await readDeploymentFiles(options.file) : {};
  const typed = (name: string) => command?.getOptionValueSource(name) === "cli";
  const pick = <T>(name: string, flag: T | undefined, fromFile: T | undefined): T | undefined =>
    typed(name) ? flag : (fromFile ?? flag);
  const model = atVersion(argument ?? file.model);
  const endpoint = pick("endpoint", options.endpoint, file.endpoint);
  const code = pick("code", options.code, file.code);
  const missing = [
    ...(model ? [] : ["<model>"]),
    ...(endpoint ? [] : ["--endpoint"]),
    ...(code ? [] : ["--code"]),
  ];
  if (missing.length)
    throw new InputError(
      "ARG_REQUIRED",
      `deploy needs ${missing.join(", ")} (as flags, or from a deployment file with -f deployment.yml)`,
    );
  options.environment = atVersion(pick("environment", options.environment, file.environment));
  options.smokeData = atVersion(options.smokeData);
  options.scoringScript = pick("scoringScript", options.scoringScript, file.scoringScript);
  options.instanceType = pick("instanceType", options.instanceType, file.instanceType);
  options.instanceCount = pick(
    "instanceCount",
    options.instanceCount,
    file.instanceCount === undefined ? undefined : String(file.instanceCount),
  );
  const environmentVariables = {
    ...(file.environmentVariables ?? {}),
    ...deployEnvironmentVariables(options.env ?? []),
  };
  const instanceCount = wholeNumber(options.instanceCount, "--instance-count", 1);
  const healthCalls = wholeNumber(options.healthCalls, "--health-calls", 1);
  const limits = tolerance(options.tolerance);
  const connection = await connectFrom(options, { writes: true });
  const result = await deploy(connection, {
    model: model!,
    endpoint: endpoint!,
    code: code!,
    smokeData: options.smokeData,
    ...(options.environment !== undefined ? { environment: options.environment } : {}),
    ...(options.scoringScript !== undefined ? { scoringScript: options.scoringScript } : {}),
    ...(options.labelColumn !== undefined ? { labelColumn: options.labelColumn } : {}),
    ...(limits ? { tolerance: limits } : {}),
    ...(options.traffic !== undefined ? { traffic: options.traffic } : {}),
    ...(options.instanceType !== undefined ? { instanceType: options.instanceType } : {}),
    ...(instanceCount !== undefined ? { instanceCount } : {}),
    ...(healthCalls !== undefined ? { healthCalls } : {}),
    environmentVariables,
    onProgress: (line) => progress(options, line),
  });
  printResult(options, redact(result), () => renderDeploy(model!, result));
}

function renderDeploy(model: string, result: DeployResult): string {
  const d = result.deployment;
  const lines = [
    `${result.status === "unchanged" ? "unchanged" : "deployed"}: ${model} on endpoint ${result.endpoint.name}${result.endpoint.created ? " (created)" : ""}`,
    `  deployment   ${d.name}${d.reused ? " (reused)" : " (new)"}`,
    `  model        ${d.model}`,
    `  digest       ${d.digest}`,
    `  approval     ${d.approvalId}`,
    `  environment  ${d.environment ? d.environment.environmentId : "(none)"}`,
  ];
  if (d.environment?.crossEnvironmentDependency) {
    lines.push(`  !! CROSS-ENVIRONMENT DEPENDENCY on ${d.environment.crossEnvironmentDependency}`);
  }
  const s = result.smoke;
  lines.push(
    `  smoke test   passed: ${s.rows} rows of ${s.data} through the deployment header${s.meanAbsoluteError !== undefined ? `, mean abs error ${s.meanAbsoluteError}, max ${s.maxAbsoluteError}` : ""}`,
  );
  lines.push(`  traffic      ${formatSplit(result.traffic.before)} → ${formatSplit(result.traffic.after)}`);
  for (const [index, step] of result.traffic.steps.entries()) {
    const good = step.health.calls.filter((c) => c.ok).length;
    lines.push(
      `    step ${index + 1}: ${formatSplit(step.after)} · health ok (${good}/${step.health.calls.length} calls, ${Object.entries(
        step.health.provisioning,
      )
        .map(([n, st]) => `${n} ${st}`)
        .join(", ")})`,
    );
  }
  if (result.endpoint.scoringUri) lines.push(`  scoring URI  ${result.endpoint.scoringUri}`);
  for (const warning of result.warnings) lines.push(`  warning: ${warning}`);
  return lines.join("\n");
}

export async function rollbackCommand(
  options: DeployTargetOptions & {
    endpoint: string;
    smokeData?: string;
    reason?: string;
    healthCalls?: string;
  },
): Promise<void> {
  requireProd(options);
  const healthCalls = wholeNumber(options.healthCalls, "--health-calls", 1);
  const connection = await connectFrom(options, { writes: true });
  const result = await rollback(connection, {
    endpoint: options.endpoint,
    ...(options.smokeData !== undefined ? { smokeData: options.smokeData } : {}),
    ...(options.reason !== undefined ? { reason: options.reason } : {}),
    ...(healthCalls !== undefined ? { healthCalls } : {}),
    onProgress: (line) => progress(options, line),
  });
  printResult(options, redact(result), () => renderRollback(result));
}

function renderRollback(result: RollbackResult): string {
  const health = result.health
    ? `health ${result.health.ok ? "ok" : "FAILED"} (${result.health.calls.filter((c) => c.ok).length}/${result.health.calls.length} calls)`
    : "no live traffic to check";
  return [
    `${result.status === "unchanged" ? "already at the previous split" : "rolled back"}: endpoint ${result.endpoint}`,
    `  traffic  ${formatSplit(result.before)} → ${formatSplit(result.after)}`,
    `  undid    rollout ${result.rolloutId}`,
    `  ${health}`,
  ].join("\n");
}

export async function lineageCommand(text: string, options: TargetOptions): Promise<void> {
  // az's name:version is the model form too; the library reads name@version.
  const target = atVersion(text);
  const connection = await connectFrom(options);
  if (target.includes("@") && !target.startsWith("azureml:")) {
    // An unknown model has no lineage: say so (exit 4) rather than print an empty chain.
    const at = target.lastIndexOf("@");
    const [name, version] = [target.slice(0, at), target.slice(at + 1)];
    const registry = connection.env("prod").names.registry;
    const found = await getOrUndefined(() =>
      connection.registry("prod").versions("models", name).get(version),
    );
    if (!found)
      throw new NotFoundError(
        "ASSET_NOT_FOUND",
        `model ${name}:${version} is not in the prod registry ${registry}, so it has no lineage (promote it first, or check the name)`,
      );
  }
  const report = await namedOnTwin(connection.mode, await lineage(connection, target));
  printResult(options, redact(report), () => renderLineage(report));
}

export function renderLineage(report: LineageReport): string {
  const lines = [
    `lineage of ${report.kind} ${report.target}${report.scoringUri ? ` (${report.scoringUri})` : ""}`,
  ];
  if (report.chains.length === 0) lines.push("  (no deployments)");
  for (const chain of report.chains) {
    lines.push("");
    for (const [index, link] of chain.links.entries())
      lines.push(...renderLink(link, index === 0 ? "  " : "  ← "));
    lines.push(
      chain.complete
        ? "  chain complete: reaches the training run"
        : `  chain incomplete: ${chain.gaps.join("; ")}`,
    );
  }
  if (report.inferred.length > 0) {
    lines.push("", "inferred links:");
    for (const note of report.inferred) lines.push(`  ${note}`);
  }
  return lines.join("\n");
}

function renderLink(link: LineageLink, lead: string): string[] {
  const pad = " ".repeat(lead.length + 2);
  const what = link.version ? `${link.name}@${link.version}` : (link.name ?? link.id);
  const lines = [
    `${lead}${link.label}: ${what}${link.traffic !== undefined ? ` · traffic ${link.traffic}%` : ""}`,
  ];
  if (link.digest) lines.push(`${pad}digest ${link.digest}`);
  if (link.approval) {
    const a = link.approval;
    lines.push(
      `${pad}approval ${a.requestId}: requested by ${a.requestedBy ?? "?"}${a.requestedAt ? ` at ${a.requestedAt}` : ""}; approved by ${a.approvedBy.join(", ") || "nobody"}${a.approvedAt ? ` at ${a.approvedAt}` : ""}`,
    );
  }
  if (link.promotedBy)
    lines.push(`${pad}promoted by ${link.promotedBy}${link.promotedAt ? ` at ${link.promotedAt}` : ""}`);
  if (link.createdBy || link.createdAt) {
    lines.push(`${pad}created by ${link.createdBy ?? "?"}${link.createdAt ? ` at ${link.createdAt}` : ""}`);
  }
  if (link.metrics) {
    lines.push(
      `${pad}metrics ${Object.entries(link.metrics)
        .map(([k, v]) => `${k}=${v}`)
        .join(" ")}`,
    );
  }
  if (link.ledger.length > 0) {
    lines.push(`${pad}ledger ${link.ledger.map((r) => `#${r.seq} ${r.type} by ${r.actor}`).join(", ")}`);
  }
  return lines;
}

export async function invokeCommand(
  options: DeployTargetOptions & { endpoint: string; deployment?: string; file: string },
): Promise<void> {
  let text: string;
  try {
    text = await readFile(options.file, "utf8");
  } catch {
    throw new InputError("REQUEST_FILE_MISSING", `--file ${options.file} cannot be read`);
  }
  if (text.trim() === "") {
    throw new InputError(
      "REQUEST_EMPTY",
      `--file ${options.file} is empty; an endpoint call needs a real request body`,
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new InputError(
      "REQUEST_NOT_JSON",
      `--file ${options.file} is not JSON: ${(error as Error).message}`,
    );
  }
  const connection = await connectFrom(options);
  const endpoint = await requireEndpoint(connection, options.endpoint);
  const answer = await EndpointInvoker.forEndpoint(connection, endpoint).score(body, {
    ...(options.deployment ? { deployment: options.deployment } : {}),
  });
  const result = redact({ endpoint: options.endpoint, ...answer });
  if (answer.status !== 200) {
    throw new VerificationError(
      "INVOKE_FAILED",
      `endpoint ${options.endpoint}${answer.deployment ? ` (deployment ${answer.deployment})` : ""} answered HTTP ${answer.status}: ${JSON.stringify(result.body)}`,
      result,
    );
  }
  printResult(options, result, () =>
    [
      `${answer.deployment ? `deployment ${answer.deployment}` : "endpoint"} answered 200:`,
      JSON.stringify(result.body, null, 2),
    ].join("\n"),
  );
}
