/**
 * @module assets/properties
 * The names Airlock writes on Azure ML asset versions and blobs, read back by promotion, deployment,
 * lineage and verification: one definition for every reader and writer.
 */

/** Version `properties` Airlock writes; add-only on the service, so they are written once at creation. */
export const PROP = {
  digest: "airlock.digest",
  /** "reference" on a version registered by reference to a remote URI (as az ml does): no digest binds its
   * bytes, so no request can be filed for it. */
  binding: "airlock.binding",
  /** The environment reference a component's label (`@latest`, `/labels/latest`) resolved to at registration. */
  resolvedEnvironment: "airlock.resolved_environment",
  bytes: "airlock.bytes",
  files: "airlock.files",
  sourceFile: "airlock.source_file",
  registeredBy: "airlock.registered_by",
  /** Who started the training run (the model file's `properties`, or the job's creator). */
  trainedBy: "airlock.trained_by",
  /** `<seq>:<hash>` of the ledger record of the gate decision, on promoted prod versions: an anchor the ledger's
   * writers cannot rewrite (versions are immutable, and only the promotion identity writes prod). */
  ledgerAnchor: "airlock.ledger_anchor",
  sourceAsset: "airlock.source_asset",
  approvalId: "airlock.approval_id",
  promotionId: "airlock.promotion_id",
  promotedBy: "airlock.promoted_by",
  promotedAt: "airlock.promoted_at",
  strategy: "airlock.environment_strategy",
  crossEnvironmentDependency: "airlock.cross_environment_dependency",
  /** On deployments: the approval of the exact bundle, and that bundle's digest. */
  deploymentApprovalId: "airlock.deployment_approval_id",
  bundleDigest: "airlock.bundle_digest",
} as const;

/** Blob metadata key holding a file's sha256, so copies verify against the manifest without reading bytes. */
export const SHA256_METADATA = "airlocksha256";
