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
 * const approvals = new Approvals({ ledger, policy });
 *
 * const request = await approvals.requestApproval({ asset, target, digest, manifestDigest, justification, requester: me });
 * await approvals.approve(request.requestId, me, "metrics reviewed");   // as another principal
 * const approval = await approvals.assertApproved({ asset, digest, manifestDigest, target }); // or GateError (exit 7)
 * const { ok, firstBad } = await ledger.verify({ anchor });            // `audit verify`
 * ```
 *
 * ## Audit ledger — ledger.ts
 * - `Ledger.open(container, { now?, maxAttempts?, readConcurrency? }): Promise<Ledger>` (creates the container)
 * - `ledger.append(type, subject, data, actor): Promise<LedgerRecord>` — type ∈ LEDGER_RECORD_TYPES; subject is
 *   `{ asset?, endpoint?, deployment?, requestId?, promotionId?, target? }` (string ids); data is redacted, and
 *   the record refused (InputError LEDGER_SECRET) if a secret survives; concurrent writers never fork the chain.
 * - `ledger.read({ from?, to? }): Promise<LedgerRecord[]>` — as stored, seq order (`audit show`).
 * - `ledger.head(): Promise<{ seq, hash }>` — print it in CI as an external anchor.
 * - `ledger.verify({ anchor? }): Promise<VerifyResult>` — `{ ok, count, headHash, headSeq, storedHead,
 *   firstBad?: { seq, reason: edited|deleted|reordered|truncated|forked|unreadable, detail } }`.
 * - `ledger.scan({ anchor? })` — records and verification in one pass.
 * - `recordHash(record)`, `GENESIS_HASH`, `verifyChain(...)` — recompute / verify offline.
 * - Record: `{ seq, id, at, type, actor: { objectId, name, kind }, subject, data, prevHash, hash }`,
 *   hash = "sha256:" + hex sha256(canonical JSON of the record without `hash`) — see ledger.ts and src/canonical-json.ts.
 *
 * ## Approval gates — approvals.ts
 * - `new Approvals({ ledger, policy, now? })`
 * - `requestApproval({ asset: { kind, name, version, source, dataClass? }, target, digest, manifestDigest,
 *   justification, requester: Identity }): Promise<ApprovalRequest>`
 * - `approve(requestId, approver: Identity, comment?)`, `reject(requestId, who: Identity, reason)` →
 *   `{ status: RequestStatus, recorded: boolean }` (recorded=false: idempotent repeat)
 * - `status({ requestId?, asset?: { kind?, name?, version? }, target?, state? }): Promise<RequestStatus[]>`
 * - `assertApproved({ asset, digest, manifestDigest?, target, requestId?, now? }): Promise<GateApproval>` —
 *   GateError codes: GATE_NO_APPROVAL, GATE_SELF_APPROVAL, GATE_DIGEST_MISMATCH, GATE_EXPIRED,
 *   GATE_SCOPE_MISMATCH, GATE_REJECTED, GATE_APPROVER_NOT_ALLOWED (and GATE_SUPERSEDED from approve);
 *   VerificationError LEDGER_TAMPERED when the ledger fails verification.
 * - `breakglass({ asset, target, digest, manifestDigest, reason, actor })` — only if the policy allows it.
 * - Pure: `foldApprovals(records, policy, now)`, `evaluateGate(state, policy, query)`, `assetKey(asset)`.
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
 * ## Secret hygiene — redact.ts (use in every printer and logger)
 * - `redact(value)`, `redactText(text)`, `containsSecret(value)`, `findSecrets(text)`, `REDACTED`
 *
 * ## Lineage — lineage.ts (pure over facts read elsewhere)
 * - `lineageForEndpoint(endpoint, facts): LineageChain[]`, `lineageForAsset(assetId, facts): LineageChain`
 * - `LINEAGE_PROPERTIES` (the version properties it follows), `normalizeAssetId(id)`
 */

export * from "../canonical-json.ts";
export * from "./approvals.ts";
export * from "./identity.ts";
export * from "./ledger.ts";
export * from "./lineage.ts";
export * from "./policy.ts";
export * from "./redact.ts";
