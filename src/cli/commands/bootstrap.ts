/** @module cli/commands/bootstrap — `airlock bootstrap`: plans or applies bootstrap/bootstrap and prints it. */
import { type BootstrapReport, type BootstrapStep, bootstrap } from "../../bootstrap/bootstrap.ts";
import { resolveRepo } from "../../bootstrap/repo.ts";
import { InputError } from "../../errors.ts";
import type { Purpose } from "../../platform/index.ts";
import { printResult } from "../output.ts";
import { connectFrom, type TargetOptions } from "./target.ts";

export type EnvOption = { env?: string };

/** `--env` as a list of environments (both when absent). */
export function envsOf(env: string | undefined): Purpose[] {
  if (env === undefined) return ["dev", "prod"];
  if (env === "dev" || env === "prod") return [env];
  throw new InputError("ENV_INVALID", `--env must be dev or prod, not ${JSON.stringify(env)}`);
}

const MARK: Record<BootstrapStep["action"], string> = {
  create: "+ create ",
  exists: "= exists ",
  differs: "~ differs",
  remove: "- remove ",
};

export function renderBootstrap(report: BootstrapReport): string {
  const lines = [
    `bootstrap ${report.plan ? "plan" : "apply"}: subscription ${report.subscriptionId}, ${report.envs.join(" + ")}, workflows of ${report.repo}`,
  ];
  for (const step of report.steps) {
    lines.push(`${MARK[step.action]} ${step.kind}${step.env ? ` (${step.env})` : ""}: ${step.summary}`);
    for (const d of step.differences ?? []) lines.push(`      ${d}`);
  }
  for (const i of report.identities)
    lines.push(
      `  ${i.name}: clientId ${i.clientId ?? "(after apply)"}, principalId ${i.principalId ?? "(after apply)"}`,
    );
  if (report.changes === 0) lines.push("nothing to do");
  else
    lines.push(
      report.plan
        ? `${report.changes} change(s) planned; run without --plan to apply`
        : `applied ${report.changes} change(s)`,
    );
  return lines.join("\n");
}

export async function bootstrapCommand(
  options: TargetOptions & EnvOption & { repo?: string; plan?: boolean },
): Promise<void> {
  const envs = envsOf(options.env);
  const connection = await connectFrom(options);
  const repo = await resolveRepo(options.repo, connection.mode);
  const report = await bootstrap(connection, { envs, repo, plan: options.plan === true });
  printResult(options, report, () => renderBootstrap(report));
}
