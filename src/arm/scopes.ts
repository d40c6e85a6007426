/**
 * @module arm/scopes
 * A workspace and a registry as seen by the client: where assets live (AssetScope), plus what only one of
 * them has — workspaces: publish, online endpoints and deployments, datastores; registries: data
 * references (read SAS for a registry asset's blobs).
 */
import {
  type ArmContext,
  type AssetScopeContext,
  ContainerOperations,
  VersionOperations,
  WorkspaceVersionOperations,
} from "./assets.ts";
import { OnlineDeploymentOperations, OnlineEndpointOperations } from "./endpoints.ts";
import { type PagedList, pagedList } from "./paging.ts";
import { ML_PROVIDER, providerPath, segment } from "./paths.ts";
import type {
  AssetKind,
  BlobReferenceSasRequest,
  BlobReferenceSasResponse,
  Datastore,
  DatastoreSecrets,
  Registry,
  Workspace,
} from "./types.ts";

export interface ScopeAddress {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

export abstract class AssetScope {
  readonly resourceGroup: string;
  readonly name: string;
  /** `/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/{workspaces|registries}/{name}` */
  readonly path: string;
  protected readonly context: AssetScopeContext;

  protected constructor(context: ArmContext, address: ScopeAddress, collection: "workspaces" | "registries") {
    this.resourceGroup = address.resourceGroup;
    this.name = address.name;
    this.path = `${providerPath(address.subscriptionId, address.resourceGroup, ML_PROVIDER)}/${collection}/${segment(address.name, collection === "workspaces" ? "workspace" : "registry")}`;
    this.context = { ...context, scopePath: this.path, isRegistry: collection === "registries" };
  }

  containers(kind: AssetKind): ContainerOperations {
    return new ContainerOperations(this.context, kind);
  }

  abstract versions<K extends AssetKind>(kind: K, name: string): VersionOperations<K>;
}

export class DatastoreOperations {
  readonly #context: ArmContext;
  readonly #base: string;

  constructor(context: ArmContext, workspacePath: string) {
    this.#context = context;
    this.#base = `${workspacePath}/datastores`;
  }

  async get(name: string): Promise<Datastore> {
    const url = `${this.#base}/${segment(name, "datastore")}`;
    return (await this.#context.transport.send({ method: "GET", url })).body as Datastore;
  }

  list(): PagedList<Datastore> {
    return pagedList<Datastore>(this.#context.transport, { url: this.#base });
  }

  /** The datastore's credential (an account key or SAS token): a secret. */
  async listSecrets(name: string): Promise<DatastoreSecrets> {
    const url = `${this.#base}/${segment(name, "datastore")}/listSecrets`;
    return (await this.#context.transport.send({ method: "POST", url })).body as DatastoreSecrets;
  }
}

export class WorkspaceScope extends AssetScope {
  readonly onlineEndpoints: OnlineEndpointOperations;
  readonly datastores: DatastoreOperations;

  constructor(context: ArmContext, address: ScopeAddress) {
    super(context, address, "workspaces");
    this.onlineEndpoints = new OnlineEndpointOperations(context, this.path);
    this.datastores = new DatastoreOperations(context, this.path);
  }

  async get(): Promise<Workspace> {
    return (await this.context.transport.send({ method: "GET", url: this.path })).body as Workspace;
  }

  versions<K extends AssetKind>(kind: K, name: string): WorkspaceVersionOperations<K> {
    return new WorkspaceVersionOperations(this.context, kind, name);
  }

  onlineDeployments(endpoint: string): OnlineDeploymentOperations {
    return new OnlineDeploymentOperations(this.context, this.path, endpoint);
  }
}

export class DataReferenceOperations {
  readonly #context: ArmContext;
  readonly #url: string;

  constructor(context: ArmContext, registryPath: string, name: string, version: string) {
    this.#context = context;
    this.#url = `${registryPath}/datareferences/${segment(name, "asset")}/versions/${segment(version, "version")}`;
  }

  /** A read SAS for the registry asset's blobs. */
  async getBlobReferenceSas(request: BlobReferenceSasRequest): Promise<BlobReferenceSasResponse> {
    return (await this.#context.transport.send({ method: "POST", url: this.#url, body: request }))
      .body as BlobReferenceSasResponse;
  }
}

export class RegistryScope extends AssetScope {
  constructor(context: ArmContext, address: ScopeAddress) {
    super(context, address, "registries");
  }

  async get(): Promise<Registry> {
    return (await this.context.transport.send({ method: "GET", url: this.path })).body as Registry;
  }

  versions<K extends AssetKind>(kind: K, name: string): VersionOperations<K> {
    return new VersionOperations(this.context, kind, name);
  }

  dataReferences(name: string, version: string): DataReferenceOperations {
    return new DataReferenceOperations(this.context, this.path, name, version);
  }
}
