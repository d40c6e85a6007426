/**
 * @module governance/evidence-pack
 * An auditor's evidence pack for one asset version (issue #12): one self-contained HTML file holding the signed
 * decisions, the ledger slice with its proof up to the anchored head, the rollout outcome, rule results and other
 * evidence recorded about the version, lineage and the policy — verifiable offline with only the approvers
 * registry. Format: format.ts and file.ts; docs/evidence-pack.md. Gathering the facts from a platform is
 * src/promotion/evidence-export.ts.
 */
export { registryFileText } from "./approvers-file.ts";
export { parsePack, serializePack, writePackFile } from "./file.ts";
export {
  type DecisionEntry,
  EVIDENCE_PACK_FORMAT,
  type EvidencePack,
  type PackSubject,
  type PackSummary,
  type PolicyFacts,
  type ProdVersionFacts,
  type RolloutEntry,
} from "./format.ts";
export { relevantRecords, summarize } from "./summary.ts";
export { loadPackRegistry, readPackFile } from "./trust.ts";
export {
  type GateEvidence,
  inspectPack,
  type PackProblem,
  type PackVerification,
  verifyPack,
} from "./verify.ts";
