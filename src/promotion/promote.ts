/**
 * @module promotion/promote
 * `airlock promote <kind> <name>@<version> --to prod`: the strategy's two-hop path as a durable workflow.
 *
 * Models and reference data: dev workspace → dev registry (`publish`) → verify the digest → approval gate →
 * prod registry (`startPendingUpload` + server-side copies from a read SAS of the dev registry, each side
 * acting as its own environment's identity) → verify the digest in the target → create the version with
 * lineage properties. The target version is created last, so nothing half-made is ever visible.
 *
 * Environments: a strategy chosen by policy and recorded — rebuild in prod from the version-controlled
 * definition (default: no dev dependency), recreate in prod from the image reference, or reference the dev
 * registry (explicit only; a cross-environment dependency).
 *
 * Components: recreated in the prod workspace from the version-controlled YAML, their environment reference
 * rewritten to what prod resolves; every dependency is checked before anything is created.
 */
import { createHash } from "node:crypto";
import path from "node:path";
import { ArmError, getOrUndefined } from "../arm/errors.ts";
import type { AssetKind as ArmAssetKind, PendingUploadResponse } from "../arm/types.ts";
import {
  ARM_KIND,
  type AssetDefinition,
  contentDigest,
  digestDocument,
  formatAssetReference,
  loadAsset,
  PROP,
  parseAssetReference,
} from "../assets/index.ts";
import type { Connection } from "../connect/connection.ts";
import {
  AirlockError,
  ConflictError,
  GateError,
  InputError,
  NotFoundError,
  VerificationError,
} from "../errors.ts";
import type { Approvals, AssetKind } from "../governance/approvals.ts";
import { environmentPinnedRule } from "../governance/evidence/rules.ts";
import { actorOf } from "../governance/identity.ts";
import type { Ledger, LedgerHead } from "../governance/ledger.ts";
import {
  chooseEnvironmentStrategy,
  type EnvironmentStrategyChoice,
  type GovernancePolicy,
} from "../governance/policy.ts";
import { recordsOf, type StepOutputs } from "../governance/records.ts";
import { REPO_ROOT } from "../platform/index.ts";
import type { AssetSpec } from "./asset-spec.ts";
import {
  type BlobLocation,
  copyBlobs,
  digestOfListing,
  type ListedBlob,
  listManifest,
  locationFromSas,
  verifyBlobContent,
} from "./blobs.ts";
import { missingComponentDependencies } from "./component-dependencies.ts";
import { definitionEnvironmentFacts, gateModelEvidence, recordEvidence } from "./evidence-gate.ts";
import { assertDefinitionMatches, assertRecordedDigest, assertRegistryBytesMatch } from "./prod-holds.ts";
import { registerAsset } from "./register.ts";
import { asRegistered } from "./resolve-asset.ts";
import { openApprovals } from "./trust.ts";
import {
  crashPoint,
  type JournalEntry,
  runWorkflow,
  type StepResult,
  type WorkflowEvents,
  type WorkflowJournal,
  type WorkflowRun,
  type WorkflowStep,
} from "./workflow.ts";

export { type AssetSpec, parseAssetSpec } from "./asset-spec.ts";

export interface PromoteOptions {
  /** A dry run (`--plan`): describe every step; change nothing. */
  dryRun?: boolean;
  /** Environments: the strategy (policy default when absent). */
  strategy?: string;
  /** Environments and components: the version-controlled YAML (default: the file recorded at registration). */
  file?: string;
  events?: WorkflowEvents;
  /** CI run URL or similar, recorded with every step. */
  runUrl?: string;
}

export interface PromotionResult {
  promotionId: string;
  asset: AssetSpec;
  target: string;
  digest: string;
  steps: WorkflowRun["steps"];
  alreadyComplete: boolean;
  dryRun: boolean;
  /** Where the promoted asset now lives (an azureml:// reference prod can use). */
  targetReference?: string;
  strategy?: EnvironmentStrategyChoice;
  crossEnvironmentDependency?: string;
  /** A dry run's gate verdict: what the gate would decide now (nothing is recorded). */
  gate?: PlanGateVerdict;
}

/** The gate's verdict in a plan: open (by which request, approved by whom) or closed (with the gate's error). */
export type PlanGateVerdict =
  | { open: true; kind: "approval" | "breakglass"; requestId: string; approvedBy: string[] }
  | { open: false; code: string; message: string };

interface PromotionContext {
  connection: Connection;
  ledger: Ledger;
  approvals: Approvals;
  asset: AssetSpec;
  digest: string;
  manifestDigest: string;
  target: string;
  promotionId: string;
  /** The policy in force (its evidence rules run at the gate). */
  policy: GovernancePolicy;
  /** `<seq>:<hash>` of the verified ledger head when the gate opened (set by the gate, every run). */
  anchor?: string;
  /** The dev registry copy's read SAS, asked for once per run (verify, evidence and copy all read it). */
  devRegistryLocation?: Promise<BlobLocation>;
  /** Its listing as the verify step found it matching the digest (the evidence rules read the same files). */
  devRegistryListing?: readonly ListedBlob[];
}

export function promotionTarget(connection: Connection, kind: AssetKind): string {
  const prod = connection.env("prod");
  return kind === "model" || kind === "data"
    ? `prod registry ${prod.names.registry}`
    : `prod workspace ${prod.names.workspace}`;
}

/** The bundle digest an approval binds to: identity (kind, name, version, target) plus content digest. */
export function bundleDigest(asset: AssetSpec, digest: string, target: string): string {
  return digestDocument({ format: "airlock.bundle/1", asset, digest, target });
}

export function promotionIdOf(asset: AssetSpec, digest: string, target: string): string {
  const hex = createHash("sha256")
    .update(`${asset.kind}\n${asset.name}\n${asset.version}\n${digest}\n${target}`)
    .digest("hex");
  return `prm-${hex.slice(0, 24)}`;
}

/** What is about to be promoted: its digest as recorded in dev (and, for definitions, as in version control). */
export async function describeSource(
  connection: Connection,
  asset: AssetSpec,
  options: { file?: string } = {},
): Promise<{
  digest: string;
  source: string;
  bytes: number;
  dataClass?: string;
  definition?: AssetDefinition;
  /** Who created the dev version and who registered or trained it: none of them may approve it. */
  creators: string[];
}> {
  const kind = ARM_KIND[asset.kind];
  const devVersion = await getOrUndefined(() =>
    connection.workspace("dev").versions(kind, asset.name).get(asset.version),
  );
  if (!devVersion) {
    throw new NotFoundError(
      "SOURCE_NOT_FOUND",
      `${asset.kind} ${asset.name}@${asset.version} is not registered in the dev workspace ${connection.env("dev").names.workspace}; register it first (airlock register <file.yml> --env dev).`,
    );
  }
  const props = devVersion.properties.properties ?? {};
  const recorded = props[PROP.digest];
  if (!recorded) {
    throw new VerificationError(
      "SOURCE_NOT_DIGESTED",
      `${asset.kind} ${asset.name}@${asset.version} in dev carries no ${PROP.digest}: it was not registered by Airlock, so nothing binds an approval to its content. Register it with \`airlock register\`.`,
    );
  }
  let definition: AssetDefinition | undefined;
  if (asset.kind === "environment" || asset.kind === "component") {
    const file =
      options.file ?? (props[PROP.sourceFile] ? path.resolve(REPO_ROOT, props[PROP.sourceFile]!) : undefined);
    if (!file) {
      throw new InputError(
        "SOURCE_FILE_REQUIRED",
        `${asset.kind}s are recreated from version control: pass --file <yaml>.`,
      );
    }
    // Files in this repository (the example) keep its root so `code: ../src` resolves; a project elsewhere
    // gets loadAsset's default root (the current directory or the file's folder), as at registration.
    const inRepo = !path.relative(REPO_ROOT, path.resolve(file)).startsWith("..");
    // A version-less file, or an environment label, as registration resolved it.
    definition = asRegistered(await loadAsset(file, inRepo ? REPO_ROOT : undefined), asset.version, props);
    if (
      definition.name !== asset.name ||
      definition.version !== asset.version ||
      definition.kind !== asset.kind
    ) {
      throw new InputError(
        "SOURCE_FILE_MISMATCH",
        `${file} defines ${definition.kind} ${definition.name}@${definition.version}, not ${asset.kind} ${asset.name}@${asset.version}`,
      );
    }
    const local = await contentDigest(definition);
    if (local.digest !== recorded) {
      throw new VerificationError(
        "SOURCE_DRIFTED",
        `${file} no longer matches what was registered in dev as ${asset.name}@${asset.version} (file ${local.digest}, dev ${recorded}). Promote what was tested: register the change as a new version.`,
      );
    }
  }
  let klass: string | undefined;
  if (asset.kind === "data") {
    klass = devVersion.properties.tags?.data_type ?? "untagged";
    if (klass !== "validation" && klass !== "reference") {
      throw new GateError(
        "TRAINING_DATA_STAYS_IN_DEV",
        `data ${asset.name}@${asset.version} is ${klass === "untagged" ? "not tagged data_type: validation|reference" : `${klass} data`}: training data never leaves dev. Only reference or validation data may be promoted (tag data_type: reference).`,
      );
    }
  }
  const creators = [devVersion.systemData?.createdBy, props[PROP.registeredBy], props[PROP.trainedBy]].filter(
    (c): c is string => typeof c === "string" && c !== "",
  );
  return {
    digest: recorded,
    source: devVersion.id,
    creators: [...new Set(creators)],
    bytes: Number(props[PROP.bytes] ?? 0),
    ...(klass ? { dataClass: klass } : {}),
    ...(definition ? { definition } : {}),
  };
}

export async function promote(
  connection: Connection,
  asset: AssetSpec,
  policy: GovernancePolicy,
  options: PromoteOptions = {},
): Promise<PromotionResult> {
  const source = await describeSource(connection, asset, options);
  const target = promotionTarget(connection, asset.kind);
  const promotionId = promotionIdOf(asset, source.digest, target);
  const ledger = await connection.ledger();
  const context: PromotionContext = {
    connection,
    ledger,
    approvals: await openApprovals(connection, policy),
    asset,
    digest: source.digest,
    manifestDigest: bundleDigest(asset, source.digest, target),
    target,
    promotionId,
    policy,
  };
  const strategy =
    asset.kind === "environment" ? chooseEnvironmentStrategy(policy, options.strategy) : undefined;
  const steps = workflowSteps(context, source, strategy, options);
  const base = { promotionId, asset, target, digest: source.digest, ...(strategy ? { strategy } : {}) };
  if (options.dryRun) {
    // The gate is asked, not run: no evidence is recorded and nothing changes.
    const gate: PlanGateVerdict = await context.approvals
      .assertApproved({
        asset: { kind: asset.kind, name: asset.name, version: asset.version, source: source.source },
        digest: source.digest,
        manifestDigest: context.manifestDigest,
        target,
        creators: source.creators,
      })
      .then(
        (a): PlanGateVerdict => ({
          open: true,
          kind: a.kind,
          requestId: a.requestId,
          approvedBy: a.approvedBy,
        }),
        (error: unknown): PlanGateVerdict => {
          if (!(error instanceof AirlockError)) throw error;
          return { open: false, code: error.code, message: error.message };
        },
      );
    const planJournal = ledgerJournal(ledger, connection, context);
    await planJournal.completed(promotionId);
    return {
      ...base,
      steps: steps.map((s) => ({ ...s.describe(), status: "skipped" as const, detail: "dry run" })),
      alreadyComplete: planJournal.completionRecorded,
      dryRun: true,
      gate,
      ...(typeof planJournal.completion.targetReference === "string"
        ? { targetReference: planJournal.completion.targetReference }
        : {}),
    };
  }
  const journal = ledgerJournal(ledger, connection, context, options.runUrl);
  const workflow = await runWorkflow(promotionId, steps, context, journal, options.events);
  // A finished promotion's outputs are in its completion record; the gate's (run again now) win.
  const run = { ...workflow, outputs: { ...journal.completion, ...workflow.outputs } };
  // Not `!run.alreadyComplete`: a crash between the last step's journal record and this one would
  // otherwise leave the promotion without its completion record forever.
  if (!journal.completionRecorded) {
    await ledger.append(
      "promotion.completed",
      { promotionId, asset: `${asset.kind}:${asset.name}@${asset.version}`, target },
      {
        digest: source.digest,
        targetReference: String(run.outputs.targetReference ?? ""),
        approvalId: String(run.outputs.approvalId ?? ""),
        ...(strategy ? { strategy: strategy.strategy } : {}),
        ...(run.outputs.crossEnvironmentDependency
          ? { crossEnvironmentDependency: String(run.outputs.crossEnvironmentDependency) }
          : {}),
        ...(options.runUrl ? { runUrl: options.runUrl } : {}),
      },
      actorOf(await connection.identity("prod")),
    );
  }
  return {
    ...base,
    steps: run.steps,
    alreadyComplete: run.alreadyComplete,
    dryRun: false,
    ...(typeof run.outputs.targetReference === "string"
      ? { targetReference: run.outputs.targetReference }
      : {}),
    ...(typeof run.outputs.crossEnvironmentDependency === "string"
      ? { crossEnvironmentDependency: run.outputs.crossEnvironmentDependency }
      : {}),
  };
}

function ledgerJournal(
  ledger: Ledger,
  connection: Connection,
  context: PromotionContext,
  runUrl?: string,
): WorkflowJournal & { completionRecorded: boolean; completion: StepOutputs } {
  return {
    /** Whether the ledger already held this promotion's `promotion.completed` when the workflow started. */
    completionRecorded: false,
    /** What that record says (the outputs of steps that are not journaled on their own). */
    completion: {},
    finished() {
      return this.completionRecorded;
    },
    async completed(workflowId) {
      const records = await ledger.read();
      const done = recordsOf(records, "promotion.completed").find(
        (r) => r.subject.promotionId === workflowId,
      );
      this.completionRecorded = done !== undefined;
      if (done) {
        this.completion = {
          targetReference: done.data.targetReference,
          approvalId: done.data.approvalId,
          ...(done.data.crossEnvironmentDependency
            ? { crossEnvironmentDependency: done.data.crossEnvironmentDependency }
            : {}),
        };
      }
      return recordsOf(records, "promotion.step")
        .filter((r) => r.subject.promotionId === workflowId)
        .map(
          (r): JournalEntry => ({
            stepId: r.data.stepId,
            status: r.data.status,
            ...(r.data.detail !== undefined ? { detail: r.data.detail } : {}),
            ...(r.data.outputs ? { outputs: r.data.outputs } : {}),
          }),
        );
    },
    async record(workflowId, entry, description) {
      await ledger.append(
        "promotion.step",
        {
          promotionId: workflowId,
          asset: `${context.asset.kind}:${context.asset.name}@${context.asset.version}`,
          target: context.target,
        },
        { ...entry, title: description.title, ...(runUrl ? { runUrl } : {}) },
        actorOf(await connection.identity(entry.stepId.startsWith("dev-") ? "dev" : "prod")),
      );
    },
  };
}

type Source = Awaited<ReturnType<typeof describeSource>>;

function workflowSteps(
  context: PromotionContext,
  source: Source,
  strategy: EnvironmentStrategyChoice | undefined,
  options: PromoteOptions,
): WorkflowStep<PromotionContext>[] {
  const gate = gateStep(source);
  switch (context.asset.kind) {
    case "model":
    case "data":
      return [
        shareStep(),
        verifyDevRegistryStep(),
        gate,
        copyToProdRegistryStep(source.bytes),
        createProdRegistryVersionStep(),
      ];
    case "environment":
      return environmentSteps(context, source, strategy!, gate);
    case "component":
      return [gate, recreateComponentStep(source, options)];
  }
}

const armKind = (context: PromotionContext): ArmAssetKind => ARM_KIND[context.asset.kind];
const assetLabel = (context: PromotionContext) =>
  `${context.asset.kind} ${context.asset.name}@${context.asset.version}`;

/**
 * Dev workspace → dev registry (`publish`), as the strategy's share step: a no-op when the registry already
 * holds the version with the same digest; a conflict when it holds different content. Components cannot be
 * shared (Azure ML does not support it); they are recreated from version control instead.
 */
export async function shareToDevRegistry(
  connection: Connection,
  asset: AssetSpec,
  digest?: string,
): Promise<{ status: "shared" | "unchanged"; reference: string; detail: string }> {
  if (asset.kind === "component") {
    throw new InputError(
      "COMPONENT_NOT_SHAREABLE",
      "Components cannot be shared from a workspace to a registry; `airlock promote component` recreates them in prod from version control.",
    );
  }
  const kind = ARM_KIND[asset.kind];
  const registryName = connection.env("dev").names.registry;
  const reference = `azureml://registries/${registryName}/${kind}/${asset.name}/versions/${asset.version}`;
  const versions = connection.registry("dev").versions(kind, asset.name);
  const existing = await getOrUndefined(() => versions.get(asset.version));
  if (existing) {
    const recorded = existing.properties.properties?.[PROP.digest];
    if (digest && recorded && recorded !== digest) {
      throw new ConflictError(
        "DEV_REGISTRY_VERSION_DIFFERS",
        `${asset.kind} ${asset.name}@${asset.version} already exists in the dev registry with digest ${recorded}, not ${digest}.`,
      );
    }
    return { status: "unchanged", reference, detail: "already in the dev registry" };
  }
  try {
    await connection.workspace("dev").versions(kind, asset.name).publish(asset.version, {
      destinationName: asset.name,
      destinationVersion: asset.version,
      registryName,
    });
  } catch (error) {
    // A concurrent promotion of the same version may have published it first.
    if (!(error instanceof ArmError && error.status === 409)) throw error;
    if (!(await getOrUndefined(() => versions.get(asset.version)))) throw error;
    return { status: "unchanged", reference, detail: "published concurrently by another promotion" };
  }
  return { status: "shared", reference, detail: `published to ${registryName}` };
}

function shareStep(): WorkflowStep<PromotionContext> {
  return {
    // Cheap to repeat and finds its effect in place: not journaled (each record is a ledger write).
    journal: false,
    describe: () => ({
      id: "dev-share-to-dev-registry",
      title: "share from the dev workspace to the dev registry (publish)",
      target: "dev registry",
    }),
    async run(context) {
      const shared = await shareToDevRegistry(context.connection, context.asset, context.digest);
      return { status: shared.status === "shared" ? "done" : "skipped", detail: shared.detail };
    },
  };
}

function devRegistryLocation(context: PromotionContext): Promise<BlobLocation> {
  context.devRegistryLocation ??= askDevRegistryLocation(context);
  return context.devRegistryLocation;
}

async function askDevRegistryLocation(context: PromotionContext): Promise<BlobLocation> {
  const { connection, asset } = context;
  const registry = connection.env("dev").names.registry;
  const reference = await connection
    .registry("dev")
    .dataReferences(asset.name, asset.version)
    .getBlobReferenceSas({
      assetId: `azureml://registries/${registry}/${armKind(context)}/${asset.name}/versions/${asset.version}`,
    });
  const blob = reference.blobReferenceForConsumption;
  const sasUri = blob?.credential && "sasUri" in blob.credential ? String(blob.credential.sasUri) : undefined;
  if (!blob?.blobUri || !sasUri) {
    throw new VerificationError(
      "DEV_REGISTRY_NO_SAS",
      `The dev registry returned no read SAS for ${assetLabel(context)}.`,
    );
  }
  return locationFromSas(sasUri, blob.blobUri);
}

function verifyDevRegistryStep(): WorkflowStep<PromotionContext> {
  return {
    // Cheap to repeat and finds its effect in place: not journaled (each record is a ledger write).
    journal: false,
    describe: () => ({
      id: "dev-verify-dev-registry-digest",
      title: "verify the dev registry copy against the registered digest (no bytes read)",
      target: "dev registry",
    }),
    async run(context) {
      const location = await devRegistryLocation(context);
      const listing = await listManifest(location);
      const digest = digestOfListing(listing, `dev registry ${assetLabel(context)}`);
      if (digest !== context.digest) {
        throw new VerificationError(
          "DEV_REGISTRY_DIGEST_MISMATCH",
          `The dev registry copy of ${assetLabel(context)} has digest ${digest}, not the registered ${context.digest}.`,
        );
      }
      context.devRegistryListing = listing;
      const bytes = listing.reduce((sum, b) => sum + b.size, 0);
      return {
        status: "done",
        detail: `${listing.length} file(s), ${bytes} bytes match ${context.digest}`,
        outputs: { bytes },
      };
    },
  };
}

function gateStep(source: Source): WorkflowStep<PromotionContext> {
  return {
    always: true,
    // Runs every time; the approval it opened on is in the completion record and on the prod version.
    journal: false,
    describe: () => ({
      id: "gate",
      title: "approval gate: an approval bound to this exact digest, asset version and target",
      target: "prod",
    }),
    async run(context) {
      await context.ledger.assertAnchors(await prodAnchors(context));
      const approval = await context.approvals.assertApproved({
        asset: {
          kind: context.asset.kind,
          name: context.asset.name,
          version: context.asset.version,
          source: source.source,
        },
        digest: context.digest,
        manifestDigest: context.manifestDigest,
        target: context.target,
        creators: source.creators,
      });
      if (context.asset.kind === "model") {
        // Evidence rules again, on the dev registry copy about to be copied to prod (bound to the digest).
        await gateModelEvidence(
          context.connection,
          context.policy,
          "promote",
          {
            name: context.asset.name,
            version: context.asset.version,
            digest: context.digest,
            side: "dev-registry",
            known: {
              location: await devRegistryLocation(context),
              ...(context.devRegistryListing ? { listing: context.devRegistryListing } : {}),
            },
          },
          {
            actor: actorOf(await context.connection.identity("prod")),
            subject: { promotionId: context.promotionId, requestId: approval.requestId },
            once: true,
          },
        );
      }
      const approvers = approval.approvedBy.join(", ");
      // The verified ledger head when the gate opened: recorded on the prod version as an anchor.
      const head = await context.ledger.head();
      context.anchor = `${head.seq}:${head.hash}`;
      return {
        status: "done",
        detail: `${approval.kind} ${approval.requestId} by ${approvers}`,
        outputs: {
          approvalId: approval.requestId,
          approvedBy: approvers,
          gateKind: approval.kind,
          ledgerAnchor: context.anchor,
        },
      };
    },
  };
}

/**
 * Anchors on prod versions of the asset being promoted (`airlock.ledger_anchor`): the ledger must still hold
 * the records they name. One list call; the full sweep over prod is `audit verify`.
 */
async function prodAnchors(context: PromotionContext): Promise<LedgerHead[]> {
  const { connection, asset } = context;
  const scope =
    asset.kind === "model" || asset.kind === "data"
      ? connection.registry("prod")
      : connection.workspace("prod");
  const anchors: LedgerHead[] = [];
  try {
    for await (const version of scope.versions(armKind(context), asset.name).list()) {
      const match = /^(\d+):(sha256:[0-9a-f]{64})$/.exec(
        version.properties.properties?.[PROP.ledgerAnchor] ?? "",
      );
      if (match) anchors.push({ seq: Number(match[1]), hash: match[2]! });
    }
  } catch (error) {
    if (!(error instanceof ArmError && error.status === 404)) throw error;
  }
  return anchors;
}

function copyToProdRegistryStep(bytes: number): WorkflowStep<PromotionContext> {
  return {
    describe: () => ({
      id: "prod-copy-to-prod-registry",
      title: "copy the bytes into the prod registry's storage (server-side, from a read SAS) and verify them",
      target: "prod registry",
      bytes,
    }),
    async run(context) {
      const { connection, asset } = context;
      const prodRegistry = connection.registry("prod");
      const existing = await getOrUndefined(() =>
        prodRegistry.versions(armKind(context), asset.name).get(asset.version),
      );
      if (existing) return { status: "skipped", detail: "the prod registry version already exists" };
      const source = await devRegistryLocation(context);
      const listing = await listManifest(source);
      let pending: PendingUploadResponse;
      try {
        pending = await prodRegistry
          .versions(armKind(context), asset.name)
          .startPendingUpload(asset.version, {
            pendingUploadId: context.promotionId,
            pendingUploadType: "TemporaryBlobReference",
          });
      } catch (error) {
        // A concurrent promotion created the version since the check above; the next step verifies its digest.
        if (!(error instanceof ArmError && error.status === 409)) throw error;
        const now = await getOrUndefined(() =>
          prodRegistry.versions(armKind(context), asset.name).get(asset.version),
        );
        if (!now) throw error;
        return { status: "skipped", detail: "created concurrently by another promotion" };
      }
      const blob = pending.blobReferenceForConsumption;
      const sasUri =
        blob?.credential && "sasUri" in blob.credential ? String(blob.credential.sasUri) : undefined;
      if (!blob?.blobUri || !sasUri) {
        throw new VerificationError(
          "PENDING_UPLOAD_NO_SAS",
          `The prod registry returned no upload SAS for ${assetLabel(context)}.`,
        );
      }
      const folder = source.path.split("/").pop() || asset.name;
      const single = listing.length === 1 && listing[0]!.blobName === source.path;
      const targetBase = locationFromSas(sasUri, blob.blobUri);
      const target = {
        ...targetBase,
        path: single ? targetBase.path : [targetBase.path, folder].filter(Boolean).join("/"),
      };
      const copied = await copyBlobs(source, listing, target, {
        onCopied: () => crashPoint("prod-copy-to-prod-registry", "mid"),
      });
      const copiedListing = await listManifest(
        single ? { ...target, path: [targetBase.path, listing[0]!.path].filter(Boolean).join("/") } : target,
      );
      const digest = digestOfListing(copiedListing, `prod registry upload of ${assetLabel(context)}`);
      if (digest !== context.digest) {
        throw new VerificationError(
          "PROD_COPY_DIGEST_MISMATCH",
          `The copy in the prod registry's storage has digest ${digest}, not the approved ${context.digest}; nothing was registered.`,
        );
      }
      // The listing's hashes are blob metadata, which whoever can write the source can forge: hash the bytes.
      await verifyBlobContent(
        target,
        copiedListing,
        `prod registry upload of ${assetLabel(context)} (nothing was registered)`,
      );
      const uri = single
        ? `${target.uri.replace(/\/$/, "")}/${listing[0]!.path}`
        : `${target.uri.replace(/\/$/, "")}/${folder}/`;
      return {
        status: "done",
        detail: `${copied} bytes copied server-side, digest verified`,
        outputs: { contentUri: uri, copiedBytes: copied },
      };
    },
  };
}

function createProdRegistryVersionStep(): WorkflowStep<PromotionContext> {
  return {
    // Finds its effect in place on a rerun; the completion record follows the last step.
    journal: false,
    describe: () => ({
      id: "prod-create-prod-registry-version",
      title: "create the prod registry version with lineage properties",
      target: "prod registry",
    }),
    async run(context, outputs) {
      const { connection, asset } = context;
      const registry = connection.env("prod").names.registry;
      const reference = `azureml://registries/${registry}/${armKind(context)}/${asset.name}/versions/${asset.version}`;
      const versions = connection.registry("prod").versions(armKind(context), asset.name);
      const existing = await getOrUndefined(() => versions.get(asset.version));
      if (existing) {
        assertRecordedDigest(existing, context.digest, assetLabel(context));
        await assertRegistryBytesMatch(
          connection,
          armKind(context) as "models" | "data",
          asset.name,
          asset.version,
          context.digest,
          assetLabel(context),
        );
        return {
          status: "skipped",
          detail: "already in the prod registry",
          outputs: { targetReference: reference },
        };
      }
      const dev = await connection.workspace("dev").versions(armKind(context), asset.name).get(asset.version);
      const devProps = dev.properties;
      const promoter = await connection.identity("prod");
      const properties = {
        ...(devProps.properties ?? {}),
        [PROP.sourceAsset]: `azureml://registries/${connection.env("dev").names.registry}/${armKind(context)}/${asset.name}/versions/${asset.version}`,
        [PROP.approvalId]: String(outputs.approvalId ?? ""),
        [PROP.ledgerAnchor]: String(context.anchor ?? outputs.ledgerAnchor ?? ""),
        [PROP.promotionId]: context.promotionId,
        [PROP.promotedBy]: promoter.name,
        [PROP.promotedAt]: new Date().toISOString(),
      };
      const contentUri = String(outputs.contentUri);
      const body =
        asset.kind === "model"
          ? {
              properties: {
                description: devProps.description ?? "",
                tags: { ...(devProps.tags ?? {}), stage: "production" },
                properties,
                modelType: (devProps as { modelType?: string }).modelType ?? "custom_model",
                modelUri: contentUri,
              },
            }
          : {
              properties: {
                description: devProps.description ?? "",
                tags: { ...(devProps.tags ?? {}), stage: "production" },
                properties,
                dataType: (devProps as { dataType?: string }).dataType ?? "uri_folder",
                dataUri: contentUri,
              },
            };
      try {
        await versions.createOrUpdate(asset.version, body as never);
      } catch (error) {
        // Versions are immutable: if a concurrent promotion created it first, it must hold the same digest.
        if (!(error instanceof ArmError && error.status === 409)) throw error;
        const winner = await getOrUndefined(() => versions.get(asset.version));
        if (!winner) throw error;
        assertRecordedDigest(winner, context.digest, assetLabel(context));
        return {
          status: "skipped",
          detail: "created concurrently by another promotion",
          outputs: { targetReference: reference },
        };
      }
      return { status: "done", detail: reference, outputs: { targetReference: reference } };
    },
  };
}

function environmentSteps(
  context: PromotionContext,
  source: Source,
  strategy: EnvironmentStrategyChoice,
  gate: WorkflowStep<PromotionContext>,
): WorkflowStep<PromotionContext>[] {
  const definition = source.definition as Extract<AssetDefinition, { kind: "environment" }>;
  const devRegistry = context.connection.env("dev").names.registry;
  switch (strategy.strategy) {
    case "reference-dev-registry":
      return [
        shareStep(),
        gate,
        {
          describe: () => ({
            id: "prod-reference-dev-registry",
            title: "record prod's reference to the dev registry environment (cross-environment dependency)",
            target: "prod (reference only)",
            notes: [strategy.note],
          }),
          async run(ctx) {
            const reference = `azureml://registries/${devRegistry}/environments/${ctx.asset.name}/versions/${ctx.asset.version}`;
            return {
              status: "done",
              detail: `prod deployments will use ${reference}`,
              outputs: { targetReference: reference, crossEnvironmentDependency: reference },
            };
          },
        },
      ];
    case "recreate-from-image":
      return [
        gate,
        {
          describe: () => ({
            id: "prod-recreate-environment-from-image",
            title: "recreate the environment in the prod workspace from its image reference",
            target: `prod workspace ${context.connection.env("prod").names.workspace}`,
            notes: [strategy.note],
          }),
          async run(ctx) {
            if (!definition.image) {
              throw new InputError(
                "ENVIRONMENT_HAS_NO_IMAGE",
                `${ctx.asset.name}@${ctx.asset.version} is built from a Docker context and has no image reference in version control; use --strategy rebuild-from-context.`,
              );
            }
            const devAcr = ctx.connection.env("dev").names.containerRegistry;
            const dependsOnDev =
              definition.image.includes(`${devAcr}.azurecr.io`) ||
              definition.image.includes(`${devRegistry}`);
            await gateEnvironmentImage(ctx, definition, "image");
            // The image with its conda specification, as the strategy's "recreate" pattern does; never a build context.
            const imageOnly = { ...definition, build: undefined } as typeof definition;
            return recreateInProd(
              ctx,
              imageOnly,
              "recreate-from-image",
              dependsOnDev ? definition.image : undefined,
            );
          },
        },
      ];
    case "rebuild-from-context":
      return [
        gate,
        {
          describe: () => ({
            id: "prod-rebuild-environment-from-source",
            title: "rebuild the environment in the prod workspace from the version-controlled definition",
            target: `prod workspace ${context.connection.env("prod").names.workspace}`,
            notes: [strategy.note],
          }),
          async run(ctx) {
            // Rebuilt in prod: pinned when its Dockerfile's FROM lines (or its conda base image) name a digest.
            await gateEnvironmentImage(ctx, definition, "definition");
            return recreateInProd(ctx, definition, "rebuild-from-context", undefined);
          },
        },
      ];
  }
}

/**
 * Evidence: prod runs exactly the approved environment only when nothing in it can move — an image recreated
 * as is named by digest; a rebuild's conda base image or Dockerfile FROM lines named by digest.
 */
async function gateEnvironmentImage(
  context: PromotionContext,
  definition: Extract<AssetDefinition, { kind: "environment" }>,
  as: "image" | "definition",
): Promise<void> {
  const settings = context.policy.evidence.environmentPinned;
  if (!settings) return;
  const asset = `environment:${context.asset.name}@${context.asset.version}`;
  const facts = await definitionEnvironmentFacts(asset, definition, as);
  await recordEvidence(context.ledger, context.policy, actorOf(await context.connection.identity("prod")), {
    stage: "promote",
    asset,
    digest: context.digest,
    source: "version-controlled definition",
    results: [environmentPinnedRule(settings, facts)],
    subject: { promotionId: context.promotionId },
    once: true,
  });
}

async function recreateInProd(
  context: PromotionContext,
  definition: AssetDefinition,
  strategy: string,
  crossEnvironmentDependency: string | undefined,
): Promise<StepResult> {
  const existing = await getOrUndefined(() =>
    context.connection
      .workspace("prod")
      .versions(armKind(context), context.asset.name)
      .get(context.asset.version),
  );
  const reference = `azureml:${context.asset.name}:${context.asset.version}`;
  const dependency: Record<string, string> = crossEnvironmentDependency ? { crossEnvironmentDependency } : {};
  if (existing) {
    // What Airlock records for this definition (an image-only recreation has its own digest).
    const expected = (await contentDigest(definition)).digest;
    assertDefinitionMatches(existing, definition, expected, assetLabel(context));
    return {
      status: "skipped",
      detail: "already in the prod workspace",
      outputs: { targetReference: reference, ...dependency },
    };
  }
  const promoter = await context.connection.identity("prod");
  await registerAsset(context.connection, definition, {
    env: "prod",
    properties: {
      [PROP.sourceAsset]: `azureml://locations/${context.connection.env("dev").location}/workspaces/${context.connection.env("dev").names.workspace}/${armKind(context)}/${context.asset.name}/versions/${context.asset.version}`,
      [PROP.promotionId]: context.promotionId,
      [PROP.promotedBy]: promoter.name,
      [PROP.promotedAt]: new Date().toISOString(),
      [PROP.ledgerAnchor]: String(context.anchor ?? ""),
      [PROP.strategy]: strategy,
      ...(crossEnvironmentDependency
        ? { [PROP.crossEnvironmentDependency]: crossEnvironmentDependency }
        : {}),
    },
  });
  return {
    status: "done",
    detail: `created ${reference} in prod`,
    outputs: { targetReference: reference, ...dependency },
  };
}

function recreateComponentStep(source: Source, options: PromoteOptions): WorkflowStep<PromotionContext> {
  const component = source.definition as Extract<AssetDefinition, { kind: "component" }>;
  return {
    describe: () => ({
      id: "prod-recreate-component",
      title: "recreate the component in the prod workspace from version control (dependencies checked first)",
      target: "prod workspace",
      notes: options.file ? [`from ${options.file}`] : [],
    }),
    async run(context) {
      const existing = await getOrUndefined(() =>
        context.connection.workspace("prod").versions("components", component.name).get(component.version),
      );
      const reference = `azureml:${component.name}:${component.version}`;
      if (existing) {
        assertDefinitionMatches(
          existing,
          component,
          (await contentDigest(component)).digest,
          assetLabel(context),
        );
        return {
          status: "skipped",
          detail: "already in the prod workspace",
          outputs: { targetReference: reference },
        };
      }
      const { reference: environment, crossEnvironment } =
        (await prodEnvironmentReference(context, component)) ?? {};
      // An environment promoted by reference stays in the dev registry: allowed, and recorded as such.
      const allowed: { crossEnvironmentDependency?: string } =
        crossEnvironment && environment ? { crossEnvironmentDependency: environment } : {};
      const missing = await missingComponentDependencies(context.connection, component, {
        env: "prod",
        ...(environment ? { componentEnvironment: environment } : {}),
        ...allowed,
      });
      if (missing.length > 0) {
        throw new InputError(
          "COMPONENT_DEPENDENCIES_MISSING",
          `component ${component.name}@${component.version} cannot be recreated in prod; promote these first:\n  - ${missing.join("\n  - ")}`,
          { missing },
        );
      }
      const promoter = await context.connection.identity("prod");
      await registerAsset(context.connection, component, {
        env: "prod",
        ...(environment ? { componentEnvironment: environment } : {}),
        ...allowed,
        properties: {
          [PROP.promotionId]: context.promotionId,
          [PROP.promotedBy]: promoter.name,
          [PROP.promotedAt]: new Date().toISOString(),
          [PROP.ledgerAnchor]: String(context.anchor ?? ""),
          ...(allowed.crossEnvironmentDependency
            ? { [PROP.crossEnvironmentDependency]: allowed.crossEnvironmentDependency }
            : {}),
        },
      });
      return {
        status: "done",
        detail: `created ${reference} in prod${environment ? ` (environment ${environment})` : ""}`,
        outputs: {
          targetReference: reference,
          ...(environment ? { environment } : {}),
          ...(allowed.crossEnvironmentDependency
            ? { crossEnvironmentDependency: allowed.crossEnvironmentDependency }
            : {}),
        },
      };
    },
  };
}

/**
 * The environment reference a component gets in prod: the same workspace reference when prod has that
 * environment; the dev registry reference when the environment was promoted by reference (recorded as a
 * cross-environment dependency); otherwise unchanged, and the dependency check lists it as missing.
 */
async function prodEnvironmentReference(
  context: PromotionContext,
  component: Extract<AssetDefinition, { kind: "component" }>,
): Promise<{ reference: string; crossEnvironment: boolean } | undefined> {
  if (!("reference" in component.environment)) return undefined;
  const as = (reference: string, crossEnvironment = false) => ({ reference, crossEnvironment });
  const reference = component.environment.reference;
  const named =
    reference.form === "workspace" || reference.form === "registry"
      ? { name: reference.name, version: reference.version }
      : undefined;
  if (!named?.version) return as(component.environment.written);
  const inProd = await getOrUndefined(() =>
    context.connection.workspace("prod").versions("environments", named.name).get(named.version!),
  );
  if (inProd) return as(`azureml:${named.name}:${named.version}`);
  const records = await context.ledger.read();
  const byReference = recordsOf(records, "promotion.completed")
    .filter((r) => r.subject.asset === `environment:${named.name}@${named.version}`)
    .map((r) => r.data.crossEnvironmentDependency)
    .find(Boolean);
  if (byReference) return as(byReference, true);
  return as(formatAssetReference(parseAssetReference(component.environment.written)));
}
