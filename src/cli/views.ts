/**
 * @module cli/views
 * The JSON shapes commands print, defined once so every command spells a request, an asset and a target the
 * same way (published as JSON Schemas in docs/schemas/). People are named by their registry id (`requestedBy`,
 * `approvedBy[].name`), never by object id; a target is an object, never prose.
 */
import type { RequestStatus } from "../governance/approvals.ts";

/** Where a promotion or request goes: `{ env: "prod", type: "registry", name: "amlregprod…" }`. */
export interface TargetView {
  env: string;
  type: string;
  name: string;
}

/** Reads the gate's target text ("prod registry <name>", "prod workspace <name>", "prod endpoint <name>"). */
export function targetView(target: string): TargetView {
  const [env = "", type = "", ...rest] = target.split(" ");
  return { env, type, name: rest.join(" ") };
}

export interface RequestView {
  requestId: string;
  state: RequestStatus["state"];
  asset: { kind: string; name: string; version: string };
  target: TargetView;
  digest: string;
  /** The digest of the whole bundle approved (for a deployment, its bundle). */
  manifestDigest: string;
  requestedBy: string;
  requestedAt: string;
  expiresAt: string;
  justification: string;
  approvedBy: { name: string; at: string }[];
  rejectedBy?: string;
  reason?: string;
  deployment?: unknown;
  supersededBy?: string;
}

export function requestView(status: RequestStatus): RequestView {
  const { kind, name, version } = status.request.asset;
  return {
    requestId: status.request.requestId,
    state: status.state,
    asset: { kind, name, version },
    target: targetView(status.request.target),
    digest: status.request.digest,
    manifestDigest: status.request.manifestDigest,
    requestedBy: status.requesterPerson,
    requestedAt: status.requestedAt,
    expiresAt: status.effectiveExpiresAt,
    justification: status.request.justification,
    approvedBy: status.validApprovals.map((a) => ({ name: a.person, at: a.at })),
    ...(status.rejection ? { rejectedBy: status.rejection.person, reason: status.rejection.reason } : {}),
    ...(status.request.deployment ? { deployment: status.request.deployment } : {}),
    ...(status.supersededBy ? { supersededBy: status.supersededBy } : {}),
  };
}
