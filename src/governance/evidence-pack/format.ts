/**
 * @module governance/evidence-pack/format
 * The evidence pack's data: what one asset version's pack holds, as a type and as the JSON Schema the verifier
 * checks before it reads anything (a pack is untrusted input: any byte may have changed).
 *
 * The file (file.ts) is one HTML page: a human-readable view of this data, the data itself as canonical JSON in
 * a `<script type="application/json">` element, and a last line sealing every byte before it with sha256. See
 * docs/evidence-pack.md.
 */
import { compileSchema, describeSchemaErrors } from "../../platform/schema.ts";
import type { LedgerHead, LedgerRecord } from "../ledger.ts";
import { ASSET_KINDS, type AssetKind } from "../records.ts";

export const EVIDENCE_PACK_FORMAT = "airlock.evidence-pack/1";

/** The asset version a pack is about, as prod holds it. */
export interface PackSubject {
  kind: AssetKind;
  name: string;
  version: string;
  /** `<kind>:<name>@<version>`: the ledger subject key of the asset. */
  key: string;
  /** Content digest as recorded on the prod version (`airlock.digest`). */
  digest: string;
  /** ARM id of the prod version. */
  prodId: string;
}

/** The prod version as ARM returned it at export: not signed by anyone (see docs/evidence-pack.md). */
export interface ProdVersionFacts {
  id: string;
  properties: Record<string, string>;
  tags: Record<string, string>;
}

/** The policy file in force where the pack was exported. */
export interface PolicyFacts {
  /** Path of the file, relative to the repository when inside it. */
  source: string;
  /** `sha256:<hex>` of `text` as UTF-8. */
  sha256: string;
  text: string;
}

/** A signed decision in the slice, as recorded (its envelope stays in the record). */
export interface DecisionEntry {
  seq: number;
  type: "approval.requested" | "approval.granted" | "approval.rejected" | "breakglass";
  requestId: string;
  purpose: "promotion" | "deployment" | "breakglass";
  /** Whether the record carries a DSSE envelope (CI-filed requests carry a CI token instead). */
  signed: boolean;
}

/** One rollout of the asset version: its deployment record and every traffic change or rollback of it. */
export interface RolloutEntry {
  rolloutId: string;
  /** The `deployment.created` record. */
  seq: number;
  endpoint: string;
  deployment: string;
  provisioningState: string;
  approvalId: string;
  deploymentApprovalId?: string;
  bundleDigest?: string;
  changes: Array<{ seq: number; type: "traffic.changed" | "rollback"; after: Record<string, number> }>;
  /** The endpoint's traffic after the last change recorded for this rollout. */
  finalTraffic?: Record<string, number>;
  rolledBack: boolean;
}

/**
 * What the pack says about its records, derived from them alone (summary.ts): the verifier derives it again and
 * requires the same, so the summary can never say more than the records.
 */
export interface PackSummary {
  /** Seqs of the records about this asset version (the rest of the slice only links them to the head). */
  relevant: number[];
  decisions: DecisionEntry[];
  /** The promotion: its completion record and the approval it names. */
  promotion?: { seq: number; promotionId: string; approvalId: string; targetReference: string };
  rollouts: RolloutEntry[];
  /** Records of other types about this asset version (rule results, scans, model cards …), by type. */
  evidence: Record<string, number[]>;
}

export interface EvidencePack {
  format: typeof EVIDENCE_PACK_FORMAT;
  subject: PackSubject;
  prodVersion: ProdVersionFacts;
  /** The anchor on the prod version (`airlock.ledger_anchor`): the ledger head when the gate opened. */
  anchor: LedgerHead;
  /** Every record from `from` to the head, complete: each links to the one before it. */
  ledger: { from: number; head: LedgerHead; records: LedgerRecord[] };
  summary: PackSummary;
  /** `airlock lineage` of the prod version at export (ARM facts; not signed). */
  lineage: unknown;
  policy: PolicyFacts;
}

const DIGEST = "^sha256:[0-9a-f]{64}$";
const head = {
  type: "object",
  additionalProperties: false,
  required: ["seq", "hash"],
  properties: { seq: { type: "integer", minimum: 0 }, hash: { type: "string", pattern: DIGEST } },
};
const strings = { type: "object", additionalProperties: { type: "string" } };
const seqs = { type: "array", items: { type: "integer", minimum: 1 } };
const split = { type: "object", additionalProperties: { type: "number" } };

const schema = {
  type: "object",
  additionalProperties: false,
  required: ["format", "subject", "prodVersion", "anchor", "ledger", "summary", "lineage", "policy"],
  properties: {
    format: { const: EVIDENCE_PACK_FORMAT },
    subject: {
      type: "object",
      additionalProperties: false,
      required: ["kind", "name", "version", "key", "digest", "prodId"],
      properties: {
        kind: { enum: [...ASSET_KINDS] },
        name: { type: "string", minLength: 1 },
        version: { type: "string", minLength: 1 },
        key: { type: "string" },
        digest: { type: "string", pattern: DIGEST },
        prodId: { type: "string" },
      },
    },
    prodVersion: {
      type: "object",
      additionalProperties: false,
      required: ["id", "properties", "tags"],
      properties: { id: { type: "string" }, properties: strings, tags: strings },
    },
    anchor: head,
    ledger: {
      type: "object",
      additionalProperties: false,
      required: ["from", "head", "records"],
      properties: {
        from: { type: "integer", minimum: 1 },
        head,
        records: {
          type: "array",
          minItems: 1,
          items: {
            type: "object",
            additionalProperties: false,
            required: ["seq", "id", "at", "type", "actor", "subject", "data", "prevHash", "hash"],
            properties: {
              seq: { type: "integer", minimum: 1 },
              id: { type: "string" },
              at: { type: "string" },
              type: { type: "string" },
              actor: {
                type: "object",
                required: ["objectId", "name", "kind"],
                properties: {
                  objectId: { type: "string" },
                  name: { type: "string" },
                  kind: { type: "string" },
                },
              },
              subject: strings,
              data: { type: "object" },
              prevHash: { type: "string" },
              hash: { type: "string" },
            },
          },
        },
      },
    },
    summary: {
      type: "object",
      additionalProperties: false,
      required: ["relevant", "decisions", "rollouts", "evidence"],
      properties: {
        relevant: seqs,
        decisions: { type: "array" },
        promotion: { type: "object" },
        rollouts: {
          type: "array",
          items: {
            type: "object",
            required: ["changes"],
            properties: {
              changes: { type: "array", items: { type: "object", properties: { after: split } } },
            },
          },
        },
        evidence: { type: "object", additionalProperties: seqs },
      },
    },
    lineage: {},
    policy: {
      type: "object",
      additionalProperties: false,
      required: ["source", "sha256", "text"],
      properties: {
        source: { type: "string" },
        sha256: { type: "string", pattern: DIGEST },
        text: { type: "string" },
      },
    },
  },
};
const validate = compileSchema<EvidencePack>(schema);

/** Problems with a parsed pack's shape (empty when it is an EvidencePack). */
export function packShapeProblems(value: unknown): string[] {
  return validate(value) ? [] : describeSchemaErrors(validate.errors);
}
