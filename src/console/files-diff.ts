/**
 * @module console/files-diff
 * The files of a requested model or data version against those of the version prod holds under its name: each
 * path added, removed, changed (another sha256 or size) or the same. Listings come from blob metadata (the
 * sha256 Airlock records on every blob it uploads, src/promotion/blobs.ts) — nothing is downloaded. The dev side
 * is read from the dev workspace's datastore, the prod side through the registry's read SAS (data reference),
 * each as the console user's own identity; a side the user cannot read is reported, not guessed. The one file
 * read is the model card (its metrics), and only when its bytes match the recorded sha256.
 */
import { createHash } from "node:crypto";
import type { AssetVersion } from "../arm/types.ts";
import type { Connection } from "../connect/connection.ts";
import type { Purpose } from "../platform/index.ts";
import { type BlobLocation, type ListedBlob, listManifest, locationFromSas } from "../promotion/blobs.ts";

export interface FileChange {
  path: string;
  change: "added" | "removed" | "changed" | "same";
  before?: { size: number; sha256: string };
  after?: { size: number; sha256: string };
}

export type Listing =
  | { ok: true; files: ListedBlob[]; location?: BlobLocation }
  | { ok: false; reason: string };

type Kind = "models" | "data";

function uriOf(version: AssetVersion<Kind>): string {
  const p = version.properties as { modelUri?: string; dataUri?: string };
  return p.modelUri ?? p.dataUri ?? "";
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message.split("\n")[0]! : String(error);
}

/** A dev workspace version's files (its URI names a path on the workspace's datastore). */
export async function workspaceListing(
  connection: Connection,
  purpose: Purpose,
  version: AssetVersion<Kind>,
): Promise<Listing> {
  const match = /\/datastores\/[^/]+\/paths\/(.+)$/.exec(uriOf(version));
  if (!match) return { ok: false, reason: `${uriOf(version) || "no URI"} is not a datastore path` };
  try {
    const container = await connection.datastoreContainer(purpose);
    const path = decodeURIComponent(match[1]!).replace(/\/+$/, "");
    const base = new URL(container.url);
    const location: BlobLocation = { container, path, uri: `${base.origin}${base.pathname}/${path}` };
    return { ok: true, files: await listManifest(location), location };
  } catch (error) {
    return { ok: false, reason: reason(error) };
  }
}

/** A registry version's files, through the registry's read SAS. */
export async function registryListing(
  connection: Connection,
  purpose: Purpose,
  kind: Kind,
  name: string,
  version: string,
): Promise<Listing> {
  try {
    const registry = connection.env(purpose).names.registry;
    const reference = await connection
      .registry(purpose)
      .dataReferences(name, version)
      .getBlobReferenceSas({
        assetId: `azureml://registries/${registry}/${kind}/${name}/versions/${version}`,
      });
    const blob = reference.blobReferenceForConsumption;
    const sasUri =
      blob?.credential && "sasUri" in blob.credential ? String(blob.credential.sasUri) : undefined;
    if (!blob?.blobUri || !sasUri) return { ok: false, reason: `registry ${registry} gave no read SAS` };
    const location = locationFromSas(sasUri, blob.blobUri);
    return { ok: true, files: await listManifest(location), location };
  } catch (error) {
    return { ok: false, reason: reason(error) };
  }
}

/**
 * One small file of a listing as text, only if its bytes hash to the sha256 the digest covers (a file swapped
 * after registration is not shown as the version's); undefined otherwise or when absent.
 */
export async function readListedText(
  listing: Listing,
  path: string,
  maxBytes = 256 * 1024,
): Promise<string | undefined> {
  if (!listing.ok || !listing.location) return undefined;
  const entry = listing.files.find((f) => f.path === path);
  if (!entry || entry.size > maxBytes || !entry.sha256) return undefined;
  const bytes = await listing.location.container.getBlobClient(entry.blobName).downloadToBuffer();
  return createHash("sha256").update(bytes).digest("hex") === entry.sha256
    ? bytes.toString("utf8")
    : undefined;
}

/** Path by path, sorted: what the requested version adds, removes or changes against prod's. */
export function diffFiles(before: readonly ListedBlob[], after: readonly ListedBlob[]): FileChange[] {
  const old = new Map(before.map((f) => [f.path, f]));
  const now = new Map(after.map((f) => [f.path, f]));
  const paths = [...new Set([...old.keys(), ...now.keys()])].sort();
  return paths.map((path) => {
    const b = old.get(path);
    const a = now.get(path);
    const facts = (f: ListedBlob) => ({ size: f.size, sha256: f.sha256 });
    const change: FileChange["change"] = !b
      ? "added"
      : !a
        ? "removed"
        : b.size === a.size && b.sha256 === a.sha256
          ? "same"
          : "changed";
    return { path, change, ...(b ? { before: facts(b) } : {}), ...(a ? { after: facts(a) } : {}) };
  });
}
