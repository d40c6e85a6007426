/**
 * @module promotion/register
 * `airlock register <file.yml> --env dev`: what `az ml <asset> create -f` does, plus the content digest an
 * approval later binds to. Local files go to the workspace's default datastore (each blob carries its sha256
 * in metadata, so any copy can be verified without reading bytes; a model's or data asset's files are hashed
 * as they upload, in one read); the version is created last, with the
 * digest in its `properties`. Registering identical content again is a no-op; different content under an
 * existing version is refused (versions are immutable). A missing version and a component's environment label
 * are resolved first, as az ml resolves them (promotion/resolve-asset); an inline component environment
 * becomes its own environment version; remote model/data paths register by reference, unbound.
 */
import { randomBytes } from "node:crypto";
import { stat } from "node:fs/promises";
import path from "node:path";
import { getOrUndefined } from "../arm/errors.ts";
import {
  ARM_KIND,
  type AssetDefinition,
  type ContentDigest,
  componentCodeFiles,
  contentDigest,
  digestOfManifest,
  inlineEnvironmentAsset,
  loadAsset,
  PROP,
  SHA256_METADATA,
  toArmBody,
  type UploadProgress,
  uploadFolder,
} from "../assets/index.ts";
import type { Connection } from "../connect/connection.ts";
import { ConflictError } from "../errors.ts";
import { type Purpose, repoRelative } from "../platform/index.ts";
import { assertComponentDependencies } from "./component-dependencies.ts";
import { resolveForRegistration } from "./resolve-asset.ts";

export interface RegisterResult {
  kind: AssetDefinition["kind"];
  name: string;
  version: string;
  env: Purpose;
  digest: string;
  status: "created" | "unchanged";
  /** "digest": the version carries the digest an approval binds to; "reference": a remote path registered
   * by reference (digest ""), which cannot be requested. */
  binding: "digest" | "reference";
  uploadedBytes: number;
  assetId: string;
  /** The datastore folder the bytes went to ("LocalUpload/<id>"), when this call uploaded them. */
  uploadFolder?: string;
}

export interface RegisterOptions {
  env: Purpose;
  onProgress?: (progress: UploadProgress) => void;
  /** Component environment reference to write instead of the YAML's (prod recreation). */
  componentEnvironment?: string;
  /** A dev registry environment prod may reference: promoted with reference-dev-registry, recorded in the ledger. */
  crossEnvironmentDependency?: string;
  /** Extra version properties (lineage). */
  properties?: Record<string, string>;
}

export async function registerAssetFile(
  connection: Connection,
  file: string,
  options: RegisterOptions & { root?: string },
): Promise<RegisterResult> {
  return registerAsset(connection, await loadAsset(file, options.root), options);
}

export async function registerAsset(
  connection: Connection,
  definition: AssetDefinition,
  options: RegisterOptions,
): Promise<RegisterResult> {
  // Version and labels first: what is digested, uploaded and later approved names a concrete version.
  const asset = await resolveForRegistration(connection, definition, options.env);
  const workspace = connection.workspace(options.env);
  const versions = workspace.versions(ARM_KIND[asset.kind], asset.name);
  if ((asset.kind === "model" || asset.kind === "data") && !asset.path.local) {
    return registerByReference(connection, asset, asset.path.written, options);
  }
  const existing = await getOrUndefined(() => versions.get(asset.version));
  if (!existing && (asset.kind === "model" || asset.kind === "data") && asset.path.local) {
    return registerUploading(connection, asset, asset.path.absolute, options);
  }
  const content = await contentDigest(asset);
  const base = {
    kind: asset.kind,
    name: asset.name,
    version: asset.version,
    env: options.env,
    digest: content.digest,
    binding: "digest" as const,
  };
  if (existing) {
    const recorded = existing.properties.properties?.[PROP.digest];
    if (recorded === content.digest) {
      return { ...base, status: "unchanged", uploadedBytes: 0, assetId: existing.id };
    }
    throw new ConflictError(
      "VERSION_EXISTS_DIFFERENT",
      `${asset.kind} ${asset.name}:${asset.version} already exists in the ${options.env} workspace with ${recorded ? `digest ${recorded}` : "content Airlock did not register"}; this file's content is ${content.digest}. Versions are immutable: bump the version.`,
    );
  }
  if (asset.kind === "component") await assertComponentDependencies(connection, asset, options);

  const identity = await connection.identity(options.env);
  const properties: Record<string, string> = {
    [PROP.digest]: content.digest,
    [PROP.bytes]: String(content.totalBytes),
    [PROP.sourceFile]: repoRelative(asset.file),
    [PROP.registeredBy]: identity.name,
    ...options.properties,
  };
  if (content.manifest) properties[PROP.files] = String(content.manifest.files.length);
  let componentEnvironment = options.componentEnvironment;
  let uploadedBytes = 0;
  if (asset.kind === "component") {
    if (
      definition.kind === "component" &&
      "reference" in definition.environment &&
      "reference" in asset.environment &&
      definition.environment.written !== asset.environment.written
    ) {
      properties[PROP.resolvedEnvironment] = asset.environment.written;
    }
    if (componentEnvironment === undefined && "inline" in asset.environment) {
      const inline = await registerInlineEnvironment(connection, asset, options);
      componentEnvironment = inline.reference;
      uploadedBytes += inline.uploadedBytes;
    }
  }

  const upload = await uploadLocalContent(connection, asset, content, options);
  uploadedBytes += upload?.bytes ?? 0;
  let uploadedUri = upload?.uri;
  if (asset.kind === "component" && upload) {
    uploadedUri = await createCodeVersion(connection, asset.name, content.digest, upload.uri, options.env);
  }
  const body = toArmBody(asset, {
    ...(uploadedUri !== undefined ? { uploadedUri } : {}),
    properties,
    ...(componentEnvironment !== undefined
      ? { environment: componentEnvironment }
      : asset.kind === "component" && "reference" in asset.environment
        ? { environment: asset.environment.written }
        : {}),
  });
  const created = await versions.createOrUpdate(asset.version, body as never);
  return { ...base, status: "created", uploadedBytes, assetId: created.id };
}

/**
 * A new model or data version: its files are hashed as they stream to the datastore (one read of each file,
 * and the digest covers exactly the bytes uploaded), then the version is created with the digest. The folder
 * cannot be named for the digest, known only once the last byte is sent: it is random, as az ml's is unique.
 */
async function registerUploading(
  connection: Connection,
  asset: Extract<AssetDefinition, { kind: "model" | "data" }>,
  localPath: string,
  options: RegisterOptions,
): Promise<RegisterResult> {
  const container = await connection.datastoreContainer(options.env);
  await container.createIfNotExists();
  const folder = `LocalUpload/${randomBytes(16).toString("hex")}`;
  const isFolder = (await stat(localPath)).isDirectory();
  const result = await uploadFolder({
    container,
    prefix: isFolder ? `${folder}/${path.basename(localPath)}` : folder,
    localPath,
    hash: true,
    metadataFor: (_relative, file): Record<string, string> =>
      file.sha256 ? { [SHA256_METADATA]: file.sha256 } : {},
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const files = result.files.map((file) => ({ path: file.path, size: file.size, sha256: file.sha256! }));
  const digest = digestOfManifest({ files });
  const identity = await connection.identity(options.env);
  const properties: Record<string, string> = {
    [PROP.digest]: digest,
    [PROP.bytes]: String(result.totalBytes),
    [PROP.sourceFile]: repoRelative(asset.file),
    [PROP.registeredBy]: identity.name,
    ...options.properties,
  };
  properties[PROP.files] = String(files.length);
  const body = toArmBody(asset, {
    uploadedUri: datastoreUri(connection, options.env, container.url, result),
    properties,
  });
  const versions = connection.workspace(options.env).versions(ARM_KIND[asset.kind], asset.name);
  const created = await versions.createOrUpdate(asset.version, body as never);
  return {
    kind: asset.kind,
    name: asset.name,
    version: asset.version,
    env: options.env,
    digest,
    binding: "digest",
    status: "created",
    uploadedBytes: result.totalBytes,
    assetId: created.id,
    uploadFolder: folder,
  };
}

/**
 * A model or data version whose path is a remote URI (`azureml://datastores/...`, `azureml://jobs/...`,
 * `https://`, `wasbs://`, `abfss://`) is created as az ml creates it: by reference, nothing uploaded. Airlock
 * did not read those bytes, so no digest binds them: the version says so (`airlock.binding: reference`) and
 * carries no `airlock.digest`, which is what makes a request for it refused (SOURCE_NOT_DIGESTED).
 */
async function registerByReference(
  connection: Connection,
  asset: Extract<AssetDefinition, { kind: "model" | "data" }>,
  uri: string,
  options: RegisterOptions,
): Promise<RegisterResult> {
  const versions = connection.workspace(options.env).versions(ARM_KIND[asset.kind], asset.name);
  const base = {
    kind: asset.kind,
    name: asset.name,
    version: asset.version,
    env: options.env,
    digest: "",
    binding: "reference" as const,
  };
  const existing = await getOrUndefined(() => versions.get(asset.version));
  if (existing) {
    const props = existing.properties as { dataUri?: string; modelUri?: string };
    if ((props.dataUri ?? props.modelUri) === uri) {
      return { ...base, status: "unchanged", uploadedBytes: 0, assetId: existing.id };
    }
    throw new ConflictError(
      "VERSION_EXISTS_DIFFERENT",
      `${asset.kind} ${asset.name}:${asset.version} already exists in the ${options.env} workspace pointing elsewhere; this file points at ${uri}. Versions are immutable: bump the version.`,
    );
  }
  const identity = await connection.identity(options.env);
  const body = toArmBody(asset, {
    properties: {
      [PROP.binding]: "reference",
      [PROP.sourceFile]: repoRelative(asset.file),
      [PROP.registeredBy]: identity.name,
      ...options.properties,
    },
  });
  const created = await versions.createOrUpdate(asset.version, body as never);
  return { ...base, status: "created", uploadedBytes: 0, assetId: created.id };
}

/**
 * A component's inline environment becomes an environment version, as az ml makes it: the anonymous
 * `CliV2AnonymousEnvironment` named by a hash of its content (Airlock's: the first 32 hex digits of the
 * environment digest), `isAnonymous: true`, the conda file's content embedded and a build context uploaded.
 * The component then references it; identical inline environments share one version.
 */
async function registerInlineEnvironment(
  connection: Connection,
  component: Extract<AssetDefinition, { kind: "component" }>,
  options: RegisterOptions,
): Promise<{ reference: string; uploadedBytes: number }> {
  if (!("inline" in component.environment)) throw new Error("unreachable: not an inline environment");
  const definition = inlineEnvironmentAsset(component, component.environment.inline);
  const content = await contentDigest(definition);
  const environment = {
    ...definition,
    version: content.digest.slice("sha256:".length, "sha256:".length + 32),
  };
  const reference = `azureml:${environment.name}:${environment.version}`;
  const versions = connection.workspace(options.env).versions("environments", environment.name);
  const existing = await getOrUndefined(() => versions.get(environment.version));
  if (existing) return { reference, uploadedBytes: 0 };
  const upload = await uploadLocalContent(connection, environment, content, options);
  const identity = await connection.identity(options.env);
  const body = toArmBody(environment, {
    ...(upload ? { uploadedUri: upload.uri } : {}),
    properties: {
      [PROP.digest]: content.digest,
      [PROP.bytes]: String(content.totalBytes),
      [PROP.sourceFile]: repoRelative(component.file),
      [PROP.registeredBy]: identity.name,
    },
  });
  body.properties.isAnonymous = true;
  await versions.createOrUpdate(environment.version, body as never);
  return { reference, uploadedBytes: upload?.bytes ?? 0 };
}

/** Uploads model/data files, an environment's build context, or a component's code; returns its datastore URI. */
async function uploadLocalContent(
  connection: Connection,
  asset: AssetDefinition,
  content: ContentDigest,
  options: RegisterOptions,
): Promise<{ uri: string; bytes: number } | undefined> {
  const localPath =
    asset.kind === "model" || asset.kind === "data"
      ? asset.path.local
        ? asset.path.absolute
        : undefined
      : asset.kind === "environment"
        ? asset.build?.context.absolute
        : asset.code?.absolute;
  if (!localPath) return undefined;
  const container = await connection.datastoreContainer(options.env);
  await container.createIfNotExists();
  const hashes = new Map((content.manifest?.files ?? []).map((f) => [f.path, f.sha256]));
  const folder = `LocalUpload/${content.digest.slice("sha256:".length, "sha256:".length + 32)}`;
  const isFolder = (await stat(localPath)).isDirectory();
  const snapshot = asset.kind === "component" ? await componentCodeFiles(asset) : undefined;
  const result = await uploadFolder({
    container,
    prefix: isFolder ? `${folder}/${path.basename(localPath)}` : folder,
    localPath,
    ...(snapshot ? { files: snapshot } : {}),
    ...(hashes.size > 0 ? { metadataFor: (relative: string) => metadataFor(hashes, relative) } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  return { uri: datastoreUri(connection, options.env, container.url, result), bytes: result.totalBytes };
}

/** The `azureml://` URI of an upload to the workspace's default datastore (a folder's ends in "/"). */
function datastoreUri(
  connection: Connection,
  purpose: Purpose,
  containerUrl: string,
  result: { kind: "file" | "folder"; uri: string },
): string {
  const env = connection.env(purpose);
  const suffix = result.kind === "folder" ? "/" : "";
  const relative = result.uri.slice(containerUrl.length + 1);
  const uri = `azureml://subscriptions/${connection.subscriptionId}/resourcegroups/${env.resourceGroups.ws}/workspaces/${env.names.workspace}/datastores/workspaceblobstore/paths/${relative}${suffix}`;
  return uri.replace(/\/\/$/, "/");
}

function metadataFor(hashes: Map<string, string>, relative: string): Record<string, string> {
  const sha = hashes.get(relative);
  return sha ? { [SHA256_METADATA]: sha } : {};
}

/** Components reference their code as a code asset, as `az ml component create` does. */
async function createCodeVersion(
  connection: Connection,
  component: string,
  digest: string,
  codeUri: string,
  env: Purpose,
): Promise<string> {
  const name = `${component}-code`;
  const version = digest.slice("sha256:".length, "sha256:".length + 12);
  const codes = connection.workspace(env).versions("codes", name);
  const existing = await getOrUndefined(() => codes.get(version));
  if (existing) return existing.id;
  const created = await codes.createOrUpdate(version, {
    properties: {
      codeUri,
      isAnonymous: false,
      properties: { [PROP.digest]: digest },
      tags: {},
      description: "",
    },
  } as never);
  return created.id;
}
