/**
 * @module governance/evidence-pack/verify
 * `airlock evidence verify`: checks a pack offline, with nothing but the approvers registry. In order:
 *
 * 1. the bytes: the seal, the data, and the page being exactly what Airlock renders from the data (file.ts);
 * 2. the chain: records `from`…head are consecutive, each record's hash is the sha256 of its canonical JSON
 *    without `hash`, each names the hash of the record before it, the last one is the head;
 * 3. the anchor: the prod version's `airlock.ledger_anchor` names a record of that chain, with that hash;
 * 4. the summary: what the pack says about its records is what they say (summary.ts);
 * 5. the decisions: the approval that let the version into prod (the prod version's `airlock.approval_id`) and
 *    the deployment approval of every rollout each have a request and the policy's number of approvals by
 *    other people whom the policy names as approvers, whose DSSE signatures verify against the registry (its
 *    validity judged when each was recorded) and whose signed statements bind exactly the request, asset,
 *    digest, bundle digest, target and deadline recorded — the asset's digest being the one on the prod
 *    version; or a verified breakglass for that digest by someone the policy lets break glass. The policy is
 *    the one the pack carries (in force at export) unless the auditor names one (`--policy`).
 *
 * Every problem is named; any one fails the pack (VerificationError, exit 8). Signed decisions about the asset
 * that do not verify and opened no gate (anyone who can append may append them) are listed as warnings.
 */
import { createHash } from "node:crypto";
import { canonicalJson, sha256Canonical } from "../../canonical-json.ts";
import { AirlockError, VerificationError } from "../../errors.ts";
import { GENESIS_HASH, type LedgerHead } from "../ledger.ts";
import { type GovernancePolicy, matchPrincipal, type PrincipalSet, parsePolicy } from "../policy.ts";
import type { LedgerRecord } from "../records.ts";
import {
  type ApproversRegistry,
  type Decision,
  type Person,
  personForGithub,
  type VerifiedDecision,
  verifyEnvelopeAsync,
} from "../signing/index.ts";
import { parsePack } from "./file.ts";
import type { EvidencePack, PackSubject, PackSummary } from "./format.ts";
import { summarize } from "./summary.ts";

/** Property names on prod versions (src/assets/properties.ts PROP; repeated: governance sits below assets' users). */
const ANCHOR_PROPERTY = "airlock.ledger_anchor";
const DIGEST_PROPERTY = "airlock.digest";
const APPROVAL_PROPERTY = "airlock.approval_id";

export interface PackProblem {
  code: string;
  detail: string;
}

export interface GateEvidence {
  purpose: "promotion" | "deployment";
  approvalId: string;
  kind: "approval" | "breakglass";
  /** Registry ids (or, for a CI-filed request, "ci:<actor>"). */
  requestedBy?: string;
  approvedBy: string[];
}

export interface PackVerification {
  ok: true;
  /** sha256 over the sealed bytes: the pack's identity. */
  seal: string;
  subject: PackSubject;
  anchor: LedgerHead;
  head: LedgerHead;
  records: number;
  relevant: number;
  gates: GateEvidence[];
  evidence: Record<string, number>;
  /** Where the registry came from. */
  registry: string;
  /** The policy approvers were judged under. */
  policy: string;
  /**
   * Rule-result records (`evidence.evaluated`) whose recorded evidence-policy digest is the carried policy's:
   * through them the ledger chain binds that part of the policy text.
   */
  policyRecorded: number[];
  warnings: string[];
}

/** The bytes, the chain, the anchor and the summary (1–4): everything that needs no registry. */
export function inspectPack(bytes: Buffer): { pack: EvidencePack; seal: string; problems: PackProblem[] } {
  const { pack, seal } = parsePack(bytes);
  return { pack, seal, problems: [...chainProblems(pack), ...consistencyProblems(pack)] };
}

export interface VerifyPackOptions {
  /**
   * Who may approve (and break glass): by default the policy the pack carries, i.e. the one in force where it
   * was exported; an auditor may judge under a policy file they trust instead.
   */
  policy?: GovernancePolicy;
}

/** Verifies everything (1–5). Throws VerificationError naming every problem. */
export async function verifyPack(
  bytes: Buffer,
  registry: ApproversRegistry,
  options: VerifyPackOptions = {},
): Promise<PackVerification> {
  const { pack, seal, problems } = inspectPack(bytes);
  let carried: GovernancePolicy;
  try {
    carried = parsePolicy(pack.policy.text, `${pack.policy.source} (as carried in the pack)`);
  } catch (error) {
    throw new VerificationError(
      "EVIDENCE_POLICY_INVALID",
      `the policy the pack carries cannot be read: ${(error as Error).message}`,
    );
  }
  const policy = options.policy ?? carried;
  // Judged on what the records say (the pack's own summary was compared with it above).
  const summary = summarize(pack.ledger.records, pack.subject);
  let decisions: Awaited<ReturnType<typeof decisionProblems>>;
  try {
    decisions = await decisionProblems(pack, summary, registry, policy);
  } catch (error) {
    if (error instanceof AirlockError) throw error;
    // Records are untrusted input: a shape no check foresaw is a failed verification, not a crash.
    throw new VerificationError(
      "EVIDENCE_PACK_MALFORMED",
      `a decision record in the pack cannot be checked: ${(error as Error).message}`,
    );
  }
  problems.push(...decisions.problems);
  const recorded = recordedPolicy(pack, summary, carried);
  if (problems.length > 0) {
    throw new VerificationError(
      problems[0]!.code,
      `the evidence pack failed verification: ${problems.map((p) => `${p.code}: ${p.detail}`).join("; ")}`,
      { problems },
    );
  }
  const evidence: Record<string, number> = {};
  for (const [type, seqs] of Object.entries(summary.evidence)) evidence[type] = seqs.length;
  return {
    ok: true,
    seal,
    subject: pack.subject,
    anchor: pack.anchor,
    head: pack.ledger.head,
    records: pack.ledger.records.length,
    relevant: summary.relevant.length,
    gates: decisions.gates,
    evidence,
    registry: registry.source,
    policy: policy.source,
    policyRecorded: recorded.matching,
    warnings: [...decisions.warnings, ...recorded.warnings],
  };
}

function chainProblems(pack: EvidencePack): PackProblem[] {
  const { from, head, records } = pack.ledger;
  const problems: PackProblem[] = [];
  const broken = (detail: string) => problems.push({ code: "EVIDENCE_CHAIN_BROKEN", detail });
  let previous: string | undefined = from === 1 ? GENESIS_HASH : undefined;
  for (const [index, record] of records.entries()) {
    const seq = from + index;
    if (record.seq !== seq) {
      broken(
        `the record at position ${index} carries seq ${record.seq}, not ${seq}: the slice is not consecutive`,
      );
      return problems;
    }
    const { hash, ...unhashed } = record;
    const actual = sha256Canonical(unhashed);
    if (actual !== hash) {
      broken(
        `record #${seq}'s content does not match its hash (${hash}; content hashes to ${actual}): it was edited`,
      );
      return problems;
    }
    if (previous !== undefined && record.prevHash !== previous) {
      broken(
        `record #${seq} does not link to record #${seq - 1} (prevHash ${record.prevHash}, expected ${previous})`,
      );
      return problems;
    }
    previous = hash;
  }
  const last = records[records.length - 1]!;
  if (last.seq !== head.seq || last.hash !== head.hash)
    broken(`the slice ends at #${last.seq} ${last.hash}, but the pack names head #${head.seq} ${head.hash}`);
  return problems;
}

function consistencyProblems(pack: EvidencePack): PackProblem[] {
  const problems: PackProblem[] = [];
  const { subject, anchor, prodVersion, ledger } = pack;
  const add = (code: string, detail: string) => problems.push({ code, detail });
  if (subject.key !== `${subject.kind}:${subject.name}@${subject.version}`)
    add(
      "EVIDENCE_SUBJECT_MISMATCH",
      `subject key ${subject.key} does not name ${subject.kind} ${subject.name}@${subject.version}`,
    );
  if (prodVersion.id !== subject.prodId)
    add(
      "EVIDENCE_SUBJECT_MISMATCH",
      `the prod version facts are about ${prodVersion.id}, not ${subject.prodId}`,
    );
  if (prodVersion.properties[DIGEST_PROPERTY] !== subject.digest)
    add(
      "EVIDENCE_DIGEST_MISMATCH",
      `the prod version records digest ${prodVersion.properties[DIGEST_PROPERTY] ?? "(none)"}, the pack is about ${subject.digest}`,
    );
  if (prodVersion.properties[ANCHOR_PROPERTY] !== `${anchor.seq}:${anchor.hash}`)
    add(
      "EVIDENCE_ANCHOR_MISMATCH",
      `the prod version's ${ANCHOR_PROPERTY} is ${prodVersion.properties[ANCHOR_PROPERTY] ?? "(none)"}, the pack names ${anchor.seq}:${anchor.hash}`,
    );
  const anchored = ledger.records[anchor.seq - ledger.from];
  if (anchor.seq < ledger.from || anchor.seq > ledger.head.seq || !anchored)
    add(
      "EVIDENCE_ANCHOR_MISMATCH",
      `the anchor names record #${anchor.seq}, outside the slice #${ledger.from}…#${ledger.head.seq}`,
    );
  else if (anchored.seq !== anchor.seq || anchored.hash !== anchor.hash)
    add(
      "EVIDENCE_ANCHOR_MISMATCH",
      `the anchor says record #${anchor.seq} is ${anchor.hash}, the slice holds ${anchored.hash}`,
    );
  const derived = summarize(ledger.records, subject);
  if (canonicalJson(derived) !== canonicalJson(pack.summary))
    add(
      "EVIDENCE_SUMMARY_MISMATCH",
      "the pack's summary is not what its records say (relevant records, decisions, rollouts or evidence differ)",
    );
  if (derived.relevant.length === 0 || derived.relevant[0]! < ledger.from)
    add("EVIDENCE_SLICE_INCOMPLETE", "the slice holds no record about the asset version");
  const policyDigest = `sha256:${createHash("sha256").update(pack.policy.text, "utf8").digest("hex")}`;
  if (policyDigest !== pack.policy.sha256)
    add(
      "EVIDENCE_POLICY_MISMATCH",
      `the policy text hashes to ${policyDigest}, the pack says ${pack.policy.sha256}`,
    );
  return problems;
}

type Expectation = Partial<Decision>;

interface Judged {
  record: LedgerRecord;
  verdict: VerifiedDecision | undefined;
}

function data(record: LedgerRecord): Record<string, unknown> {
  return record.data as unknown as Record<string, unknown>;
}

/** What a decision about `request` must bind (approvals.ts expectFor + decisionOf). */
function expectationFor(kind: Decision["decision"], request: Record<string, unknown>): Expectation {
  const asset = (request.asset ?? {}) as Record<string, unknown>;
  return {
    decision: kind,
    requestId: request.requestId as string,
    asset: { kind: asset.kind, name: asset.name, version: asset.version } as Decision["asset"],
    digest: request.digest as string,
    bundleDigest: request.manifestDigest as string,
    target: request.target as string,
    expiresAt: request.expiresAt as string,
    ...(request.deployment !== undefined
      ? { deployment: { bundleDigest: request.manifestDigest as string } }
      : {}),
  };
}

async function judge(
  record: LedgerRecord,
  expect: Expectation,
  registry: ApproversRegistry,
): Promise<Judged> {
  const envelope = data(record).envelope;
  if (envelope === undefined) return { record, verdict: undefined };
  // The registry entry's validity is judged when the decision was recorded, not today.
  const at = Date.parse(record.at);
  const verdict = await verifyEnvelopeAsync(envelope, registry, {
    ...(Number.isFinite(at) ? { now: new Date(at) } : {}),
    expect,
  });
  return { record, verdict };
}

function why(judged: Judged): string {
  if (!judged.verdict) return "it carries no signed decision";
  return judged.verdict.ok ? "verified" : `${judged.verdict.code}: ${judged.verdict.reason}`;
}

/**
 * Which rule-result records name the evidence rules of the carried policy (`policyDigest`: sha256 of the
 * canonical JSON of its `evidence` section, src/promotion/evidence-gate.ts); the others are named as warnings.
 */
function recordedPolicy(
  pack: EvidencePack,
  summary: PackSummary,
  carried: GovernancePolicy,
): { matching: number[]; warnings: string[] } {
  const section = (carried as { evidence?: unknown }).evidence;
  if (section === undefined) return { matching: [], warnings: [] };
  const digest = `sha256:${createHash("sha256").update(canonicalJson(section)).digest("hex")}`;
  const matching: number[] = [];
  const warnings: string[] = [];
  for (const seq of summary.evidence["evidence.evaluated"] ?? []) {
    const data = (pack.ledger.records[seq - pack.ledger.from]?.data ?? {}) as { policyDigest?: unknown };
    const recorded = data.policyDigest;
    if (recorded === digest) matching.push(seq);
    else
      warnings.push(
        `record #${seq} evaluated the evidence rules of another policy (${String(recorded)}) than the pack carries (${digest})`,
      );
  }
  return { matching, warnings };
}

/** Whether one of the person's principals is in `set` (approvals.ts personMatches: groups sign nothing). */
function admits(set: PrincipalSet, person: Person): boolean {
  return person.principals.some((principal) =>
    matchPrincipal(set, { objectId: principal, name: principal, kind: "user", upn: principal }),
  );
}

async function decisionProblems(
  pack: EvidencePack,
  summary: PackSummary,
  registry: ApproversRegistry,
  policy: GovernancePolicy,
): Promise<{ problems: PackProblem[]; gates: GateEvidence[]; warnings: string[] }> {
  const problems: PackProblem[] = [];
  const gates: GateEvidence[] = [];
  const warnings: string[] = [];
  const bySeq = new Map(pack.ledger.records.map((record) => [record.seq, record]));
  const entries = summary.decisions.map((entry) => ({ entry, record: bySeq.get(entry.seq)! }));
  const requests = new Map<string, LedgerRecord>();
  for (const { entry, record } of entries)
    if (entry.type === "approval.requested" && !requests.has(entry.requestId))
      requests.set(entry.requestId, record);

  // Judge every signed decision once.
  const judged = new Map<number, Judged>();
  for (const { entry, record } of entries) {
    const d = data(record);
    let expect: Expectation;
    if (entry.type === "breakglass") {
      const asset = (d.asset ?? {}) as Record<string, unknown>;
      expect = {
        decision: "breakglass",
        requestId: d.breakglassId as string,
        asset: { kind: asset.kind, name: asset.name, version: asset.version } as Decision["asset"],
        digest: d.digest as string,
        bundleDigest: d.manifestDigest as string,
        target: d.target as string,
        expiresAt: d.expiresAt as string,
      };
    } else {
      const request = requests.get(entry.requestId);
      const kind =
        entry.type === "approval.requested"
          ? "request"
          : entry.type === "approval.granted"
            ? "approve"
            : "reject";
      expect = expectationFor(kind, data(request ?? record));
    }
    judged.set(entry.seq, await judge(record, expect, registry));
  }

  const gateFor = (purpose: "promotion" | "deployment", approvalId: string, bundleDigest?: string) => {
    const fail = (detail: string) =>
      problems.push({
        code: "EVIDENCE_APPROVAL_UNVERIFIED",
        detail: `${purpose} approval ${approvalId}: ${detail}`,
      });
    const breakglass = entries.find((e) => e.entry.type === "breakglass" && e.entry.requestId === approvalId);
    if (breakglass) {
      const result = judged.get(breakglass.entry.seq)!;
      if (!result.verdict?.ok)
        return fail(`the breakglass record #${breakglass.entry.seq} does not verify (${why(result)})`);
      if (result.verdict.decision.digest !== pack.subject.digest)
        return fail(`the breakglass binds ${result.verdict.decision.digest}, not ${pack.subject.digest}`);
      if (!admits(policy.breakglass.principals, result.verdict.person))
        return fail(`${result.verdict.person.id} may not break glass under ${policy.source}`);
      gates.push({ purpose, approvalId, kind: "breakglass", approvedBy: [result.verdict.person.id] });
      return;
    }
    const request = requests.get(approvalId);
    if (!request) return fail("its request is not in the pack's ledger slice");
    const r = data(request);
    if (r.digest !== pack.subject.digest)
      return fail(`the request is for digest ${String(r.digest)}, not ${pack.subject.digest}`);
    if ((purpose === "deployment") !== (r.deployment !== undefined))
      return fail(
        `the request is ${r.deployment !== undefined ? "a deployment's" : "a promotion's"}, not a ${purpose}'s`,
      );
    if (bundleDigest !== undefined && r.manifestDigest !== bundleDigest)
      return fail(
        `the request binds bundle ${String(r.manifestDigest)}, the deployment records ${bundleDigest}`,
      );
    const requested = judged.get(request.seq)!;
    let requester: string | undefined;
    if (requested.verdict?.ok) requester = requested.verdict.person.id;
    else if (!requested.verdict && r.ci && typeof r.ci === "object") {
      // A CI-filed request: the person behind it is in a CI OIDC token, which needs the issuer's keys to check.
      const actor = String((r.ci as { actor?: unknown }).actor ?? "?");
      requester = personForGithub(registry, actor)?.id ?? `ci:${actor}`;
    } else return fail(`its request (record #${request.seq}) does not verify (${why(requested)})`);
    const grants = entries.filter(
      (e) => e.entry.type === "approval.granted" && e.entry.requestId === approvalId,
    );
    const approvedBy: string[] = [];
    const refused: string[] = [];
    for (const grant of grants) {
      const result = judged.get(grant.entry.seq)!;
      if (!result.verdict?.ok) refused.push(`#${grant.entry.seq}: ${why(result)}`);
      else if (result.verdict.person.id === requester)
        refused.push(`#${grant.entry.seq}: signed by the requester ${requester} (no second person)`);
      else if (!admits(policy.approvers, result.verdict.person))
        refused.push(
          `#${grant.entry.seq}: ${result.verdict.person.id} is not an approver under ${policy.source}`,
        );
      else if (!approvedBy.includes(result.verdict.person.id)) approvedBy.push(result.verdict.person.id);
    }
    if (approvedBy.length < Math.max(1, policy.minApprovals))
      return fail(
        grants.length === 0
          ? "no approval of it is in the pack"
          : `${approvedBy.length} approval(s) of it count, ${Math.max(1, policy.minApprovals)} needed (registry ${registry.source}, policy ${policy.source})${refused.length > 0 ? `: ${refused.join("; ")}` : ""}`,
      );
    gates.push({ purpose, approvalId, kind: "approval", requestedBy: requester, approvedBy });
    for (const rejection of entries.filter(
      (e) => e.entry.type === "approval.rejected" && e.entry.requestId === approvalId,
    ))
      if (judged.get(rejection.entry.seq)?.verdict?.ok)
        warnings.push(
          `${purpose} approval ${approvalId} was also rejected or withdrawn (record #${rejection.entry.seq})`,
        );
  };

  const promotionApproval = pack.prodVersion.properties[APPROVAL_PROPERTY] ?? summary.promotion?.approvalId;
  if (!promotionApproval)
    problems.push({
      code: "EVIDENCE_APPROVAL_UNVERIFIED",
      detail: "the pack names no approval that let the version into prod",
    });
  else gateFor("promotion", promotionApproval);
  const deploymentApprovals = new Map<string, string | undefined>();
  for (const rollout of summary.rollouts)
    if (rollout.deploymentApprovalId)
      deploymentApprovals.set(rollout.deploymentApprovalId, rollout.bundleDigest);
  for (const [id, bundle] of deploymentApprovals) gateFor("deployment", id, bundle);

  for (const [seq, result] of judged) {
    if (result.verdict?.ok || (!result.verdict && data(result.record).ci)) continue;
    warnings.push(`record #${seq} (${result.record.type}) does not count: ${why(result)}`);
  }
  return { problems, gates, warnings };
}
