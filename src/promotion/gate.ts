/**
 * @module promotion/gate
 * The approval workflow around a promotion: request (as the dev-side identity, binding the exact digest of
 * what will be promoted), approve or reject (as the prod-side identity from the credential), status.
 */
import type { Connection } from "../connect/connection.ts";
import { InputError } from "../errors.ts";
import type {
  ApprovalRequest,
  BreakglassGrant,
  RequestState,
  RequestStatus,
} from "../governance/approvals.ts";
import type { GovernancePolicy } from "../governance/policy.ts";
import { type AssetSpec, bundleDigest, describeSource, openApprovals, promotionTarget } from "./promote.ts";

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

export async function requestPromotion(
  connection: Connection,
  asset: AssetSpec,
  policy: GovernancePolicy,
  options: { justification?: string; file?: string } = {},
): Promise<ApprovalRequest> {
  const approvals = await openApprovals(connection, policy);
  return approvals.requestApproval({
    ...(await gateScope(connection, asset, options.file)),
    justification: options.justification ?? "",
    requester: await connection.identity("dev"),
  });
}

export async function approveRequest(
  connection: Connection,
  requestId: string,
  policy: GovernancePolicy,
  comment = "",
): Promise<{ status: RequestStatus; recorded: boolean }> {
  const approvals = await openApprovals(connection, policy);
  return approvals.approve(requestId, await connection.identity("prod"), comment);
}

export async function rejectRequest(
  connection: Connection,
  requestId: string,
  policy: GovernancePolicy,
  reason: string,
): Promise<{ status: RequestStatus; recorded: boolean }> {
  const approvals = await openApprovals(connection, policy);
  return approvals.reject(requestId, await connection.identity("prod"), reason);
}

const STATES: readonly RequestState[] = ["pending", "approved", "rejected", "expired", "superseded"];

export async function requestStatuses(
  connection: Connection,
  policy: GovernancePolicy,
  filter: { requestId?: string; state?: string; asset?: string } = {},
): Promise<RequestStatus[]> {
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
  options: { file?: string } = {},
): Promise<BreakglassGrant> {
  if (reason.trim() === "") throw new InputError("BREAKGLASS_REASON_REQUIRED", "breakglass needs --reason");
  const approvals = await openApprovals(connection, policy);
  return approvals.breakglass({
    ...(await gateScope(connection, asset, options.file)),
    reason,
    actor: await connection.identity("prod"),
  });
}
