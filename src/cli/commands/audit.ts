/** @module cli/commands/audit — `airlock audit show|verify`. */
import { InputError, VerificationError } from "../../errors.ts";
import type { LedgerHead } from "../../governance/ledger.ts";
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

export async function auditVerify(options: TargetOptions & { anchor?: string }) {
  let anchor: LedgerHead | undefined;
  if (options.anchor !== undefined) {
    const match = /^(\d+):(sha256:[0-9a-f]{64})$/.exec(options.anchor);
    if (!match)
      throw new InputError("ARG_INVALID", `--anchor must be <seq>:sha256:<64 hex>, not "${options.anchor}"`);
    anchor = { seq: Number(match[1]), hash: match[2]! };
  }
  const ledger = await (await connectFrom(options)).ledger();
  const result = await ledger.verify(anchor ? { anchors: [anchor] } : {});
  printResult(options, result, () =>
    result.ok
      ? `ledger verified: ${result.count} records, head #${result.headSeq} ${result.headHash}`
      : `ledger FAILED verification at record #${result.firstBad?.seq}: ${result.firstBad?.reason} — ${result.firstBad?.detail}`,
  );
  if (!result.ok) {
    throw new VerificationError(
      "LEDGER_TAMPERED",
      `record #${result.firstBad?.seq} is ${result.firstBad?.reason}: ${result.firstBad?.detail}`,
      { firstBad: result.firstBad },
    );
  }
}
