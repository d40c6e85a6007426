/**
 * @module governance/approvals
 * Approval gates bound to content. A request names the exact asset version, the promotion target and the
 * digests of what will be promoted (the asset's content digest and the digest of the whole promotion bundle);
 * approvals and rejections are ledger records, and the state of every request is a pure fold over the ledger
 * (`foldApprovals`) — there is no second source of truth.
 *
 * Rules (each refusal is a GateError, exit code 7, with a stable code):
 * - GATE_NO_APPROVAL: no request for this asset version and target, or it is still pending.
 * - GATE_SELF_APPROVAL: the requester approved their own request (refused by `approve`; a forged record is
 *   ignored by the gate and named).
 * - GATE_DIGEST_MISMATCH: the content changed after approval (both digests in the message and details).
 * - GATE_EXPIRED: past the request's `expiresAt` (requestedAt + policy TTL; approvals share that deadline).
 * - GATE_SCOPE_MISMATCH: an approval for another version / kind / target / source, or another request id.
 * - GATE_REJECTED: the request was rejected (a later rejection also revokes an approval).
 * - GATE_APPROVER_NOT_ALLOWED: the approver is not (or no longer) an approver under the current policy.
 * - GATE_SUPERSEDED: approving a request that a newer request for the same asset and target replaced.
 * - GATE_BREAKGLASS_DISABLED: breakglass asked for but the policy does not allow it (or not for this caller).
 * A new request supersedes older requests for the same asset version and target that are not approved yet;
 * approving twice is idempotent (one record); a rejection wins over approvals recorded before it.
 * The gate reads the ledger through `Ledger.scan` and refuses to decide on a ledger that fails verification.
 */
import { randomUUID } from "node:crypto";
import { GateError, InputError, NotFoundError, VerificationError } from "../errors.ts";
import { actorOf, type Identity } from "./identity.ts";
import type { Actor, Ledger, LedgerRecord } from "./ledger.ts";
import {
  assertDataClassPromotable,
  type GovernancePolicy,
  matchPrincipal,
  type PrincipalFacts,
  relevantGroups,
} from "./policy.ts";

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

export interface ApprovalRequest {
  requestId: string;
  asset: AssetRef;
  /** e.g. "prod registry amlregprodcc01". */
  target: string;
  /** Content digest of the asset ("sha256:…"). */
  digest: string;
  /** Digest of the whole promotion bundle (bytes, environment definitions, component specs). */
  manifestDigest: string;
  requester: ApproverFacts;
  requestedAt: string;
  expiresAt: string;
  justification: string;
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

export interface ApprovalDecision {
  requestId: string;
  approver: ApproverFacts;
  at: string;
  comment: string;
  digest: string;
  manifestDigest: string;
  seq: number;
  recordId: string;
}

export interface Rejection {
  by: ApproverFacts;
  at: string;
  reason: string;
  seq: number;
}

export type RequestState = "pending" | "approved" | "rejected" | "expired" | "superseded";

export interface RequestStatus {
  request: ApprovalRequest;
  state: RequestState;
  /** Every approval recorded for the request (before any supersession), valid or not. */
  approvals: ApprovalDecision[];
  /** The approvals that count under the current policy. */
  validApprovals: ApprovalDecision[];
  rejection?: Rejection;
  supersededBy?: string;
  /** Ledger seq of the request record. */
  seq: number;
}

export interface BreakglassGrant {
  breakglassId: string;
  asset: AssetRef;
  target: string;
  digest: string;
  manifestDigest: string;
  by: ApproverFacts;
  at: string;
  expiresAt: string;
  reason: string;
  seq: number;
}

/** What the gate returns when it opens. */
export interface GateApproval {
  kind: "approval" | "breakglass";
  requestId: string;
  asset: AssetRef;
  target: string;
  digest: string;
  manifestDigest: string;
  expiresAt: string;
  approvedBy: ApproverFacts[];
  approvals: ApprovalDecision[];
}

export interface GateQuery {
  asset: Omit<AssetRef, "source" | "dataClass"> & { source?: string };
  digest: string;
  /** When given, must match the request's bundle digest too. */
  manifestDigest?: string;
  target: string;
  /** When given, only this request may open the gate (a replayed id for another scope is refused). */
  requestId?: string;
  now?: Date;
}

export interface StatusFilter {
  requestId?: string;
  asset?: Partial<Pick<AssetRef, "kind" | "name" | "version">>;
  target?: string;
  state?: RequestState | readonly RequestState[];
}

export interface ApprovalState {
  requests: Map<string, RequestStatus>;
  breakglass: BreakglassGrant[];
}

const DIGEST = /^sha256:[0-9a-f]{64}$/;
const ASSET_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/;
const ASSET_VERSION = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** Ledger subject key of an asset version, e.g. "model:taxi-fare@3". */
export function assetKey(asset: Pick<AssetRef, "kind" | "name" | "version">): string {
  return `${asset.kind}:${asset.name}@${asset.version}`;
}

export interface ApprovalsOptions {
  ledger: Ledger;
  policy: GovernancePolicy;
  /** Clock (tests inject one). */
  now?: () => Date;
}

export class Approvals {
  readonly ledger: Ledger;
  readonly policy: GovernancePolicy;
  readonly #now: () => Date;

  constructor(options: ApprovalsOptions) {
    this.ledger = options.ledger;
    this.policy = options.policy;
    this.#now = options.now ?? (() => new Date());
  }

  /** Files a request; older unapproved requests for the same asset version and target are superseded. */
  async requestApproval(input: {
    asset: AssetRef;
    target: string;
    digest: string;
    manifestDigest: string;
    justification: string;
    requester: Identity;
  }): Promise<ApprovalRequest> {
    validateRequestInput(input);
    if (input.asset.kind === "data") assertDataClassPromotable(this.policy, input.asset.dataClass);
    const now = this.#now();
    const request: ApprovalRequest = {
      requestId: randomUUID(),
      asset: { ...input.asset },
      target: input.target,
      digest: input.digest,
      manifestDigest: input.manifestDigest,
      requester: factsOf(this.policy, input.requester),
      requestedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.policy.approvalTtlMs).toISOString(),
      justification: input.justification.trim(),
    };
    await this.ledger.append(
      "approval.requested",
      subjectOf(request),
      request as unknown as Record<string, unknown>,
      actorOf(input.requester),
    );
    return request;
  }

  /** Records an approval by `approver` (from the credential). Idempotent per approver. */
  async approve(
    requestId: string,
    approver: Identity,
    comment = "",
  ): Promise<{ status: RequestStatus; recorded: boolean }> {
    const { records, status } = await this.#statusOf(requestId);
    const now = this.#now();
    refuseClosed(status, now);
    const request = status.request;
    if (approver.objectId.toLowerCase() === request.requester.objectId.toLowerCase()) {
      throw new GateError(
        "GATE_SELF_APPROVAL",
        `${approver.name} requested ${requestId} and cannot also approve it (separation of duties): another approver must`,
        { requestId, requester: request.requester.name },
      );
    }
    const facts = factsOf(this.policy, approver);
    if (!matchPrincipal(this.policy.approvers, facts)) {
      throw notAllowed(this.policy, facts, requestId);
    }
    if (status.approvals.some((a) => sameObject(a.approver, facts))) return { status, recorded: false };
    const record = await this.ledger.append(
      "approval.granted",
      subjectOf(request),
      {
        requestId,
        digest: request.digest,
        manifestDigest: request.manifestDigest,
        comment,
        approver: facts,
      },
      actorOf(approver),
    );
    const folded = foldApprovals([...records, record], this.policy, now);
    return { status: folded.requests.get(requestId)!, recorded: true };
  }

  /** Rejects (or, by the requester, withdraws) a request. Idempotent. */
  async reject(
    requestId: string,
    rejecter: Identity,
    reason: string,
  ): Promise<{ status: RequestStatus; recorded: boolean }> {
    if (typeof reason !== "string" || reason.trim() === "") {
      throw new InputError("APPROVAL_REASON_REQUIRED", "a rejection needs a reason");
    }
    const { records, status } = await this.#statusOf(requestId);
    if (status.state === "rejected") return { status, recorded: false };
    if (status.state === "superseded") throw superseded(status);
    const facts = factsOf(this.policy, rejecter);
    const isRequester = sameObject(facts, status.request.requester);
    if (!isRequester && !matchPrincipal(this.policy.approvers, facts))
      throw notAllowed(this.policy, facts, requestId);
    const record = await this.ledger.append(
      "approval.rejected",
      subjectOf(status.request),
      { requestId, reason: reason.trim(), by: facts, withdrawn: isRequester },
      actorOf(rejecter),
    );
    const folded = foldApprovals([...records, record], this.policy, this.#now());
    return { status: folded.requests.get(requestId)!, recorded: true };
  }

  /** Requests matching `filter`, newest first. */
  async status(filter: StatusFilter = {}): Promise<RequestStatus[]> {
    const records = await this.#verifiedRecords();
    return filterStatuses(foldApprovals(records, this.policy, this.#now()), filter);
  }

  /** The promotion gate: returns the approval that covers exactly this content and scope, or throws GateError. */
  async assertApproved(query: GateQuery): Promise<GateApproval> {
    const records = await this.#verifiedRecords();
    const now = query.now ?? this.#now();
    return evaluateGate(foldApprovals(records, this.policy, now), this.policy, { ...query, now });
  }

  /**
   * Emergency crossing without approval, if the policy allows it for this caller: recorded as a `breakglass`
   * ledger record scoped to this asset version, target and digest, valid for the policy's breakglass TTL.
   */
  async breakglass(input: {
    asset: AssetRef;
    target: string;
    digest: string;
    manifestDigest: string;
    reason: string;
    actor: Identity;
  }): Promise<BreakglassGrant> {
    validateRequestInput({ ...input, justification: input.reason });
    const facts = factsOf(this.policy, input.actor);
    if (!this.policy.breakglass.allowed || !matchPrincipal(this.policy.breakglass.principals, facts)) {
      throw new GateError(
        "GATE_BREAKGLASS_DISABLED",
        this.policy.breakglass.allowed
          ? `${facts.name} is not a breakglass principal in ${this.policy.source}`
          : `breakglass is disabled by the policy (${this.policy.source}: breakglass.allowed is false)`,
      );
    }
    await this.#verifiedRecords();
    const now = this.#now();
    const grant = {
      breakglassId: randomUUID(),
      asset: { ...input.asset },
      target: input.target,
      digest: input.digest,
      manifestDigest: input.manifestDigest,
      by: facts,
      at: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.policy.breakglass.ttlMs).toISOString(),
      reason: input.reason.trim(),
    };
    const record = await this.ledger.append(
      "breakglass",
      { asset: assetKey(input.asset), target: input.target, breakglassId: grant.breakglassId },
      grant,
      actorOf(input.actor),
    );
    return { ...grant, seq: record.seq };
  }

  async #verifiedRecords(): Promise<LedgerRecord[]> {
    const { records, verification } = await this.ledger.scanVerified();
    if (!verification.ok) {
      const bad = verification.firstBad!;
      throw new VerificationError(
        "LEDGER_TAMPERED",
        `the audit ledger fails verification at record ${bad.seq} (${bad.reason}: ${bad.detail}); approvals cannot be trusted until it is repaired`,
        { firstBad: bad },
      );
    }
    return records;
  }

  async #statusOf(requestId: string): Promise<{ records: LedgerRecord[]; status: RequestStatus }> {
    const records = await this.#verifiedRecords();
    const status = foldApprovals(records, this.policy, this.#now()).requests.get(requestId);
    if (!status) {
      throw new NotFoundError(
        "APPROVAL_REQUEST_NOT_FOUND",
        `no approval request ${requestId} in the ledger`,
        {
          requestId,
        },
      );
    }
    return { records, status };
  }
}

/**
 * The state of every request, folded over ledger records in seq order, judged under `policy` at `now`.
 * Pure: the same records, policy and time always give the same state.
 */
export function foldApprovals(
  records: readonly LedgerRecord[],
  policy: GovernancePolicy,
  now: Date,
): ApprovalState {
  const requests = new Map<string, RequestStatus>();
  const breakglass: BreakglassGrant[] = [];
  const ordered = [...records].sort((a, b) => a.seq - b.seq);
  for (const record of ordered) {
    const data = record.data as Record<string, unknown>;
    switch (record.type) {
      case "approval.requested": {
        const request = data as unknown as ApprovalRequest;
        if (typeof request.requestId !== "string" || requests.has(request.requestId)) break;
        for (const older of requests.values()) {
          if (
            older.state === "pending" &&
            assetKey(older.request.asset) === assetKey(request.asset) &&
            older.request.target === request.target &&
            countValid(older, policy).length < policy.minApprovals
          ) {
            older.state = "superseded";
            older.supersededBy = request.requestId;
          }
        }
        requests.set(request.requestId, {
          request,
          state: "pending",
          approvals: [],
          validApprovals: [],
          seq: record.seq,
        });
        break;
      }
      case "approval.granted": {
        const status = requests.get(String(data.requestId));
        if (status?.state !== "pending") break;
        const approver = data.approver as ApproverFacts;
        if (status.approvals.some((a) => sameObject(a.approver, approver))) break;
        status.approvals.push({
          requestId: status.request.requestId,
          approver,
          at: record.at,
          comment: String(data.comment ?? ""),
          digest: String(data.digest),
          manifestDigest: String(data.manifestDigest),
          seq: record.seq,
          recordId: record.id,
        });
        break;
      }
      case "approval.rejected": {
        const status = requests.get(String(data.requestId));
        if (status?.state !== "pending") break;
        status.state = "rejected";
        status.rejection = {
          by: data.by as ApproverFacts,
          at: record.at,
          reason: String(data.reason ?? ""),
          seq: record.seq,
        };
        break;
      }
      case "breakglass":
        breakglass.push({ ...(data as unknown as Omit<BreakglassGrant, "seq">), seq: record.seq });
        break;
      default:
        break;
    }
  }
  for (const status of requests.values()) {
    status.validApprovals = countValid(status, policy);
    if (status.state !== "pending") continue;
    if (now.getTime() > Date.parse(status.request.expiresAt)) status.state = "expired";
    else if (status.validApprovals.length >= policy.minApprovals) status.state = "approved";
  }
  return { requests, breakglass };
}

/** Approvals that count: by an allowed approver other than the requester, for the request's exact digests. */
function countValid(status: RequestStatus, policy: GovernancePolicy): ApprovalDecision[] {
  const { request } = status;
  return status.approvals.filter(
    (a) =>
      !sameObject(a.approver, request.requester) &&
      matchPrincipal(policy.approvers, a.approver) !== undefined &&
      a.digest === request.digest &&
      a.manifestDigest === request.manifestDigest &&
      Date.parse(a.at) <= Date.parse(request.expiresAt),
  );
}

/** The gate's decision over a folded state (pure). */
export function evaluateGate(
  state: ApprovalState,
  policy: GovernancePolicy,
  query: GateQuery & { now: Date },
): GateApproval {
  const wanted = assetKey(query.asset);
  const inScope = (request: ApprovalRequest) =>
    assetKey(request.asset) === wanted &&
    request.target === query.target &&
    (query.asset.source === undefined || request.asset.source === query.asset.source);
  const all = [...state.requests.values()].sort((a, b) => b.seq - a.seq);

  if (query.requestId !== undefined) {
    const status = state.requests.get(query.requestId);
    if (!status) {
      throw new GateError("GATE_NO_APPROVAL", `no approval request ${query.requestId} in the ledger`, {
        requestId: query.requestId,
      });
    }
    if (!inScope(status.request)) throw scopeMismatch(status.request, query);
    const verdict = judge(status, policy, query);
    if (verdict instanceof GateError) throw verdict;
    return verdict;
  }

  const candidates = all.filter((s) => inScope(s.request) && s.state !== "superseded");
  let firstError: GateError | undefined;
  for (const status of candidates) {
    const verdict = judge(status, policy, query);
    if (!(verdict instanceof GateError)) return verdict;
    firstError ??= verdict;
  }
  const grant = openBreakglass(state.breakglass, policy, query, wanted);
  if (grant) return grant;
  if (firstError) throw firstError;

  // Nothing for this scope: is an approval for something else being replayed?
  const elsewhere = all.find(
    (s) =>
      s.validApprovals.length > 0 &&
      (s.request.digest === query.digest ||
        (s.request.asset.kind === query.asset.kind && s.request.asset.name === query.asset.name) ||
        (s.request.asset.name === query.asset.name && s.request.asset.version === query.asset.version)),
  );
  if (elsewhere) throw scopeMismatch(elsewhere.request, query);
  throw new GateError(
    "GATE_NO_APPROVAL",
    `no approval for ${wanted} to ${query.target}: file one with \`airlock request\` and have an approver run \`airlock approve\``,
    { asset: wanted, target: query.target, digest: query.digest },
  );
}

function judge(
  status: RequestStatus,
  policy: GovernancePolicy,
  query: GateQuery & { now: Date },
): GateApproval | GateError {
  const { request } = status;
  const id = request.requestId;
  const details = { requestId: id, asset: assetKey(request.asset), target: request.target };
  if (status.state === "rejected") {
    const r = status.rejection!;
    return new GateError(
      "GATE_REJECTED",
      `request ${id} was rejected by ${r.by.name} at ${r.at}: ${r.reason}`,
      {
        ...details,
        rejectedBy: r.by.name,
        reason: r.reason,
      },
    );
  }
  const digestChanged =
    request.digest !== query.digest ||
    (query.manifestDigest !== undefined && request.manifestDigest !== query.manifestDigest);
  const forgedDigest =
    status.approvals.length > 0 && status.approvals.every((a) => a.digest !== request.digest);
  if ((digestChanged && status.approvals.length > 0) || forgedDigest) {
    const approved = forgedDigest ? (status.approvals[0]?.digest ?? request.digest) : request.digest;
    const whichChanged = request.digest !== query.digest || forgedDigest ? "digest" : "manifestDigest";
    const [was, now] =
      whichChanged === "digest"
        ? [approved, forgedDigest ? request.digest : query.digest]
        : [request.manifestDigest, query.manifestDigest];
    return new GateError(
      "GATE_DIGEST_MISMATCH",
      `the content changed after approval: request ${id} approved ${whichChanged} ${was}, but the content to promote has ${now}; request a new approval`,
      { ...details, field: whichChanged, approvedDigest: was, currentDigest: now },
    );
  }
  if (query.now.getTime() > Date.parse(request.expiresAt)) {
    return new GateError(
      "GATE_EXPIRED",
      `request ${id} expired at ${request.expiresAt} (policy TTL ${policy.approvalTtl}); request a new approval`,
      { ...details, expiresAt: request.expiresAt },
    );
  }
  if (!digestChanged && status.validApprovals.length >= policy.minApprovals) {
    return {
      kind: "approval",
      requestId: id,
      asset: request.asset,
      target: request.target,
      digest: request.digest,
      manifestDigest: request.manifestDigest,
      expiresAt: request.expiresAt,
      approvedBy: status.validApprovals.map((a) => a.approver),
      approvals: status.validApprovals,
    };
  }
  const self = status.approvals.find((a) => sameObject(a.approver, request.requester));
  if (self && status.validApprovals.length < policy.minApprovals) {
    return new GateError(
      "GATE_SELF_APPROVAL",
      `request ${id} was approved only by its requester ${self.approver.name}; separation of duties needs another approver`,
      { ...details, approver: self.approver.name },
    );
  }
  const outsider = status.approvals.find((a) => matchPrincipal(policy.approvers, a.approver) === undefined);
  if (outsider && status.validApprovals.length < policy.minApprovals) {
    return new GateError(
      "GATE_APPROVER_NOT_ALLOWED",
      `${outsider.approver.name} approved request ${id} but is not an approver under the policy (${policy.source})`,
      { ...details, approver: outsider.approver.name },
    );
  }
  return new GateError(
    "GATE_NO_APPROVAL",
    digestChanged
      ? `request ${id} covers digest ${request.digest}, not ${query.digest}, and is not approved`
      : `request ${id} is pending: ${status.validApprovals.length} of ${policy.minApprovals} approvals`,
    { ...details, approvals: status.validApprovals.length, required: policy.minApprovals },
  );
}

function openBreakglass(
  grants: readonly BreakglassGrant[],
  policy: GovernancePolicy,
  query: GateQuery & { now: Date },
  wanted: string,
): GateApproval | undefined {
  if (!policy.breakglass.allowed) return undefined;
  const grant = [...grants]
    .reverse()
    .find(
      (g) =>
        assetKey(g.asset) === wanted &&
        g.target === query.target &&
        g.digest === query.digest &&
        (query.manifestDigest === undefined || g.manifestDigest === query.manifestDigest) &&
        query.now.getTime() <= Date.parse(g.expiresAt) &&
        matchPrincipal(policy.breakglass.principals, g.by) !== undefined,
    );
  if (!grant) return undefined;
  return {
    kind: "breakglass",
    requestId: grant.breakglassId,
    asset: grant.asset,
    target: grant.target,
    digest: grant.digest,
    manifestDigest: grant.manifestDigest,
    expiresAt: grant.expiresAt,
    approvedBy: [grant.by],
    approvals: [],
  };
}

function filterStatuses(state: ApprovalState, filter: StatusFilter): RequestStatus[] {
  const states = filter.state === undefined ? undefined : ([] as RequestState[]).concat(filter.state);
  return [...state.requests.values()]
    .filter(
      (s) =>
        (filter.requestId === undefined || s.request.requestId === filter.requestId) &&
        (filter.asset?.kind === undefined || s.request.asset.kind === filter.asset.kind) &&
        (filter.asset?.name === undefined || s.request.asset.name === filter.asset.name) &&
        (filter.asset?.version === undefined || s.request.asset.version === filter.asset.version) &&
        (filter.target === undefined || s.request.target === filter.target) &&
        (states === undefined || states.includes(s.state)),
    )
    .sort((a, b) => b.seq - a.seq);
}

function refuseClosed(status: RequestStatus, now: Date): void {
  const id = status.request.requestId;
  if (status.state === "superseded") throw superseded(status);
  if (status.state === "rejected") {
    throw new GateError(
      "GATE_REJECTED",
      `request ${id} was rejected by ${status.rejection!.by.name}: ${status.rejection!.reason}`,
      {
        requestId: id,
      },
    );
  }
  if (now.getTime() > Date.parse(status.request.expiresAt)) {
    throw new GateError(
      "GATE_EXPIRED",
      `request ${id} expired at ${status.request.expiresAt}; file a new request`,
      {
        requestId: id,
        expiresAt: status.request.expiresAt,
      },
    );
  }
}

function superseded(status: RequestStatus): GateError {
  return new GateError(
    "GATE_SUPERSEDED",
    `request ${status.request.requestId} was superseded by request ${status.supersededBy} for the same asset and target`,
    { requestId: status.request.requestId, supersededBy: status.supersededBy },
  );
}

function scopeMismatch(request: ApprovalRequest, query: GateQuery): GateError {
  const covers = `${assetKey(request.asset)} from ${request.asset.source} to ${request.target}`;
  const asked = `${assetKey(query.asset)}${query.asset.source ? ` from ${query.asset.source}` : ""} to ${query.target}`;
  return new GateError(
    "GATE_SCOPE_MISMATCH",
    `approval request ${request.requestId} covers ${covers}, not ${asked}; an approval cannot be reused for another asset, version or target`,
    { requestId: request.requestId, covers, asked },
  );
}

function notAllowed(policy: GovernancePolicy, who: PrincipalFacts, requestId: string): GateError {
  return new GateError(
    "GATE_APPROVER_NOT_ALLOWED",
    `${who.name} is not an approver under the policy (${policy.source}: approvals.approvers)`,
    { requestId, approver: who.name },
  );
}

function sameObject(a: { objectId: string }, b: { objectId: string }): boolean {
  return a.objectId.toLowerCase() === b.objectId.toLowerCase();
}

function factsOf(policy: GovernancePolicy, identity: Identity): ApproverFacts {
  const facts: ApproverFacts = {
    ...actorOf(identity),
    tenantId: identity.tenantId,
    groups: relevantGroups(policy, identity),
  };
  if (identity.upn) facts.upn = identity.upn;
  if (identity.appId) facts.appId = identity.appId;
  if (identity.tokenId) facts.tokenId = identity.tokenId;
  return facts;
}

function subjectOf(request: ApprovalRequest): Record<string, string> {
  return { requestId: request.requestId, asset: assetKey(request.asset), target: request.target };
}

function validateRequestInput(input: {
  asset: AssetRef;
  target: string;
  digest: string;
  manifestDigest: string;
  justification: string;
}): void {
  const problems: string[] = [];
  const asset = input.asset as Partial<AssetRef> | undefined;
  if (!asset || !(ASSET_KINDS as readonly string[]).includes(String(asset.kind))) {
    problems.push(`asset.kind must be one of ${ASSET_KINDS.join(", ")}`);
  }
  if (typeof asset?.name !== "string" || !ASSET_NAME.test(asset.name)) {
    problems.push("asset.name must be an asset name (letters, digits, '-', '_', '.')");
  }
  if (typeof asset?.version !== "string" || !ASSET_VERSION.test(asset.version)) {
    problems.push("asset.version must be a version string");
  }
  if (typeof asset?.source !== "string" || asset.source.trim() === "") {
    problems.push("asset.source must name the dev registry or workspace asset id");
  }
  if (typeof input.target !== "string" || input.target.trim() === "") problems.push("target is required");
  if (typeof input.digest !== "string" || !DIGEST.test(input.digest))
    problems.push("digest must be sha256:<64 hex>");
  if (typeof input.manifestDigest !== "string" || !DIGEST.test(input.manifestDigest)) {
    problems.push("manifestDigest must be sha256:<64 hex>");
  }
  if (typeof input.justification !== "string" || input.justification.trim() === "") {
    problems.push("a justification is required");
  }
  if (problems.length > 0) {
    throw new InputError("APPROVAL_REQUEST_INVALID", `invalid approval request: ${problems.join("; ")}`, {
      problems,
    });
  }
}
