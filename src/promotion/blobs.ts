/**
 * @module promotion/blobs
 * Asset bytes as blob listings: read a manifest back from storage (paths, sizes and the sha256 each blob
 * carries in metadata) without reading bytes, and copy a folder of blobs from one SAS location to another with
 * server-side copies — in Azure no byte passes through Airlock.
 */
import { createHash } from "node:crypto";
import { ContainerClient } from "@azure/storage-blob";
import { digestOfManifest, type ManifestEntry, SHA256_METADATA } from "../assets/index.ts";
import { UnavailableError, VerificationError } from "../errors.ts";
import { redactText } from "../redact.ts";

/** A folder (or single file) of blobs reachable through a SAS: the container, the prefix, the query. */
export interface BlobLocation {
  container: ContainerClient;
  /** Blob name of the folder (no trailing slash) or of the single file; "" for the whole container. */
  path: string;
  /** The location without any query string: safe to record. */
  uri: string;
}

/** Splits `https://acct/container/some/path?sas` into a container client and a path. */
export function locationFromSas(sasUri: string, blobUri?: string): BlobLocation {
  const sas = new URL(sasUri);
  const target = new URL(blobUri ?? sasUri);
  // Path-style (Azurite: /account/container/...) vs host-style (Azure: /container/...).
  const segments = target.pathname.split("/").filter(Boolean).map(decodeURIComponent);
  const accountInPath =
    target.hostname === "127.0.0.1" || target.hostname === "localhost" || target.hostname === "[::1]";
  const containerIndex = accountInPath ? 1 : 0;
  const containerName = segments[containerIndex];
  if (!containerName)
    throw new UnavailableError(
      "BLOB_LOCATION_INVALID",
      `No container in ${redactText(target.origin + target.pathname)}`,
    );
  const containerPath = segments
    .slice(0, containerIndex + 1)
    .map(encodeURIComponent)
    .join("/");
  const container = new ContainerClient(`${target.origin}/${containerPath}${sas.search}`);
  const path = segments.slice(containerIndex + 1).join("/");
  return { container, path, uri: `${target.origin}${target.pathname}` };
}

export interface ListedBlob extends ManifestEntry {
  blobName: string;
}

/** The manifest of a location, from listing: relative path, size and the recorded sha256 of each blob. */
export async function listManifest(location: BlobLocation): Promise<ListedBlob[]> {
  const found: ListedBlob[] = [];
  const folderPrefix = location.path ? `${location.path.replace(/\/$/, "")}/` : "";
  for await (const blob of location.container.listBlobsFlat({
    prefix: folderPrefix,
    includeMetadata: true,
  })) {
    found.push(
      entryOf(
        blob.name,
        blob.name.slice(folderPrefix.length),
        blob.properties.contentLength ?? 0,
        blob.metadata,
      ),
    );
  }
  if (found.length === 0 && location.path) {
    // A single-file asset: the location names the blob itself.
    const client = location.container.getBlobClient(location.path);
    if (await client.exists()) {
      const props = await client.getProperties();
      const base = location.path.split("/").pop()!;
      found.push(entryOf(location.path, base, props.contentLength ?? 0, props.metadata));
    }
  }
  return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function entryOf(
  blobName: string,
  path: string,
  size: number,
  metadata: Record<string, string> | undefined,
): ListedBlob {
  return { blobName, path, size, sha256: metadata?.[SHA256_METADATA] ?? "" };
}

/** Recomputes a location's digest from its listing; fails when a blob carries no recorded hash. */
export function digestOfListing(listing: readonly ListedBlob[], where: string): string {
  const unhashed = listing.filter((b) => !b.sha256).map((b) => b.path);
  if (unhashed.length > 0) {
    throw new VerificationError(
      "BLOB_HASH_MISSING",
      `${where}: ${unhashed.length} blob(s) carry no recorded sha256 (${unhashed.slice(0, 3).join(", ")}); they were not uploaded by Airlock, so their digest cannot be verified.`,
    );
  }
  return digestOfManifest({ files: listing });
}

const SYNC_COPY_LIMIT = 256 * 1024 * 1024;
const HASH_CHUNK = 1024 * 1024;

/**
 * Server-side copies of every source blob to `target.path/<relative path>`, skipping blobs already there
 * with the same size and hash (so a rerun after a crash copies only what is missing). Returns bytes copied.
 */
export async function copyBlobs(
  source: BlobLocation,
  listing: readonly ListedBlob[],
  target: BlobLocation,
  options: { concurrency?: number; onCopied?: (bytes: number) => void } = {},
): Promise<number> {
  const existing = new Map((await listManifest(target)).map((b) => [b.path, b]));
  let copied = 0;
  const queue = listing.filter((blob) => {
    const there = existing.get(blob.path);
    return !(there && there.size === blob.size && there.sha256 === blob.sha256);
  });
  const workers = Array.from({ length: Math.min(options.concurrency ?? 8, queue.length) }, async () => {
    for (let blob = queue.shift(); blob; blob = queue.shift()) {
      const from = source.container.getBlobClient(blob.blobName);
      const to = target.container.getBlockBlobClient(target.path ? `${target.path}/${blob.path}` : blob.path);
      if (blob.size <= SYNC_COPY_LIMIT) {
        await to.syncCopyFromURL(from.url);
      } else {
        const poller = await to.beginCopyFromURL(from.url, { intervalInMs: 500 });
        await poller.pollUntilDone();
      }
      copied += blob.size;
      options.onCopied?.(blob.size);
    }
  });
  await Promise.all(workers);
  return copied;
}

/**
 * Hashes the bytes of every listed blob and compares them with the sha256 the listing carries. Metadata can be
 * rewritten by anyone who can write the blob, so only reading the bytes proves they are the ones approved; this
 * streams (memory stays flat) and is used on the copy in the target, which the source side cannot touch.
 */
export async function verifyBlobContent(
  location: BlobLocation,
  listing: readonly ListedBlob[],
  where: string,
  options: { concurrency?: number } = {},
): Promise<void> {
  const queue = [...listing];
  const mismatched: string[] = [];
  const workers = Array.from({ length: Math.min(options.concurrency ?? 4, queue.length) }, async () => {
    // One reused buffer per worker and ranged reads: memory stays at workers × HASH_CHUNK whatever the size.
    const buffer = Buffer.allocUnsafe(HASH_CHUNK);
    for (let blob = queue.shift(); blob; blob = queue.shift()) {
      const hash = createHash("sha256");
      const client = location.container.getBlobClient(blob.blobName);
      for (let offset = 0; offset < blob.size; offset += HASH_CHUNK) {
        const count = Math.min(HASH_CHUNK, blob.size - offset);
        await client.downloadToBuffer(buffer, offset, count, { concurrency: 1, blockSize: HASH_CHUNK });
        hash.update(buffer.subarray(0, count));
      }
      if (hash.digest("hex") !== blob.sha256) mismatched.push(blob.path);
    }
  });
  await Promise.all(workers);
  if (mismatched.length > 0) {
    throw new VerificationError(
      "BLOB_CONTENT_MISMATCH",
      `${where}: the bytes of ${mismatched.length} file(s) do not hash to their recorded sha256 (${mismatched.sort().slice(0, 3).join(", ")}): the content was changed after it was digested.`,
    );
  }
}
