/**
 * @module emulator/context
 * The twin's shared types, in one module that imports no other part of the twin that imports it back: the
 * per-twin runtime (state, policy, storage, operations, deployments), the per-request context a handler
 * receives and the reply it returns. Parts that handlers reach through the runtime (operations,
 * deployments) are described here as interfaces and implemented by their modules (lro, deployments), so no
 * import circle forms — not even a type-only one.
 */
import type { KeyObject } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Authorizer } from "./authorize.ts";
import type { Catalog, WorkspaceInfo } from "./catalog.ts";
import type { ScoreResult } from "./inference/host.ts";
import type { TwinStorage } from "./storage.ts";
import type { TwinStore } from "./store.ts";
import type { TwinClaims } from "./tokens.ts";

/** The asset collections of a workspace or registry (`.../{assetType}/{name}/versions/{version}`). */
export const ASSET_TYPES = ["models", "data", "environments", "components", "codes"] as const;
export type AssetType = (typeof ASSET_TYPES)[number];

export type LroMode = "fast" | "realistic";

/** How a realistic-mode operation paces its pollers. */
export interface LroPacing {
  /** How long an operation stays InProgress at least, so pollers really poll. */
  minDurationMs: number;
  /** The `Retry-After` (seconds) on operation responses; clients such as @azure/core-lro wait that long. */
  retryAfterSeconds: number;
}

export interface TwinRuntime {
  armEndpoint: string;
  lroMode: LroMode;
  lroPacing: LroPacing;
  pageSize: number;
  stateDir: string;
  catalog: Catalog;
  store: TwinStore;
  authorizer: Authorizer;
  storage: TwinStorage;
  operations: TwinOperations;
  signingKey: KeyObject;
  deployments: TwinDeployments;
  /** Re-reads role assignments from the store into the authorizer (after PUT/DELETE). */
  reloadAssignments(): void;
  workspace(resourceGroup: string, name: string): WorkspaceInfo | undefined;
}

/** A stored asset version a reference resolved to (emulator/resolve). */
export interface ResolvedAsset {
  type: AssetType;
  name: string;
  version: string;
  properties: Record<string, unknown>;
  /** The workspace holding the asset (for short datastore URIs), when it lives in one. */
  workspace?: WorkspaceInfo;
}

/** An online deployment body, validated and resolved, ready to start (emulator/deployments). */
export interface DeploymentPlan {
  key: string;
  model: ResolvedAsset | undefined;
  code: ResolvedAsset;
  scoringScript: string;
  environmentVariables: Record<string, string>;
  workspace: WorkspaceInfo;
}

/** Long-running operations, as handlers start and poll them (implemented by emulator/lro). */
export interface TwinOperations {
  /** An operation that completes by itself after the realistic delay (the write is already done). */
  startTimed(owner: string): string;
  /** An operation that has already succeeded (fast mode's 201s still name one). */
  finished(owner: string): string;
  /** An operation that completes when `work` settles (and not before the realistic delay). */
  startWork(owner: string, work: () => Promise<unknown>): string;
  /** Waits for running work (used on close so nothing writes to a closed store). */
  drain(): Promise<void>;
  asyncOperationHeaders(id: string, subscriptionId: string, location: string): Record<string, string>;
  locationHeaders(id: string, subscriptionId: string, location: string): Record<string, string>;
  /** GET on an Azure-AsyncOperation URL. */
  status(id: string, owner: string): Reply;
  /** GET on a Location URL: 202 while running, then 200 (result or empty) or the failure's status. */
  result(id: string, owner: string, selfUrl: string): Reply;
}

/** The scoring processes behind online deployments (implemented by emulator/deployments). */
export interface TwinDeployments {
  /** Validates and resolves a deployment body (400 on anything that cannot run). */
  plan(
    twin: TwinRuntime,
    workspace: WorkspaceInfo,
    endpoint: string,
    deployment: string,
    props: Record<string, unknown>,
  ): DeploymentPlan;
  /** Downloads the model and code and starts (or restarts) the scoring process. */
  start(twin: TwinRuntime, plan: DeploymentPlan): Promise<void>;
  score(
    key: string,
    body: Buffer,
    headers: Record<string, string>,
    options?: { method?: string; query?: string },
  ): Promise<ScoreResult>;
  logs(key: string): string;
  stop(key: string): Promise<void>;
  /** Stops every deployment under an endpoint key prefix (`<ws>/<endpoint>/`). */
  stopAll(keys: string[]): Promise<void>;
  close(): Promise<void>;
}

export type Method = "GET" | "PUT" | "POST" | "DELETE" | "PATCH";

export interface RequestContext {
  twin: TwinRuntime;
  req: IncomingMessage;
  method: Method;
  /** The request path as the client sent it (decoded segments joined by "/"). */
  path: string;
  query: URLSearchParams;
  params: Record<string, string>;
  claims: TwinClaims;
  /** The ARM scope the action was authorized at. */
  scope: string;
  /** The parsed JSON object body (400 on malformed JSON, 413 when too large). */
  body(): Promise<Record<string, unknown>>;
}

export interface Reply {
  status: number;
  /** A string is sent as-is (already JSON); anything else is serialized. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface MethodSpec {
  /** The ARM action demanded at the scope; null = any authenticated caller (the handler checks more). */
  action: string | ((params: Record<string, string>) => string) | null;
  /** "parent": the scope is the path without its last segment (POST actions such as listKeys). */
  scope?: "resource" | "parent";
  handle(ctx: RequestContext): Promise<Reply> | Reply;
}

export interface Route {
  pattern: string;
  namespace: "ml" | "storage" | "resources" | "authorization";
  methods: Partial<Record<Method, MethodSpec>>;
}
