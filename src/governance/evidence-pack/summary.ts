/**
 * @module governance/evidence-pack/summary
 * Which ledger records are about one asset version, and what they say, derived from the records alone. The
 * exporter writes the result into the pack and the verifier derives it again from the pack's records and
 * requires the same: the summary (and the view rendered from it) can never claim more than the records hold.
 *
 * About the asset version: records whose subject names it (`<kind>:<name>@<version>`: its requests and
 * decisions, promotion steps, deployments and their traffic changes, and records of other types such as rule
 * results), records whose subject names one of its requests, and traffic changes and rollbacks of one of its
 * rollouts (a manual rollback's subject names only the endpoint).
 */
import { isRecordOf, type LedgerRecord } from "../records.ts";
import type { DecisionEntry, PackSubject, PackSummary, RolloutEntry } from "./format.ts";

/** Record types the summary reads; any other type about the asset version is listed under `evidence`. */
const CORE_TYPES = new Set([
  "approval.requested",
  "approval.granted",
  "approval.rejected",
  "breakglass",
  "promotion.step",
  "promotion.completed",
  "deployment.created",
  "traffic.changed",
  "rollback",
  "endpoint.created",
]);

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function dataOf(record: LedgerRecord): Record<string, unknown> {
  return record.data as unknown as Record<string, unknown>;
}

/** The records about `subject`, in seq order. */
export function relevantRecords(records: readonly LedgerRecord[], subject: PackSubject): LedgerRecord[] {
  const requestIds = new Set<string>();
  const rolloutIds = new Set<string>();
  for (const record of records) {
    if (record.subject.asset !== subject.key) continue;
    const data = dataOf(record);
    const requestId = record.subject.requestId ?? text(data.requestId) ?? text(data.breakglassId);
    if (requestId && record.type === "approval.requested") requestIds.add(requestId);
    const rolloutId = text(data.rolloutId);
    if (rolloutId && record.type === "deployment.created") rolloutIds.add(rolloutId);
  }
  return records.filter((record) => {
    if (record.subject.asset === subject.key) return true;
    if (record.subject.requestId !== undefined && requestIds.has(record.subject.requestId)) return true;
    const rolloutId = text(dataOf(record).rolloutId);
    return (
      (record.type === "traffic.changed" || record.type === "rollback") &&
      rolloutId !== undefined &&
      rolloutIds.has(rolloutId)
    );
  });
}

function split(value: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (value && typeof value === "object" && !Array.isArray(value))
    for (const [key, percent] of Object.entries(value)) if (typeof percent === "number") out[key] = percent;
  return out;
}

/** The summary of `records` (a contiguous slice of the ledger) for `subject`. */
export function summarize(records: readonly LedgerRecord[], subject: PackSubject): PackSummary {
  const relevant = relevantRecords(records, subject);
  const decisions: DecisionEntry[] = [];
  const rollouts: RolloutEntry[] = [];
  const evidence: Record<string, number[]> = {};
  let promotion: PackSummary["promotion"];
  const deploymentRequests = new Set<string>();
  for (const record of relevant) {
    const data = dataOf(record);
    const signed = data.envelope !== undefined;
    if (isRecordOf(record, "approval.requested")) {
      const requestId = text(data.requestId) ?? "";
      const deployment = data.deployment !== undefined;
      if (deployment) deploymentRequests.add(requestId);
      decisions.push({
        seq: record.seq,
        type: record.type,
        requestId,
        purpose: deployment ? "deployment" : "promotion",
        signed,
      });
    } else if (isRecordOf(record, "approval.granted") || isRecordOf(record, "approval.rejected")) {
      const requestId = text(data.requestId) ?? "";
      decisions.push({
        seq: record.seq,
        type: record.type,
        requestId,
        purpose: deploymentRequests.has(requestId) ? "deployment" : "promotion",
        signed,
      });
    } else if (isRecordOf(record, "breakglass")) {
      decisions.push({
        seq: record.seq,
        type: record.type,
        requestId: text(data.breakglassId) ?? "",
        purpose: "breakglass",
        signed,
      });
    } else if (isRecordOf(record, "promotion.completed")) {
      promotion = {
        seq: record.seq,
        promotionId: record.subject.promotionId ?? "",
        approvalId: text(data.approvalId) ?? "",
        targetReference: text(data.targetReference) ?? "",
      };
    } else if (isRecordOf(record, "deployment.created")) {
      rollouts.push({
        rolloutId: text(data.rolloutId) ?? "",
        seq: record.seq,
        endpoint: record.subject.endpoint ?? "",
        deployment: record.subject.deployment ?? "",
        provisioningState: text(data.provisioningState) ?? "",
        approvalId: text(data.approvalId) ?? "",
        ...(text(data.deploymentApprovalId) ? { deploymentApprovalId: text(data.deploymentApprovalId) } : {}),
        ...(text(data.bundleDigest) ? { bundleDigest: text(data.bundleDigest) } : {}),
        changes: [],
        rolledBack: false,
      });
    } else if (record.type === "traffic.changed" || record.type === "rollback") {
      const rollout = rollouts.find((r) => r.rolloutId === text(data.rolloutId));
      if (!rollout) continue;
      const after = split(data.after);
      rollout.changes.push({ seq: record.seq, type: record.type, after });
      rollout.finalTraffic = after;
      if (record.type === "rollback") rollout.rolledBack = true;
    } else if (!CORE_TYPES.has(record.type)) {
      evidence[record.type] = [...(evidence[record.type] ?? []), record.seq];
    }
  }
  return {
    relevant: relevant.map((record) => record.seq),
    decisions,
    ...(promotion ? { promotion } : {}),
    rollouts,
    evidence,
  };
}
