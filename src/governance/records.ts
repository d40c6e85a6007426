/**
 * @module governance/records
 * The audit ledger's record types and their payloads: one map from record type to payload (`LedgerPayloads`),
 * used by the typed `Ledger.append` and by the type guard `isRecordOf` that readers use instead of casts.
 * Types only, so every layer that reads or writes the ledger can share them without import cycles.
 */
import type { EvidenceEvaluatedData } from "./evidence/types.ts";
import type { DsseEnvelope } from "./signing/envelope.ts";

export const LEDGER_RECORD_TYPES = [
  "approval.requested",
  "approval.granted",
  "approval.rejected",
  "promotion.step",
  "promotion.completed",
  "deployment.created",
  "traffic.changed",
  "rollback",
  "endpoint.created",
  "breakglass",
  "evidence.evaluated",
] as const;
export type LedgerRecordType = (typeof LEDGER_RECORD_TYPES)[number];

/** Who did it, as the credential says (identity.ts); never taken from a flag. */
export interface Actor {
  objectId: string;
  name: string;
  kind: "user" | "servicePrincipal";
}

/**
 * What a record is about, as ids. Conventional keys: `asset` (e.g. "model:taxi-fare@3" or an ARM/azureml id),
 * `endpoint`, `deployment`, `requestId`, `promotionId`, `target`.
 */
export type LedgerSubject = Readonly<Record<string, string>>;

export const ASSET_KINDS = ["model", "data", "environment", "component"] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];

export interface AssetRef {
  kind: AssetKind;
  name: string;
  version: string;
  /** The dev registry / workspace asset id it is promoted from. */
  source: string;
  /** Data assets: validation | reference (training data never leaves dev). */
  dataClass?: string;
}

/** Who acted, as recorded: the actor plus the facts the policy matches on (never a token). */
export interface ApproverFacts extends Actor {
  tenantId?: string;
  upn?: string;
  appId?: string;
  /** The caller's groups that the policy names (evidence for a group-based approval). */
  groups: string[];
  /** `uti`/`jti` of the token used: correlates with sign-in logs. */
  tokenId?: string;
}

/**
 * The person behind a CI-filed request: the actor who dispatched the workflow, from the claims of a verified
 * OIDC token of the CI's issuer (never from a workflow input).
 */
export interface CiRequester {
  issuer: string;
  /** The CI login of the person, e.g. the GitHub `actor` claim. */
  actor: string;
  actorId?: string;
  repository?: string;
  runId?: string;
  workflowRef?: string;
  /** The verified token itself (audience `airlock`, expired long before anyone reads it): re-verifiable evidence. */
  token: string;
}

/** What a deployment approval binds (deploy refuses any other bundle). */
export interface DeploymentBundle {
  endpoint: string;
  /** The prod model reference the deployment serves (azureml://registries/…/models/<name>/versions/<v>). */
  model: string;
  /** Digest of the scoring code folder (the same digest as a code asset's). */
  codeDigest: string;
  scoringScript: string;
  /** The environment reference the deployment runs in. */
  environment: string;
  instanceType: string;
  instanceCount: number;
  environmentVariables: Record<string, string>;
}

export interface ApprovalRequest {
  requestId: string;
  asset: AssetRef;
  /** e.g. "prod registry amlregprodcc01". */
  target: string;
  /** Content digest of the asset ("sha256:…"). */
  digest: string;
  /** Digest of the whole bundle approved (bytes, environment definitions, component specs; for a deployment its bundle). */
  manifestDigest: string;
  /** The credential that wrote the request (a person, or the CI identity). */
  requester: ApproverFacts;
  requestedAt: string;
  /** The deadline the requester asked for; the gate applies the earlier of it and requestedAt + the policy TTL in force. */
  expiresAt: string;
  justification: string;
  /** Deployment requests: what is approved to serve traffic. */
  deployment?: DeploymentBundle;
}

export interface ApprovalRequestedData extends ApprovalRequest, Annotations {
  /** The requester's signed `request` decision (CLI). */
  envelope?: DsseEnvelope;
  /** The person behind a CI-filed request. */
  ci?: CiRequester;
}

export interface ApprovalGrantedData extends Annotations {
  requestId: string;
  digest: string;
  manifestDigest: string;
  comment: string;
  approver: ApproverFacts;
  envelope?: DsseEnvelope;
}

export interface ApprovalRejectedData extends Annotations {
  requestId: string;
  reason: string;
  by: ApproverFacts;
  withdrawn: boolean;
  envelope?: DsseEnvelope;
}

export interface BreakglassData extends Annotations {
  breakglassId: string;
  asset: AssetRef;
  target: string;
  digest: string;
  manifestDigest: string;
  by: ApproverFacts;
  at: string;
  expiresAt: string;
  reason: string;
  envelope?: DsseEnvelope;
}

/** Facts every record may carry: the CI run that wrote it. */
export interface Annotations {
  runUrl?: string;
}

export type StepOutputs = Record<string, string | number | boolean>;

export interface PromotionStepData extends Annotations {
  stepId: string;
  status: "done" | "skipped";
  detail?: string;
  outputs?: StepOutputs;
  title: string;
}

export interface PromotionCompletedData extends Annotations {
  digest: string;
  targetReference: string;
  approvalId: string;
  strategy?: string;
  crossEnvironmentDependency?: string;
}

export interface EndpointCreatedData extends Annotations {
  authMode: string;
  scoringUri: string;
}

export interface DeploymentCreatedData extends Annotations {
  model: string;
  digest: string;
  approvalId: string;
  promotionId?: string;
  codeId: string;
  codeDigest: string;
  scoringScript: string;
  environment: string;
  crossEnvironmentDependency: string;
  instanceType: string;
  instanceCount: number;
  rolloutId: string;
  provisioningState: "Succeeded" | "Failed";
  error?: string;
  /** The deployment approval that opened the gate for this bundle. */
  deploymentApprovalId?: string;
  bundleDigest?: string;
}

export type TrafficSplit = Record<string, number>;

export interface TrafficChangedData extends Annotations {
  before: TrafficSplit;
  after: TrafficSplit;
  rolloutId: string;
  rolloutBefore?: TrafficSplit;
  step?: number;
  steps?: number;
  reason: string;
  smokeData?: string;
  labelColumn?: string;
}

export interface RollbackData extends Annotations {
  reason: string;
  stage: string;
  automatic: boolean;
  rolloutId: string;
  before: TrafficSplit;
  after: TrafficSplit;
  trafficChanged: boolean;
  healthy?: boolean;
  healthProblem?: string;
}

/** The payload of each record type. */
export interface LedgerPayloads {
  "approval.requested": ApprovalRequestedData;
  "approval.granted": ApprovalGrantedData;
  "approval.rejected": ApprovalRejectedData;
  "promotion.step": PromotionStepData;
  "promotion.completed": PromotionCompletedData;
  "deployment.created": DeploymentCreatedData;
  "traffic.changed": TrafficChangedData;
  rollback: RollbackData;
  "endpoint.created": EndpointCreatedData;
  breakglass: BreakglassData;
  "evidence.evaluated": EvidenceEvaluatedData;
}

export interface LedgerRecord<T extends LedgerRecordType = LedgerRecordType> {
  seq: number;
  id: string;
  at: string;
  type: T;
  actor: Actor;
  subject: LedgerSubject;
  data: LedgerPayloads[T];
  prevHash: string;
  hash: string;
}

/**
 * Narrows a record to one type. The payload was written by Airlock's typed append, but anyone who can append to
 * the ledger can append any bytes: readers that act on a payload field still check it (the gate verifies
 * signatures; see approvals.ts).
 */
export function isRecordOf<T extends LedgerRecordType>(
  record: LedgerRecord,
  type: T,
): record is LedgerRecord<T> {
  return record.type === type && typeof record.data === "object" && record.data !== null;
}

/** The records of one type, typed. */
export function recordsOf<T extends LedgerRecordType>(
  records: readonly LedgerRecord[],
  type: T,
): LedgerRecord<T>[] {
  return records.filter((record): record is LedgerRecord<T> => isRecordOf(record, type));
}

/** Ledger subject key of an asset version, e.g. "model:taxi-fare@3". */
export function assetKey(asset: Pick<AssetRef, "kind" | "name" | "version">): string {
  return `${asset.kind}:${asset.name}@${asset.version}`;
}
