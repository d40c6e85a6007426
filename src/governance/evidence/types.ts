/**
 * @module governance/evidence/types
 * The evidence rules' results as recorded in the ledger (`evidence.evaluated`) and read by the evidence pack:
 * one shape, defined once. Types only.
 */

/** When rules run: when a request is filed, again at promote, and again at deploy before traffic shifts. */
export type EvidenceStage = "request" | "promote" | "deploy";

export const EVIDENCE_RULES = [
  "metrics",
  "model-card",
  "model-scan",
  "license",
  "environment-pinned",
  "champion-challenger",
] as const;
export type EvidenceRule = (typeof EVIDENCE_RULES)[number];

/** `enforce` closes the gate on a failing rule; `audit` records the result and lets the step go on. */
export type EvidenceEnforcement = "enforce" | "audit";

export interface RuleResult {
  rule: EvidenceRule;
  passed: boolean;
  /** A stable code when it failed (e.g. EVIDENCE_UNSAFE_PICKLE). */
  code?: string;
  /** True when the evidence itself is unreadable (exit 3) rather than failing the rule (exit 7). */
  malformed?: boolean;
  message: string;
  /** What the rule looked at, so a reader sees why it passed or failed. */
  inputs: Record<string, unknown>;
}

/** The payload of an `evidence.evaluated` ledger record. */
export interface EvidenceEvaluatedData {
  stage: EvidenceStage;
  /** "model:taxi-fare@3" etc. */
  asset: string;
  /** The content digest the evidence was read from and is bound to. */
  digest: string;
  /** Where the bytes were read (no query string). */
  source: string;
  policySource: string;
  /** sha256 of the canonical JSON of the evidence policy in force. */
  policyDigest: string;
  enforcement: EvidenceEnforcement;
  passed: boolean;
  results: RuleResult[];
  /** Audit mode only: the evidence could not be read at all (enforce mode refuses instead). */
  problem?: { code: string; message: string };
  endpoint?: string;
  runUrl?: string;
}
