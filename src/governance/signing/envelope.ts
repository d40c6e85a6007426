/**
 * @module governance/signing/envelope
 * The signed form of a human decision: an in-toto Statement v1 (in-toto/attestation spec/v1/statement.md)
 * inside a DSSE envelope (secure-systems-lab/dsse envelope.md, protocol.md).
 *
 * - `payloadType` is "application/vnd.in-toto+json"; the payload is the canonical JSON (src/canonical-json.ts)
 *   of a Statement whose one subject is `<kind>:<name>@<version>` with the content digest, and whose predicate
 *   (type DECISION_PREDICATE_TYPE) is the Decision: everything the decision binds is inside the signed bytes.
 * - Signatures cover PAE(payloadType, payload) = "DSSEv1" SP len SP type SP len SP body (protocol.md).
 * - `sig` is base64 of the signature bytes, which are one of (told apart by their first byte and by keyid):
 *   - SSH: the armored SSHSIG text exactly as `ssh-keygen -Y sign -n airlock-decision` writes it over the PAE
 *     (so `base64 -d` gives a file `ssh-keygen -Y verify` reads); keyid = the key's `SHA256:…` fingerprint.
 *   - WebAuthn: the UTF-8 JSON `{"webauthn":{credentialId,authenticatorData,clientDataJSON,signature}}`
 *     (each base64url, as the browser returns them) where the challenge was base64url(sha256(PAE));
 *     keyid = `webauthn:<credentialId>`.
 * Verifiers accept standard and URL-safe base64 (protocol.md requires it).
 */
import { createHash } from "node:crypto";
import { canonicalJson } from "../../canonical-json.ts";
import { InputError } from "../../errors.ts";
import { compileSchema, describeSchemaErrors } from "../../platform/schema.ts";

export const IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";
export const IN_TOTO_STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
export const DECISION_PREDICATE_TYPE = "https://airlock.dev/attestations/decision/v1";

export const DECISION_KINDS = ["request", "approve", "reject", "breakglass"] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];
export const DECISION_ASSET_KINDS = ["model", "data", "environment", "component"] as const;
export type DecisionAssetKind = (typeof DECISION_ASSET_KINDS)[number];

/** One person's signed decision about one request. Closed: unknown members are refused. */
export interface Decision {
  decision: DecisionKind;
  requestId: string;
  asset: { kind: DecisionAssetKind; name: string; version: string };
  /** `sha256:<hex>` content digest of the asset version. */
  digest: string;
  /** `sha256:<hex>` digest of the promotion bundle. */
  bundleDigest: string;
  target: string;
  /** ISO 8601 date-time. */
  expiresAt: string;
  /** ISO 8601 date-time. */
  signedAt: string;
  /** The person's id in the approvers registry. */
  signer: string;
  reason?: string;
  deployment?: { bundleDigest: string };
}

export interface DsseSignature {
  keyid: string;
  /** base64 of the signature bytes (see the module header). */
  sig: string;
}

export interface DsseEnvelope {
  payloadType: string;
  /** base64 of the payload bytes. */
  payload: string;
  signatures: DsseSignature[];
}

/** The in-toto Statement a decision envelope carries. */
export interface DecisionStatement {
  _type: typeof IN_TOTO_STATEMENT_TYPE;
  subject: [{ name: string; digest: { sha256: string } }];
  predicateType: typeof DECISION_PREDICATE_TYPE;
  predicate: Decision;
}

const DIGEST = "^sha256:[0-9a-f]{64}$";
const text = { type: "string", minLength: 1, maxLength: 1024 };
const decisionSchema = {
  type: "object",
  additionalProperties: false,
  required: [
    "decision",
    "requestId",
    "asset",
    "digest",
    "bundleDigest",
    "target",
    "expiresAt",
    "signedAt",
    "signer",
  ],
  properties: {
    decision: { enum: [...DECISION_KINDS] },
    requestId: text,
    asset: {
      type: "object",
      additionalProperties: false,
      required: ["kind", "name", "version"],
      properties: { kind: { enum: [...DECISION_ASSET_KINDS] }, name: text, version: text },
    },
    digest: { type: "string", pattern: DIGEST },
    bundleDigest: { type: "string", pattern: DIGEST },
    target: text,
    expiresAt: { type: "string", format: "date-time" },
    signedAt: { type: "string", format: "date-time" },
    signer: text,
    reason: { type: "string", maxLength: 4096 },
    deployment: {
      type: "object",
      additionalProperties: false,
      required: ["bundleDigest"],
      properties: { bundleDigest: { type: "string", pattern: DIGEST } },
    },
  },
};
const validateDecision = compileSchema<Decision>(decisionSchema);

const statementSchema = {
  type: "object",
  additionalProperties: false,
  required: ["_type", "subject", "predicateType", "predicate"],
  properties: {
    _type: { const: IN_TOTO_STATEMENT_TYPE },
    subject: {
      type: "array",
      minItems: 1,
      maxItems: 1,
      items: {
        type: "object",
        additionalProperties: false,
        required: ["name", "digest"],
        properties: {
          name: { type: "string" },
          digest: {
            type: "object",
            additionalProperties: false,
            required: ["sha256"],
            properties: { sha256: { type: "string", pattern: "^[0-9a-f]{64}$" } },
          },
        },
      },
    },
    predicateType: { const: DECISION_PREDICATE_TYPE },
    predicate: decisionSchema,
  },
};
const validateStatement = compileSchema<DecisionStatement>(statementSchema);

/** Problems with a decision's shape (empty when it is valid). */
export function decisionProblems(decision: unknown): string[] {
  if (validateDecision(decision)) return [];
  return describeSchemaErrors(validateDecision.errors);
}

/** Throws InputError DECISION_INVALID naming every problem. */
export function assertDecision(decision: unknown): asserts decision is Decision {
  const problems = decisionProblems(decision);
  if (problems.length > 0)
    throw new InputError("DECISION_INVALID", `invalid decision: ${problems.join("; ")}`, { problems });
}

/** The in-toto subject name of a decision's asset. */
export function subjectName(asset: Decision["asset"]): string {
  return `${asset.kind}:${asset.name}@${asset.version}`;
}

function decisionStatement(decision: Decision): DecisionStatement {
  return {
    _type: IN_TOTO_STATEMENT_TYPE,
    subject: [
      { name: subjectName(decision.asset), digest: { sha256: decision.digest.slice("sha256:".length) } },
    ],
    predicateType: DECISION_PREDICATE_TYPE,
    predicate: decision,
  };
}

/** The payload bytes of a decision: canonical JSON of its Statement. */
export function decisionPayload(decision: Decision): Buffer {
  assertDecision(decision);
  return Buffer.from(canonicalJson(decisionStatement(decision)), "utf8");
}

/** DSSE pre-authentication encoding (protocol.md). */
export function pae(payloadType: string, payload: Buffer): Buffer {
  const type = Buffer.from(payloadType, "utf8");
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${type.length} `, "ascii"),
    type,
    Buffer.from(` ${payload.length} `, "ascii"),
    payload,
  ]);
}

/** The WebAuthn challenge a passkey signs for a payload: base64url(sha256(PAE)). */
export function webauthnChallenge(payload: Buffer, payloadType: string = IN_TOTO_PAYLOAD_TYPE): string {
  return createHash("sha256").update(pae(payloadType, payload)).digest("base64url");
}

/** Strict base64 (standard or URL-safe, padding optional): undefined for anything else. */
export function decodeBase64(value: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value) && !/^[A-Za-z0-9_-]*={0,2}$/.test(value)) return undefined;
  const unpadded = value.replace(/=+$/, "");
  if (unpadded.length % 4 === 1) return undefined;
  const bytes = Buffer.from(unpadded.replaceAll("-", "+").replaceAll("_", "/"), "base64");
  // Refuse non-canonical trailing bits, so one signature has one encoding.
  if (bytes.toString("base64").replace(/=+$/, "") !== unpadded.replaceAll("-", "+").replaceAll("_", "/"))
    return undefined;
  return bytes;
}

/**
 * Parses payload bytes as a decision Statement. Returns the decision or the problems; requires the canonical
 * JSON form, so no two parsers can read one signed payload differently (duplicate keys, number forms).
 */
export function parseDecisionPayload(
  payload: Buffer,
): { ok: true; statement: DecisionStatement; decision: Decision } | { ok: false; problems: string[] } {
  let document: unknown;
  try {
    document = JSON.parse(payload.toString("utf8"));
  } catch (error) {
    return { ok: false, problems: [`the payload is not JSON: ${(error as Error).message}`] };
  }
  if (!validateStatement(document)) {
    return {
      ok: false,
      problems: describeSchemaErrors(validateStatement.errors).map((p) => `statement ${p}`),
    };
  }
  const statement = document;
  const decision = statement.predicate;
  const problems: string[] = [];
  let canonical: string;
  try {
    canonical = canonicalJson(document);
  } catch {
    canonical = "";
  }
  if (!Buffer.from(canonical, "utf8").equals(payload))
    problems.push("the payload is not in canonical JSON form (src/canonical-json.ts)");
  const subject = statement.subject[0];
  if (subject.name !== subjectName(decision.asset))
    problems.push(`subject name "${subject.name}" is not "${subjectName(decision.asset)}"`);
  if (`sha256:${subject.digest.sha256}` !== decision.digest)
    problems.push(`subject digest sha256:${subject.digest.sha256} is not the decision's ${decision.digest}`);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, statement, decision };
}
