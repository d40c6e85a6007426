/**
 * @module emulator/storage
 * The twin's view of blob storage behind its blob front end (Azurite + WORM + durable writes): account keys, SAS URLs, asset-URI resolution (azureml://
 * datastore paths and Azurite/Azure blob URLs) and server-side copies. Bytes are only ever moved by Azurite
 * (Copy Blob From URL with a read SAS on the source) or streamed to disk for a deployment — never buffered
 * in the twin's memory.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import {
  BlobServiceClient,
  ContainerSASPermissions,
  generateBlobSASQueryParameters,
  StorageSharedKeyCredential,
} from "@azure/storage-blob";
import { ArmError } from "./arm-errors.ts";
import type { RunningAzurite } from "./azurite.ts";
import type { WorkspaceInfo } from "./catalog.ts";

/** The blob front end's control channel: container policies and container facts for ARM. */
export type BlobFrontControl = Pick<RunningAzurite, "getPolicy" | "setPolicy" | "getContainer">;

export interface BlobLocation {
  account: string;
  container: string;
  /** Blob name or folder prefix inside the container ("" = the whole container). */
  path: string;
}

export interface BlobEntry {
  /** Full blob name in the source container. */
  name: string;
  /** Path relative to the asset root (a folder asset keeps its folder name, as Azure ML does). */
  relative: string;
}

const AZURE_BLOB_HOST = /^([a-z0-9]{3,24})\.blob\.core\.windows\.net$/i;

export class TwinStorage {
  /** The blob front end's base URL (every blob URL handed out goes through it). */
  readonly baseUrl: string;
  readonly front: BlobFrontControl;
  private readonly keys = new Map<string, string>();
  private readonly services = new Map<string, BlobServiceClient>();

  constructor(
    baseUrl: string,
    accounts: ReadonlyArray<{ name: string; key: string }>,
    front: BlobFrontControl,
  ) {
    this.baseUrl = baseUrl;
    this.front = front;
    for (const account of accounts) this.keys.set(account.name, account.key);
  }

  hasAccount(account: string): boolean {
    return this.keys.has(account);
  }

  key(account: string): string {
    const key = this.keys.get(account);
    if (!key)
      throw new ArmError(404, "StorageAccountNotFound", `The storage account '${account}' was not found.`);
    return key;
  }

  accountUrl(account: string): string {
    return `${this.baseUrl}/${account}`;
  }

  containerUrl(account: string, container: string): string {
    return `${this.accountUrl(account)}/${container}`;
  }

  blobUrl(location: BlobLocation): string {
    const encoded = location.path
      .split("/")
      .map((part) => encodeURIComponent(part))
      .join("/");
    return location.path
      ? `${this.containerUrl(location.account, location.container)}/${encoded}`
      : this.containerUrl(location.account, location.container);
  }

  service(account: string): BlobServiceClient {
    let client = this.services.get(account);
    if (!client) {
      client = new BlobServiceClient(
        this.accountUrl(account),
        new StorageSharedKeyCredential(account, this.key(account)),
        {
          retryOptions: { maxTries: 2 },
        },
      );
      this.services.set(account, client);
    }
    return client;
  }

  /** A container SAS: "r" (read + list) or "w" (read, add, create, write, list). */
  containerSas(
    account: string,
    container: string,
    access: "r" | "w",
    ttlSeconds: number,
  ): { sasUri: string; expiresOn: Date } {
    const expiresOn = new Date(Date.now() + ttlSeconds * 1000);
    const sas = generateBlobSASQueryParameters(
      {
        containerName: container,
        permissions: ContainerSASPermissions.parse(access === "r" ? "rl" : "racwl"),
        startsOn: new Date(Date.now() - 5 * 60_000),
        expiresOn,
      },
      new StorageSharedKeyCredential(account, this.key(account)),
    ).toString();
    return { sasUri: `${this.containerUrl(account, container)}?${sas}`, expiresOn };
  }

  async ensureContainer(account: string, container: string): Promise<void> {
    await this.service(account).getContainerClient(container).createIfNotExists();
  }

  /**
   * An http(s) blob URL → its location when it points at one of the twin's accounts: either an Azurite URL
   * (`http://127.0.0.1:<any port>/<account>/<container>/<path>` — any port, so URIs stored before a restart
   * still resolve) or an Azure one (`https://<account>.blob.core.windows.net/<container>/<path>`).
   */
  parseBlobUrl(uri: string): BlobLocation | undefined {
    let url: URL;
    try {
      url = new URL(uri);
    } catch {
      return undefined;
    }
    const parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
    const azure = AZURE_BLOB_HOST.exec(url.hostname);
    if (azure) parts.unshift(azure[1]!.toLowerCase());
    else if (!["127.0.0.1", "localhost", "[::1]"].includes(url.hostname)) return undefined;
    const [account, container, ...rest] = parts;
    if (!account || !container || !this.keys.has(account)) return undefined;
    return { account, container, path: rest.join("/") };
  }

  /** Resolves `azureml://…/datastores/<ds>/paths/<p>` (long or short form) and blob URLs. */
  resolveDatastoreUri(
    uri: string,
    workspaces: readonly WorkspaceInfo[],
    context?: WorkspaceInfo,
  ): BlobLocation | undefined {
    const long =
      /^azureml:\/\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/workspaces\/([^/]+)\/datastores\/([^/]+)\/paths\/(.*)$/i.exec(
        uri,
      );
    const short = /^azureml:\/\/datastores\/([^/]+)\/paths\/(.*)$/i.exec(uri);
    if (long || short) {
      const workspace = long
        ? workspaces.find((w) => w.name.toLowerCase() === long[1]!.toLowerCase())
        : context;
      const datastore = long ? long[2]! : short![1]!;
      const blobPath = decodeURIComponent(long ? long[3]! : short![2]!);
      if (!workspace || datastore !== "workspaceblobstore") return undefined;
      return { account: workspace.storageAccount, container: workspace.blobstoreContainer, path: blobPath };
    }
    return this.parseBlobUrl(uri);
  }

  /** The blobs of an asset: the exact blob when `path` names one, otherwise everything under `path/`. */
  async listAssetBlobs(location: BlobLocation): Promise<BlobEntry[]> {
    const container = this.service(location.account).getContainerClient(location.container);
    const trimmed = location.path.replace(/\/+$/, "");
    if (trimmed && !location.path.endsWith("/") && (await container.getBlobClient(trimmed).exists())) {
      return [{ name: trimmed, relative: path.posix.basename(trimmed) }];
    }
    const prefix = trimmed ? `${trimmed}/` : "";
    const folder = trimmed ? `${path.posix.basename(trimmed)}/` : "";
    const entries: BlobEntry[] = [];
    for await (const blob of container.listBlobsFlat({ prefix })) {
      entries.push({ name: blob.name, relative: `${folder}${blob.name.slice(prefix.length)}` });
    }
    return entries;
  }

  /**
   * Server-side copy of an asset's blobs into `destination` (a container), keeping the asset's layout.
   * Returns the location of the copied asset root (the file, or the folder).
   */
  async copyAsset(
    source: BlobLocation,
    destination: { account: string; container: string },
  ): Promise<BlobLocation> {
    const entries = await this.listAssetBlobs(source);
    if (entries.length === 0) {
      throw new ArmError(
        400,
        "UserError",
        `No blobs found at ${this.blobUrl(source)}; the asset has no content to copy.`,
      );
    }
    await this.ensureContainer(destination.account, destination.container);
    const readSas = this.containerSas(source.account, source.container, "r", 3600).sasUri;
    const [base, query] = readSas.split("?") as [string, string];
    const target = this.service(destination.account).getContainerClient(destination.container);
    for (const entry of entries) {
      const encoded = entry.name.split("/").map(encodeURIComponent).join("/");
      // Copy Blob (asynchronous) has no size limit, unlike Copy Blob From URL (256 MiB); Azurite finishes it at once.
      const poller = await target
        .getBlobClient(entry.relative)
        .beginCopyFromURL(`${base}/${encoded}?${query}`, {
          intervalInMs: 100,
        });
      await poller.pollUntilDone();
    }
    const single = entries.length === 1 && !entries[0]!.relative.includes("/");
    const root = single ? entries[0]!.relative : entries[0]!.relative.split("/")[0]!;
    const isFolder = !single && entries.every((e) => e.relative.startsWith(`${root}/`));
    return { ...destination, path: isFolder || single ? root : "" };
  }

  /** Downloads an asset's blobs into `dir` (streamed to disk). `flatten` drops a folder asset's own name. */
  async downloadAsset(source: BlobLocation, dir: string, flatten: boolean): Promise<number> {
    const entries = await this.listAssetBlobs(source);
    const container = this.service(source.account).getContainerClient(source.container);
    for (const entry of entries) {
      const relative =
        flatten && entry.relative.includes("/")
          ? entry.relative.slice(entry.relative.indexOf("/") + 1)
          : entry.relative;
      const target = path.resolve(dir, relative);
      if (!target.startsWith(path.resolve(dir) + path.sep)) continue; // never write outside the work dir
      await mkdir(path.dirname(target), { recursive: true });
      await container.getBlobClient(entry.name).downloadToFile(target);
    }
    return entries.length;
  }
}
