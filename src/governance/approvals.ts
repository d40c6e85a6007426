/**
 * @module governance/approvals
 * Approval gates bound to content and signed by people. A request names the exact asset version, the target,
 * the asset's content digest and the digest of the whole bundle approved (for a deployment: scoring code,
 * environment, instance type and count, environment variables). Every human decision — request, approve,
 * reject, breakglass — is a DSSE envelope over an in-toto Statement (signing/envelope.ts), signed with the
 * person's SSH key (or, from the console, a passkey) and recorded in the ledger. The state of every request is a
 * pure fold over the ledger (`foldApprovals`) judged against the approvers registry as it stands in the
 * repository at decision time: a decision whose signature does not verify, whose key is not in the registry, or
 * whose signed statement binds another request, digest, target or expiry is ignored and named (`ignored`).
 * Anyone who can append to the ledger can add records; nobody without a registered key can add a decision.
 *
 * Who a request is from: the person who signed it, or — for a request filed by CI — the person who dispatched
 * the workflow, from the verified OIDC token carried as evidence (ci-identity.ts), whose audience binds the
 * request id (so it cannot be replayed onto another request).
 *
 * Rules (each refusal is a GateError, exit code 7, with a stable code):
 * - GATE_NO_APPROVAL: no valid request for this asset version and target, or it is still pending.
 * - GATE_SELF_APPROVAL: the approver is the requester, or created the asset version in dev, or started its
 *   training run (separation of duties is between people, not credentials).
 * - GATE_DIGEST_MISMATCH: the content or bundle changed after approval (both digests in the message).
 * - GATE_EXPIRED: past the earlier of the requested deadline and requestedAt + the TTL of the policy in force now.
 * - GATE_SCOPE_MISMATCH: an approval for another version / kind / target / source, or another request id.
 * - GATE_REJECTED: a valid signed rejection (a later rejection also revokes approvals).
 * - GATE_APPROVER_NOT_ALLOWED: the signer is not (or no longer) an approver under the current policy, matched by
 *   the principals the registry lists for them (never by a record's unsigned group or object id claims).
 * - GATE_REQUEST_POSTDATED: approving a request dated later than now; an approval signed before its request's
 *   time never counts (DECISION_BEFORE_REQUEST), nor a breakglass signed later than now (DECISION_FROM_FUTURE).
 * - GATE_SUPERSEDED: approving a request that a newer request for the same asset and target replaced.
 * - GATE_BREAKGLASS_DISABLED: breakglass asked for but the policy does not allow it (or not for this person).
 * - GATE_NOT_REGISTERED: the person acting has no entry (or no key) in the approvers registry.
 * The gate reads the chain through `Ledger.scanVerified`: lines appended that do not extend it are stepped over and
 * named (`audit verify` fails on them); a line someone appended never stops the gate for good.
 */
import { randomUUID } from "node:crypto";
import { digestDocument } from "../assets/digest.ts";
import { canonicalJson } from "../canonical-json.ts";
import { ASSET_NAME_PATTERN, ASSET_VERSION_PATTERN } from "../contract/names.ts";
import { GateError, InputError, NotFoundError } from "../errors.ts";
import { actorOf, type Identity } from "./identity.ts";
import type { Ledger } from "./ledger.ts";
import {
  assertDataClassPromotable,
  type GovernancePolicy,
  matchPrincipal,
  relevantGroups,
} from "./policy.ts";
import {
  type ApprovalRequest,
  type ApprovalRequestedData,
  type ApproverFacts,
  ASSET_KINDS,
  type AssetRef,
  assetKey,
  type CiRequester,
  type DeploymentBundle,
  isRecordOf,
  type LedgerRecord,
} from "./records.ts";
import type { Decision, DsseEnvelope } from "./signing/envelope.ts";
import {
  type ApproversRegistry,
  type Person,
  type VerifiedDecision,
  verifyEnvelope,
  verifyEnvelopeAsync,
} from "./signing/index.ts";

export type { ApprovalRequest, ApproverFacts, AssetKind, AssetRef, DeploymentBundle } from "./records.ts";
export { ASSET_KINDS, assetKey } from "./records.ts";

/** Signs a decision as the person acting (their SSH key, the agent, a FIDO key; a passkey in the console). */
export type DecisionSigner = (decision: Decision) => Promise<DsseEnvelope>;

/** What CI evidence on a request verified to (ci-identity.ts), keyed by ledger seq before folding. */
export type CiVerdict =
  | {
      ok: true;
      actor: string;
      issuedAt: string /** The token's `jti`: it backs one request only. */;
      tokenId: string;
    }
  | { ok: false; code: string; reason: string };

export interface ApprovalDecision {
  requestId: string;
  /** The person (registry id) whose signature verified. */
  person: string;
  approver: ApproverFacts;
  at: string;
  comment: string;
  digest: string;
  manifestDigest: string;
  seq: number;
  recordId: string;
  keyid: string;
}

export interface Rejection {
  person: string;
  by: ApproverFacts;
  at: string;
  reason: string;
  seq: number;
  withdrawn: boolean;
}

export type RequestState = "pending" | "approved" | "rejected" | "expired" | "superseded" | "used";

export interface RequestStatus {
  request: ApprovalRequest;
  state: RequestState;
  /** The person behind the request (registry id). */
  requesterPerson: string;
  /** When the request was made, as signed (or as the CI token was issued). */
  requestedAt: string;
  /** The earlier of the requested deadline and requestedAt + the policy TTL in force. */
  effectiveExpiresAt: string;
  /** Every approval whose signature verified (before any supersession). */
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
  person: string;
  by: ApproverFacts;
  at: string;
  expiresAt: string;
  reason: string;
  seq: number;
}

/** A decision the gate did not count, and why (shown by `status` and in gate refusals). */
export interface IgnoredDecision {
  seq: number;
  type: string;
  requestId?: string;
  code: string;
  reason: string;
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
  requesterPerson: string;
  approvedBy: string[];
  approvals: ApprovalDecision[];
  /** Decisions about this asset and target that did not count. */
  ignored: IgnoredDecision[];
  deployment?: DeploymentBundle;
}

export interface GateQuery {
  asset: Omit<AssetRef, "source" | "dataClass"> & { source?: string };
  digest: string;
  /** When given, must match the request's bundle digest too. */
  manifestDigest?: string;
  target: string;
  /** When given, only this request may open the gate (a replayed id for another scope is refused). */
  requestId?: string;
  /** Who created the asset version in dev and started its training run (principal names or object ids). */
  creators?: readonly string[];
  /** A deployment's gate (the request binds a deployment bundle) or a promotion's (default). */
  purpose?: "promotion" | "deployment";
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
  ignored: IgnoredDecision[];
}

const DIGEST = /^sha256:[0-9a-f]{64}$/;
/** Clock skew tolerated between the machines of the people who sign decisions. */
const CLOCK_SKEW_MS = 5 * 60_000;
/** The contract's one name and version rule (a version that registers can be requested). */
const ASSET_NAME = ASSET_NAME_PATTERN;
const ASSET_VERSION = ASSET_VERSION_PATTERN;

export interface ApprovalsOptions {
  ledger: Ledger;
  policy: GovernancePolicy;
  /** The approvers registry as committed in the repository (plus the twin's people on the twin). */
  registry: ApproversRegistry;
  /** Verifies CI evidence on requests (ci-identity.ts); requests carrying evidence are ignored without it. */
  verifyCi?: (ci: CiRequester, requestId: string) => Promise<CiVerdict>;
  /** Clock (tests inject one). */
  now?: () => Date;
}

export class Approvals {
  readonly ledger: Ledger;
  readonly policy: GovernancePolicy;
  readonly registry: ApproversRegistry;
  readonly #verifyCi: ApprovalsOptions["verifyCi"];

  #foreign: IgnoredDecision[] = [];
  readonly #now: () => Date;

  constructor(options: ApprovalsOptions) {
    this.ledger = options.ledger;
    this.policy = options.policy;
    this.registry = options.registry;
    this.#verifyCi = options.verifyCi;
    this.#now = options.now ?? (() => new Date());
  }

  /**
   * Files a request as a signed decision of the person acting, or (in CI) with the dispatching person's OIDC
   * evidence. Older unapproved requests for the same asset version and target are superseded.
   */
  async requestApproval(input: {
    asset: AssetRef;
    target: string;
    digest: string;
    manifestDigest: string;
    justification: string;
    requester: Identity;
    sign?: DecisionSigner;
    /** CI: the evidence for the person behind the run; its audience must bind `requestId`. */
    ci?: { requestId: string; requester: CiRequester };
    deployment?: DeploymentBundle;
  }): Promise<ApprovalRequest> {
    validateRequestInput(input);
    if (input.asset.kind === "data") assertDataClassPromotable(this.policy, input.asset.dataClass);
    if (input.deployment && digestDocument(input.deployment) !== input.manifestDigest) {
      throw new InputError("APPROVAL_REQUEST_INVALID", "the deployment bundle does not match its digest");
    }
    const now = this.#now();
    const requestId = input.ci?.requestId ?? randomUUID();
    const request: ApprovalRequest = {
      requestId,
      asset: { ...input.asset },
      target: input.target,
      digest: input.digest,
      manifestDigest: input.manifestDigest,
      requester: factsOf(this.policy, input.requester),
      requestedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.policy.approvalTtlMs).toISOString(),
      justification: input.justification.trim(),
      ...(input.deployment ? { deployment: input.deployment } : {}),
    };
    const data: ApprovalRequestedData = { ...request };
    if (input.ci) {
      const verdict = await this.#checkCi(input.ci.requester, requestId);
      if (!verdict.ok)
        throw new GateError(
          verdict.code,
          `the CI evidence for this request does not verify: ${verdict.reason}`,
        );
      const person = personOfCiLogin(this.registry, verdict.actor);
      if (!person) {
        throw new GateError(
          "GATE_NOT_REGISTERED",
          `the workflow was dispatched by ${verdict.actor}, who has no entry with \`github: ${verdict.actor}\` in the approvers registry (${this.registry.source})`,
          { actor: verdict.actor },
        );
      }
      data.ci = input.ci.requester;
    } else {
      const person = this.#registeredPerson(input.requester);
      if (!input.sign)
        throw new GateError("GATE_NOT_SIGNED", "a request must be signed by the person filing it");
      data.envelope = await input.sign(decisionOf("request", request, person.id, now));
    }
    await this.ledger.append("approval.requested", subjectOf(request), data, actorOf(input.requester));
    return request;
  }

  /** Records a signed approval by the person behind `approver`'s credential. Idempotent per person. */
  async approve(
    requestId: string,
    approver: Identity,
    sign: DecisionSigner,
    options: { comment?: string; creators?: readonly string[] } = {},
  ): Promise<{ status: RequestStatus; recorded: boolean }> {
    const { records, status } = await this.#statusOf(requestId);
    const now = this.#now();
    refuseClosed(status, now);
    const person = this.#registeredPerson(approver);
    const request = status.request;
    if (person.id === status.requesterPerson) {
      throw new GateError(
        "GATE_SELF_APPROVAL",
        `${person.name} requested ${requestId} and cannot also approve it (separation of duties): another approver must`,
        { requestId, requester: person.id },
      );
    }
    const creator = creatorIn(person, this.registry, options.creators ?? []);
    if (creator) throw selfApproval(requestId, person, creator);
    const facts = factsOf(this.policy, approver);
    if (!personIsApprover(this.policy, person, facts)) throw notAllowed(this.policy, person.id, requestId);
    if (status.approvals.some((a) => a.person === person.id)) return { status, recorded: false };
    const envelope = await sign(decisionOf("approve", request, person.id, now));
    const record = await this.ledger.append(
      "approval.granted",
      subjectOf(request),
      {
        requestId,
        digest: request.digest,
        manifestDigest: request.manifestDigest,
        comment: options.comment ?? "",
        approver: facts,
        envelope,
      },
      actorOf(approver),
    );
    const folded = await this.#fold([...records, record], now);
    return { status: folded.requests.get(requestId)!, recorded: true };
  }

  /** Rejects (or, by the requester, withdraws) a request with a signed decision. Idempotent. */
  async reject(
    requestId: string,
    rejecter: Identity,
    sign: DecisionSigner,
    reason: string,
  ): Promise<{ status: RequestStatus; recorded: boolean }> {
    if (typeof reason !== "string" || reason.trim() === "") {
      throw new InputError("APPROVAL_REASON_REQUIRED", "a rejection needs a reason");
    }
    const { records, status } = await this.#statusOf(requestId);
    if (status.state === "rejected") return { status, recorded: false };
    if (status.state === "superseded") throw superseded(status);
    const person = this.#registeredPerson(rejecter);
    const facts = factsOf(this.policy, rejecter);
    const isRequester = person.id === status.requesterPerson;
    if (!isRequester && !personIsApprover(this.policy, person, facts)) {
      throw notAllowed(this.policy, person.id, requestId);
    }
    const now = this.#now();
    const envelope = await sign(decisionOf("reject", status.request, person.id, now, reason.trim()));
    const record = await this.ledger.append(
      "approval.rejected",
      subjectOf(status.request),
      { requestId, reason: reason.trim(), by: facts, withdrawn: isRequester, envelope },
      actorOf(rejecter),
    );
    const folded = await this.#fold([...records, record], now);
    return { status: folded.requests.get(requestId)!, recorded: true };
  }

  /** Requests matching `filter`, newest first, with the decisions that did not count. */
  async status(
    filter: StatusFilter = {},
  ): Promise<{ requests: RequestStatus[]; ignored: IgnoredDecision[] }> {
    const records = await this.#verifiedRecords();
    const state = await this.#fold(records, this.#now());
    const requests = filterStatuses(state, filter);
    const ids = new Set(requests.map((s) => s.request.requestId));
    const ignored = state.ignored.filter(
      (i) => filter.requestId === undefined || i.requestId === undefined || ids.has(i.requestId),
    );
    return { requests, ignored: [...ignored, ...this.#foreign] };
  }

  /** The gate: the approval that covers exactly this content and scope now, or a GateError. Runs on every run. */
  async assertApproved(query: GateQuery): Promise<GateApproval> {
    const records = await this.#verifiedRecords();
    const now = query.now ?? this.#now();
    const state = await this.#fold(records, now);
    return evaluateGate(state, this.policy, this.registry, { ...query, now });
  }

  /**
   * Emergency crossing without approval, if the policy allows it for this person: a signed `breakglass` decision
   * scoped to this asset version, target and digest, valid for the policy's breakglass TTL (the TTL in force when
   * it is used applies too).
   */
  async breakglass(input: {
    asset: AssetRef;
    target: string;
    digest: string;
    manifestDigest: string;
    reason: string;
    actor: Identity;
    sign: DecisionSigner;
  }): Promise<BreakglassGrant> {
    validateRequestInput({ ...input, justification: input.reason });
    const person = this.#registeredPerson(input.actor);
    const facts = factsOf(this.policy, input.actor);
    if (!this.policy.breakglass.allowed || !personMatches(this.policy.breakglass.principals, person, facts)) {
      throw new GateError(
        "GATE_BREAKGLASS_DISABLED",
        this.policy.breakglass.allowed
          ? `${person.id} is not a breakglass principal in ${this.policy.source}`
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
    const envelope = await input.sign({
      decision: "breakglass",
      requestId: grant.breakglassId,
      asset: { kind: grant.asset.kind, name: grant.asset.name, version: grant.asset.version },
      digest: grant.digest,
      bundleDigest: grant.manifestDigest,
      target: grant.target,
      expiresAt: grant.expiresAt,
      signedAt: grant.at,
      signer: person.id,
      reason: grant.reason,
    });
    const record = await this.ledger.append(
      "breakglass",
      { asset: assetKey(input.asset), target: input.target, breakglassId: grant.breakglassId },
      { ...grant, envelope },
      actorOf(input.actor),
    );
    return { ...grant, person: person.id, seq: record.seq };
  }

  /** The registry entry of the person behind a credential, or GATE_NOT_REGISTERED. */
  #registeredPerson(identity: Identity): Person {
    const person = personOfIdentity(this.registry, identity);
    if (!person || person.keys.length === 0) {
      throw new GateError(
        "GATE_NOT_REGISTERED",
        `${identity.name} has no ${person ? "key" : "entry"} in the approvers registry (${this.registry.source}); decisions are signed with a registered key — add one through review (docs/runbooks/add-a-person.md)`,
        { principal: identity.name },
      );
    }
    return person;
  }

  async #checkCi(ci: CiRequester, requestId: string): Promise<CiVerdict> {
    if (!this.#verifyCi)
      return { ok: false, code: "GATE_CI_UNTRUSTED", reason: "no CI issuer is trusted here" };
    return this.#verifyCi(ci, requestId);
  }

  /**
   * Verifies the signatures (SSH or passkey) and CI evidence of the records, then folds. Verdicts are cached by
   * record hash for the process (records never change), so every gate after the first verifies only what is new.
   */
  async #fold(records: readonly LedgerRecord[], now: Date): Promise<ApprovalState> {
    const cache = verdictCache(this.registry);
    const signatures = new Map<number, VerifiedDecision>();
    const ci = new Map<number, CiVerdict>();
    for (const record of records) {
      const envelope = (record.data as { envelope?: unknown }).envelope;
      if (envelope !== undefined) {
        let verdict = cache.signatures.get(record.hash);
        if (!verdict) {
          verdict = await verifyEnvelopeAsync(envelope, this.registry);
          cache.signatures.set(record.hash, verdict);
        }
        signatures.set(record.seq, verdict);
      }
      if (!isRecordOf(record, "approval.requested") || !record.data.ci) continue;
      const key = `${this.policy.source}\n${record.hash}`;
      let verdict = cache.ci.get(key);
      if (!verdict) {
        verdict = await this.#checkCi(record.data.ci, String(record.data.requestId));
        cache.ci.set(key, verdict);
      }
      ci.set(record.seq, verdict);
    }
    return foldApprovals(records, this.policy, this.registry, now, { ci, signatures });
  }

  /**
   * The chain as the ledger walks it. Lines that do not extend it (appended by anyone with write) are stepped
   * over and named among the ignored decisions; `audit verify` fails on them.
   */
  async #verifiedRecords(): Promise<LedgerRecord[]> {
    const { records, foreign } = await this.ledger.scanVerified();
    this.#foreign = foreign.map((line) => ({
      seq: 0,
      type: "ledger line",
      code: "LEDGER_FOREIGN_LINE",
      reason: `${line.segment} line ${line.line} is not part of the chain (${line.reason}); \`airlock audit verify\` reports it`,
    }));
    return records;
  }

  async #statusOf(requestId: string): Promise<{ records: LedgerRecord[]; status: RequestStatus }> {
    const records = await this.#verifiedRecords();
    const state = await this.#fold(records, this.#now());
    const status = findRequest(state, requestId);
    if (!status) {
      const ignored = state.ignored.find((i) => i.requestId === requestId && i.type === "approval.requested");
      throw new NotFoundError(
        "APPROVAL_REQUEST_NOT_FOUND",
        ignored
          ? `request ${requestId} is in the ledger but does not count: ${ignored.reason}`
          : `no approval request ${requestId} in the ledger`,
        { requestId },
      );
    }
    return { records, status };
  }
}

const verdicts = new WeakMap<
  ApproversRegistry,
  { signatures: Map<string, VerifiedDecision>; ci: Map<string, CiVerdict> }
>();

/** The process's verdicts for records judged against `registry` (another registry, another cache). */
function verdictCache(registry: ApproversRegistry) {
  let cache = verdicts.get(registry);
  if (!cache) {
    cache = { signatures: new Map(), ci: new Map() };
    verdicts.set(registry, cache);
  }
  return cache;
}

/**
 * A request by id, or by a unique prefix of at least 6 characters (as the demo and the CLI print them); a prefix
 * that several requests share is refused with the candidates named, never resolved to one of them.
 */
export function findRequest(state: ApprovalState, id: string): RequestStatus | undefined {
  const exact = state.requests.get(id);
  if (exact || id.length < 6) return exact;
  const matches = [...state.requests.values()].filter((s) => s.request.requestId.startsWith(id));
  if (matches.length > 1) {
    throw new InputError(
      "REQUEST_ID_AMBIGUOUS",
      `request id prefix ${id} matches ${matches.length} requests: ${matches.map((m) => m.request.requestId).join(", ")}; give more characters`,
      { candidates: matches.map((m) => m.request.requestId) },
    );
  }
  return matches[0];
}

/**
 * The state of every request, folded over ledger records in seq order, judged under `policy` and the approvers
 * `registry` at `now`. Pure: the same inputs always give the same state.
 */
export function foldApprovals(
  records: readonly LedgerRecord[],
  policy: GovernancePolicy,
  registry: ApproversRegistry,
  now: Date,
  verdicts: {
    /** CI evidence verified beforehand (async), by record seq. */
    ci?: ReadonlyMap<number, CiVerdict>;
    /** Envelopes verified beforehand (passkeys need async), by record seq; others are verified here. */
    signatures?: ReadonlyMap<number, VerifiedDecision>;
  } = {},
): ApprovalState {
  const ciVerdicts = verdicts.ci ?? new Map<number, CiVerdict>();
  const verify = (record: LedgerRecord, envelope: DsseEnvelope | undefined, expect: Expectation) =>
    verifyDecision(envelope, registry, expect, verdicts.signatures?.get(record.seq));
  const requests = new Map<string, RequestStatus>();
  const breakglass: BreakglassGrant[] = [];
  const ignored: IgnoredDecision[] = [];
  const ignore = (record: LedgerRecord, code: string, reason: string, requestId?: string) =>
    ignored.push({ seq: record.seq, type: record.type, ...(requestId ? { requestId } : {}), code, reason });
  const used = new Set<string>();
  const ciTokens = new Set<string>();
  /** The counted request a decision is about and its verified signature, or undefined (named as ignored). */
  const decisionOn = (
    record: LedgerRecord,
    id: string,
    kind: "approve" | "reject",
    envelope: DsseEnvelope | undefined,
  ): { status: RequestStatus; verified: Extract<Verified, { ok: true }> } | undefined => {
    const noun = kind === "approve" ? "approval" : "rejection";
    const status = requests.get(id);
    if (!status) {
      ignore(record, "DECISION_UNKNOWN_REQUEST", `${noun} of a request that does not count (${id})`, id);
      return undefined;
    }
    const verified = verify(record, envelope, expectFor(kind, status.request));
    if (!verified.ok) {
      ignore(record, verified.code, `${noun} not counted: ${verified.reason}`, id);
      return undefined;
    }
    return { status, verified };
  };
  const ordered = [...records].sort((a, b) => a.seq - b.seq);
  for (const record of ordered) {
    if (isRecordOf(record, "approval.requested")) {
      const request = record.data;
      const id = typeof request.requestId === "string" ? request.requestId : "";
      if (id === "" || requests.has(id)) {
        ignore(
          record,
          "REQUEST_DUPLICATE",
          `a request with id "${id}" was already recorded`,
          id || undefined,
        );
        continue;
      }
      const who = requesterOf(record, registry, ciVerdicts, verify);
      if (!who.ok) {
        ignore(record, who.code, who.reason, id);
        continue;
      }
      if (who.ciToken !== undefined) {
        if (ciTokens.has(who.ciToken)) {
          ignore(record, "CI_TOKEN_REPLAYED", "its CI token already backs an earlier request", id);
          continue;
        }
        ciTokens.add(who.ciToken);
      }
      if (request.deployment && digestDocument(request.deployment) !== request.manifestDigest) {
        ignore(
          record,
          "REQUEST_BUNDLE_MISMATCH",
          "the recorded deployment bundle does not match the signed bundle digest",
          id,
        );
        continue;
      }
      for (const older of requests.values()) {
        if (
          older.state === "pending" &&
          assetKey(older.request.asset) === assetKey(request.asset) &&
          older.request.target === request.target &&
          countValid(older, policy, registry).length < policy.minApprovals
        ) {
          older.state = "superseded";
          older.supersededBy = id;
        }
      }
      const deadline = Math.min(
        Date.parse(request.expiresAt),
        Date.parse(who.requestedAt) + policy.approvalTtlMs,
      );
      requests.set(id, {
        request,
        state: "pending",
        requesterPerson: who.person,
        requestedAt: who.requestedAt,
        effectiveExpiresAt: new Date(deadline).toISOString(),
        approvals: [],
        validApprovals: [],
        seq: record.seq,
      });
      continue;
    }
    if (isRecordOf(record, "approval.granted")) {
      const id = String(record.data.requestId);
      const decided = decisionOn(record, id, "approve", record.data.envelope);
      if (!decided) continue;
      const { status, verified } = decided;
      // An approval signed before the request's own signed time: the request was post-dated, which would move
      // its TTL window past any approval given now.
      if (Date.parse(verified.decision.signedAt) < Date.parse(status.requestedAt) - CLOCK_SKEW_MS) {
        ignore(
          record,
          "DECISION_BEFORE_REQUEST",
          `approval not counted: signed at ${verified.decision.signedAt}, before the request's time ${status.requestedAt}`,
          id,
        );
        continue;
      }
      if (status.state !== "pending") continue;
      if (status.approvals.some((a) => a.person === verified.person.id)) continue;
      status.approvals.push({
        requestId: id,
        person: verified.person.id,
        approver: record.data.approver,
        at: verified.decision.signedAt,
        comment: String(record.data.comment ?? ""),
        digest: status.request.digest,
        manifestDigest: status.request.manifestDigest,
        seq: record.seq,
        recordId: record.id,
        keyid: verified.keyid,
      });
      continue;
    }
    if (isRecordOf(record, "approval.rejected")) {
      const id = String(record.data.requestId);
      const decided = decisionOn(record, id, "reject", record.data.envelope);
      if (!decided) continue;
      const { status, verified } = decided;
      const person = verified.person;
      const withdrawn = person.id === status.requesterPerson;
      if (!withdrawn && !personIsApprover(policy, person, record.data.by)) {
        ignore(
          record,
          "GATE_APPROVER_NOT_ALLOWED",
          `${person.id} may not reject: not an approver under ${policy.source}`,
          id,
        );
        continue;
      }
      if (status.state !== "pending") continue;
      status.state = "rejected";
      status.rejection = {
        person: person.id,
        by: record.data.by,
        at: verified.decision.signedAt,
        reason: verified.decision.reason ?? String(record.data.reason ?? ""),
        seq: record.seq,
        withdrawn,
      };
      continue;
    }
    if (isRecordOf(record, "breakglass")) {
      const grant = record.data;
      const verified = verify(record, grant.envelope, {
        decision: "breakglass",
        requestId: grant.breakglassId,
        asset: { kind: grant.asset.kind, name: grant.asset.name, version: grant.asset.version },
        digest: grant.digest,
        bundleDigest: grant.manifestDigest,
        target: grant.target,
        expiresAt: grant.expiresAt,
      });
      if (!verified.ok) {
        ignore(record, verified.code, `breakglass not counted: ${verified.reason}`, grant.breakglassId);
        continue;
      }
      // A post-dated grant would stay open past the TTL from now.
      if (Date.parse(verified.decision.signedAt) > now.getTime() + CLOCK_SKEW_MS) {
        ignore(
          record,
          "DECISION_FROM_FUTURE",
          `breakglass not counted: signed at ${verified.decision.signedAt}, later than now`,
          grant.breakglassId,
        );
        continue;
      }
      const deadline = Math.min(
        Date.parse(grant.expiresAt),
        Date.parse(verified.decision.signedAt) + policy.breakglass.ttlMs,
      );
      breakglass.push({
        ...grant,
        at: verified.decision.signedAt,
        expiresAt: new Date(deadline).toISOString(),
        person: verified.person.id,
        seq: record.seq,
      });
      continue;
    }
    if (isRecordOf(record, "promotion.completed") && record.data.approvalId) used.add(record.data.approvalId);
    if (isRecordOf(record, "deployment.created") && record.data.deploymentApprovalId) {
      used.add(record.data.deploymentApprovalId);
    }
  }
  for (const status of requests.values()) {
    status.validApprovals = countValid(status, policy, registry);
    if (status.state !== "pending") continue;
    if (used.has(status.request.requestId) && status.validApprovals.length >= policy.minApprovals) {
      status.state = "used";
    } else if (now.getTime() > Date.parse(status.effectiveExpiresAt)) status.state = "expired";
    else if (status.validApprovals.length >= policy.minApprovals) status.state = "approved";
  }
  return { requests, breakglass, ignored };
}

/** Approvals that count: by an allowed approver other than the requester, signed before the deadline. */
function countValid(
  status: RequestStatus,
  policy: GovernancePolicy,
  registry: ApproversRegistry,
): ApprovalDecision[] {
  return status.approvals.filter((a) => {
    const person = registry.people.find((p) => p.id === a.person);
    return (
      person !== undefined &&
      a.person !== status.requesterPerson &&
      personIsApprover(policy, person, a.approver) &&
      Date.parse(a.at) <= Date.parse(status.effectiveExpiresAt)
    );
  });
}

/** The gate's decision over a folded state (pure). */
export function evaluateGate(
  state: ApprovalState,
  policy: GovernancePolicy,
  registry: ApproversRegistry,
  query: GateQuery & { now: Date },
): GateApproval {
  const wanted = assetKey(query.asset);
  const inScope = (request: ApprovalRequest) =>
    assetKey(request.asset) === wanted &&
    request.target === query.target &&
    (query.asset.source === undefined || request.asset.source === query.asset.source);
  const all = [...state.requests.values()].sort((a, b) => b.seq - a.seq);
  const ignored = state.ignored.filter((i) => {
    const status = i.requestId ? state.requests.get(i.requestId) : undefined;
    return status ? inScope(status.request) : i.type === "approval.requested" || i.type === "breakglass";
  });

  if (query.requestId !== undefined) {
    const status = findRequest(state, query.requestId);
    if (!status) {
      throw new GateError("GATE_NO_APPROVAL", `no approval request ${query.requestId} counts in the ledger`, {
        requestId: query.requestId,
        ignored,
      });
    }
    if (!inScope(status.request)) throw scopeMismatch(status.request, query);
    const verdict = judge(status, policy, registry, query, ignored);
    if (verdict instanceof GateError) throw verdict;
    return verdict;
  }

  const candidates = all.filter((s) => inScope(s.request) && s.state !== "superseded");
  let firstError: GateError | undefined;
  for (const status of candidates) {
    const verdict = judge(status, policy, registry, query, ignored);
    if (!(verdict instanceof GateError)) return verdict;
    firstError ??= verdict;
  }
  const grant = openBreakglass(state.breakglass, policy, registry, query, wanted, ignored);
  if (grant) return grant;
  if (firstError) throw firstError;

  // Nothing for this scope: is an approval for something else being replayed?
  const purpose = query.purpose ?? "promotion";
  const elsewhere = all.find(
    (s) =>
      s.validApprovals.length > 0 &&
      (s.request.deployment ? "deployment" : "promotion") === purpose &&
      (s.request.digest === query.digest ||
        (s.request.asset.kind === query.asset.kind && s.request.asset.name === query.asset.name) ||
        (s.request.asset.name === query.asset.name && s.request.asset.version === query.asset.version)),
  );
  if (elsewhere && elsewhere.request.target !== query.target) throw scopeMismatch(elsewhere.request, query);
  if (elsewhere && assetKey(elsewhere.request.asset) !== wanted)
    throw scopeMismatch(elsewhere.request, query);
  // The same version and target from another source (e.g. another dev registry) is a replay too.
  if (elsewhere && query.asset.source !== undefined && elsewhere.request.asset.source !== query.asset.source)
    throw scopeMismatch(elsewhere.request, query);
  throw new GateError(
    "GATE_NO_APPROVAL",
    `no approval for ${wanted} to ${query.target}: file one with \`airlock request\` and have an approver run \`airlock approve\`${ignored.length > 0 ? ` (${ignored.length} decision(s) did not count: ${ignored.map((i) => `seq ${i.seq} ${i.code}`).join(", ")})` : ""}`,
    { asset: wanted, target: query.target, digest: query.digest, ignored },
  );
}

function judge(
  status: RequestStatus,
  policy: GovernancePolicy,
  registry: ApproversRegistry,
  query: GateQuery & { now: Date },
  ignored: IgnoredDecision[],
): GateApproval | GateError {
  const { request } = status;
  const id = request.requestId;
  const details = { requestId: id, asset: assetKey(request.asset), target: request.target, ignored };
  if (status.state === "rejected") {
    const r = status.rejection!;
    return new GateError(
      "GATE_REJECTED",
      `request ${id} was ${r.withdrawn ? "withdrawn" : "rejected"} by ${r.person} at ${r.at}: ${r.reason}`,
      { ...details, rejectedBy: r.person, reason: r.reason },
    );
  }
  const changed =
    request.digest !== query.digest
      ? { field: "digest", was: request.digest, now: query.digest }
      : query.manifestDigest !== undefined && request.manifestDigest !== query.manifestDigest
        ? { field: "manifestDigest", was: request.manifestDigest, now: query.manifestDigest }
        : undefined;
  if (changed && status.validApprovals.length > 0) {
    return new GateError(
      "GATE_DIGEST_MISMATCH",
      `the content changed after approval: request ${id} approved ${changed.field} ${changed.was}, but the content to promote has ${changed.now}; request a new approval`,
      { ...details, field: changed.field, approvedDigest: changed.was, currentDigest: changed.now },
    );
  }
  if (query.now.getTime() > Date.parse(status.effectiveExpiresAt)) {
    return new GateError(
      "GATE_EXPIRED",
      `request ${id} expired at ${status.effectiveExpiresAt} (requested ${status.requestedAt}; policy TTL now ${policy.approvalTtl}); request a new approval`,
      { ...details, expiresAt: status.effectiveExpiresAt },
    );
  }
  // Separation of duties against the creators known now (dev version creator, training run starter).
  const creators = query.creators ?? [];
  const valid = status.validApprovals.filter((a) => {
    const person = registry.people.find((p) => p.id === a.person);
    return person !== undefined && !creatorIn(person, registry, creators);
  });
  if (!changed && valid.length >= policy.minApprovals) {
    return {
      kind: "approval",
      requestId: id,
      asset: request.asset,
      target: request.target,
      digest: request.digest,
      manifestDigest: request.manifestDigest,
      expiresAt: status.effectiveExpiresAt,
      requesterPerson: status.requesterPerson,
      approvedBy: valid.map((a) => a.person),
      approvals: valid,
      ignored,
      ...(request.deployment ? { deployment: request.deployment } : {}),
    };
  }
  const creatorApproval = status.validApprovals.find((a) => !valid.includes(a));
  if (creatorApproval) {
    const person = registry.people.find((p) => p.id === creatorApproval.person)!;
    return selfApproval(id, person, creatorIn(person, registry, creators)!);
  }
  const self = status.approvals.find((a) => a.person === status.requesterPerson);
  if (self) {
    return new GateError(
      "GATE_SELF_APPROVAL",
      `request ${id} was approved only by its requester ${self.person}; separation of duties needs another approver`,
      { ...details, approver: self.person },
    );
  }
  const outsider = status.approvals.find((a) => !status.validApprovals.includes(a));
  if (outsider) {
    return new GateError(
      "GATE_APPROVER_NOT_ALLOWED",
      `${outsider.person} approved request ${id} but is not an approver under the policy (${policy.source})`,
      { ...details, approver: outsider.person },
    );
  }
  return new GateError(
    "GATE_NO_APPROVAL",
    changed
      ? `request ${id} covers ${changed.field} ${changed.was}, not ${changed.now}, and is not approved`
      : `request ${id} is pending: ${status.validApprovals.length} of ${policy.minApprovals} approvals${ignored.length > 0 ? ` (${ignored.length} decision(s) did not count: ${ignored.map((i) => `seq ${i.seq} ${i.code}`).join(", ")})` : ""}`,
    { ...details, approvals: status.validApprovals.length, required: policy.minApprovals },
  );
}

function openBreakglass(
  grants: readonly BreakglassGrant[],
  policy: GovernancePolicy,
  registry: ApproversRegistry,
  query: GateQuery & { now: Date },
  wanted: string,
  ignored: IgnoredDecision[],
): GateApproval | undefined {
  if (!policy.breakglass.allowed) return undefined;
  const grant = [...grants].reverse().find((g) => {
    const person = registry.people.find((p) => p.id === g.person);
    return (
      person !== undefined &&
      assetKey(g.asset) === wanted &&
      g.target === query.target &&
      g.digest === query.digest &&
      (query.manifestDigest === undefined || g.manifestDigest === query.manifestDigest) &&
      query.now.getTime() <= Date.parse(g.expiresAt) &&
      personMatches(policy.breakglass.principals, person, g.by)
    );
  });
  if (!grant) return undefined;
  return {
    kind: "breakglass",
    requestId: grant.breakglassId,
    asset: grant.asset,
    target: grant.target,
    digest: grant.digest,
    manifestDigest: grant.manifestDigest,
    expiresAt: grant.expiresAt,
    requesterPerson: grant.person,
    approvedBy: [grant.person],
    approvals: [],
    ignored,
  };
}

function filterStatuses(state: ApprovalState, filter: StatusFilter): RequestStatus[] {
  const states = filter.state === undefined ? undefined : ([] as RequestState[]).concat(filter.state);
  const byId = filter.requestId === undefined ? undefined : findRequest(state, filter.requestId);
  return [...state.requests.values()]
    .filter(
      (s) =>
        (filter.requestId === undefined || s === byId) &&
        (filter.asset?.kind === undefined || s.request.asset.kind === filter.asset.kind) &&
        (filter.asset?.name === undefined || s.request.asset.name === filter.asset.name) &&
        (filter.asset?.version === undefined || s.request.asset.version === filter.asset.version) &&
        (filter.target === undefined || s.request.target === filter.target) &&
        (states === undefined || states.includes(s.state)),
    )
    .sort((a, b) => b.seq - a.seq);
}

/** Who filed a request: the signer of its `request` decision, or the person behind its verified CI evidence. */
function requesterOf(
  record: LedgerRecord<"approval.requested">,
  registry: ApproversRegistry,
  ciVerdicts: ReadonlyMap<number, CiVerdict>,
  verify: (record: LedgerRecord, envelope: DsseEnvelope | undefined, expect: Expectation) => Verified,
):
  | { ok: true; person: string; requestedAt: string; ciToken?: string }
  | { ok: false; code: string; reason: string } {
  const request = record.data;
  if (request.envelope) {
    const verified = verify(record, request.envelope, expectFor("request", request));
    if (!verified.ok)
      return { ok: false, code: verified.code, reason: `request not counted: ${verified.reason}` };
    return { ok: true, person: verified.person.id, requestedAt: verified.decision.signedAt };
  }
  if (request.ci) {
    const verdict = ciVerdicts.get(record.seq);
    if (!verdict)
      return { ok: false, code: "GATE_CI_UNVERIFIED", reason: "its CI evidence was not verified" };
    if (!verdict.ok)
      return { ok: false, code: verdict.code, reason: `its CI evidence does not verify: ${verdict.reason}` };
    const person = personOfCiLogin(registry, verdict.actor);
    if (!person) {
      return {
        ok: false,
        code: "GATE_NOT_REGISTERED",
        reason: `CI actor ${verdict.actor} is not in the approvers registry`,
      };
    }
    return { ok: true, person: person.id, requestedAt: verdict.issuedAt, ciToken: verdict.tokenId };
  }
  return {
    ok: false,
    code: "DECISION_UNSIGNED",
    reason: "it is neither signed by a person nor backed by CI evidence",
  };
}

type Expectation = Omit<Decision, "signedAt" | "signer" | "reason" | "deployment">;

function expectFor(decision: Decision["decision"], request: ApprovalRequest): Expectation {
  return {
    decision,
    requestId: request.requestId,
    asset: { kind: request.asset.kind, name: request.asset.name, version: request.asset.version },
    digest: request.digest,
    bundleDigest: request.manifestDigest,
    target: request.target,
    expiresAt: request.expiresAt,
  };
}

function decisionOf(
  decision: Decision["decision"],
  request: ApprovalRequest,
  signer: string,
  now: Date,
  reason?: string,
): Decision {
  return {
    ...expectFor(decision, request),
    signedAt: now.toISOString(),
    signer,
    ...(reason ? { reason } : {}),
    ...(request.deployment ? { deployment: { bundleDigest: request.manifestDigest } } : {}),
  };
}

type Verified =
  | { ok: true; decision: Decision; person: Person; keyid: string }
  | { ok: false; code: string; reason: string };

/**
 * A decision counts when its envelope verifies against the registry and its signed statement binds exactly what
 * the record claims: the same decision, request, asset, digests, target and deadline (so a signature cannot be
 * replayed onto another request or read as approving other bytes).
 */
function verifyDecision(
  envelope: DsseEnvelope | undefined,
  registry: ApproversRegistry,
  expect: Expectation,
  verified: VerifiedDecision | undefined,
): Verified {
  if (!envelope) return { ok: false, code: "DECISION_UNSIGNED", reason: "it carries no signed decision" };
  const result = verified ?? verifyEnvelope(envelope, registry);
  if (!result.ok) return { ok: false, code: result.code, reason: result.reason };
  const signed = result.decision;
  const differ = (Object.keys(expect) as Array<keyof Expectation>).filter(
    (key) => canonicalJson(signed[key] ?? null) !== canonicalJson(expect[key] ?? null),
  );
  if (differ.length > 0) {
    return {
      ok: false,
      code: "DECISION_MISMATCH",
      reason: `the signed decision binds another ${differ.join(", ")} (signed ${differ.map((k) => JSON.stringify(signed[k])).join(", ")})`,
    };
  }
  return { ok: true, decision: signed, person: result.person, keyid: result.keyid };
}

/** The registry person a credential belongs to: by object id, UPN or (service principals) app id. */
export function personOfIdentity(
  registry: ApproversRegistry,
  identity: Pick<Identity, "objectId" | "name" | "upn" | "appId">,
): Person | undefined {
  const names = [identity.objectId, identity.upn, identity.name, identity.appId]
    .filter((n): n is string => typeof n === "string" && n !== "")
    .map((n) => n.toLowerCase());
  return registry.people.find((person) => person.principals.some((p) => names.includes(p.toLowerCase())));
}

function personOfCiLogin(registry: ApproversRegistry, login: string): Person | undefined {
  return registry.people.find((person) => person.github?.toLowerCase() === login.toLowerCase());
}

/**
 * Whether `set` admits the person, by the principals (UPNs, object ids) the approvers registry lists for them.
 * Never by a record's `approver`/`by` facts (groups, object id): whoever appends a record writes those, unsigned,
 * so any registered person could claim an approvers group or another person's object id.
 */
function personMatches(set: GovernancePolicy["approvers"], person: Person, _facts?: ApproverFacts): boolean {
  for (const principal of person.principals) {
    if (matchPrincipal(set, { objectId: principal, name: principal, kind: "user", upn: principal }))
      return true;
  }
  return false;
}

function personIsApprover(policy: GovernancePolicy, person: Person, facts?: ApproverFacts): boolean {
  return personMatches(policy.approvers, person, facts);
}

/** The creator principal that is this person (or maps to them in the registry), if any. */
function creatorIn(
  person: Person,
  registry: ApproversRegistry,
  creators: readonly string[],
): string | undefined {
  for (const creator of creators) {
    const lower = creator.toLowerCase();
    if (person.principals.some((p) => p.toLowerCase() === lower)) return creator;
    const mapped = registry.people.find((p) => p.principals.some((q) => q.toLowerCase() === lower));
    if (mapped?.id === person.id) return creator;
  }
  return undefined;
}

function selfApproval(requestId: string, person: Person, creator: string): GateError {
  return new GateError(
    "GATE_SELF_APPROVAL",
    `${person.id} created the asset version in dev or started its training run (as ${creator}) and cannot approve request ${requestId} (separation of duties): another approver must`,
    { requestId, approver: person.id, creator },
  );
}

function refuseClosed(status: RequestStatus, now: Date): void {
  const id = status.request.requestId;
  if (status.state === "superseded") throw superseded(status);
  if (status.state === "rejected") {
    throw new GateError(
      "GATE_REJECTED",
      `request ${id} was rejected by ${status.rejection!.person}: ${status.rejection!.reason}`,
      { requestId: id },
    );
  }
  if (now.getTime() < Date.parse(status.requestedAt) - CLOCK_SKEW_MS) {
    throw new GateError(
      "GATE_REQUEST_POSTDATED",
      `request ${id} is dated ${status.requestedAt}, later than now: an approval now would not count (file a new request)`,
      { requestId: id, requestedAt: status.requestedAt },
    );
  }
  if (now.getTime() > Date.parse(status.effectiveExpiresAt)) {
    throw new GateError(
      "GATE_EXPIRED",
      `request ${id} expired at ${status.effectiveExpiresAt}; file a new request`,
      {
        requestId: id,
        expiresAt: status.effectiveExpiresAt,
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

function notAllowed(policy: GovernancePolicy, who: string, requestId: string): GateError {
  return new GateError(
    "GATE_APPROVER_NOT_ALLOWED",
    `${who} is not an approver under the policy (${policy.source}: approvals.approvers)`,
    { requestId, approver: who },
  );
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
    problems.push(
      "asset.name must be an asset name (letters, digits, '-', '_'; 1-255, starting with a letter or digit)",
    );
  }
  if (typeof asset?.version !== "string" || !ASSET_VERSION.test(asset.version)) {
    problems.push(
      "asset.version must be a version (letters, digits, '.', '-', '_'; 1-100, starting with a letter or digit)",
    );
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
