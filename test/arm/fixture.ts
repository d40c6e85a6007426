/**
 * @module test/arm/fixture
 * Shared set-up for the ARM client tests: the platform's dev/prod names (from tfvars, as the twin seeds
 * them), a client for a twin principal with fast polling and retries, and a unique-name helper.
 */
import { randomBytes } from "node:crypto";
import { ArmClient, type ArmClientOptions, staticTokenCredential } from "../../src/arm/index.ts";
import { loadPlatform, type Purpose } from "../../src/platform/index.ts";

export interface EnvNames {
  workspaceRg: string;
  workspace: string;
  registryRg: string;
  registry: string;
  storageAccount: string;
}

export async function platformNames(): Promise<Record<Purpose, EnvNames>> {
  const platform = await loadPlatform();
  const names = (purpose: Purpose): EnvNames => {
    const env = platform.environments[purpose];
    return {
      workspaceRg: env.resourceGroups.ws,
      workspace: env.names.workspace,
      registryRg: env.resourceGroups.reg,
      registry: env.names.registry,
      storageAccount: env.names.storageAccount,
    };
  };
  return { dev: names("dev"), prod: names("prod") };
}

export interface TwinLike {
  armEndpoint: string;
  subscriptionId: string;
  tokenFor(principal: string): string;
}

/** A client acting as `principal`, polling every few ms and retrying without long back-off. */
export function clientAs(
  twin: TwinLike,
  principal: string,
  options: Partial<ArmClientOptions> = {},
): ArmClient {
  return new ArmClient({
    endpoint: twin.armEndpoint,
    subscriptionId: twin.subscriptionId,
    credential: staticTokenCredential(twin.tokenFor(principal)),
    lroPollIntervalMs: 5,
    retryDelayMs: 1,
    maxRetryDelayMs: 5,
    maxRetries: 3,
    ...options,
  });
}

/** A fresh asset name (lower-case, valid for every asset pattern). */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString("hex")}`;
}

/** POST /_twin/faults (tests only; no auth on loopback). */
export async function injectFault(
  twin: TwinLike,
  fault: { method?: string; pathContains: string; status: number; count: number; retryAfterSeconds?: number },
): Promise<void> {
  const response = await fetch(`${twin.armEndpoint}/_twin/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(fault),
  });
  if (!response.ok) throw new Error(`fault injection answered ${response.status}: ${await response.text()}`);
}

export async function clearFaults(twin: TwinLike): Promise<void> {
  await fetch(`${twin.armEndpoint}/_twin/faults`, { method: "DELETE" });
}
