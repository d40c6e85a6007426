import type { TokenCredential } from "@azure/core-auth";
import { Connection, connectToTwin, readTwinSession, twinStateDir } from "../../connect/connection.ts";
import { InputError, VerificationError } from "../../errors.ts";
import { loadPlatform, type Purpose } from "../../platform/index.ts";
import { loadDirectory, type PrincipalDirectory, twinDirectory } from "../../verify/directory.ts";
import { E2E_STEPS, type E2eIdentities, type E2eResult, type E2eStep, verifyE2e } from "../../verify/e2e.ts";
import { type IsolationReport, verifyIsolation } from "../../verify/isolation.ts";
import { type RbacReport, verifyRbac } from "../../verify/rbac.ts";
import { printResult, progress } from "../output.ts";
import { connectFrom, type TargetOptions } from "./target.ts";

type VerifyOptions = TargetOptions & { env?: string; principals?: string };

function purposeOf(env: string | undefined): Purpose {
  if (env === "dev" || env === "prod") return env;
  throw new InputError("ENV_INVALID", `--env must be dev or prod, not ${JSON.stringify(env)}`);
}

async function directoryFor(options: VerifyOptions): Promise<PrincipalDirectory> {
  if (options.principals) return loadDirectory(options.principals);
  if (options.azure) {
    throw new InputError(
      "PRINCIPALS_REQUIRED",
      "against Azure, --principals <file> must map the matrix's principal names to object ids (see `airlock verify rbac --help`)",
    );
  }
  return twinDirectory();
}

/** Prints the report, then fails with exit 8 when it found something (the report stays on stdout). */
function finish<T>(
  options: VerifyOptions,
  report: T,
  ok: boolean,
  render: (r: T) => string,
  failure: () => VerificationError,
): void {
  if (ok) {
    printResult(options, report, () => render(report));
    return;
  }
  if (!options.json) process.stdout.write(`${render(report)}\n`);
  throw failure();
}

export async function verifyRbacCommand(options: VerifyOptions): Promise<void> {
  const purpose = purposeOf(options.env);
  const directory = await directoryFor(options);
  const report = await verifyRbac(await connectFrom(options), purpose, directory);
  finish(options, report, report.ok, renderRbac, () => {
    const kinds = [...new Set(report.drift.map((d) => d.kind))].join(", ");
    return new VerificationError(
      "RBAC_DRIFT",
      `${report.drift.length} role assignment difference(s) in ${purpose} (${kinds}); see the report above`,
      { report },
    );
  });
}

export function renderRbac(report: RbacReport): string {
  const lines = [
    `verify rbac ${report.env}: ${report.found} assignments found on ${report.scopes.length} resource groups (and inherited), ${report.expected} expected, ${report.matched} matched`,
  ];
  for (const d of report.drift) {
    lines.push(`✗ [${d.kind}] ${d.message}`);
    for (const id of d.resourceIds) lines.push(`    ${id}`);
  }
  for (const d of report.bypasses) {
    lines.push(`! [${d.kind}] ${d.message}`);
    for (const id of d.resourceIds) lines.push(`    ${id}`);
  }
  lines.push(report.ok ? "ok: no drift" : `DRIFT: ${report.drift.length} difference(s)`);
  if (report.bypasses.length > 0)
    lines.push(
      `warning: ${report.bypasses.length} assignment(s) let people bypass the approval gate (literal-matrix chosen)`,
    );
  return lines.join("\n");
}

export async function verifyIsolationCommand(options: VerifyOptions): Promise<void> {
  const directory = await directoryFor(options);
  const report = await verifyIsolation(await connectFrom(options), directory);
  finish(
    options,
    report,
    report.ok,
    renderIsolation,
    () =>
      new VerificationError(
        "ISOLATION_VIOLATED",
        `${report.findings.length} cross-environment dependenc${report.findings.length === 1 ? "y" : "ies"} in prod; see the report above`,
        { report },
      ),
  );
}

export function renderIsolation(report: IsolationReport): string {
  const c = report.checked;
  const lines = [
    `verify isolation: ${c.deployments} deployments, ${c.versions} asset versions, ${c.ledgerRecords} ledger records, ${c.roleAssignments} role assignments on the prod registry checked`,
  ];
  for (const f of report.findings) {
    lines.push(`✗ [${f.kind}] ${f.message}`);
    for (const id of f.resourceIds) lines.push(`    ${id}`);
  }
  lines.push(
    report.ok ? "ok: prod does not depend on dev" : `FOUND: ${report.findings.length} dependency(ies)`,
  );
  return lines.join("\n");
}

/** The three identities of the canary run (see the command's help). */
async function e2eIdentities(options: VerifyOptions): Promise<E2eIdentities> {
  if (!options.azure) {
    const stateDir = twinStateDir(options.stateDir);
    const session = await readTwinSession(stateDir);
    const as = (dev: string, prod: string) =>
      connectToTwin({
        ...session,
        principals: { dev, prod },
        ...(options.infraDir ? { infraDir: options.infraDir } : {}),
      });
    const requester = process.env.AIRLOCK_E2E_REQUESTER ?? "alice";
    const approver = process.env.AIRLOCK_E2E_APPROVER ?? "bob";
    return {
      requester: await as(requester, requester),
      approver: await as(approver, approver),
      promoter: await as(
        process.env.AIRLOCK_E2E_PROMOTER_DEV ?? "sp-aml-promotion-dev",
        process.env.AIRLOCK_E2E_PROMOTER_PROD ?? "sp-aml-promotion-prod",
      ),
    };
  }
  const promoter = await connectFrom(options);
  const missing = ["AIRLOCK_E2E_REQUESTER_CLIENT_ID", "AIRLOCK_E2E_APPROVER_CLIENT_ID"].filter(
    (name) => !process.env[name],
  );
  if (missing.length > 0) {
    throw new InputError(
      "E2E_IDENTITIES_REQUIRED",
      `against Azure the canary needs a requester and a second identity that approves: set ${missing.join(" and ")} (client ids of workload or managed identities; see \`airlock verify e2e --help\`)`,
    );
  }
  const { DefaultAzureCredential } = await import("@azure/identity");
  const platform = await loadPlatform({ infraDir: options.infraDir });
  const as = (clientId: string) => {
    const credential: TokenCredential = new DefaultAzureCredential({
      managedIdentityClientId: clientId,
      workloadIdentityClientId: clientId,
    });
    return new Connection({
      mode: "azure",
      platform,
      subscriptionId: promoter.subscriptionId,
      armEndpoint: promoter.armEndpoint,
      credentials: { dev: credential, prod: credential },
    });
  };
  return {
    requester: as(process.env.AIRLOCK_E2E_REQUESTER_CLIENT_ID!),
    approver: as(process.env.AIRLOCK_E2E_APPROVER_CLIENT_ID!),
    promoter,
  };
}

export async function verifyE2eCommand(options: VerifyOptions): Promise<void> {
  if (options.env !== "prod")
    throw new InputError(
      "ENV_INVALID",
      `--env must be prod (the canary crosses dev → prod), not ${JSON.stringify(options.env)}`,
    );
  const failAfter = process.env.AIRLOCK_E2E_FAIL_AFTER;
  if (failAfter !== undefined && !E2E_STEPS.includes(failAfter as E2eStep)) {
    throw new InputError(
      "E2E_FAIL_AFTER_INVALID",
      `AIRLOCK_E2E_FAIL_AFTER must be one of ${E2E_STEPS.join(", ")}, not ${JSON.stringify(failAfter)}`,
    );
  }
  const result = await verifyE2e(await e2eIdentities(options), {
    ...(failAfter ? { failAfter: failAfter as E2eStep } : {}),
    log: (line) => progress(options, line),
  });
  finish(
    options,
    result,
    result.ok,
    renderE2e,
    () =>
      new VerificationError(
        "E2E_FAILED",
        result.leftBehind.length > 0
          ? `canary ${result.runId} left ${result.leftBehind.length} resource(s) behind: ${result.leftBehind.join("; ")}`
          : `canary ${result.runId} failed: ${result.error?.message ?? "unknown"} (everything it created was deleted)`,
        { result },
      ),
  );
}

export function renderE2e(result: E2eResult): string {
  const lines = [`verify e2e: canary ${result.runId} (model ${result.model}, endpoint ${result.endpoint})`];
  for (const s of result.steps)
    lines.push(`${s.ok ? "✓" : "✗"} ${s.step} (${s.ms} ms)${s.detail ? `  ${s.detail}` : ""}`);
  if (result.error) lines.push(`  error[${result.error.code}]: ${result.error.message}`);
  const deleted = result.cleanup.filter((c) => c.status === "deleted").length;
  lines.push(`cleanup: ${deleted} deleted, ${result.cleanup.length - deleted} already absent or failed`);
  for (const c of result.cleanup.filter((x) => x.status === "failed"))
    lines.push(`  ✗ ${c.resource}: ${c.error}`);
  for (const left of result.leftBehind) lines.push(`  left behind: ${left}`);
  lines.push(`ledger: ${result.ledgerRecords} record(s) appended by the run (the ledger is append-only)`);
  lines.push(result.ok ? "ok: the promotion path works end to end and nothing was left behind" : "FAILED");
  return lines.join("\n");
}
