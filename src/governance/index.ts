/**
 * @module governance
 * Approval gates, the audit ledger, secret hygiene, caller identity and lineage. Library only: the CLI
 * (`airlock request|approve|reject|status|audit show|audit verify|lineage`) composes these calls and prints.
 *
 * ## Composing
 * ```ts
 * const ledger = await Ledger.open(containerClient);          // @azure/storage-blob ContainerClient
 * const policy = await loadPolicy();                          // governance/policy.yml (or a path)
 * const me = await identityFromCredential(credential);        // who is acting: from the token, never a flag
 * const registry = await loadApproversRegistry({ repoRoot });  // governance/approvers.yml as committed
 * const approvals = new Approvals({ ledger, policy, registry });
 * const sign = (decision) => signWithSsh(decision, { keyFile });   // the person's SSH key, as git signs
 *
 * const request = await approvals.requestApproval({ asset, target, digest, manifestDigest, justification, requester: me, sign });
 * await approvals.approve(request.requestId, other, signAsOther, { comment: "metrics reviewed" });
 * const approval = await approvals.assertApproved({ asset, digest, manifestDigest, target }); // or GateError (exit 7)
 * const { ok, firstBad } = await ledger.verify({ anchors });           // `audit verify` (plus reconciliation)
 * ```
 *
 * ## Audit ledger — ledger.ts (record types and payloads: records.ts)
 * - `Ledger.open(container, { now?, maxAttempts?, readConcurrency?, annotations?, segmentRecords? })`
 * - `ledger.append(type, subject, data: LedgerPayloads[type], actor)` — typed; JSON Lines in append blobs
 *   (`segments/<first seq>.jsonl`), one Append Block per record with the append-position condition; nothing is
 *   ever overwritten or deleted (the container carries a WORM policy); secrets refused (LEDGER_SECRET).
 * - `ledger.read({ from?, to? })`, `ledger.head()`, `ledger.verify({ anchors? })`, `ledger.scan({ anchors? })`,
 *   `ledger.scanVerified()`, `ledger.assertAnchors(anchors)` (LEDGER_TRUNCATED, LEDGER_FORKED).
 * - `recordHash(record)`, `GENESIS_HASH`, `verifyChain(loaded, anchors)`, `segmentOf(seq)`; readers narrow with
 *   `isRecordOf(record, type)` / `recordsOf(records, type)`.
 *
 * ## Approval gates — approvals.ts (signed decisions: signing/, docs/signing.md; threat model: docs/security.md)
 * - `new Approvals({ ledger, policy, registry, verifyCi?, now? })`
 * - `requestApproval({ asset, target, digest, manifestDigest, justification, requester, sign | ci, deployment? })`
 * - `approve(id, approver, sign, { comment?, creators? })`, `reject(id, who, sign, reason)` →
 *   `{ status, recorded }`; `status(filter)` → `{ requests, ignored }`; `breakglass({ …, actor, sign })`
 * - `assertApproved({ asset, digest, manifestDigest?, target, requestId?, creators?, purpose?, now? })` — the gate.
 * - Pure: `foldApprovals(records, policy, registry, now, verdicts?)`, `evaluateGate(state, policy, registry, query)`.
 *
 * ## Policy — policy.ts (default file governance/policy.yml)
 * - `loadPolicy(file?)`, `parsePolicy(text, source?)`, `policyFromDocument(doc, source?)`, `defaultPolicy()`
 * - `matchPrincipal(set, who)`, `assertDataClassPromotable(policy, dataClass)`,
 *   `chooseEnvironmentStrategy(policy, requested?)`, `durationMs("24h")`
 *
 * ## Identity — identity.ts
 * - `identityFromToken(accessToken, { now? }): Identity` — `{ objectId, name, displayName, kind, tenantId,
 *   groups, upn?, appId?, tokenId?, expiresAt? }`
 * - `identityFromCredential(credential: TokenCredential, scope = ARM_SCOPE): Promise<Identity>`
 * - `actorOf(identity): Actor`
 *
 * ## Secret hygiene — src/redact.ts (use in every printer and logger)
 * - `redact(value)`, `redactText(text)`, `containsSecret(value)`, `findSecrets(text)`, `REDACTED`
 *
 * ## Lineage — lineage.ts (pure over facts read elsewhere)
 * - `lineageForEndpoint(endpoint, facts): LineageChain[]`, `lineageForAsset(assetId, facts): LineageChain`
 * - `LINEAGE_PROPERTIES` (the version properties it follows), `normalizeAssetId(id)`
 */

export * from "../canonical-json.ts";
export * from "../redact.ts";
export * from "./approvals.ts";
export * from "./identity.ts";
export * from "./ledger.ts";
export * from "./lineage.ts";
export * from "./policy.ts";
