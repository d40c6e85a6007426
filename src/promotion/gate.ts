/**
 * @module promotion/gate
 * The approval workflow around a promotion or a deployment: request (the dev-side person, binding the exact
 * digest of what will be promoted or deployed), approve or reject (the prod-side person), status — every
 * decision signed by the person who makes it (trust.ts).
 */
import { randomUUID } from "node:crypto";
import type { Connection } from "../connect/connection.ts";
import { InputError } from "../errors.ts";
import type {
  ApprovalRequest,
  Approvals,
  BreakglassGrant,
  DecisionSigner,
  IgnoredDecision,
  RequestState,
  RequestStatus,
} from "../governance/approvals.ts";
import { actorOf } from "../governance/identity.ts";
import type { GovernancePolicy } from "../governance/policy.ts";
import type { Purpose } from "../platform/index.ts";
import { type DeploymentBundleOptions, deploymentScope } from "./deploy.ts";
import { gateModelEvidence } from "./evidence-gate.ts";
import { type AssetSpec, bundleDigest, describeSource, promotionTarget } from "./promote.ts";
import { ciEvidence, openApprovals, signerFor } from "./trust.ts";

/** What an approval (or a breakglass grant) is bound to: the asset version, its digest, the target. */
async function gateScope(connection: Connection, asset: AssetSpec, file: string | undefined) {
  const source = await describeSource(connection, asset, file ? { file } : {});
  const target = promotionTarget(connection, asset.kind);
  return {
    asset: { ...asset, source: source.source, ...(source.dataClass ? { dataClass: source.dataClass } : {}) },
    target,
    digest: source.digest,
    manifestDigest: bundleDigest(asset, source.digest, target),
  };
}

export interface DecisionOptions {
  /** The SSH key to sign with (default AIRLOCK_SIGNING_KEY, git's user.signingkey, or the twin person's key). */
  signingKey?: string;
  /**
   * A signer that already holds the person's signature (the console's passkey assertion over the decision it
   * showed): used instead of the SSH key. The gate verifies what it returns like any other envelope.
   */
  signer?: DecisionSigner;
}

/**
 * The acting person's signer, resolved only when a decision is signed: the gate's own refusals (not registered,
 * self-approval, not an approver) come before a missing signing key, whatever the machine's git configuration.
 */
function signerOf(connection: Connection, purpose: Purpose, options: DecisionOptions): DecisionSigner {
  if (options.signer) return options.signer;
  return async (decision) => (await signerFor(connection, purpose, options))(decision);
}

/**
 * Files a request: signed by the person acting, or — in CI — backed by the OIDC evidence of the person who
 * dispatched the workflow (never the CI identity itself, so separation of duties holds between people).
 */
export async function requestPromotion(
  connection: Connection,
  asset: AssetSpec,
  policy: GovernancePolicy,
  options: DecisionOptions & { justification?: string; file?: string } = {},
): Promise<ApprovalRequest> {
  const scope = await gateScope(connection, asset, options.file);
  if (asset.kind === "model") {
    // Evidence rules run (and are recorded) before the request exists: a failing rule files nothing.
    await gateModelEvidence(
      connection,
      policy,
      "request",
      { name: asset.name, version: asset.version, digest: scope.digest, side: "dev-workspace" },
      { actor: actorOf(await connection.identity("dev")) },
    );
  }
  return fileRequest(connection, policy, { ...scope, justification: options.justification ?? "" }, options);
}

/** Files a request to deploy one exact bundle (model, scoring code, environment, instances, variables). */
export async function requestDeployment(
  connection: Connection,
  policy: GovernancePolicy,
  options: DecisionOptions & DeploymentBundleOptions & { justification?: string },
): Promise<ApprovalRequest> {
  const { bundle, model, scope } = await deploymentScope(connection, options);
  // The model rules on the prod registry copy this bundle would serve, recorded before the request exists.
  await gateModelEvidence(
    connection,
    policy,
    "request",
    { name: model.name, version: model.version, digest: model.digest, side: "prod-registry" },
    { actor: actorOf(await connection.identity("dev")), subject: { endpoint: bundle.endpoint } },
  );
  return fileRequest(
    connection,
    policy,
    {
      asset: { kind: "model", name: model.name, version: model.version, source: model.id },
      target: scope.target,
      digest: model.digest,
      manifestDigest: scope.manifestDigest,
      justification: options.justification ?? "",
      deployment: bundle,
    },
    options,
  );
}

async function fileRequest(
  connection: Connection,
  policy: GovernancePolicy,
  scope: Omit<Parameters<Approvals["requestApproval"]>[0], "requester" | "sign" | "ci">,
  options: DecisionOptions,
): Promise<ApprovalRequest> {
  const approvals = await openApprovals(connection, policy);
  const requester = await connection.identity("dev");
  const requestId = randomUUID();
  const ci = await ciEvidence(connection, policy);
  if (ci) return approvals.requestApproval({ ...scope, requester, ci: { requestId, requester: ci } });
  return approvals.requestApproval({
    ...scope,
    requester,
    sign: signerOf(connection, "dev", options),
  });
}

export async function approveRequest(
  connection: Connection,
  requestId: string,
  policy: GovernancePolicy,
  options: DecisionOptions & { comment?: string } = {},
): Promise<{ status: RequestStatus; recorded: boolean }> {
  const approvals = await openApprovals(connection, policy);
  const found = await approvals.status({ requestId });
  const status = found.requests[0];
  const creators = status ? await creatorsOf(connection, status.request.asset) : [];
  return approvals.approve(
    status?.request.requestId ?? requestId,
    await connection.identity("prod"),
    signerOf(connection, "prod", options),
    { creators, ...(options.comment ? { comment: options.comment } : {}) },
  );
}

export async function rejectRequest(
  connection: Connection,
  requestId: string,
  policy: GovernancePolicy,
  reason: string,
  options: DecisionOptions = {},
): Promise<{ status: RequestStatus; recorded: boolean }> {
  const approvals = await openApprovals(connection, policy);
  const found = await approvals.status({ requestId });
  return approvals.reject(
    found.requests[0]?.request.requestId ?? requestId,
    await connection.identity("prod"),
    signerOf(connection, "prod", options),
    reason,
  );
}

/** Who created the dev version of `asset` and who registered or trained it (none of them may approve it). */
async function creatorsOf(connection: Connection, asset: AssetSpec): Promise<string[]> {
  try {
    return (await describeSource(connection, { kind: asset.kind, name: asset.name, version: asset.version }))
      .creators;
  } catch {
    // A deployment request names a prod model; its dev version is looked up the same way when it exists.
    return [];
  }
}

const STATES: readonly RequestState[] = ["pending", "approved", "rejected", "expired", "superseded", "used"];

export async function requestStatuses(
  connection: Connection,
  policy: GovernancePolicy,
  filter: { requestId?: string; state?: string; asset?: string } = {},
): Promise<{ requests: RequestStatus[]; ignored: IgnoredDecision[] }> {
  if (filter.state !== undefined && !STATES.includes(filter.state as RequestState)) {
    throw new InputError(
      "STATE_INVALID",
      `--state must be one of ${STATES.join(", ")}, not "${filter.state}"`,
    );
  }
  let asset: { kind?: AssetSpec["kind"]; name?: string; version?: string } | undefined;
  if (filter.asset !== undefined) {
    const match = /^(model|data|environment|component):([^@]+)@(.+)$/.exec(filter.asset);
    if (!match)
      throw new InputError(
        "ASSET_FILTER_INVALID",
        `--asset must be kind:name@version, not "${filter.asset}"`,
      );
    asset = { kind: match[1] as AssetSpec["kind"], name: match[2]!, version: match[3]! };
  }
  const approvals = await openApprovals(connection, policy);
  return approvals.status({
    ...(filter.requestId ? { requestId: filter.requestId } : {}),
    ...(filter.state ? { state: filter.state as RequestState } : {}),
    ...(asset ? { asset } : {}),
  });
}

/**
 * Emergency crossing of the gate without an approval, when the policy allows it for the caller (prod-side
 * identity): a `breakglass` ledger record bound to this asset version, digest and target, valid briefly.
 */
export async function breakglassPromotion(
  connection: Connection,
  asset: AssetSpec,
  policy: GovernancePolicy,
  reason: string,
  options: DecisionOptions & { file?: string } = {},
): Promise<BreakglassGrant> {
  if (reason.trim() === "") throw new InputError("BREAKGLASS_REASON_REQUIRED", "breakglass needs --reason");
  const approvals = await openApprovals(connection, policy);
  return approvals.breakglass({
    ...(await gateScope(connection, asset, options.file)),
    reason,
    actor: await connection.identity("prod"),
    sign: signerOf(connection, "prod", options),
  });
}
