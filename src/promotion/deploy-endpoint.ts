/**
 * @module promotion/deploy-endpoint
 * What deploy and rollback share about a prod endpoint: name rules, reading it, changing its traffic (always a
 * whole-endpoint PUT built from what was just read — PATCH cannot change traffic), the health check that
 * follows every change, and the ledger subject its records carry.
 */

import { getOrUndefined } from "../arm/errors.ts";
import type { OnlineEndpoint, OnlineEndpointBody } from "../arm/types.ts";
import type { Connection } from "../connect/connection.ts";
import { InputError, NotFoundError } from "../errors.ts";
import { redactText } from "../redact.ts";
import { type EndpointInvoker, judgeAnswer, type ReferenceData, requestBody } from "./deploy-smoke.ts";
import { normalizeSplit, type TrafficSplit } from "./deploy-traffic.ts";

/** Azure's rule for endpoint and deployment names. */
export const ONLINE_NAME = /^[a-zA-Z][a-zA-Z0-9-]{2,31}$/;
/** Scoring calls without the deployment header after each traffic change. */
export const DEFAULT_HEALTH_CALLS = 5;

export function checkOnlineName(name: string, what: "endpoint" | "deployment"): void {
  if (!ONLINE_NAME.test(name) || name.endsWith("-")) {
    throw new InputError(
      what === "endpoint" ? "ENDPOINT_NAME_INVALID" : "DEPLOYMENT_NAME_INVALID",
      `${what} name ${JSON.stringify(name)} is not valid: use 3-32 letters, digits or '-', starting with a letter and not ending with '-'`,
    );
  }
}

export function getEndpoint(connection: Connection, name: string): Promise<OnlineEndpoint | undefined> {
  return getOrUndefined(() => connection.workspace("prod").onlineEndpoints.get(name));
}

export async function requireEndpoint(connection: Connection, name: string): Promise<OnlineEndpoint> {
  const endpoint = await getEndpoint(connection, name);
  if (!endpoint) {
    throw new NotFoundError(
      "ENDPOINT_NOT_FOUND",
      `endpoint ${name} does not exist in the prod workspace ${connection.env("prod").names.workspace}`,
    );
  }
  return endpoint;
}

/** Ledger subject of records about an endpoint (and optionally one of its deployments). */
export function endpointSubject(
  connection: Connection,
  endpoint: string,
  deployment?: string,
): Record<string, string> {
  return {
    endpoint,
    workspace: connection.env("prod").names.workspace,
    ...(deployment ? { deployment } : {}),
  };
}

/** Sets the endpoint's live traffic with a PUT of the whole endpoint as just read. */
export async function applyTraffic(
  connection: Connection,
  endpoint: OnlineEndpoint,
  split: TrafficSplit,
): Promise<OnlineEndpoint> {
  const props = endpoint.properties;
  // A deployment takes live or mirrored traffic, never both.
  const mirror = Object.fromEntries(
    Object.entries(props.mirrorTraffic ?? {}).filter(([name]) => (split[name] ?? 0) === 0),
  );
  const identity = endpoint.identity?.type
    ? {
        type: endpoint.identity.type,
        ...(endpoint.identity.userAssignedIdentities
          ? {
              userAssignedIdentities: Object.fromEntries(
                Object.keys(endpoint.identity.userAssignedIdentities).map((id) => [id, {}]),
              ),
            }
          : {}),
      }
    : { type: "SystemAssigned" as const };
  const body: OnlineEndpointBody = {
    location: endpoint.location,
    identity,
    ...(endpoint.tags ? { tags: endpoint.tags } : {}),
    ...(endpoint.kind ? { kind: endpoint.kind } : {}),
    properties: {
      authMode: props.authMode,
      ...(props.description ? { description: props.description } : {}),
      ...(props.publicNetworkAccess ? { publicNetworkAccess: props.publicNetworkAccess } : {}),
      ...(props.properties ? { properties: props.properties } : {}),
      traffic: split,
      mirrorTraffic: mirror,
    },
  };
  return connection.workspace("prod").onlineEndpoints.createOrUpdate(endpoint.name, body);
}

export function trafficOf(endpoint: OnlineEndpoint): TrafficSplit {
  return normalizeSplit(endpoint.properties.traffic);
}

export interface HealthCall {
  status: number;
  deployment: string | undefined;
  ok: boolean;
  problem?: string;
}

export interface HealthResult {
  ok: boolean;
  /** provisioningState of every deployment with live traffic. */
  provisioning: Record<string, string>;
  calls: HealthCall[];
  problem: string | undefined;
}

/**
 * Healthy when every deployment with live traffic reports provisioningState Succeeded and `calls` scoring
 * calls without the deployment header (routed by traffic) all answer 200 with one prediction per row.
 */
export async function checkHealth(
  connection: Connection,
  endpoint: OnlineEndpoint,
  invoker: EndpointInvoker,
  reference: Pick<ReferenceData, "rows" | "expected">,
  calls = DEFAULT_HEALTH_CALLS,
): Promise<HealthResult> {
  const result: HealthResult = { ok: false, provisioning: {}, calls: [], problem: undefined };
  const live = Object.entries(trafficOf(endpoint))
    .filter(([, percent]) => percent > 0)
    .map(([name]) => name);
  try {
    const deployments = connection.workspace("prod").onlineDeployments(endpoint.name);
    for (const name of live) {
      const state = (await deployments.get(name)).properties.provisioningState ?? "Unknown";
      result.provisioning[name] = state;
      if (state !== "Succeeded" && result.problem === undefined) {
        result.problem = `deployment ${name} is ${state}, not Succeeded`;
      }
    }
    if (live.length > 0) {
      const body = requestBody(reference);
      for (let i = 0; i < calls; i++) {
        const answer = await invoker.score(body);
        const judged = judgeAnswer(answer, reference, { checkExpected: false });
        result.calls.push({
          status: answer.status,
          deployment: answer.deployment,
          ok: judged.ok,
          ...(judged.problem ? { problem: judged.problem } : {}),
        });
        if (!judged.ok && result.problem === undefined) {
          result.problem = `scoring call ${i + 1} of ${calls}${answer.deployment ? ` (served by ${answer.deployment})` : ""} failed: ${judged.problem}`;
        }
      }
    }
  } catch (error) {
    result.problem ??= `could not check health: ${redactText(error instanceof Error ? error.message : String(error))}`;
  }
  result.ok = result.problem === undefined;
  return result;
}
