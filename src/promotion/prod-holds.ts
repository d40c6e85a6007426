/**
 * @module promotion/prod-holds
 * Prod is never trusted to already hold the right thing. When a version with the promoted name and version
 * already exists in prod — created by an earlier run of this promotion, or squatted by someone with write on the
 * prod workspace — it counts as promoted only if it is the approved content: its recorded digest is the approved
 * digest AND its definition (image, conda file, build context, component command) or, for models and data, the
 * bytes in the registry's storage hash to it. Anything else is a conflict (exit 5) naming both digests, and
 * nothing is recorded as promoted.
 */
import type { AssetKind as ArmAssetKind, AssetVersion } from "../arm/types.ts";
import { type AssetDefinition, PROP } from "../assets/index.ts";
import { canonicalJson } from "../canonical-json.ts";
import type { Connection } from "../connect/connection.ts";
import { ConflictError, VerificationError } from "../errors.ts";
import { digestOfListing, listManifest, locationFromSas, verifyBlobContent } from "./blobs.ts";

/** Throws PROD_VERSION_DIFFERS unless the existing prod version records the approved digest. */
export function assertRecordedDigest(
  existing: AssetVersion<ArmAssetKind>,
  approved: string,
  label: string,
): void {
  const recorded = existing.properties.properties?.[PROP.digest];
  if (recorded !== approved) {
    throw conflict(label, approved, recorded ?? "none (not created by Airlock)", "its recorded digest");
  }
}

/**
 * An environment or component already in the prod workspace must be the approved definition, not merely carry
 * the approved digest in its (freely writable) properties.
 */
export function assertDefinitionMatches(
  existing: AssetVersion<ArmAssetKind>,
  definition: AssetDefinition,
  approved: string,
  label: string,
): void {
  assertRecordedDigest(existing, approved, label);
  const held = existing.properties as unknown as Record<string, unknown>;
  const differs = (what: string) => {
    throw conflict(label, approved, `a different ${what}`, `its ${what}`);
  };
  if (definition.kind === "environment") {
    if ((held.image ?? undefined) !== (definition.image ?? undefined)) differs("image");
    if (normalize(held.condaFile) !== normalize(definition.condaFile?.content)) differs("conda file");
    const build = held.build as { contextUri?: string; dockerfilePath?: string } | undefined;
    if (Boolean(build?.contextUri) !== Boolean(definition.build)) differs("build context");
    if (definition.build && build) {
      // Airlock uploads a build context under a folder named for the approved digest (register.ts).
      const folder = `LocalUpload/${approved.slice("sha256:".length, "sha256:".length + 32)}`;
      if (!String(build.contextUri).includes(folder)) differs("build context");
      if ((build.dockerfilePath ?? "Dockerfile") !== (definition.build.dockerfilePath ?? "Dockerfile")) {
        differs("Dockerfile path");
      }
    }
  }
  if (definition.kind === "component") {
    const spec = (held.componentSpec ?? {}) as Record<string, unknown>;
    const { $schema: _schema, code: _code, environment: _environment, ...want } = definition.document;
    for (const [key, value] of Object.entries(want)) {
      if (canonicalJson(spec[key] ?? null) !== canonicalJson(value ?? null)) differs(`component ${key}`);
    }
  }
}

/**
 * A model or data version already in the prod registry must hold the approved bytes: the listing's recorded
 * hashes give the digest, and every blob's bytes are hashed too (metadata alone can be forged).
 */
export async function assertRegistryBytesMatch(
  connection: Connection,
  kind: "models" | "data",
  name: string,
  version: string,
  approved: string,
  label: string,
): Promise<void> {
  const registry = connection.env("prod").names.registry;
  const reference = await connection
    .registry("prod")
    .dataReferences(name, version)
    .getBlobReferenceSas({ assetId: `azureml://registries/${registry}/${kind}/${name}/versions/${version}` });
  const blob = reference.blobReferenceForConsumption;
  const sasUri = blob?.credential && "sasUri" in blob.credential ? String(blob.credential.sasUri) : undefined;
  if (!blob?.blobUri || !sasUri) {
    throw new VerificationError(
      "PROD_REGISTRY_NO_SAS",
      `The prod registry returned no read SAS for ${label}.`,
    );
  }
  const location = locationFromSas(sasUri, blob.blobUri);
  const listing = await listManifest(location);
  let digest: string;
  try {
    digest = digestOfListing(listing, `prod registry ${label}`);
  } catch {
    throw conflict(label, approved, "bytes Airlock did not upload", "its bytes");
  }
  if (digest !== approved) throw conflict(label, approved, digest, "its bytes");
  try {
    await verifyBlobContent(location, listing, `prod registry ${label}`);
  } catch (error) {
    if (!(error instanceof VerificationError)) throw error;
    throw conflict(label, approved, "bytes that do not hash to their recorded digest", "its bytes");
  }
}

function conflict(label: string, approved: string, held: string, what: string): ConflictError {
  return new ConflictError(
    "PROD_VERSION_DIFFERS",
    `${label} already exists in prod, and ${what} does not match what was approved: approved ${approved}, prod holds ${held}. Nothing was promoted or recorded; remove or rename the prod version (an administrator), or promote a new version.`,
    { approvedDigest: approved, prodDigest: held },
  );
}

function normalize(value: unknown): string {
  return typeof value === "string" ? value.replace(/\r\n/g, "\n").trim() : "";
}
