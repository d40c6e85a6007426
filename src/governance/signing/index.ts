/**
 * @module governance/signing
 * Signed human decisions (issue #8). The envelope is an in-toto Statement v1 inside a DSSE envelope
 * (payloadType "application/vnd.in-toto+json", predicateType DECISION_PREDICATE_TYPE): see envelope.ts for
 * the exact format, sshsig.ts for why SSH signatures are verified in process, registry.ts for the approvers
 * registry (governance/approvers.yml, trusted only as committed) and twin-keys.ts for the twin's people.
 */
export { benchVerify, type VerifyBenchResult } from "./bench.ts";
export {
  assertDecision,
  DECISION_ASSET_KINDS,
  DECISION_KINDS,
  DECISION_PREDICATE_TYPE,
  type Decision,
  type DecisionAssetKind,
  type DecisionKind,
  type DecisionStatement,
  type DsseEnvelope,
  type DsseSignature,
  decisionPayload,
  decisionProblems,
  IN_TOTO_PAYLOAD_TYPE,
  IN_TOTO_STATEMENT_TYPE,
  pae,
  subjectName,
  webauthnChallenge,
} from "./envelope.ts";
export {
  type ApproversRegistry,
  DEFAULT_APPROVERS_FILE,
  type LoadApproversOptions,
  loadApproversRegistry,
  mergeApproversRegistries,
  type Person,
  parseApproversRegistry,
  personForGithub,
  personForPrincipal,
  type RegistryKey,
  type SshRegistryKey,
  type WebAuthnRegistryKey,
} from "./registry.ts";
export { SigningError, type SignWithSshOptions, signWithSsh, signWithTwinKey } from "./sign.ts";
export { DECISION_NAMESPACE } from "./sshsig.ts";
export { ensureTwinKeys, TWIN_PRINCIPAL_DOMAIN, twinSigningKey } from "./twin-keys.ts";
export {
  peekDecision,
  VERIFY_REFUSAL_CODES,
  type VerifiedDecision,
  type VerifyOptions,
  type VerifyRefusalCode,
  verifyEnvelope,
  verifyEnvelopeAsync,
} from "./verify.ts";
