/**
 * @module assets/properties
 * The names Airlock writes on Azure ML asset versions and blobs, read back by promotion, deployment,
 * lineage and verification: one definition for every reader and writer.
 */

/** Version `properties` Airlock writes; add-only on the service, so they are written once at creation. */
export const PROP = {
  digest: "airlock.digest",
  bytes: "airlock.bytes",
  files: "airlock.files",
  sourceFile: "airlock.source_file",
  registeredBy: "airlock.registered_by",
  sourceAsset: "airlock.source_asset",
  approvalId: "airlock.approval_id",
  promotionId: "airlock.promotion_id",
  promotedBy: "airlock.promoted_by",
  promotedAt: "airlock.promoted_at",
  strategy: "airlock.environment_strategy",
  crossEnvironmentDependency: "airlock.cross_environment_dependency",
} as const;

/** Blob metadata key holding a file's sha256, so copies verify against the manifest without reading bytes. */
export const SHA256_METADATA = "airlocksha256";
