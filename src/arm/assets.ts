/**
 * @module arm/assets
 * Asset containers and versions (models, data, environments, components, codes) in a workspace or a
 * registry. The difference the contract makes: registry PUT/DELETE are long-running operations (PUT final
 * state via the original URI, DELETE via Location); workspace PUT/DELETE answer directly. Workspace versions
 * can be published to a registry (LRO, final state via Location); pending uploads hand out a write SAS.
 */
import { listQuery } from "../contract/lists.ts";
import { type LroPolling, runLro } from "./lro.ts";
import { type PagedList, pagedList } from "./paging.ts";
import { segment } from "./paths.ts";
import type { ArmHttpRequest, ArmTransport } from "./pipeline.ts";
import type {
  ArmResourceBody,
  AssetContainer,
  AssetContainerProperties,
  AssetKind,
  AssetVersion,
  AssetVersionPropertiesByKind,
  DestinationAsset,
  ListVersionsOptions,
  PendingUploadRequest,
  PendingUploadResponse,
} from "./types.ts";

/** What every operation group needs: the transport, where it lives and how to poll. */
export interface ArmContext {
  transport: ArmTransport;
  lro: LroPolling;
}

/** An asset scope: `/subscriptions/.../workspaces/{ws}` or `/subscriptions/.../registries/{reg}`. */
export interface AssetScopeContext extends ArmContext {
  scopePath: string;
  /** Registries make PUT/DELETE long-running. */
  isRegistry: boolean;
}

const ASSET_KIND_SET = new Set<string>(["models", "data", "environments", "components", "codes"]);

function kindSegment(kind: AssetKind): string {
  if (!ASSET_KIND_SET.has(kind)) throw new TypeError(`Unknown asset kind ${JSON.stringify(kind)}.`);
  return kind;
}

/** PUT: directly in workspaces, as an LRO (final GET on the original URI) in registries. */
async function put<T>(context: AssetScopeContext, url: string, body: unknown): Promise<T> {
  const request: ArmHttpRequest = { method: "PUT", url, body };
  if (!context.isRegistry) return (await context.transport.send(request)).body as T;
  const outcome = await runLro(context.transport, request, {
    finalStateVia: "original-uri",
    ...context.lro,
  });
  return outcome.body as T;
}

async function remove(context: AssetScopeContext, url: string): Promise<void> {
  const request: ArmHttpRequest = { method: "DELETE", url };
  if (!context.isRegistry) {
    await context.transport.send(request);
    return;
  }
  await runLro(context.transport, request, { finalStateVia: "location", ...context.lro });
}

export class ContainerOperations {
  readonly #context: AssetScopeContext;
  readonly #base: string;
  readonly #kind: AssetKind;

  constructor(context: AssetScopeContext, kind: AssetKind) {
    this.#context = context;
    this.#kind = kind;
    this.#base = `${context.scopePath}/${kindSegment(kind)}`;
  }

  #path(name: string): string {
    return `${this.#base}/${segment(name, "asset")}`;
  }

  async get(name: string): Promise<AssetContainer> {
    return (await this.#context.transport.send({ method: "GET", url: this.#path(name) }))
      .body as AssetContainer;
  }

  list(
    options: { listViewType?: ListVersionsOptions["listViewType"]; skip?: string } = {},
  ): PagedList<AssetContainer> {
    return pagedList<AssetContainer>(this.#context.transport, {
      url: this.#base,
      query: listQuery(this.#context.isRegistry ? "registry" : "workspace", this.#kind, "containers", {
        listViewType: options.listViewType,
        skip: options.skip,
      }),
    });
  }

  createOrUpdate(name: string, body: ArmResourceBody<AssetContainerProperties>): Promise<AssetContainer> {
    return put<AssetContainer>(this.#context, this.#path(name), body);
  }

  delete(name: string): Promise<void> {
    return remove(this.#context, this.#path(name));
  }
}

export class VersionOperations<K extends AssetKind> {
  protected readonly context: AssetScopeContext;
  protected readonly base: string;
  readonly #kind: K;

  constructor(context: AssetScopeContext, kind: K, name: string) {
    this.context = context;
    this.#kind = kind;
    this.base = `${context.scopePath}/${kindSegment(kind)}/${segment(name, "asset")}/versions`;
  }

  protected path(version: string): string {
    return `${this.base}/${segment(version, "version")}`;
  }

  async get(version: string): Promise<AssetVersion<K>> {
    return (await this.context.transport.send({ method: "GET", url: this.path(version) }))
      .body as AssetVersion<K>;
  }

  list(options: ListVersionsOptions = {}): PagedList<AssetVersion<K>> {
    return pagedList<AssetVersion<K>>(this.context.transport, {
      url: this.base,
      // Each kind declares its own filters (only models take tags/properties; data filters tags as $tags).
      query: listQuery(this.context.isRegistry ? "registry" : "workspace", this.#kind, "versions", {
        orderBy: options.orderBy,
        top: options.top,
        skip: options.skip,
        version: options.version,
        description: options.description,
        tags: options.tags,
        properties: options.properties,
        listViewType: options.listViewType,
      }),
    });
  }

  createOrUpdate(
    version: string,
    body: ArmResourceBody<AssetVersionPropertiesByKind[K]>,
  ): Promise<AssetVersion<K>> {
    return put<AssetVersion<K>>(this.context, this.path(version), body);
  }

  delete(version: string): Promise<void> {
    return remove(this.context, this.path(version));
  }

  /**
   * A write SAS for a fresh blob location to upload this version's bytes to (registries: models, data,
   * codes; workspaces: codes). Register the version afterwards with the returned `blobUri`.
   */
  async startPendingUpload(
    version: string,
    body: PendingUploadRequest = { pendingUploadType: "TemporaryBlobReference" },
  ): Promise<PendingUploadResponse> {
    const url = `${this.path(version)}/startPendingUpload`;
    return (await this.context.transport.send({ method: "POST", url, body })).body as PendingUploadResponse;
  }
}

export class WorkspaceVersionOperations<K extends AssetKind> extends VersionOperations<K> {
  /** Publishes this workspace version into a registry (LRO; final state via Location). */
  async publish(version: string, destination: DestinationAsset): Promise<void> {
    await runLro(
      this.context.transport,
      { method: "POST", url: `${this.path(version)}/publish`, body: destination },
      { finalStateVia: "location", ...this.context.lro },
    );
  }
}
