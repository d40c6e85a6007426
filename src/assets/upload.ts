/**
 * @module assets/upload
 * Uploads a local asset path (file or folder) under a blob prefix: files in parallel, large files in parallel
 * blocks (bounded memory: files × blocks × block size in flight at most), with aggregated byte progress.
 * The returned URI never carries the container client's query string, so a SAS never leaks into an asset.
 */
import type { ContainerClient } from "@azure/storage-blob";
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
  /** Blob metadata per file, by its relative path (e.g. its sha256, so copies verify without reading bytes). */
  metadataFor?: (relativePath: string) => Record<string, string>;
}

export interface UploadedFile {
  /** Path relative to the uploaded folder (POSIX); for a single file, its base name. */
  path: string;
  blobName: string;
  size: number;
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
    await blob.uploadFile(file.absolutePath, {
      blockSize,
      maxSingleShotSize: blockSize,
      concurrency: options.blockConcurrency ?? 4,
      abortSignal: options.abortSignal,
      ...(options.metadataFor ? { metadata: options.metadataFor(file.path) } : {}),
      onProgress: (event) => onFileProgress(event.loadedBytes),
    });
    onFileProgress(file.size);
    filesDone++;
    report();
    return { path: file.path, blobName, size: file.size };
  });

  const base = new URL(options.container.url);
  base.search = "";
  base.hash = "";
  const containerUri = base.toString().replace(/\/+$/, "");
  const target = listing.kind === "file" ? files[0]!.blobName : prefix;
  return {
    kind: listing.kind,
    files,
    totalBytes,
    uri: target ? `${containerUri}/${target.split("/").map(encodeURIComponent).join("/")}` : containerUri,
  };
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
