/**
 * @module promotion/evidence-gate
 * Runs the policy's evidence rules (governance/evidence) against the real thing: the model's files where the
 * step reads them (the dev workspace when a request is filed, the dev registry at promote, the prod registry
 * at deploy), its tags and properties, the deployment's environment, and — before any traffic shifts — the
 * candidate and the champion scoring the same reference rows through the deployment header. Every file read
 * is checked against the sha256 its blob carries, and the listing against the digest being approved, so the
 * results are bound to that digest. Each evaluation is recorded (`evidence.evaluated`) before the gate acts.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { getOrUndefined } from "../arm/errors.ts";
import type { EnvironmentVersion, ModelVersion } from "../arm/types.ts";
import { digestEnvironment, type ManifestEntry, parseAssetReference } from "../assets/index.ts";
import type { EnvironmentAsset } from "../assets/types.ts";
import { canonicalJson } from "../canonical-json.ts";
import type { Connection } from "../connect/connection.ts";
import { AirlockError, VerificationError } from "../errors.ts";
import {
  assertEvidence,
  championChallengerRule,
  type EnvironmentFacts,
  environmentPinnedRule,
  licenseRule,
  meanAbsoluteError,
  metricsRule,
  modelCardRule,
  modelScanRule,
  parseCard,
  type ScannedFile,
  type ScoredDeployment,
  scanFile,
  scanned,
} from "../governance/evidence/rules.ts";
import type { EvidenceSettings } from "../governance/evidence/settings.ts";
import type { EvidenceEvaluatedData, EvidenceStage, RuleResult } from "../governance/evidence/types.ts";
import type { Actor, Ledger } from "../governance/ledger.ts";
import type { GovernancePolicy } from "../governance/policy.ts";
import { recordsOf, type TrafficSplit } from "../governance/records.ts";
import {
  type BlobLocation,
  digestOfListing,
  type ListedBlob,
  listManifest,
  locationFromSas,
} from "./blobs.ts";
import { type EndpointInvoker, predictionsOf, type ReferenceData, requestBody } from "./deploy-smoke.ts";

/** Where a model version's files are read. */
export type ModelSide = "dev-workspace" | "dev-registry" | "prod-registry";

export interface ModelEvidenceTarget {
  name: string;
  version: string;
  /** The digest being approved, promoted or deployed: the listing must match it. */
  digest: string;
  side: ModelSide;
  /**
   * What the caller already read of a registry copy (the promotion's read SAS, its version), so the rules cost
   * no second round trip; the listing is still checked against `digest`.
   */
  known?: { location?: BlobLocation; version?: ModelVersion; listing?: readonly ListedBlob[] };
}

/** True when the policy has a rule about the model itself (its files, tags or metrics). */
export function hasModelRules(settings: EvidenceSettings): boolean {
  return (
    settings.metrics.length > 0 ||
    settings.modelCard !== undefined ||
    settings.scan !== undefined ||
    settings.license !== undefined
  );
}

/** The model rules' results for one model version, read from `side`. */
export async function modelEvidence(
  connection: Connection,
  settings: EvidenceSettings,
  target: ModelEvidenceTarget,
): Promise<{ results: RuleResult[]; source: string }> {
  const { version, location } = await modelLocation(connection, target);
  const listing =
    target.known?.location && target.known.listing ? target.known.listing : await listManifest(location);
  const where = `model ${target.name}@${target.version} (${target.side})`;
  const listed = digestOfListing(listing, where);
  if (listed !== target.digest) {
    throw new VerificationError(
      "EVIDENCE_DIGEST_MISMATCH",
      `${where} holds files with digest ${listed}, not ${target.digest}: the evidence would not be about what is approved`,
    );
  }
  const read = (entry: ListedBlob) => readVerified(location, entry, where);
  const results: RuleResult[] = [];
  const cardFile = settings.modelCard?.file ?? "model-card.yml";
  const cardEntry = listing.find((entry) => entry.path === cardFile);
  const cardText = cardEntry ? (await read(cardEntry)).toString("utf8") : undefined;
  const found =
    cardEntry && cardText !== undefined
      ? { file: cardFile, text: cardText, sha256: cardEntry.sha256 }
      : undefined;
  let cardMetrics: Record<string, number> | undefined;
  if (settings.modelCard) {
    const { result, card } = modelCardRule(settings.modelCard, found);
    results.push(result);
    cardMetrics = card?.metrics;
  } else if (found) {
    const card = parseCard(found);
    if (!("problem" in card)) cardMetrics = card.metrics;
  }
  const properties = version.properties.properties ?? {};
  if (settings.metrics.length > 0) {
    results.push(
      metricsRule(settings.metrics, { ...(cardMetrics ? { card: cardMetrics } : {}), properties }),
    );
  }
  if (settings.scan) {
    const scan = settings.scan;
    const files: ScannedFile[] = [];
    for (const entry of listing.filter((e) => scanned(scan, e.path))) {
      files.push(scanFile(entry.path, entry.sha256, await read(entry)));
    }
    results.push(modelScanRule(scan, files));
  }
  if (settings.license) results.push(licenseRule(settings.license, version.properties.tags ?? {}));
  return { results, source: location.uri };
}

async function modelLocation(
  connection: Connection,
  target: ModelEvidenceTarget,
): Promise<{ version: ModelVersion; location: BlobLocation }> {
  if (target.side === "dev-workspace") {
    const version = await connection.workspace("dev").versions("models", target.name).get(target.version);
    const uri = version.properties.modelUri ?? "";
    const match = /\/datastores\/[^/]+\/paths\/(.+)$/.exec(uri);
    if (!match) {
      throw new VerificationError(
        "EVIDENCE_MODEL_NOT_READABLE",
        `model ${target.name}@${target.version} in the dev workspace points at ${uri}, not a datastore path Airlock can read`,
      );
    }
    const container = await connection.datastoreContainer("dev");
    const blobPath = decodeURIComponent(match[1]!).replace(/\/+$/, "");
    const base = new URL(container.url);
    return {
      version,
      location: { container, path: blobPath, uri: `${base.origin}${base.pathname}/${blobPath}` },
    };
  }
  const purpose = target.side === "dev-registry" ? "dev" : "prod";
  const registry = connection.env(purpose).names.registry;
  const version =
    target.known?.version ??
    (await connection.registry(purpose).versions("models", target.name).get(target.version));
  if (target.known?.location) return { version, location: target.known.location };
  const reference = await connection
    .registry(purpose)
    .dataReferences(target.name, target.version)
    .getBlobReferenceSas({
      assetId: `azureml://registries/${registry}/models/${target.name}/versions/${target.version}`,
    });
  const blob = reference.blobReferenceForConsumption;
  const sasUri = blob?.credential && "sasUri" in blob.credential ? String(blob.credential.sasUri) : undefined;
  if (!blob?.blobUri || !sasUri) {
    throw new VerificationError(
      "EVIDENCE_MODEL_NOT_READABLE",
      `registry ${registry} returned no read SAS for model ${target.name}@${target.version}`,
    );
  }
  return { version, location: locationFromSas(sasUri, blob.blobUri) };
}

/** A file's bytes, refused unless they hash to the sha256 the digest covers. */
async function readVerified(location: BlobLocation, entry: ListedBlob, where: string): Promise<Buffer> {
  const bytes = await location.container.getBlobClient(entry.blobName).downloadToBuffer();
  const sha = createHash("sha256").update(bytes).digest("hex");
  if (sha !== entry.sha256) {
    throw new VerificationError(
      "BLOB_CONTENT_MISMATCH",
      `${where}: ${entry.path} hashes to ${sha}, not the digested ${entry.sha256}; its bytes changed after they were digested`,
    );
  }
  return bytes;
}

/** The environment rule for the environment a prod deployment runs in. */
export async function environmentEvidence(
  connection: Connection,
  settings: NonNullable<EvidenceSettings["environmentPinned"]>,
  environmentId: string,
): Promise<RuleResult> {
  let version: EnvironmentVersion | undefined;
  let purpose: "dev" | "prod" = "prod";
  const arm = /\/environments\/([^/]+)\/versions\/([^/]+)$/i.exec(environmentId);
  if (environmentId.startsWith("azureml://")) {
    const reference = parseAssetReference(environmentId);
    if (reference.form === "registry" && reference.version) {
      purpose =
        reference.registry.toLowerCase() === connection.env("prod").names.registry.toLowerCase()
          ? "prod"
          : "dev";
      version = await getOrUndefined(() =>
        connection.registry(purpose).versions("environments", reference.name).get(reference.version!),
      );
    }
  } else if (arm) {
    version = await getOrUndefined(() =>
      connection.workspace("prod").versions("environments", arm[1]!).get(arm[2]!),
    );
  }
  const properties = version?.properties;
  const image = properties?.image;
  const build = properties?.build ?? undefined;
  const dockerfile = build ? await contextDockerfile(connection, purpose, build) : undefined;
  return environmentPinnedRule(settings, {
    id: environmentId,
    ...(image ? { image } : {}),
    ...(properties?.condaFile ? { condaFile: true } : {}),
    built: build !== undefined || (!image && version !== undefined),
    ...(dockerfile && "text" in dockerfile ? { dockerfile } : {}),
    ...(dockerfile && "problem" in dockerfile ? { dockerfileProblem: dockerfile.problem } : {}),
    properties: properties?.properties ?? {},
    ...(properties?.autoRebuild ? { autoRebuild: properties.autoRebuild } : {}),
  });
}

/**
 * The Dockerfile of a prod environment's build context, read from the workspace datastore the promotion
 * uploaded it to (a folder named by the environment's digest). Registry contexts are not read: a prod
 * registry environment built from a context must record its built image digest.
 */
async function contextDockerfile(
  connection: Connection,
  purpose: "dev" | "prod",
  build: { contextUri: string; dockerfilePath?: string },
): Promise<{ path: string; sha256: string; text: string } | { problem: string }> {
  const file = build.dockerfilePath ?? "Dockerfile";
  const match = /\/datastores\/[^/]+\/paths\/(.+)$/.exec(build.contextUri);
  if (!match)
    return { problem: `context ${build.contextUri} is not a workspace datastore path Airlock can read` };
  const blobName = `${decodeURIComponent(match[1]!).replace(/\/+$/, "")}/${file.replace(/^\.?\//, "")}`;
  try {
    const container = await connection.datastoreContainer(purpose);
    const bytes = await container.getBlobClient(blobName).downloadToBuffer();
    return {
      path: file,
      sha256: createHash("sha256").update(bytes).digest("hex"),
      text: bytes.toString("utf8"),
    };
  } catch (error) {
    return { problem: `${file}: ${(error as Error).message.split("\n")[0]}` };
  }
}

/**
 * The environment rule on a version-controlled definition about to be recreated or rebuilt in prod. Its
 * Dockerfile is read from the local build context and must hash to the sha256 the environment's digest
 * covers (describeSource already refused a definition whose digest differs from the approved one).
 */
export async function definitionEnvironmentFacts(
  asset: string,
  definition: EnvironmentAsset,
  as: "image" | "definition",
): Promise<EnvironmentFacts> {
  const facts: EnvironmentFacts = {
    id: asset,
    ...(definition.image ? { image: definition.image } : {}),
    ...(definition.condaFile ? { condaFile: true } : {}),
    built: as === "definition" && definition.build !== undefined,
    properties: {},
  };
  if (!facts.built || !definition.build) return facts;
  const { document } = await digestEnvironment(definition);
  const context = (document.definition as { build: { context: ManifestEntry[] } }).build.context;
  const file = definition.build.dockerfilePath.replace(/^\.?\//, "");
  const entry = context.find((e) => e.path === file);
  if (!entry) return { ...facts, dockerfileProblem: `${file} is not in the build context` };
  const bytes = await readFile(path.join(definition.build.context.absolute, file));
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  if (sha256 !== entry.sha256) {
    throw new VerificationError(
      "BLOB_CONTENT_MISMATCH",
      `${asset}: ${file} hashes to ${sha256}, not the digested ${entry.sha256}; it changed while being promoted`,
    );
  }
  return { ...facts, dockerfile: { path: file, sha256, text: bytes.toString("utf8") } };
}

/** Scores the reference rows through one deployment (the `azureml-model-deployment` header). */
async function scoreThrough(
  invoker: EndpointInvoker,
  deployment: string,
  reference: ReferenceData,
): Promise<ScoredDeployment> {
  try {
    const answer = await invoker.score(requestBody(reference), { deployment });
    if (answer.status !== 200)
      return { deployment, meanAbsoluteError: undefined, problem: `HTTP ${answer.status}` };
    const predictions = predictionsOf(answer.body);
    if (!predictions || predictions.length !== reference.rows.length) {
      return { deployment, meanAbsoluteError: undefined, problem: "no prediction per row" };
    }
    const mae = reference.expected ? meanAbsoluteError(predictions, reference.expected) : undefined;
    return {
      deployment,
      meanAbsoluteError: mae === undefined ? undefined : Math.round(mae * 1e9) / 1e9,
      ...(mae === undefined ? { problem: `no labelled rows in ${reference.name}@${reference.version}` } : {}),
    };
  } catch (error) {
    return { deployment, meanAbsoluteError: undefined, problem: (error as Error).message };
  }
}

/** The deployment serving the most traffic now, other than the candidate: the champion. */
export function championOf(before: TrafficSplit, candidate: string): string | undefined {
  return Object.entries(before)
    .filter(([name, percent]) => name !== candidate && percent > 0)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))[0]?.[0];
}

/** Champion/challenger: both score the same rows through the deployment header before traffic shifts. */
export async function championChallengerEvidence(
  settings: NonNullable<EvidenceSettings["championChallenger"]>,
  facts: { invoker: EndpointInvoker; candidate: string; before: TrafficSplit; reference: ReferenceData },
): Promise<RuleResult> {
  const championName = championOf(facts.before, facts.candidate);
  const candidate = await scoreThrough(facts.invoker, facts.candidate, facts.reference);
  const champion = championName
    ? await scoreThrough(facts.invoker, championName, facts.reference)
    : undefined;
  return championChallengerRule(settings, {
    candidate,
    ...(champion ? { champion } : {}),
    reference: facts.reference.assetId,
    rows: facts.reference.rows.length,
  });
}

/** Records one evaluation in the ledger, then closes the gate on a failing rule when the policy enforces. */
export async function recordEvidence(
  ledger: Ledger,
  policy: GovernancePolicy,
  actor: Actor,
  entry: {
    stage: EvidenceStage;
    asset: string;
    digest: string;
    source: string;
    results: RuleResult[];
    problem?: { code: string; message: string };
    /** Extra subject ids (requestId, promotionId, endpoint, deployment, rolloutId). */
    subject?: Record<string, string>;
    endpoint?: string;
    runUrl?: string;
    /** Append only when no identical record (subject and data) is in the ledger yet. */
    once?: boolean;
  },
): Promise<EvidenceEvaluatedData> {
  const settings = policy.evidence;
  const data: EvidenceEvaluatedData = {
    stage: entry.stage,
    asset: entry.asset,
    digest: entry.digest,
    source: entry.source,
    policySource: policy.source,
    policyDigest: `sha256:${createHash("sha256").update(canonicalJson(settings)).digest("hex")}`,
    enforcement: settings.enforcement,
    passed: !entry.problem && entry.results.every((r) => r.passed),
    results: entry.results,
    ...(entry.problem ? { problem: entry.problem } : {}),
    ...(entry.endpoint ? { endpoint: entry.endpoint } : {}),
    ...(entry.runUrl ? { runUrl: entry.runUrl } : {}),
  };
  const subject = { asset: entry.asset, stage: entry.stage, ...(entry.subject ?? {}) };
  // A rerun that finds the same evidence (same bytes, same policy) appends nothing: a resumed or repeated
  // promotion does no new work, and the first record already says what the gate saw.
  const same = (record: { subject: Record<string, string>; data: unknown }) =>
    canonicalJson(record.subject) === canonicalJson(subject) &&
    canonicalJson(record.data) === canonicalJson(data);
  if (!(entry.once && recordsOf(await ledger.read(), "evidence.evaluated").some(same))) {
    await ledger.append("evidence.evaluated", subject, data, actor);
  }
  assertEvidence(entry.results, settings.enforcement, `${entry.asset} at ${entry.stage}`);
  return data;
}

/**
 * The model rules at one stage: read the model where that stage reads it, record the results as the acting
 * identity, and close the gate on a failing rule. Nothing to do when the policy names no model rule.
 */
export async function gateModelEvidence(
  connection: Connection,
  policy: GovernancePolicy,
  stage: EvidenceStage,
  target: ModelEvidenceTarget,
  options: {
    actor: Actor;
    subject?: Record<string, string>;
    runUrl?: string;
    endpoint?: string;
    once?: boolean;
  },
): Promise<EvidenceEvaluatedData | undefined> {
  if (!hasModelRules(policy.evidence)) return undefined;
  const { results, source, problem } = await readModelEvidence(connection, policy, target);
  return recordEvidence(await connection.ledger(), policy, options.actor, {
    stage,
    asset: `model:${target.name}@${target.version}`,
    digest: target.digest,
    source,
    results,
    ...(problem ? { problem } : {}),
    ...(options.subject ? { subject: options.subject } : {}),
    ...(options.runUrl ? { runUrl: options.runUrl } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.once ? { once: true } : {}),
  });
}

/**
 * modelEvidence, except that in audit mode evidence that cannot be read at all (no hashes on the blobs, a
 * model outside any datastore) is recorded as a problem instead of stopping the step; enforce mode refuses.
 */
export async function readModelEvidence(
  connection: Connection,
  policy: GovernancePolicy,
  target: ModelEvidenceTarget,
): Promise<{ results: RuleResult[]; source: string; problem?: { code: string; message: string } }> {
  try {
    return await modelEvidence(connection, policy.evidence, target);
  } catch (error) {
    if (policy.evidence.enforcement === "enforce" || !(error instanceof AirlockError)) throw error;
    return { results: [], source: target.side, problem: { code: error.code, message: error.message } };
  }
}
