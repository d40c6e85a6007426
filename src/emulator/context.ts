/**
 * @module emulator/context
 * The shapes shared by the twin's router and route modules: the per-twin runtime (state, policy, storage,
 * operations) and the per-request context a handler receives, and the reply it returns.
 */
import type { IncomingMessage } from "node:http";
import type { Authorizer } from "./authorize.ts";
import type { Catalog, WorkspaceInfo } from "./catalog.ts";
import type { DeploymentRuntime } from "./deployments.ts";
import type { Operations } from "./lro.ts";
import type { TwinStorage } from "./storage.ts";
import type { TwinStore } from "./store.ts";
import type { TwinClaims } from "./tokens.ts";

export type LroMode = "fast" | "realistic";

export interface TwinRuntime {
  armEndpoint: string;
  lroMode: LroMode;
  pageSize: number;
  stateDir: string;
  catalog: Catalog;
  store: TwinStore;
  authorizer: Authorizer;
  storage: TwinStorage;
  operations: Operations;
  signingKey: Buffer;
  deployments: DeploymentRuntime;
  /** Re-reads role assignments from the store into the authorizer (after PUT/DELETE). */
  reloadAssignments(): void;
  workspace(resourceGroup: string, name: string): WorkspaceInfo | undefined;
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
