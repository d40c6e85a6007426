/** @module cli/commands/audit — `airlock audit show|verify`. */
import { InputError, VerificationError } from "../../errors.ts";
import type { LedgerHead } from "../../governance/ledger.ts";
import { auditLedger } from "../../verify/ledger-audit.ts";
import { printResult } from "../output.ts";
import { connectFrom, type TargetOptions } from "./target.ts";

function positiveInteger(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text))
    throw new InputError("ARG_INVALID", `${flag} must be a whole number, not "${text}"`);
  return Number(text);
}

export async function auditShow(options: TargetOptions & { from?: string; type?: string; limit?: string }) {
  const from = positiveInteger(options.from, "--from");
  const limit = positiveInteger(options.limit, "--limit");
  const ledger = await (await connectFrom(options)).ledger();
  let records = await ledger.read(from !== undefined ? { from } : {});
  if (options.type) records = records.filter((r) => r.type === options.type);
  if (limit !== undefined) records = records.slice(-limit);
  printResult(options, records, () =>
    records.length === 0
      ? "the ledger has no matching records"
      : records
          .map((r) => {
            const subject = Object.entries(r.subject)
              .map(([k, v]) => `${k}=${v}`)
              .join(" ");
            return `#${String(r.seq).padStart(4)} ${r.at}  ${r.type.padEnd(20)} ${r.actor.name.padEnd(26)} ${subject}`;
          })
          .join("\n"),
  );
}

export async function auditVerify(options: TargetOptions & { anchor?: string; reconcile?: boolean }) {
  let anchor: LedgerHead | undefined;
  if (options.anchor !== undefined) {
    const match = /^(\d+):(sha256:[0-9a-f]{64})$/.exec(options.anchor);
    if (!match)
      throw new InputError("ARG_INVALID", `--anchor must be <seq>:sha256:<64 hex>, not "${options.anchor}"`);
    anchor = { seq: Number(match[1]), hash: match[2]! };
  }
  const audit = await auditLedger(await connectFrom(options), {
    ...(anchor ? { anchors: [anchor] } : {}),
    reconcile: options.reconcile !== false,
  });
  const result = audit.verification;
  const { checked, problems } = audit.reconciliation;
  printResult(
    options,
    { ...result, ok: audit.ok, anchors: audit.anchors, reconciliation: audit.reconciliation },
    () =>
      [
        result.ok
          ? `ledger verified: ${result.count} records, head #${result.headSeq} ${result.headHash}; ${audit.anchors.length} anchor(s) hold`
          : `ledger FAILED verification at record #${result.firstBad?.seq}: ${result.firstBad?.reason} — ${result.firstBad?.detail}`,
        options.reconcile === false
          ? "reconciliation with prod skipped (--no-reconcile)"
          : problems.length === 0
            ? `reconciled with prod: ${checked.versions} registry version(s), ${checked.deployments} deployment(s), ${checked.promotions} promotion(s) — all recorded and present`
            : `reconciliation with prod FAILED (${problems.length}):\n${problems.map((p) => `  - ${p.detail}`).join("\n")}`,
      ].join("\n"),
  );
  if (!result.ok) {
    throw new VerificationError(
      "LEDGER_TAMPERED",
      `record #${result.firstBad?.seq} is ${result.firstBad?.reason}: ${result.firstBad?.detail}`,
      { firstBad: result.firstBad },
    );
  }
  if (problems.length > 0) {
    throw new VerificationError(
      "LEDGER_RECONCILIATION",
      `the ledger does not account for prod: ${problems.map((p) => p.detail).join("; ")}`,
      { problems },
    );
  }
}
