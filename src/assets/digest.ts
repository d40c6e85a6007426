/**
 * @module assets/digest
 * Content digests that an approval binds to. Every digest is `"sha256:" + hex(sha256(utf8(canonicalJson(doc))))`
 * where `canonicalJson` sorts object keys by code point and writes no whitespace (Python:
 * `json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)`).
 *
 * Files (`digestPath`), doc =
 *   {"files": [{"path": <POSIX path relative to the folder>, "sha256": <hex of the file's bytes>,
 *               "size": <bytes>}, ...],              // sorted by path in code-point (UTF-8 byte) order
 *    "format": "airlock.manifest/1"}
 *   A single file is a one-entry manifest whose path is the file's base name. Only regular files count
 *   (empty folders are not content); symlinks are followed. The folder's own name is not part of the digest,
 *   so identical content in another folder has the same digest.
 *
 * Environments (`digestEnvironment`), doc =
 *   {"format": "airlock.environment/1", "definition": {
 *      "build": null | {"context": <files list as above>, "dockerfile_path": <str>},
 *      "conda_file": null | {"sha256": <hex of the conda YAML bytes>, "size": <bytes>},
 *      "description": null | <str>, "image": null | <str>,
 *      "inference_config": null | {"liveness_route"|"readiness_route"|"scoring_route": {"path","port"}},
 *      "os_type": "linux" | "windows", "properties": {..}, "tags": {..}}}
 *   (an inline conda_file is hashed as the bytes of its YAML text as Airlock serializes it).
 *
 * Components (`digestComponent`), doc =
 *   {"format": "airlock.component/1", "code": null | <files list as above, of the code snapshot: the code
 *      folder plus each additional_includes entry under its base name>,
 *    "spec": <the YAML document as JSON without "$schema", "name", "version", "code" and
 *      "additional_includes"; "environment" is the reference as resolved at registration (a label becomes
 *      its version), or for an inline environment the environment document above (its content, not paths)>}
 *
 * Name and version are identity, not content: they are bound separately by the approval.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { canonicalJson, compareCodePoints } from "../canonical-json.ts";
import { type LocalFile, listLocalFiles } from "./files.ts";
import { mapWithConcurrency } from "./pool.ts";
import { componentCodeFiles } from "./snapshot.ts";
import type { ComponentAsset, EnvironmentAsset, LocalAssetPath } from "./types.ts";

export interface ManifestEntry {
  path: string;
  size: number;
  sha256: string;
}

export interface Manifest {
  files: ManifestEntry[];
  totalBytes: number;
}

export interface PathDigest {
  digest: string;
  manifest: Manifest;
}

export interface DocumentDigest {
  digest: string;
  /** The exact document that was hashed (canonical JSON of it is what the digest covers). */
  document: Record<string, unknown>;
  /** Bytes of local content covered (conda file, build context, code). */
  totalBytes: number;
}

export const MANIFEST_FORMAT = "airlock.manifest/1";
const HASH_CONCURRENCY = 4;
const READ_CHUNK_BYTES = 1 << 20;
const MIN_READ_BYTES = 16 << 10;

/** Streams every file under `localPath` (file or folder) through sha256 and digests the manifest. */
export async function digestPath(
  localPath: string,
  options: { concurrency?: number } = {},
): Promise<PathDigest> {
  const listing = await listLocalFiles(localPath);
  const files = await mapWithConcurrency(
    listing.files,
    options.concurrency ?? HASH_CONCURRENCY,
    async (file) => ({
      path: file.path,
      size: file.size,
      sha256: await sha256File(file.absolutePath, file.size),
    }),
  );
  const manifest = { files, totalBytes: files.reduce((sum, file) => sum + file.size, 0) };
  return { digest: digestOfManifest(manifest), manifest };
}

/** The digest of an already computed manifest (e.g. one read back from a target). */
export function digestOfManifest(manifest: { files: readonly ManifestEntry[] }): string {
  return digestDocument({ format: MANIFEST_FORMAT, files: manifestFiles(manifest) });
}

export function digestDocument(document: unknown): string {
  return `sha256:${createHash("sha256").update(canonicalJson(document), "utf8").digest("hex")}`;
}

/**
 * `sizeHint` (the size a listing saw) sizes the read buffer: each read allocates one, and a megabyte per small
 * file is memory the garbage collector must reclaim. A file that grew since is still read to its end.
 */
export async function sha256File(file: string, sizeHint?: number): Promise<string> {
  const hash = createHash("sha256");
  const highWaterMark =
    sizeHint === undefined
      ? READ_CHUNK_BYTES
      : Math.min(READ_CHUNK_BYTES, Math.max(sizeHint + 1, MIN_READ_BYTES));
  for await (const chunk of createReadStream(file, { highWaterMark })) {
    hash.update(chunk as Buffer);
  }
  return hash.digest("hex");
}

export async function digestEnvironment(asset: EnvironmentAsset): Promise<DocumentDigest> {
  let totalBytes = 0;
  let condaFile: Record<string, unknown> | null = null;
  if (asset.condaFile) {
    const bytes = Buffer.from(asset.condaFile.content, "utf8");
    condaFile = { sha256: createHash("sha256").update(bytes).digest("hex"), size: bytes.length };
    totalBytes += bytes.length;
  }
  let build: Record<string, unknown> | null = null;
  if (asset.build) {
    const context = await digestPath(asset.build.context.absolute);
    build = { context: manifestFiles(context.manifest), dockerfile_path: asset.build.dockerfilePath };
    totalBytes += context.manifest.totalBytes;
  }
  const inference = asset.inferenceConfig;
  const document = {
    format: "airlock.environment/1",
    definition: {
      build,
      conda_file: condaFile,
      description: asset.description ?? null,
      image: asset.image ?? null,
      inference_config: inference
        ? {
            liveness_route: inference.livenessRoute ?? null,
            readiness_route: inference.readinessRoute ?? null,
            scoring_route: inference.scoringRoute ?? null,
          }
        : null,
      os_type: asset.osType,
      properties: asset.properties,
      tags: asset.tags,
    },
  };
  return { digest: digestDocument(document), document, totalBytes };
}

export async function digestComponent(asset: ComponentAsset): Promise<DocumentDigest> {
  const {
    $schema: _schema,
    name: _name,
    version: _version,
    code: _code,
    additional_includes: _includes,
    ...spec
  } = asset.document;
  let code: ManifestEntry[] | null = null;
  let totalBytes = 0;
  const files = await componentCodeFiles(asset);
  if (files) {
    const digest = await digestFiles(files);
    code = manifestFiles(digest.manifest);
    totalBytes += digest.manifest.totalBytes;
  }
  if ("inline" in asset.environment) {
    // An inline environment is bound by its content (conda bytes, build context), not by the paths written.
    const inline = await digestEnvironment(inlineEnvironmentAsset(asset, asset.environment.inline));
    spec.environment = inline.document;
    totalBytes += inline.totalBytes;
  } else {
    spec.environment = asset.environment.written;
  }
  const document = { format: "airlock.component/1", code, spec: spec as Record<string, unknown> };
  return { digest: digestDocument(document), document, totalBytes };
}

/** Hashes an already listed set of files (a component's code snapshot). */
export async function digestFiles(
  listing: readonly LocalFile[],
  options: { concurrency?: number } = {},
): Promise<PathDigest> {
  const files = await mapWithConcurrency(
    [...listing],
    options.concurrency ?? HASH_CONCURRENCY,
    async (file) => ({
      path: file.path,
      size: file.size,
      sha256: await sha256File(file.absolutePath, file.size),
    }),
  );
  const manifest = { files, totalBytes: files.reduce((sum, file) => sum + file.size, 0) };
  return { digest: digestOfManifest(manifest), manifest };
}

/** Digest of a model's or data asset's local content. */
export function digestLocalAssetPath(localPath: LocalAssetPath): Promise<PathDigest> {
  return digestPath(localPath.absolute);
}

function manifestFiles(manifest: { files: readonly ManifestEntry[] }): ManifestEntry[] {
  return manifest.files
    .map(({ path, sha256, size }) => ({ path, sha256, size }))
    .sort((a, b) => compareCodePoints(a.path, b.path));
}

/** A component's inline environment as the environment version registration creates for it. */
export function inlineEnvironmentAsset(
  component: ComponentAsset,
  inline: Extract<ComponentAsset["environment"], { inline: unknown }>["inline"],
): EnvironmentAsset {
  const { description, tags, ...definition } = inline;
  return {
    ...definition,
    kind: "environment",
    file: component.file,
    root: component.root,
    name: ANONYMOUS_ENVIRONMENT_NAME,
    version: "",
    versionSource: "auto",
    ...(description !== undefined ? { description } : {}),
    tags,
    properties: {},
    document: {},
  };
}

/** The name az ml gives the environment version it creates for an inline component environment. */
export const ANONYMOUS_ENVIRONMENT_NAME = "CliV2AnonymousEnvironment";
