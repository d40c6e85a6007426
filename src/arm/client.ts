/**
 * @module arm/client
 * ArmClient: the one client Airlock uses for Azure Resource Manager, identical against
 * https://management.azure.com and against the local twin. Thin and typed: paths, bodies and results follow
 * the 2024-10-01 contract (src/arm/types.ts); transport, retries, auth, LROs and paging live in their own
 * modules.
 *
 * ```ts
 * const client = new ArmClient({ endpoint, subscriptionId, credential });
 * const ws = client.workspace("rg-aml-ws-dev-cc01", "amlwsdevcc01");
 * await ws.versions("models", "m").createOrUpdate("1", { properties: { modelUri } });
 * await ws.versions("models", "m").publish("1", { destinationName: "m", destinationVersion: "1", registryName });
 * ```
 */
import type { TokenCredential } from "@azure/core-auth";
import type { HttpMethods } from "@azure/core-rest-pipeline";
import type { ArmContext } from "./assets.ts";
import { runLro } from "./lro.ts";
import { type PagedList, pagedList } from "./paging.ts";
import { ML_PROVIDER, providerPath, STORAGE_PROVIDER, segment } from "./paths.ts";
import { ArmTransport, AZURE_ARM_ENDPOINT } from "./pipeline.ts";
import { RegistryScope, WorkspaceScope } from "./scopes.ts";
import {
  ARM_API_VERSION,
  type ListServiceSasResponse,
  type Registry,
  type ServiceSasParameters,
  STORAGE_API_VERSION,
  type StorageAccountListKeysResult,
  type Workspace,
} from "./types.ts";

export interface ArmClientOptions {
  /** Default `https://management.azure.com`; the twin's `armEndpoint` for local runs (http on loopback only). */
  endpoint?: string;
  subscriptionId: string;
  credential: TokenCredential;
  /** Default 2024-10-01. */
  apiVersion?: string;
  /** Retries of 429/5xx/network failures by the library retry policies (default 3). */
  maxRetries?: number;
  /** Base back-off for 5xx/network retries that carry no Retry-After (library default 1000 ms). */
  retryDelayMs?: number;
  /** Cap of that back-off (library default 64 s). */
  maxRetryDelayMs?: number;
  /** LRO poll interval when the service sends no Retry-After (default 2000 ms, as the SDKs). */
  lroPollIntervalMs?: number;
  /** Poll at lroPollIntervalMs whatever Retry-After says: the twin only (its operations take milliseconds). */
  lroIgnoreRetryAfter?: boolean;
  /** Token scope (default `https://management.azure.com/.default`). */
  scope?: string;
}

export interface ArmRequest {
  method: HttpMethods;
  /** `/subscriptions/...` (or an absolute URL on the same endpoint). */
  path: string;
  body?: unknown;
  apiVersion?: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** Treat the call as a long-running operation and poll it to the end. */
  lro?: { finalStateVia: "original-uri" | "location" | "azure-async-operation" | "operation-location" };
}

export class WorkspaceOperations {
  readonly #context: ArmContext;
  readonly #subscriptionId: string;

  constructor(context: ArmContext, subscriptionId: string) {
    this.#context = context;
    this.#subscriptionId = subscriptionId;
  }

  async get(resourceGroup: string, workspace: string): Promise<Workspace> {
    const url = `${providerPath(this.#subscriptionId, resourceGroup, ML_PROVIDER)}/workspaces/${segment(workspace, "workspace")}`;
    return (await this.#context.transport.send({ method: "GET", url })).body as Workspace;
  }

  /** Workspaces of a resource group, or of the whole subscription. */
  list(resourceGroup?: string): PagedList<Workspace> {
    return pagedList<Workspace>(this.#context.transport, {
      url: `${providerPath(this.#subscriptionId, resourceGroup, ML_PROVIDER)}/workspaces`,
    });
  }
}

export class RegistryOperations {
  readonly #context: ArmContext;
  readonly #subscriptionId: string;

  constructor(context: ArmContext, subscriptionId: string) {
    this.#context = context;
    this.#subscriptionId = subscriptionId;
  }

  async get(resourceGroup: string, registry: string): Promise<Registry> {
    const url = `${providerPath(this.#subscriptionId, resourceGroup, ML_PROVIDER)}/registries/${segment(registry, "registry")}`;
    return (await this.#context.transport.send({ method: "GET", url })).body as Registry;
  }

  /** Registries of a resource group, or of the whole subscription. */
  list(resourceGroup?: string): PagedList<Registry> {
    return pagedList<Registry>(this.#context.transport, {
      url: `${providerPath(this.#subscriptionId, resourceGroup, ML_PROVIDER)}/registries`,
    });
  }
}

export class StorageAccountOperations {
  readonly #context: ArmContext;
  readonly #subscriptionId: string;

  constructor(context: ArmContext, subscriptionId: string) {
    this.#context = context;
    this.#subscriptionId = subscriptionId;
  }

  /** Microsoft.Storage listKeys (api-version 2023-05-01): the account keys, which are secrets. */
  async listKeys(resourceGroup: string, account: string): Promise<StorageAccountListKeysResult> {
    const url = `${providerPath(this.#subscriptionId, resourceGroup, STORAGE_PROVIDER)}/storageAccounts/${segment(account, "storage account")}/listKeys`;
    const response = await this.#context.transport.send({
      method: "POST",
      url,
      apiVersion: STORAGE_API_VERSION,
    });
    return response.body as StorageAccountListKeysResult;
  }

  /** Microsoft.Storage ListServiceSas (api-version 2023-05-01): a SAS for one container or blob. */
  async listServiceSas(
    resourceGroup: string,
    account: string,
    parameters: ServiceSasParameters,
  ): Promise<ListServiceSasResponse> {
    const url = `${providerPath(this.#subscriptionId, resourceGroup, STORAGE_PROVIDER)}/storageAccounts/${segment(account, "storage account")}/ListServiceSas`;
    const response = await this.#context.transport.send({
      method: "POST",
      url,
      apiVersion: STORAGE_API_VERSION,
      body: parameters,
    });
    return response.body as ListServiceSasResponse;
  }
}

export class ArmClient {
  readonly endpoint: string;
  readonly subscriptionId: string;
  readonly apiVersion: string;
  readonly workspaces: WorkspaceOperations;
  readonly registries: RegistryOperations;
  readonly storageAccounts: StorageAccountOperations;
  readonly #context: ArmContext;

  constructor(options: ArmClientOptions) {
    this.apiVersion = options.apiVersion ?? ARM_API_VERSION;
    const transport = new ArmTransport({
      endpoint: options.endpoint ?? AZURE_ARM_ENDPOINT,
      credential: options.credential,
      apiVersion: this.apiVersion,
      ...(options.scope !== undefined ? { scope: options.scope } : {}),
      ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
      ...(options.retryDelayMs !== undefined ? { retryDelayMs: options.retryDelayMs } : {}),
      ...(options.maxRetryDelayMs !== undefined ? { maxRetryDelayMs: options.maxRetryDelayMs } : {}),
    });
    this.endpoint = transport.origin;
    this.subscriptionId = options.subscriptionId;
    this.#context = {
      transport,
      lro: {
        intervalMs: options.lroPollIntervalMs ?? 2000,
        ...(options.lroIgnoreRetryAfter ? { ignoreRetryAfter: true } : {}),
      },
    };
    this.workspaces = new WorkspaceOperations(this.#context, options.subscriptionId);
    this.registries = new RegistryOperations(this.#context, options.subscriptionId);
    this.storageAccounts = new StorageAccountOperations(this.#context, options.subscriptionId);
  }

  /** Assets, endpoints and datastores of one workspace. */
  workspace(resourceGroup: string, workspace: string): WorkspaceScope {
    return new WorkspaceScope(this.#context, {
      subscriptionId: this.subscriptionId,
      resourceGroup,
      name: workspace,
    });
  }

  /** Assets and data references of one registry. */
  registry(resourceGroup: string, registry: string): RegistryScope {
    return new RegistryScope(this.#context, {
      subscriptionId: this.subscriptionId,
      resourceGroup,
      name: registry,
    });
  }

  /** Escape hatch for routes without a typed method: same pipeline, auth, retries and ArmError. */
  async request<T = unknown>(request: ArmRequest): Promise<T> {
    const http = {
      method: request.method,
      url: request.path,
      ...(request.body !== undefined ? { body: request.body } : {}),
      ...(request.apiVersion !== undefined ? { apiVersion: request.apiVersion } : {}),
      ...(request.query !== undefined ? { query: request.query } : {}),
    };
    if (request.lro) {
      const outcome = await runLro(this.#context.transport, http, {
        finalStateVia: request.lro.finalStateVia,
        ...this.#context.lro,
      });
      return outcome.body as T;
    }
    return (await this.#context.transport.send(http)).body as T;
  }

  /** Escape hatch for list routes: follows nextLink like the typed lists. */
  list<T = unknown>(
    path: string,
    options: { apiVersion?: string; query?: ArmRequest["query"] } = {},
  ): PagedList<T> {
    return pagedList<T>(this.#context.transport, {
      url: path,
      ...(options.apiVersion !== undefined ? { apiVersion: options.apiVersion } : {}),
      ...(options.query !== undefined ? { query: options.query } : {}),
    });
  }
}
