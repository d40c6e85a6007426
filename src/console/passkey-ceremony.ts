/**
 * @module console/passkey-ceremony
 * Passkey decisions and passkey registration, without HTTP (passkey-routes.ts carries them).
 *
 * A decision is signed over THE SAME in-toto Statement the CLI signs (docs/signing.md): `begin` runs the very
 * library call the CLI runs (promotion/gate.ts approveRequest / rejectRequest) with a signer that only captures
 * the Decision the gate asks to sign and stops there — so every refusal the CLI gives (not registered,
 * self-approval, not an approver, request closed) comes first and nothing is written. The browser then asks the
 * passkey for an assertion whose challenge is base64url(sha256(PAE(payloadType, payload))), exactly what
 * governance/signing/webauthn.ts verifies. `finish` runs the same call again with a signer that returns the DSSE
 * envelope built from that assertion, after checking the gate asks for the same decision (all but `signedAt`,
 * which stays the time the person saw it). Whether the decision counts is the gate's fold alone: the console
 * verifies nothing of its own and reports the fold's verdict.
 *
 * Ceremonies live in memory for five minutes and are used once; the challenge names them.
 */
import { canonicalJson } from "../canonical-json.ts";
import type { Connection } from "../connect/connection.ts";
import { ConflictError, InputError } from "../errors.ts";
import type { IgnoredDecision, RequestStatus } from "../governance/approvals.ts";
import type { GovernancePolicy } from "../governance/policy.ts";
import {
  type Decision,
  type DecisionStatement,
  type DsseEnvelope,
  decisionPayload,
  IN_TOTO_PAYLOAD_TYPE,
  webauthnChallenge,
} from "../governance/signing/index.ts";
import { approveRequest, rejectRequest, requestStatuses } from "../promotion/gate.ts";

export const CEREMONY_TTL_MS = 5 * 60_000;
/** RP ID of every console passkey: the console serves on http://localhost:<port>. */
export const CONSOLE_RP_ID = "localhost";

export type DecisionKind = "approve" | "reject";

/** What the browser needs to ask the passkey for a signature (the wire shape of POST …/options). */
export interface DecisionCeremony {
  requestId: string;
  decision: DecisionKind;
  /** The in-toto Statement being signed, for the person to see. */
  statement: DecisionStatement;
  /** base64 of the payload bytes (canonical JSON of the Statement). */
  payload: string;
  /** base64url(sha256(PAE)): the WebAuthn challenge. */
  challenge: string;
  rpId: string;
  timeoutMs: number;
}

/** An assertion as the browser returns it (each field base64url). */
export interface PasskeyAssertion {
  id: string;
  response: { authenticatorData: string; clientDataJSON: string; signature: string };
}

/** The gate's verdict on the recorded decision (the wire shape of POST /api/decisions/:id). */
export interface DecisionOutcome {
  requestId: string;
  decision: DecisionKind;
  /** false when the same person's decision already stood (idempotent, as in the CLI). */
  recorded: boolean;
  /** Whether the gate counts it. */
  counted: boolean;
  /** The request's state after the decision. */
  state: RequestStatus["state"];
  /** The people whose approvals the gate counts now. */
  approvedBy: string[];
  keyid?: string;
  /** Why the gate does not count it (e.g. KEY_NOT_IN_REGISTRY, SIGNER_MISMATCH). */
  ignored?: { code: string; reason: string };
}

interface Pending {
  ceremony: DecisionCeremony;
  decision: Decision;
  payload: Buffer;
  text: string;
  expiresAt: number;
}

/** Thrown by the capturing signer to stop the gate call right before it would sign and append. */
class Captured extends Error {
  readonly decision: Decision;
  constructor(decision: Decision) {
    super("captured");
    this.decision = decision;
  }
}

const B64URL = /^[A-Za-z0-9_-]+$/;

/** Parses the body of POST /api/decisions/:id; InputError names the problem. */
export function parseAssertion(body: unknown): PasskeyAssertion {
  const b = body as { assertion?: { id?: unknown; response?: Record<string, unknown> } } | null;
  const a = b?.assertion;
  const r = a?.response;
  const fields = ["authenticatorData", "clientDataJSON", "signature"] as const;
  if (
    typeof a?.id !== "string" ||
    !B64URL.test(a.id) ||
    typeof r !== "object" ||
    r === null ||
    fields.some((f) => typeof r[f] !== "string" || !B64URL.test(r[f] as string))
  )
    throw new InputError(
      "PASSKEY_ASSERTION_INVALID",
      "expected { assertion: { id, response: { authenticatorData, clientDataJSON, signature } } }, each base64url",
    );
  return {
    id: a.id,
    response: {
      authenticatorData: r.authenticatorData as string,
      clientDataJSON: r.clientDataJSON as string,
      signature: r.signature as string,
    },
  };
}

/** The challenge an assertion answers (from its clientDataJSON), or undefined. */
function challengeOf(assertion: PasskeyAssertion): string | undefined {
  try {
    const client = JSON.parse(Buffer.from(assertion.response.clientDataJSON, "base64url").toString("utf8"));
    return typeof client?.challenge === "string" ? client.challenge : undefined;
  } catch {
    return undefined;
  }
}

/** The DSSE envelope of a passkey-signed decision (docs/signing.md, "What sig holds"). */
export function passkeyEnvelope(payload: Buffer, assertion: PasskeyAssertion): DsseEnvelope {
  const sig = {
    webauthn: {
      credentialId: assertion.id,
      authenticatorData: assertion.response.authenticatorData,
      clientDataJSON: assertion.response.clientDataJSON,
      signature: assertion.response.signature,
    },
  };
  return {
    payloadType: IN_TOTO_PAYLOAD_TYPE,
    payload: payload.toString("base64"),
    signatures: [
      { keyid: `webauthn:${assertion.id}`, sig: Buffer.from(JSON.stringify(sig), "utf8").toString("base64") },
    ],
  };
}

const withoutTime = (d: Decision) => canonicalJson({ ...d, signedAt: "" });

/** Passkey decision ceremonies of one console (one connection, one person). */
export class DecisionCeremonies {
  readonly #pending = new Map<string, Pending>();
  readonly #connection: Connection;
  readonly #policy: GovernancePolicy;
  readonly #now: () => number;

  constructor(connection: Connection, policy: GovernancePolicy, now: () => number = Date.now) {
    this.#connection = connection;
    this.#policy = policy;
    this.#now = now;
  }

  #gate(requestId: string, kind: DecisionKind, text: string, signer: (d: Decision) => Promise<DsseEnvelope>) {
    return kind === "approve"
      ? approveRequest(this.#connection, requestId, this.#policy, {
          signer,
          ...(text ? { comment: text } : {}),
        })
      : rejectRequest(this.#connection, requestId, this.#policy, text, { signer });
  }

  /**
   * Starts a decision: the gate's own checks, then the Statement to sign and its challenge. Resolves to an
   * outcome instead when the person's decision already stands (nothing to sign).
   */
  async begin(
    requestId: string,
    kind: DecisionKind,
    text = "",
  ): Promise<{ ceremony: DecisionCeremony } | { outcome: DecisionOutcome }> {
    if (kind === "reject" && text.trim() === "")
      throw new InputError("APPROVAL_REASON_REQUIRED", "a rejection needs a reason");
    this.#sweep();
    let decision: Decision;
    try {
      const result = await this.#gate(requestId, kind, text, async (d) => {
        throw new Captured(d);
      });
      return {
        outcome: {
          requestId: result.status.request.requestId,
          decision: kind,
          recorded: false,
          counted: true,
          state: result.status.state,
          approvedBy: result.status.validApprovals.map((a) => a.person),
        },
      };
    } catch (error) {
      if (!(error instanceof Captured)) throw error;
      decision = error.decision;
    }
    const payload = decisionPayload(decision);
    const challenge = webauthnChallenge(payload);
    const ceremony: DecisionCeremony = {
      requestId: decision.requestId,
      decision: kind,
      statement: JSON.parse(payload.toString("utf8")) as DecisionStatement,
      payload: payload.toString("base64"),
      challenge,
      rpId: CONSOLE_RP_ID,
      timeoutMs: CEREMONY_TTL_MS,
    };
    this.#pending.set(challenge, {
      ceremony,
      decision,
      payload,
      text,
      expiresAt: this.#now() + CEREMONY_TTL_MS,
    });
    return { ceremony };
  }

  /** Records the decision the assertion signed, through the gate, and returns the gate's verdict on it. */
  async finish(requestId: string, assertion: PasskeyAssertion): Promise<DecisionOutcome> {
    this.#sweep();
    const challenge = challengeOf(assertion);
    const pending = challenge === undefined ? undefined : this.#pending.get(challenge);
    if (!pending || pending.ceremony.requestId !== requestId)
      throw new InputError(
        "PASSKEY_CEREMONY_UNKNOWN",
        `no open passkey ceremony for request ${requestId} answers this assertion (it expired, was used, or belongs to another request): start again`,
        { requestId },
      );
    this.#pending.delete(challenge as string);
    const envelope = passkeyEnvelope(pending.payload, assertion);
    const kind = pending.ceremony.decision;
    const result = await this.#gate(requestId, kind, pending.text, async (asked) => {
      if (withoutTime(asked) !== withoutTime(pending.decision))
        throw new ConflictError(
          "PASSKEY_DECISION_CHANGED",
          "the request changed while the passkey signed (the gate now asks for another decision): start again",
          { requestId },
        );
      return envelope;
    });
    const status = result.status;
    const keyid = envelope.signatures[0]!.keyid;
    const counted =
      kind === "approve"
        ? status.approvals.some((a) => a.keyid === keyid)
        : status.state === "rejected" && status.rejection !== undefined;
    const outcome: DecisionOutcome = {
      requestId: status.request.requestId,
      decision: kind,
      recorded: result.recorded,
      counted: result.recorded ? counted : true,
      state: status.state,
      approvedBy: status.validApprovals.map((a) => a.person),
      keyid,
    };
    if (result.recorded && !counted) {
      const why = await this.#ignoredFor(status.request.requestId, kind);
      if (why) outcome.ignored = { code: why.code, reason: why.reason };
    }
    return outcome;
  }

  /** The gate's reason for not counting the newest decision of this kind on the request. */
  async #ignoredFor(requestId: string, kind: DecisionKind): Promise<IgnoredDecision | undefined> {
    const type = kind === "approve" ? "approval.granted" : "approval.rejected";
    const { ignored } = await requestStatuses(this.#connection, this.#policy, { requestId });
    return ignored
      .filter((i) => i.requestId === requestId && i.type === type)
      .sort((a, b) => b.seq - a.seq)[0];
  }

  #sweep(): void {
    const now = this.#now();
    for (const [challenge, pending] of this.#pending)
      if (pending.expiresAt <= now) this.#pending.delete(challenge);
  }
}
