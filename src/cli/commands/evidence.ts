/** @module cli/commands/evidence — `airlock evidence export|verify`. */
import path from "node:path";
import {
  loadPackRegistry,
  readPackFile,
  verifyPack,
  writePackFile,
} from "../../governance/evidence-pack/index.ts";
import { loadPolicy } from "../../governance/policy.ts";
import { parseAssetSpec } from "../../promotion/asset-spec.ts";
import { exportEvidence } from "../../promotion/evidence-export.ts";
import { printResult } from "../output.ts";
import { connectFrom, type TargetOptions } from "./target.ts";

export async function evidenceExport(kind: string, asset: string, options: TargetOptions & { out: string }) {
  const spec = parseAssetSpec(kind, asset);
  const exported = await exportEvidence(await connectFrom(options), spec);
  await writePackFile(options.out, exported.bytes);
  const { pack } = exported;
  const result = {
    file: path.resolve(options.out),
    seal: exported.seal,
    bytes: exported.bytes.length,
    subject: pack.subject,
    anchor: pack.anchor,
    head: pack.ledger.head,
    records: pack.ledger.records.length,
    relevant: pack.summary.relevant.length,
  };
  printResult(options, result, () =>
    [
      `evidence pack for ${pack.subject.key} written to ${options.out} (${exported.bytes.length} bytes)`,
      `  seal ${exported.seal}`,
      `  ledger #${pack.ledger.from}…#${pack.ledger.head.seq} (${pack.summary.relevant.length} about this version), anchor #${pack.anchor.seq} ${pack.anchor.hash}`,
      `  verify offline: airlock evidence verify ${options.out}`,
    ].join("\n"),
  );
}

export async function evidenceVerify(
  file: string,
  options: { approvers?: string; policy?: string; json?: boolean },
) {
  const bytes = await readPackFile(file);
  const registry = await loadPackRegistry(options.approvers);
  // Who may approve is judged under a policy the auditor trusts (this checkout's, or --policy), never the one
  // the pack carries: a forged pack could carry a policy that names its own approver.
  const policy = await loadPolicy(options.policy);
  const result = await verifyPack(bytes, registry, { policy });
  printResult(options, result, () =>
    [
      `evidence pack OK: ${result.subject.kind} ${result.subject.name}@${result.subject.version} ${result.subject.digest}`,
      `  seal ${result.seal}`,
      `  chain: ${result.records} records to head #${result.head.seq} ${result.head.hash}; anchor #${result.anchor.seq} holds`,
      ...result.gates.map(
        (gate) =>
          `  ${gate.purpose} ${gate.kind} ${gate.approvalId}: ${gate.requestedBy ? `requested by ${gate.requestedBy}, ` : ""}approved by ${gate.approvedBy.join(", ")} (signatures verified against ${result.registry}, approvers per ${result.policy})`,
      ),
      ...Object.entries(result.evidence).map(([type, count]) => `  evidence: ${count} ${type} record(s)`),
      ...(result.policyRecorded.length > 0
        ? [
            `  policy: the carried policy's evidence rules are the ones records ${result.policyRecorded.map((seq) => `#${seq}`).join(", ")} were evaluated under`,
          ]
        : []),
      ...result.warnings.map((warning) => `  warning: ${warning}`),
      `  compare the anchor with the prod version's airlock.ledger_anchor to tie the chain to the ledger itself`,
    ].join("\n"),
  );
}
