/**
 * @module assets/upload
 * Uploads a local asset path (file or folder) under a blob prefix: files in parallel, large files in parallel
 * blocks (bounded memory: files × blocks × block size in flight at most), with aggregated byte progress.
 * Each file is read once, in order: with `hash`, its sha256 is computed from the very blocks being uploaded
 * (hashing overlaps the upload, and the hash covers exactly the bytes sent, even if the file changes).
 * The returned URI never carries the container client's query string, so a SAS never leaks into an asset.
 */
import { createHash } from "node:crypto";
import { open } from "node:fs/promises";
import type { BlockBlobClient, ContainerClient } from "@azure/storage-blob";
import { InputError } from "../errors.ts";
import { type LocalFile, listLocalFiles } from "./files.ts";
import { mapWithConcurrency } from "./pool.ts";

export interface UploadProgress {
  loadedBytes: number;
  totalBytes: number;
  filesDone: number;
  filesTotal: number;
}

export interface UploadFolderOptions {
  container: ContainerClient;
  /** Blob name prefix (a folder in the container), e.g. "LocalUpload/<digest>/model". */
  prefix: string;
  /** A local file or folder. */
  localPath: string;
  /** The folder's files when already listed (a component's code snapshot with its additional includes). */
  files?: readonly LocalFile[];
  /** Files uploaded at once (default 4). */
  concurrency?: number;
  /** Blocks of one large file uploaded at once (default 4). */
  blockConcurrency?: number;
  /** Block size; files up to this size go in one request (default 8 MiB). */
  blockSize?: number;
  onProgress?: (progress: UploadProgress) => void;
  abortSignal?: AbortSignal;
  /** Hash each file (sha256) from the bytes as they are uploaded: `files[].sha256`, and `metadataFor` gets it. */
  hash?: boolean;
  /**
   * Blob metadata per file, by its relative path (e.g. its sha256, so copies verify without reading bytes);
   * called when the blob is committed, after the file was read, so `file.sha256` is known with `hash`.
   */
  metadataFor?: (relativePath: string, file: { sha256?: string }) => Record<string, string>;
}

export interface UploadedFile {
  /** Path relative to the uploaded folder (POSIX); for a single file, its base name. */
  path: string;
  blobName: string;
  /** Bytes uploaded (read from the file). */
  size: number;
  /** Hex sha256 of the bytes uploaded, with `hash`. */
  sha256?: string;
}

export interface UploadResult {
  kind: "file" | "folder";
  files: UploadedFile[];
  totalBytes: number;
  /** The uploaded folder's URI (or the file's, for a single file), without any query string. */
  uri: string;
}

const DEFAULT_BLOCK_SIZE = 8 * 1024 * 1024;

export async function uploadFolder(options: UploadFolderOptions): Promise<UploadResult> {
  const prefix = normalizePrefix(options.prefix);
  const listing = options.files
    ? { kind: "folder" as const, files: [...options.files] }
    : await listLocalFiles(options.localPath);
  const totalBytes = listing.files.reduce((sum, file) => sum + file.size, 0);
  const blockSize = options.blockSize ?? DEFAULT_BLOCK_SIZE;
  const perFile = new Map<string, number>();
  let loadedBytes = 0;
  let filesDone = 0;
  const report = () =>
    options.onProgress?.({ loadedBytes, totalBytes, filesDone, filesTotal: listing.files.length });
  report();

  const files = await mapWithConcurrency(listing.files, options.concurrency ?? 4, async (file) => {
    const blobName = prefix ? `${prefix}/${file.path}` : file.path;
    const blob = options.container.getBlockBlobClient(blobName);
    const onFileProgress = (loaded: number) => {
      loadedBytes += loaded - (perFile.get(file.path) ?? 0);
      perFile.set(file.path, loaded);
      report();
    };
    const uploaded = await uploadFile(blob, file.absolutePath, {
      blockSize,
      concurrency: options.blockConcurrency ?? 4,
      hash: options.hash === true,
      abortSignal: options.abortSignal,
      metadata: (sha256) => options.metadataFor?.(file.path, sha256 === undefined ? {} : { sha256 }),
      onLoaded: onFileProgress,
    });
    onFileProgress(uploaded.size);
    filesDone++;
    report();
    return { path: file.path, blobName, ...uploaded };
  });

  const base = new URL(options.container.url);
  base.search = "";
  base.hash = "";
  const containerUri = base.toString().replace(/\/+$/, "");
  const target = listing.kind === "file" ? files[0]!.blobName : prefix;
  return {
    kind: listing.kind,
    files,
    totalBytes: files.reduce((sum, file) => sum + file.size, 0),
    uri: target ? `${containerUri}/${target.split("/").map(encodeURIComponent).join("/")}` : containerUri,
  };
}

interface FileUploadOptions {
  blockSize: number;
  concurrency: number;
  hash: boolean;
  abortSignal: AbortSignal | undefined;
  metadata: (sha256: string | undefined) => Record<string, string> | undefined;
  onLoaded: (bytes: number) => void;
}

/**
 * One file, read block by block in order: up to one block goes in a single request (Put Blob); a larger file's
 * blocks are staged `concurrency` at a time while the next is read and hashed, then committed (Put Block
 * List) with the metadata, once the hash is complete.
 */
async function uploadFile(
  blob: BlockBlobClient,
  file: string,
  options: FileUploadOptions,
): Promise<{ size: number; sha256?: string }> {
  const hash = options.hash ? createHash("sha256") : undefined;
  const digest = () => hash?.digest("hex");
  const handle = await open(file, "r");
  try {
    // What the file holds as it is opened: blocks are sized to it rather than to blockSize, as a full-size
    // buffer per small file is megabytes of memory the garbage collector must reclaim (and work it does).
    let expected = (await handle.stat()).size;
    const read = async () => {
      // One byte over what is expected, so a file that grew is noticed and read on, up to blockSize.
      let buffer = Buffer.allocUnsafe(Math.min(options.blockSize, Math.max(expected, 0) + 1));
      let filled = 0;
      while (filled < options.blockSize) {
        if (filled === buffer.length) {
          const larger = Buffer.allocUnsafe(Math.min(options.blockSize, buffer.length * 2));
          buffer.copy(larger, 0, 0, filled);
          buffer = larger;
        }
        const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, null);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      expected -= filled;
      const block = buffer.subarray(0, filled);
      hash?.update(block);
      return block;
    };
    const first = await read();
    let next = first.length < options.blockSize ? Buffer.alloc(0) : await read();
    if (next.length === 0) {
      const sha256 = digest();
      const metadata = options.metadata(sha256);
      await blob.upload(first, first.length, {
        abortSignal: options.abortSignal,
        ...(metadata ? { metadata } : {}),
        onProgress: (event) => options.onLoaded(event.loadedBytes),
      });
      return { size: first.length, ...(sha256 !== undefined ? { sha256 } : {}) };
    }

    const ids: string[] = [];
    const inFlight = new Set<Promise<void>>();
    let failure: { error: unknown } | undefined;
    let size = 0;
    let loaded = 0;
    const stage = async (block: Buffer) => {
      // Same-length ids, as Put Block requires within one blob.
      const id = Buffer.from(`airlock-block-${String(ids.length).padStart(6, "0")}`).toString("base64");
      ids.push(id);
      size += block.length;
      const staged: Promise<void> = blob
        .stageBlock(id, block, block.length, { abortSignal: options.abortSignal })
        .then(
          () => {
            loaded += block.length;
            options.onLoaded(loaded);
          },
          (error: unknown) => {
            failure ??= { error };
          },
        )
        .finally(() => inFlight.delete(staged));
      inFlight.add(staged);
      if (inFlight.size >= options.concurrency) await Promise.race(inFlight);
    };
    await stage(first);
    while (next.length > 0 && !failure) {
      await stage(next);
      next = next.length < options.blockSize ? Buffer.alloc(0) : await read();
    }
    await Promise.all(inFlight);
    if (failure) throw failure.error;
    const sha256 = digest();
    const metadata = options.metadata(sha256);
    await blob.commitBlockList(ids, { abortSignal: options.abortSignal, ...(metadata ? { metadata } : {}) });
    return { size, ...(sha256 !== undefined ? { sha256 } : {}) };
  } finally {
    await handle.close();
  }
}

function normalizePrefix(prefix: string): string {
  const trimmed = prefix.replace(/^\/+|\/+$/g, "");
  if (
    trimmed
      .split("/")
      .some((segment) => segment === ".." || segment === "." || (segment === "" && trimmed !== ""))
  ) {
    throw new InputError(
      "UPLOAD_PREFIX_INVALID",
      `blob prefix ${JSON.stringify(prefix)} must not contain '.', '..' or '//'`,
    );
  }
  return trimmed;
}
