/**
 * @module governance/redact
 * Secret hygiene lives in src/redact.ts (a base module, so the ARM client can use it without importing
 * governance); re-exported here for the governance modules and the governance index that import it.
 */
export { containsSecret, findSecrets, isSensitiveKey, REDACTED, redact, redactText } from "../redact.ts";
