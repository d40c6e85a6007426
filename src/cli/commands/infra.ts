/** @module cli/commands/infra — `airlock infra check`. */
import { VerificationError } from "../../errors.ts";
import { checkInfra, type InfraCheckReport, RULES } from "../../infra/check.ts";
import { printResult } from "../output.ts";

export async function infraCheck(options: {
  plan?: string[];
  infraDir?: string;
  json?: boolean;
}): Promise<void> {
  const report = await checkInfra({ infraDir: options.infraDir, plans: options.plan });
  if (report.ok) {
    printResult(options, report, () => render(report));
    return;
  }
  if (!options.json) process.stdout.write(`${render(report)}\n`);
  throw new VerificationError(
    "INFRA_POLICY_VIOLATION",
    `${report.errors} infrastructure policy violation(s); see the report above`,
    { report },
  );
}

function render(report: InfraCheckReport): string {
  const lines = [`infra check: ${report.sources.join(", ")}`];
  for (const f of report.findings) {
    const mark = f.severity === "error" ? "✗" : "!";
    lines.push(`${mark} [${f.rule}]${f.environment ? ` ${f.environment}` : ""} ${f.where}`);
    lines.push(`    ${f.message}`);
    lines.push(`    rule: ${RULES[f.rule as keyof typeof RULES] ?? f.rule}`);
  }
  lines.push(
    report.ok
      ? `ok: no violations${report.warnings ? `, ${report.warnings} warning(s)` : ""} (${Object.keys(RULES).length} rules)`
      : `FAILED: ${report.errors} violation(s), ${report.warnings} warning(s)`,
  );
  return lines.join("\n");
}
