/** @module cli/commands/doctor — `airlock doctor`: runs doctor/doctor and prints its findings with their fixes. */
import { resolveRepo } from "../../bootstrap/repo.ts";
import { loadAllowlist } from "../../doctor/allowlist.ts";
import { type DoctorReport, doctor } from "../../doctor/doctor.ts";
import { InputError, VerificationError } from "../../errors.ts";
import { loadDirectory, twinDirectory } from "../../verify/directory.ts";
import { printResult } from "../output.ts";
import { envsOf } from "./bootstrap.ts";
import { connectFrom, type TargetOptions } from "./target.ts";

type DoctorOptions = TargetOptions & { env?: string; repo?: string; principals?: string; owners?: string };

export function renderDoctor(report: DoctorReport): string {
  const lines = [`doctor: ${report.mode} subscription ${report.subscriptionId}, ${report.envs.join(" + ")}`];
  for (const check of report.checks) {
    const mark = check.status === "ok" ? "✓" : check.status === "not-modelled" ? "·" : "✗";
    lines.push(`${mark} ${check.check}${check.env ? ` (${check.env})` : ""}: ${check.detail}`);
    for (const f of report.findings.filter(
      (f) => f.check === check.check && (check.env === undefined || f.env === check.env),
    )) {
      lines.push(`    ✗ ${f.message}`);
      lines.push(`      fix: ${f.fix}`);
    }
  }
  for (const o of report.allowedOwners)
    lines.push(`! inherited Owner ${o.principal} on ${o.scope} (${o.env}), allowlisted: ${o.why}`);
  lines.push(
    report.ok ? "ok: nothing to fix" : `FOUND: ${report.findings.length} finding(s), each with its fix above`,
  );
  return lines.join("\n");
}

export async function doctorCommand(options: DoctorOptions): Promise<void> {
  const envs = envsOf(options.env);
  if (options.azure && !options.principals)
    throw new InputError(
      "PRINCIPALS_REQUIRED",
      "against Azure, --principals <file> must map the matrix's principal names to object ids (as for verify rbac)",
    );
  const directory = options.principals ? await loadDirectory(options.principals) : await twinDirectory();
  const allowlist = await loadAllowlist(options.owners);
  const connection = await connectFrom(options);
  const repo = await resolveRepo(options.repo, connection.mode);
  const report = await doctor(connection, { envs, repo, directory, allowlist });
  if (report.ok) {
    printResult(options, report, () => renderDoctor(report));
    return;
  }
  if (!options.json) process.stdout.write(`${renderDoctor(report)}\n`);
  throw new VerificationError(
    "DOCTOR_FINDINGS",
    `${report.findings.length} finding(s) (${[...new Set(report.findings.map((f) => f.check))].join(", ")}); each names its fix`,
    { report },
  );
}
