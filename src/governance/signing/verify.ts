/**
 * @module governance/signing/verify
 * Verifies a decision envelope against the approvers registry. Never throws for bad input: the result is
 * `{ ok: true, decision, person, keyid }` or `{ ok: false, code, reason }`, so the gate can name every
 * envelope it ignores and why.
 *
 * Order (DSSE protocol.md): envelope shape → payload type → signature over PAE(payloadType, payload) by a key
 * in the registry → parse the Statement → the payload's `signer` is the key's owner → the person is still
 * valid → every field the caller expects (`expect`) is what was signed. SSH signatures are checked in process
 * (sshsig.ts); WebAuthn assertions need @simplewebauthn/server, which is asynchronous, so only
 * `verifyEnvelopeAsync` accepts them.
 */
import { canonicalJson } from "../../canonical-json.ts";
import {
  type Decision,
  type DecisionStatement,
  decodeBase64,
  IN_TOTO_PAYLOAD_TYPE,
  pae,
  parseDecisionPayload,
  webauthnChallenge,
} from "./envelope.ts";
import type { ApproversRegistry, Person, RegistryKey, WebAuthnRegistryKey } from "./registry.ts";
import {
  DECISION_NAMESPACE,
  dearmorSshSignature,
  parseSshSignature,
  SshSigError,
  verifySshSignature,
} from "./sshsig.ts";
import { parseWebAuthnSignature, verifyWebAuthnSignature, type WebAuthnSignature } from "./webauthn.ts";

/** Stable codes of a refused envelope. */
export const VERIFY_REFUSAL_CODES = [
  "ENVELOPE_MALFORMED",
  "PAYLOAD_TYPE_UNSUPPORTED",
  "SIGNATURE_MALFORMED",
  "SIGNATURE_ALGORITHM_UNSUPPORTED",
  "SIGNATURE_WRONG_NAMESPACE",
  "SIGNATURE_NO_USER_PRESENCE",
  "SIGNATURE_INVALID",
  "KEYID_MISMATCH",
  "KEY_NOT_IN_REGISTRY",
  "STATEMENT_INVALID",
  "SIGNER_MISMATCH",
  "APPROVER_EXPIRED",
  "DECISION_MISMATCH",
  "WEBAUTHN_NEEDS_ASYNC",
] as const;
export type VerifyRefusalCode = (typeof VERIFY_REFUSAL_CODES)[number];

export type VerifiedDecision =
  | { ok: true; decision: Decision; statement: DecisionStatement; person: Person; keyid: string }
  | {
      ok: false;
      code: VerifyRefusalCode;
      reason: string;
      /** The envelope's keyid, when it had one. */
      keyid?: string;
      /** The key owner, once the signature verified. */
      person?: string;
      /** Fields that differ from `expect` (DECISION_MISMATCH). */
      fields?: string[];
    };

export interface VerifyOptions {
  /** Point in time for the registry's validity (default: now). */
  now?: Date;
  /** What the decision must bind (e.g. requestId, digest, target): each field given is compared exactly. */
  expect?: Partial<Decision>;
}

type Refusal = Extract<VerifiedDecision, { ok: false }>;

const refuse = (code: VerifyRefusalCode, reason: string, extra: Partial<Refusal> = {}): Refusal => ({
  ok: false,
  code,
  reason,
  ...extra,
});

interface KeyIndex {
  byKeyid: Map<string, { person: Person; key: RegistryKey }>;
}
const indexes = new WeakMap<ApproversRegistry, KeyIndex>();

function indexOf(registry: ApproversRegistry): KeyIndex {
  let index = indexes.get(registry);
  if (!index) {
    index = { byKeyid: new Map() };
    for (const person of registry.people)
      for (const key of person.keys) index.byKeyid.set(key.keyid, { person, key });
    indexes.set(registry, index);
  }
  return index;
}

type Prepared =
  | { kind: "ssh"; keyid: string; payload: Buffer; paeBytes: Buffer; armored: string }
  | { kind: "webauthn"; keyid: string; payload: Buffer; paeBytes: Buffer; webauthn: WebAuthnSignature };

/** Checks the envelope's shape and decodes it (no cryptography yet). */
function prepare(envelope: unknown): Prepared | Refusal {
  if (typeof envelope !== "object" || envelope === null || Array.isArray(envelope))
    return refuse("ENVELOPE_MALFORMED", "the envelope is not a JSON object");
  const e = envelope as Record<string, unknown>;
  const unknownKeys = Object.keys(e).filter((k) => !["payloadType", "payload", "signatures"].includes(k));
  if (unknownKeys.length > 0)
    return refuse("ENVELOPE_MALFORMED", `unknown envelope member(s): ${unknownKeys.join(", ")}`);
  if (typeof e.payloadType !== "string") return refuse("ENVELOPE_MALFORMED", "payloadType: missing");
  if (typeof e.payload !== "string") return refuse("ENVELOPE_MALFORMED", "payload: missing");
  if (!Array.isArray(e.signatures) || e.signatures.length !== 1)
    return refuse("ENVELOPE_MALFORMED", "signatures: a decision envelope carries exactly one signature");
  const signature = e.signatures[0] as Record<string, unknown> | null;
  if (
    typeof signature !== "object" ||
    signature === null ||
    typeof signature.keyid !== "string" ||
    typeof signature.sig !== "string" ||
    Object.keys(signature).some((k) => k !== "keyid" && k !== "sig")
  )
    return refuse("ENVELOPE_MALFORMED", "signatures[0]: must be { keyid, sig } strings");
  const keyid = signature.keyid;
  if (e.payloadType !== IN_TOTO_PAYLOAD_TYPE)
    return refuse(
      "PAYLOAD_TYPE_UNSUPPORTED",
      `payloadType "${e.payloadType}" is not "${IN_TOTO_PAYLOAD_TYPE}"`,
      { keyid },
    );
  const payload = decodeBase64(e.payload);
  if (!payload) return refuse("ENVELOPE_MALFORMED", "payload: not base64", { keyid });
  const sigBytes = decodeBase64(signature.sig);
  if (!sigBytes || sigBytes.length === 0)
    return refuse("SIGNATURE_MALFORMED", "signatures[0].sig: not base64", { keyid });
  const paeBytes = pae(e.payloadType, payload);
  if (keyid.startsWith("SHA256:")) {
    if (sigBytes[0] !== 0x2d /* "-" */)
      return refuse("SIGNATURE_MALFORMED", "an SSH keyid with a signature that is not an armored SSHSIG", {
        keyid,
      });
    return { kind: "ssh", keyid, payload, paeBytes, armored: sigBytes.toString("utf8") };
  }
  if (keyid.startsWith("webauthn:")) {
    const parsed = parseWebAuthnSignature(sigBytes);
    if (typeof parsed === "string") return refuse("SIGNATURE_MALFORMED", parsed, { keyid });
    if (`webauthn:${parsed.webauthn.credentialId}` !== keyid)
      return refuse(
        "KEYID_MISMATCH",
        `keyid ${keyid} does not name the credential that signed (${parsed.webauthn.credentialId})`,
        { keyid },
      );
    return { kind: "webauthn", keyid, payload, paeBytes, webauthn: parsed };
  }
  return refuse(
    "SIGNATURE_MALFORMED",
    `keyid "${keyid}" is neither an SSH fingerprint (SHA256:…) nor webauthn:<credentialId>`,
    { keyid },
  );
}

/** SSH: parse, find the embedded key in the registry, verify in process. */
function verifySsh(prepared: Extract<Prepared, { kind: "ssh" }>, registry: ApproversRegistry) {
  const { keyid } = prepared;
  try {
    const sig = parseSshSignature(dearmorSshSignature(prepared.armored));
    const fingerprint = sig.publicKey.fingerprint;
    if (fingerprint !== keyid)
      return refuse("KEYID_MISMATCH", `keyid ${keyid} is not the signing key (${fingerprint})`, { keyid });
    const entry = indexOf(registry).byKeyid.get(fingerprint);
    if (entry?.key.kind !== "ssh")
      return refuse(
        "KEY_NOT_IN_REGISTRY",
        `the signing key ${fingerprint} (${sig.publicKey.type}) is not in the approvers registry (${registry.source})`,
        { keyid },
      );
    verifySshSignature(sig, prepared.paeBytes, DECISION_NAMESPACE);
    return entry;
  } catch (error) {
    if (error instanceof SshSigError) return refuse(error.problem, error.message, { keyid });
    // node:crypto refusing what the parser let through is still bad input, never a crash of the gate.
    return refuse("SIGNATURE_MALFORMED", `the SSH signature cannot be checked: ${(error as Error).message}`, {
      keyid,
    });
  }
}

/** Canonical JSON for comparison; a value JSON cannot hold never equals a signed one. */
function jsonText(value: unknown): string {
  try {
    return canonicalJson(value);
  } catch {
    return `(not JSON: ${String(value)})`;
  }
}

/** After the signature: the Statement, the signer binding, validity, and what the caller expects. */
function finish(prepared: Prepared, person: Person, options: VerifyOptions): VerifiedDecision {
  const { keyid } = prepared;
  const parsed = parseDecisionPayload(prepared.payload);
  if (!parsed.ok)
    return refuse("STATEMENT_INVALID", parsed.problems.join("; "), { keyid, person: person.id });
  const { decision, statement } = parsed;
  if (decision.signer !== person.id)
    return refuse(
      "SIGNER_MISMATCH",
      `the payload names signer "${decision.signer}" but key ${keyid} belongs to "${person.id}"`,
      { keyid, person: person.id },
    );
  const now = options.now ?? new Date();
  if (person.validUntil !== undefined && now.getTime() > Date.parse(person.validUntil))
    return refuse("APPROVER_EXPIRED", `${person.id}'s registry entry was valid until ${person.validUntil}`, {
      keyid,
      person: person.id,
    });
  const fields: string[] = [];
  const problems: string[] = [];
  for (const [field, wanted] of Object.entries(options.expect ?? {})) {
    if (wanted === undefined) continue;
    const signed = (decision as unknown as Record<string, unknown>)[field];
    const expected = jsonText(wanted);
    if (signed === undefined || jsonText(signed) !== expected) {
      fields.push(field);
      problems.push(
        `${field}: signed ${signed === undefined ? "(absent)" : jsonText(signed)}, expected ${expected}`,
      );
    }
  }
  if (fields.length > 0)
    return refuse(
      "DECISION_MISMATCH",
      `the signed decision does not bind this request: ${problems.join("; ")}`,
      {
        keyid,
        person: person.id,
        fields,
      },
    );
  return { ok: true, decision, statement, person, keyid };
}

/**
 * What an envelope claims, unverified: for naming an envelope the gate ignores ("bob's approve of req-1,
 * refused: KEY_NOT_IN_REGISTRY"). Never use it to decide anything.
 */
export function peekDecision(envelope: unknown): Partial<Decision> | undefined {
  try {
    const payload = decodeBase64(String((envelope as { payload?: unknown } | null)?.payload ?? ""));
    const predicate = payload && JSON.parse(payload.toString("utf8"))?.predicate;
    if (typeof predicate !== "object" || predicate === null) return undefined;
    const claim: Partial<Decision> = {};
    for (const field of ["decision", "requestId", "signer", "target", "digest"] as const)
      if (typeof predicate[field] === "string") (claim as Record<string, string>)[field] = predicate[field];
    return claim;
  } catch {
    return undefined;
  }
}

/**
 * Verifies an envelope synchronously. SSH signatures only: a WebAuthn signature is refused with
 * WEBAUTHN_NEEDS_ASYNC (use verifyEnvelopeAsync, which accepts both).
 */
export function verifyEnvelope(
  envelope: unknown,
  registry: ApproversRegistry,
  options: VerifyOptions = {},
): VerifiedDecision {
  const prepared = prepare(envelope);
  if ("ok" in prepared) return prepared;
  if (prepared.kind === "webauthn")
    return refuse("WEBAUTHN_NEEDS_ASYNC", "a WebAuthn signature is verified only by verifyEnvelopeAsync", {
      keyid: prepared.keyid,
    });
  const entry = verifySsh(prepared, registry);
  if ("ok" in entry) return entry;
  return finish(prepared, entry.person, options);
}

/** Verifies an envelope signed with an SSH key or a WebAuthn passkey. */
export async function verifyEnvelopeAsync(
  envelope: unknown,
  registry: ApproversRegistry,
  options: VerifyOptions = {},
): Promise<VerifiedDecision> {
  const prepared = prepare(envelope);
  if ("ok" in prepared) return prepared;
  if (prepared.kind === "ssh") {
    const entry = verifySsh(prepared, registry);
    if ("ok" in entry) return entry;
    return finish(prepared, entry.person, options);
  }
  const { keyid } = prepared;
  const entry = indexOf(registry).byKeyid.get(keyid);
  if (entry?.key.kind !== "webauthn")
    return refuse(
      "KEY_NOT_IN_REGISTRY",
      `the passkey ${keyid} is not in the approvers registry (${registry.source})`,
      { keyid },
    );
  const problem = await verifyWebAuthnSignature(
    prepared.webauthn,
    entry.key as WebAuthnRegistryKey,
    webauthnChallenge(prepared.payload),
  );
  if (problem) return refuse("SIGNATURE_INVALID", problem, { keyid });
  return finish(prepared, entry.person, options);
}
