/**
 * @module promotion/deploy
 * `airlock deploy <model>@<version> --endpoint <name> --env prod`: a safe rollout of a promoted model.
 *
 * 1. Check everything before changing anything: the model is in the prod registry and was promoted by Airlock
 *    (it carries a digest and an approval id); the environment resolves in prod (a dev registry environment
 *    only when its promotion recorded the reference-dev-registry strategy — then the deployment is flagged as
 *    a cross-environment dependency); the code folder holds the scoring script; the smoke data is in the prod
 *    registry and has rows.
 * 2. Create the endpoint if missing (authMode Key, system-assigned identity) — ledger `endpoint.created`.
 * 3. Upload the code as a code asset in the prod workspace (reused when its digest is already there) and create
 *    a NEW deployment at 0% traffic, named from the model version and digest (an identical one is reused) —
 *    ledger `deployment.created` with the model's digest and approval id.
 * 4. Smoke-test it through the `azureml-model-deployment` header with the reference rows (deploy-smoke.ts).
 * 5. Shift traffic in steps (each a whole-endpoint PUT, ledger `traffic.changed` with before/after), checking
 *    health after each step (deploy-endpoint.ts).
 * A failed provisioning, smoke test or health check puts traffic back to the split before the rollout (ledger
 * `rollback` with the reason) and fails with a VerificationError; the new deployment stays, at 0%, for
 * inspection.
 */
import { randomUUID } from "node:crypto";
import { stat } from "node:fs/promises";
import path from "node:path";
import { ArmError, getOrUndefined } from "../arm/errors.ts";
import type { ModelVersion, OnlineDeployment, OnlineDeploymentBody, OnlineEndpoint } from "../arm/types.ts";
import {
  type AssetReference,
  digestDocument,
  digestPath,
  PROP,
  parseAssetReference,
  SHA256_METADATA,
  uploadFolder,
} from "../assets/index.ts";
import { assetNameProblem, assetVersionProblem } from "../assets/names.ts";
import type { Connection } from "../connect/connection.ts";
import { GateError, InputError, NotFoundError, UnavailableError, VerificationError } from "../errors.ts";
import { actorOf } from "../governance/identity.ts";
import type { Actor, Ledger, LedgerRecord } from "../governance/ledger.ts";
import { type GovernancePolicy, loadPolicy } from "../governance/policy.ts";
import type { DeploymentBundle } from "../governance/records.ts";
import { recordsOf } from "../governance/records.ts";
import { repoRelative } from "../platform/index.ts";
import { redactText } from "../redact.ts";
import { locationFromSas } from "./blobs.ts";
import {
  applyTraffic,
  checkHealth,
  checkOnlineName,
  DEFAULT_HEALTH_CALLS,
  endpointSubject,
  getEndpoint,
  type HealthResult,
  trafficOf,
} from "./deploy-endpoint.ts";
import {
  EndpointInvoker,
  type Judgement,
  judgeAnswer,
  loadReferenceData,
  type ReferenceData,
  requestBody,
  type Tolerance,
} from "./deploy-smoke.ts";
import {
  formatSplit,
  liveTotal,
  parseTrafficSteps,
  sameSplit,
  splitForStep,
  type TrafficSplit,
} from "./deploy-traffic.ts";
import {
  championChallengerEvidence,
  environmentEvidence,
  hasModelRules,
  readModelEvidence,
  recordEvidence,
} from "./evidence-gate.ts";
import { openApprovals } from "./trust.ts";

export const REFERENCE_DEV_REGISTRY = "reference-dev-registry";
const DEFAULT_INSTANCE_TYPE = "Standard_DS3_v2";

export interface DeployOptions {
  /** `name@version`, or `azureml://registries/<prod registry>/models/<name>/versions/<version>`. */
  model: string;
  endpoint: string;
  /**
   * `name@version` or `azureml:name:version` (a prod workspace environment, e.g. one a promotion strategy
   * created), a prod registry reference, or — only when its promotion recorded reference-dev-registry — the
   * dev registry reference.
   */
  environment?: string;
  /** The scoring code folder, from version control. */
  code: string;
  /** Relative to `code` (default score.py). */
  scoringScript?: string;
  /** `name@version` of a data asset in the prod registry. */
  smokeData: string;
  /** Column holding expected values (default: the data asset's `label_column` tag, if any). */
  labelColumn?: string;
  tolerance?: Tolerance;
  /** `all` or rising percentages ending at 100, e.g. `10,50,100` (default all). */
  traffic?: string;
  instanceType?: string;
  instanceCount?: number;
  /** Scoring calls without the header after each traffic step (default 5). */
  healthCalls?: number;
  /** Progress lines for humans. */
  onProgress?: (line: string) => void;
  /** Environment variables of the deployment (part of what is approved). */
  environmentVariables?: Record<string, string>;
  /** The policy in force (default: the repository's governance/policy.yml). */
  policy?: GovernancePolicy;
}

export interface ResolvedEnvironment {
  /** What the deployment's environmentId is set to. */
  environmentId: string;
  written: string;
  /** Set when prod depends on the dev platform through this environment. */
  crossEnvironmentDependency?: string;
  strategy?: string;
}

export interface StepOutcome {
  percent: number;
  before: TrafficSplit;
  after: TrafficSplit;
  health: HealthResult;
}

export interface DeployResult {
  status: "deployed" | "unchanged";
  endpoint: { name: string; created: boolean; authMode: string; scoringUri: string | undefined };
  deployment: {
    name: string;
    reused: boolean;
    model: string;
    digest: string;
    approvalId: string;
    codeId: string;
    environment: ResolvedEnvironment | undefined;
    instanceType: string;
  };
  smoke: Judgement & { data: string; rows: number };
  rolloutId: string;
  traffic: { before: TrafficSplit; after: TrafficSplit; steps: StepOutcome[] };
  warnings: string[];
}

interface PromotedModel {
  id: string;
  name: string;
  version: string;
  digest: string;
  approvalId: string;
  promotionId: string | undefined;
}

/** What a deployment approval binds: the flags of `airlock deploy` that decide what serves traffic. */
export interface DeploymentBundleOptions {
  model: string;
  endpoint: string;
  environment?: string;
  code: string;
  scoringScript?: string;
  instanceType?: string;
  instanceCount?: number;
  /** Environment variables of the deployment (`--env KEY=VALUE`). */
  environmentVariables?: Record<string, string>;
}

/** The target a deployment approval names. */
export function deploymentTarget(endpoint: string): string {
  return `prod endpoint ${endpoint}`;
}

/**
 * The exact bundle a deployment would serve, resolved the way `deploy` resolves it, and its digest: a request
 * binds it, and `deploy` refuses any bundle no valid approval covers.
 */
export async function deploymentScope(connection: Connection, options: DeploymentBundleOptions) {
  checkOnlineName(options.endpoint, "endpoint");
  const code = await checkCodeFolder(options.code, options.scoringScript ?? "score.py");
  const instanceType = options.instanceType ?? DEFAULT_INSTANCE_TYPE;
  const instanceCount = options.instanceCount ?? 1;
  if (!Number.isInteger(instanceCount) || instanceCount < 1) {
    throw new InputError(
      "INSTANCE_COUNT_INVALID",
      `--instance-count must be a whole number ≥ 1, not ${instanceCount}`,
    );
  }
  const environmentVariables = options.environmentVariables ?? {};
  for (const [key, value] of Object.entries(environmentVariables)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key) || typeof value !== "string") {
      throw new InputError(
        "ENVIRONMENT_VARIABLE_INVALID",
        `--env ${key}: a name is letters, digits and _ (not starting with a digit)`,
      );
    }
  }
  const model = await requirePromotedModel(connection, options.model);
  const ledger = await connection.ledger();
  const environment =
    options.environment === undefined
      ? undefined
      : await resolveEnvironment(connection, options.environment, await ledger.read());
  const bundle: DeploymentBundle = {
    endpoint: options.endpoint,
    model: model.id,
    codeDigest: (await digestPath(code.folder)).digest,
    scoringScript: code.scoringScript,
    environment: environment?.environmentId ?? "",
    instanceType,
    instanceCount,
    environmentVariables,
  };
  return {
    bundle,
    model,
    code,
    environment,
    ledger,
    scope: { target: deploymentTarget(options.endpoint), manifestDigest: digestDocument(bundle) },
  };
}

export async function deploy(connection: Connection, options: DeployOptions): Promise<DeployResult> {
  const say = options.onProgress ?? (() => undefined);
  // 1. Everything that can be refused is refused before anything changes — the deployment gate included.
  const steps = parseTrafficSteps(options.traffic);
  const smokeRef = parseNameAtVersion(options.smokeData, "--smoke-data");
  const { bundle, model, code, environment, ledger, scope } = await deploymentScope(connection, options);
  const { instanceType, instanceCount } = bundle;
  const approvals = await openApprovals(connection, options.policy ?? (await loadPolicy()));
  const deploymentApproval = await approvals.assertApproved({
    asset: { kind: "model", name: model.name, version: model.version, source: model.id },
    digest: model.digest,
    manifestDigest: scope.manifestDigest,
    target: scope.target,
    purpose: "deployment",
  });
  const reference = await loadReferenceData(connection, smokeRef, {
    ...(options.labelColumn !== undefined ? { labelColumn: options.labelColumn } : {}),
  });
  const policy = options.policy ?? (await loadPolicy());
  const evidenceActor = actorOf(await connection.identity("prod"));
  const evidenceSubject = { endpoint: options.endpoint, requestId: deploymentApproval.requestId };
  await deployEvidence(connection, policy, model, environment?.environmentId, evidenceActor, evidenceSubject);
  const warnings: string[] = [];
  if (!environment) {
    warnings.push(
      "no --environment: the twin runs score.py with python3, but Azure needs an environment for a custom model",
    );
  }
  if (environment?.crossEnvironmentDependency) {
    warnings.push(
      `cross-environment dependency: prod deployment uses ${environment.crossEnvironmentDependency} from the dev platform (strategy ${environment.strategy ?? "unknown"})`,
    );
  }
  const actor = actorOf(await connection.identity("prod"));
  const workspace = connection.workspace("prod");

  // 2. The endpoint.
  let endpoint = await getEndpoint(connection, options.endpoint);
  const created = !endpoint;
  if (!endpoint) {
    say(`creating endpoint ${options.endpoint} (authMode Key, system-assigned identity)`);
    endpoint = await workspace.onlineEndpoints.createOrUpdate(options.endpoint, {
      location: connection.env("prod").location,
      identity: { type: "SystemAssigned" },
      tags: { "managed-by": "airlock" },
      properties: { authMode: "Key", description: `Airlock-managed endpoint for ${model.name}` },
    });
    await ledger.append(
      "endpoint.created",
      endpointSubject(connection, options.endpoint),
      { authMode: endpoint.properties.authMode, scoringUri: endpoint.properties.scoringUri ?? "" },
      actor,
    );
  }
  const invoker = EndpointInvoker.forEndpoint(connection, endpoint);
  const before = trafficOf(endpoint);

  // 3. Code asset and deployment.
  say(`uploading code ${repoRelative(code.folder)} as a code asset in the prod workspace`);
  const codeAsset = await ensureCodeAsset(connection, code.folder, model.name);
  const body: OnlineDeploymentBody = {
    location: endpoint.location,
    sku: { name: "Default", capacity: instanceCount },
    tags: { "managed-by": "airlock" },
    properties: {
      endpointComputeType: "Managed",
      model: model.id,
      codeConfiguration: { codeId: codeAsset.id, scoringScript: code.scoringScript },
      ...(environment ? { environmentId: environment.environmentId } : {}),
      ...(Object.keys(bundle.environmentVariables).length > 0
        ? { environmentVariables: bundle.environmentVariables }
        : {}),
      instanceType,
      description: `${model.name}@${model.version} (${model.digest})`,
      properties: {
        [PROP.digest]: model.digest,
        [PROP.approvalId]: model.approvalId,
        [PROP.deploymentApprovalId]: deploymentApproval.requestId,
        [PROP.bundleDigest]: scope.manifestDigest,
        ...(environment?.crossEnvironmentDependency
          ? { [PROP.crossEnvironmentDependency]: environment.crossEnvironmentDependency }
          : {}),
      },
    },
  };
  const { name: deploymentName, existing } = await chooseDeploymentName(
    connection,
    options.endpoint,
    model,
    body,
  );
  const reused = existing?.properties.provisioningState === "Succeeded";
  const rolloutId = randomUUID();
  const subject = {
    ...endpointSubject(connection, options.endpoint, deploymentName),
    asset: `model:${model.name}@${model.version}`,
  };
  const resultBase = {
    endpoint: {
      name: options.endpoint,
      created,
      authMode: endpoint.properties.authMode,
      scoringUri: endpoint.properties.scoringUri,
    },
    deployment: {
      name: deploymentName,
      reused,
      model: model.id,
      digest: model.digest,
      approvalId: model.approvalId,
      codeId: codeAsset.id,
      environment,
      instanceType,
    },
    rolloutId,
    warnings,
  };
  const deploymentRecord = {
    model: model.id,
    digest: model.digest,
    approvalId: model.approvalId,
    ...(model.promotionId ? { promotionId: model.promotionId } : {}),
    codeId: codeAsset.id,
    codeDigest: codeAsset.digest,
    scoringScript: code.scoringScript,
    environment: environment?.environmentId ?? "",
    crossEnvironmentDependency: environment?.crossEnvironmentDependency ?? "",
    instanceType,
    instanceCount,
    rolloutId,
    deploymentApprovalId: deploymentApproval.requestId,
    bundleDigest: scope.manifestDigest,
  };
  if (!reused) {
    say(`creating deployment ${deploymentName} at 0% traffic`);
    try {
      await workspace.onlineDeployments(options.endpoint).createOrUpdate(deploymentName, body);
    } catch (error) {
      if (!(error instanceof ArmError)) throw error;
      const reason = `deployment ${deploymentName} failed to provision: ${error.message}`;
      await ledger.append(
        "deployment.created",
        subject,
        { ...deploymentRecord, provisioningState: "Failed", error: error.message },
        actor,
      );
      await recordAutomaticRollback(ledger, subject, actor, {
        reason,
        stage: "provisioning",
        rolloutId,
        before,
        after: before,
      });
      throw new VerificationError(
        "DEPLOYMENT_FAILED",
        `${reason}. Traffic unchanged (${formatSplit(before)}); ${deploymentName} stays at 0% for inspection.`,
        {
          ...resultBase,
          traffic: before,
        },
      );
    }
    await ledger.append(
      "deployment.created",
      subject,
      { ...deploymentRecord, provisioningState: "Succeeded" },
      actor,
    );
  } else {
    say(`reusing identical deployment ${deploymentName}`);
  }

  // 4. Smoke test through the deployment header.
  say(
    `smoke-testing ${deploymentName} with ${reference.rows.length} rows of ${reference.name}@${reference.version}`,
  );
  const smoke = await smokeTest(invoker, deploymentName, reference, options.tolerance);
  if (!smoke.ok) {
    const reason = `smoke test of ${deploymentName} failed: ${smoke.problem}`;
    await recordAutomaticRollback(ledger, subject, actor, {
      reason,
      stage: "smoke-test",
      rolloutId,
      before,
      after: before,
    });
    throw new VerificationError(
      "SMOKE_TEST_FAILED",
      `${reason}. Traffic unchanged (${formatSplit(before)}); ${deploymentName} stays at 0% for inspection.`,
      {
        ...resultBase,
        smoke,
        traffic: before,
      },
    );
  }

  // 4b. Champion/challenger (policy evidence): candidate and champion score the same rows before traffic moves.
  if (policy.evidence.championChallenger) {
    const result = await championChallengerEvidence(policy.evidence.championChallenger, {
      invoker,
      candidate: deploymentName,
      before,
      reference,
    });
    await recordEvidence(ledger, policy, evidenceActor, {
      stage: "deploy",
      asset: `model:${model.name}@${model.version}`,
      digest: model.digest,
      source: reference.assetId,
      results: [result],
      // The rollout is named in the subject: the rollout's own records are the ones carrying data.rolloutId.
      subject: { ...evidenceSubject, deployment: deploymentName, rolloutId },
      endpoint: options.endpoint,
    });
  }

  // 5. Traffic, step by step, with a health check after each.
  const outcomes: StepOutcome[] = [];
  let current = endpoint;
  const plan = liveTotal(before) === 0 ? [100] : steps;
  if (plan.length < steps.length)
    say("the endpoint had no live traffic: the new deployment takes 100% at once");
  for (const [index, percent] of plan.entries()) {
    const stepBefore = trafficOf(current);
    const target = splitForStep(stepBefore, deploymentName, percent);
    if (sameSplit(stepBefore, target)) continue;
    say(`traffic step ${index + 1}/${plan.length}: ${formatSplit(target)}`);
    let health: HealthResult;
    try {
      current = await applyTraffic(connection, current, target);
      await ledger.append(
        "traffic.changed",
        subject,
        {
          before: stepBefore,
          after: target,
          rolloutId,
          rolloutBefore: before,
          step: index + 1,
          steps: plan.length,
          reason: "deploy",
          smokeData: reference.assetId,
          ...(reference.labelColumn ? { labelColumn: reference.labelColumn } : {}),
        },
        actor,
      );
      health = await checkHealth(
        connection,
        current,
        invoker,
        reference,
        options.healthCalls ?? DEFAULT_HEALTH_CALLS,
      );
    } catch (error) {
      if (!(error instanceof ArmError)) throw error;
      health = {
        ok: false,
        provisioning: {},
        calls: [],
        problem: `could not change traffic: ${error.message}`,
      };
    }
    outcomes.push({ percent, before: stepBefore, after: target, health });
    if (!health.ok) {
      const reason = `health check after ${percent}% to ${deploymentName} failed: ${health.problem}`;
      say(`${reason}; rolling traffic back to ${formatSplit(before)}`);
      const restored = await restoreTraffic(connection, options.endpoint, before);
      await recordAutomaticRollback(ledger, subject, actor, {
        reason,
        stage: "health-check",
        rolloutId,
        before: restored.from,
        after: before,
      });
      throw new VerificationError(
        "HEALTH_CHECK_FAILED",
        `${reason}. Traffic rolled back to ${formatSplit(before)}; ${deploymentName} stays at 0% for inspection.`,
        {
          ...resultBase,
          smoke,
          steps: outcomes,
          traffic: before,
        },
      );
    }
  }
  const after = trafficOf(current);
  return {
    ...resultBase,
    status: reused && outcomes.length === 0 ? "unchanged" : "deployed",
    smoke: { ...smoke, data: reference.assetId, rows: reference.rows.length },
    traffic: { before, after, steps: outcomes },
  };
}

/** Parses `name@version` with asset name/version rules. */
export function parseNameAtVersion(text: string, what: string): { name: string; version: string } {
  const at = text.lastIndexOf("@");
  const name = at > 0 ? text.slice(0, at) : "";
  const version = at > 0 ? text.slice(at + 1) : "";
  const problem =
    at <= 0 ? "expected <name>@<version>" : (assetNameProblem(name) ?? assetVersionProblem(version));
  if (problem) {
    throw new InputError(
      "ASSET_SPEC_INVALID",
      `${what} ${JSON.stringify(text)}: ${problem} (expected <name>@<version>, e.g. taxi-fare-model@1)`,
    );
  }
  return { name, version };
}

/** The model from the prod registry; refuses anything that was not promoted there by Airlock. */
export async function requirePromotedModel(connection: Connection, written: string): Promise<PromotedModel> {
  const prodRegistry = connection.env("prod").names.registry;
  let spec: { name: string; version: string };
  if (written.startsWith("azureml:")) {
    const reference = parseAssetReference(written);
    if (reference.form !== "registry" || reference.assetType !== "models" || !reference.version) {
      throw new GateError(
        "MODEL_NOT_IN_PROD_REGISTRY",
        `prod deploys only promoted models from the prod registry ${prodRegistry}; ${written} is not a model version in a registry`,
      );
    }
    if (reference.registry.toLowerCase() !== prodRegistry.toLowerCase()) {
      throw new GateError(
        "MODEL_NOT_IN_PROD_REGISTRY",
        `prod deploys only promoted models: ${written} is in registry ${reference.registry}, not the prod registry ${prodRegistry}. Promote it first (airlock promote model ${reference.name}@${reference.version} --to prod).`,
      );
    }
    spec = { name: reference.name, version: reference.version };
  } else {
    spec = parseNameAtVersion(written, "model");
  }
  const version: ModelVersion | undefined = await getOrUndefined(() =>
    connection.registry("prod").versions("models", spec.name).get(spec.version),
  );
  if (!version) {
    throw new GateError(
      "MODEL_NOT_IN_PROD_REGISTRY",
      `prod deploys only promoted models: ${spec.name}@${spec.version} is not in the prod registry ${prodRegistry}. Promote it first (airlock promote model ${spec.name}@${spec.version} --to prod).`,
    );
  }
  const props = version.properties.properties ?? {};
  const digest = props[PROP.digest];
  const approvalId = props[PROP.approvalId];
  if (!digest || !approvalId) {
    throw new GateError(
      "MODEL_NOT_PROMOTED",
      `${spec.name}@${spec.version} is in the prod registry but carries no ${digest ? PROP.approvalId : PROP.digest}: it did not come through Airlock's approval gate, so it is not deployed`,
    );
  }
  return {
    id: `azureml://registries/${prodRegistry}/models/${spec.name}/versions/${spec.version}`,
    name: spec.name,
    version: spec.version,
    digest,
    approvalId,
    promotionId: props[PROP.promotionId],
  };
}

/** Resolves `--environment` to what prod can use, refusing silent dependencies on the dev platform. */
export async function resolveEnvironment(
  connection: Connection,
  written: string,
  records: readonly LedgerRecord[],
): Promise<ResolvedEnvironment> {
  const prod = connection.env("prod");
  const dev = connection.env("dev");
  const reference: AssetReference =
    !written.startsWith("azureml:") && written.includes("@")
      ? { form: "workspace", ...parseNameAtVersion(written, "--environment") }
      : parseAssetReference(written);
  if (reference.form === "workspace" || reference.form === "workspace-long") {
    if (
      reference.form === "workspace-long" &&
      reference.workspace.toLowerCase() !== prod.names.workspace.toLowerCase()
    ) {
      throw new GateError(
        "ENVIRONMENT_NOT_IN_PROD",
        `--environment ${written} is in workspace ${reference.workspace}, not the prod workspace ${prod.names.workspace}`,
      );
    }
    if (!reference.version) {
      throw new InputError(
        "ENVIRONMENT_VERSION_REQUIRED",
        `--environment ${written}: name an exact version (e.g. taxi-env-conda@1)`,
      );
    }
    const version = await getOrUndefined(() =>
      connection.workspace("prod").versions("environments", reference.name).get(reference.version!),
    );
    if (!version) {
      throw new NotFoundError(
        "ENVIRONMENT_NOT_FOUND",
        `environment ${reference.name}@${reference.version} is not in the prod workspace ${prod.names.workspace}; promote it first (airlock promote environment ${reference.name}@${reference.version} --to prod)`,
      );
    }
    const props = version.properties.properties ?? {};
    const dependency = props[PROP.crossEnvironmentDependency];
    const strategy = props[PROP.strategy];
    return {
      environmentId: version.id,
      written,
      ...(dependency ? { crossEnvironmentDependency: dependency } : {}),
      ...(strategy ? { strategy } : {}),
    };
  }
  if (reference.form !== "registry" || reference.assetType !== "environments" || !reference.version) {
    throw new InputError(
      "ENVIRONMENT_REFERENCE_INVALID",
      `--environment ${written} is not an environment version (use name@version, azureml:<name>:<version> or azureml://registries/<registry>/environments/<name>/versions/<version>)`,
    );
  }
  const id = `azureml://registries/${reference.registry}/environments/${reference.name}/versions/${reference.version}`;
  if (reference.registry.toLowerCase() === prod.names.registry.toLowerCase()) {
    const found = await getOrUndefined(() =>
      connection.registry("prod").versions("environments", reference.name).get(reference.version!),
    );
    if (!found) {
      throw new NotFoundError("ENVIRONMENT_NOT_FOUND", `environment ${id} is not in the prod registry`);
    }
    return { environmentId: id, written };
  }
  if (reference.registry.toLowerCase() === dev.names.registry.toLowerCase()) {
    const promoted = recordsOf(records, "promotion.completed").find(
      (record) =>
        record.subject.asset === `environment:${reference.name}@${reference.version}` &&
        record.data.strategy === REFERENCE_DEV_REGISTRY,
    );
    if (!promoted) {
      throw new GateError(
        "ENVIRONMENT_NOT_PROMOTED",
        `--environment ${id} is in the dev registry, and no promotion of ${reference.name}@${reference.version} chose the ${REFERENCE_DEV_REGISTRY} strategy; prod may depend on the dev platform only by that explicit, recorded choice. Promote the environment (airlock promote environment ${reference.name}@${reference.version} --to prod) and deploy with what it created.`,
      );
    }
    return { environmentId: id, written, crossEnvironmentDependency: id, strategy: REFERENCE_DEV_REGISTRY };
  }
  throw new GateError(
    "ENVIRONMENT_NOT_IN_PROD",
    `--environment ${id} is in registry ${reference.registry}, which is neither the prod nor the dev registry`,
  );
}

async function checkCodeFolder(
  folder: string,
  scoringScript: string,
): Promise<{ folder: string; scoringScript: string }> {
  const absolute = path.resolve(folder);
  const info = await stat(absolute).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new InputError("CODE_FOLDER_MISSING", `--code ${folder} is not a folder`);
  }
  const script = path.resolve(absolute, scoringScript);
  const relative = path.relative(absolute, script);
  if (relative.startsWith("..") || path.isAbsolute(relative)) {
    throw new InputError(
      "SCORING_SCRIPT_OUTSIDE_CODE",
      `--scoring-script ${scoringScript} is outside --code ${folder}`,
    );
  }
  if (!(await stat(script).catch(() => undefined))?.isFile()) {
    throw new InputError(
      "SCORING_SCRIPT_MISSING",
      `--scoring-script ${scoringScript} is not a file in ${folder}`,
    );
  }
  return { folder: absolute, scoringScript: relative.split(path.sep).join("/") };
}

/** The code folder as a prod workspace code asset `<model>-score:<digest prefix>`, uploaded once. */
async function ensureCodeAsset(
  connection: Connection,
  folder: string,
  modelName: string,
): Promise<{ id: string; digest: string; reused: boolean }> {
  const { digest, manifest } = await digestPath(folder);
  const name = `${modelName}-score`.slice(0, 255);
  const version = digest.slice("sha256:".length, "sha256:".length + 12);
  const versions = connection.workspace("prod").versions("codes", name);
  const existing = await getOrUndefined(() => versions.get(version));
  if (existing && existing.properties.properties?.[PROP.digest] === digest) {
    return { id: existing.id, digest, reused: true };
  }
  const pending = await versions.startPendingUpload(version);
  const sasUri = pending.blobReferenceForConsumption?.credential?.sasUri;
  if (!sasUri)
    throw new UnavailableError(
      "CODE_UPLOAD_NO_SAS",
      `the prod workspace gave no upload SAS for code ${name}`,
    );
  const location = locationFromSas(sasUri, pending.blobReferenceForConsumption?.blobUri);
  const hashes = new Map(manifest.files.map((file) => [file.path, file.sha256]));
  const uploaded = await uploadFolder({
    container: location.container,
    prefix: [location.path, "code"].filter(Boolean).join("/"),
    localPath: folder,
    metadataFor: (relative): Record<string, string> => {
      const sha = hashes.get(relative);
      return sha ? { [SHA256_METADATA]: sha } : {};
    },
  });
  const created = await versions.createOrUpdate(version, {
    properties: {
      codeUri: uploaded.uri,
      isAnonymous: false,
      description: `Scoring code for ${modelName} from ${repoRelative(folder)}`,
      tags: {},
      properties: { [PROP.digest]: digest, [PROP.sourceFile]: repoRelative(folder) },
    },
  });
  return { id: created.id, digest, reused: false };
}

/** `v<version>-<digest 8>`, with `-2`, `-3` … when that name holds a different deployment. */
export function deploymentNameFor(version: string, digest: string, attempt = 0): string {
  const hex = digest.replace(/^sha256:/, "").slice(0, 8);
  const safeVersion =
    version
      .replace(/[^a-zA-Z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 12) || "0";
  return `v${safeVersion}-${hex}${attempt > 0 ? `-${attempt + 1}` : ""}`;
}

async function chooseDeploymentName(
  connection: Connection,
  endpoint: string,
  model: PromotedModel,
  body: OnlineDeploymentBody,
): Promise<{ name: string; existing: OnlineDeployment | undefined }> {
  const deployments = connection.workspace("prod").onlineDeployments(endpoint);
  for (let attempt = 0; attempt < 20; attempt++) {
    const name = deploymentNameFor(model.version, model.digest, attempt);
    const existing = await getOrUndefined(() => deployments.get(name));
    if (!existing || sameDeployment(existing, body)) return { name, existing };
  }
  throw new UnavailableError(
    "DEPLOYMENT_NAMES_EXHAUSTED",
    `endpoint ${endpoint} already holds 20 different deployments of ${model.name}@${model.version}; delete unused ones`,
  );
}

function sameDeployment(existing: OnlineDeployment, body: OnlineDeploymentBody): boolean {
  const a = existing.properties;
  const b = body.properties;
  const same = (x: string | undefined, y: string | undefined) =>
    (x ?? "").toLowerCase() === (y ?? "").toLowerCase();
  return (
    same(a.model, b.model) &&
    same(a.codeConfiguration?.codeId, b.codeConfiguration?.codeId) &&
    a.codeConfiguration?.scoringScript === b.codeConfiguration?.scoringScript &&
    same(a.environmentId, b.environmentId) &&
    same(a.instanceType, b.instanceType) &&
    (existing.sku?.capacity ?? 1) === (body.sku?.capacity ?? 1) &&
    // Variables are part of the approved bundle: other variables are another deployment, never a reuse.
    sameVariables(a.environmentVariables, b.environmentVariables)
  );
}

function sameVariables(
  x: Record<string, string> | undefined,
  y: Record<string, string> | undefined,
): boolean {
  const a = Object.entries(x ?? {});
  const b = y ?? {};
  return a.length === Object.keys(b).length && a.every(([key, value]) => b[key] === value);
}

async function smokeTest(
  invoker: EndpointInvoker,
  deployment: string,
  reference: ReferenceData,
  tolerance: Tolerance | undefined,
): Promise<Judgement> {
  try {
    const answer = await invoker.score(requestBody(reference), { deployment });
    return judgeAnswer(answer, reference, { ...(tolerance ? { tolerance } : {}), checkExpected: true });
  } catch (error) {
    if (error instanceof UnavailableError || error instanceof ArmError) {
      return {
        ok: false,
        status: 0,
        rows: reference.rows.length,
        predictions: undefined,
        outOfTolerance: [],
        meanAbsoluteError: undefined,
        maxAbsoluteError: undefined,
        problem: error.message,
        deployment,
      };
    }
    throw error;
  }
}

/** Puts `split` back (re-reading the endpoint first); throws when even that fails. */
export async function restoreTraffic(
  connection: Connection,
  endpointName: string,
  split: TrafficSplit,
): Promise<{ from: TrafficSplit; endpoint: OnlineEndpoint }> {
  try {
    const endpoint = await connection.workspace("prod").onlineEndpoints.get(endpointName);
    const from = trafficOf(endpoint);
    if (sameSplit(from, split)) return { from, endpoint };
    return { from, endpoint: await applyTraffic(connection, endpoint, split) };
  } catch (error) {
    throw new UnavailableError(
      "ROLLBACK_FAILED",
      `could not put traffic on ${endpointName} back to ${formatSplit(split)}: ${redactText(error instanceof Error ? error.message : String(error))}. Run \`airlock rollback --endpoint ${endpointName} --env prod\` once the service answers.`,
    );
  }
}

async function recordAutomaticRollback(
  ledger: Ledger,
  subject: Record<string, string>,
  actor: Actor,
  data: { reason: string; stage: string; rolloutId: string; before: TrafficSplit; after: TrafficSplit },
): Promise<void> {
  await ledger.append(
    "rollback",
    subject,
    { ...data, automatic: true, trafficChanged: !sameSplit(data.before, data.after) },
    actor,
  );
}

/** Model rules on the prod registry copy and the environment rule, recorded once, before anything changes. */
async function deployEvidence(
  connection: Connection,
  policy: GovernancePolicy,
  model: PromotedModel,
  environmentId: string | undefined,
  actor: Actor,
  subject: Record<string, string>,
): Promise<void> {
  const settings = policy.evidence;
  if (!hasModelRules(settings) && !settings.environmentPinned) return;
  const { results, source, problem } = hasModelRules(settings)
    ? await readModelEvidence(connection, policy, {
        name: model.name,
        version: model.version,
        digest: model.digest,
        side: "prod-registry",
      })
    : { results: [], source: model.id, problem: undefined };
  if (settings.environmentPinned) {
    results.push(
      environmentId
        ? await environmentEvidence(connection, settings.environmentPinned, environmentId)
        : {
            rule: "environment-pinned",
            passed: false,
            code: "EVIDENCE_IMAGE_NOT_PINNED",
            message: "the deployment names no environment, so no pinned image",
            inputs: { environment: null },
          },
    );
  }
  await recordEvidence(await connection.ledger(), policy, actor, {
    stage: "deploy",
    asset: `model:${model.name}@${model.version}`,
    digest: model.digest,
    source,
    results,
    ...(problem ? { problem } : {}),
    subject,
    ...(subject.endpoint ? { endpoint: subject.endpoint } : {}),
  });
}
