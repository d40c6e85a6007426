/**
 * Test world for deployment tests: a twin, a Connection acting as the promotion identities of each side,
 * the taxi-fare model trained into a temp dir (train.py runs once per process), and helpers that put assets
 * where a finished promotion would leave them (the promotion engine is exercised by its own tests): a dev
 * workspace version published to the dev registry, a request signed by alice and an approval signed by bob in
 * the ledger, and the prod registry version uploaded through `startPendingUpload` as `sp-aml-promotion-prod`
 * with Airlock's lineage properties.
 * `deploy` serves only an approved bundle: `approveDeployment` files it as alice and approves it as bob.
 */
import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { digestPath, PROP, SHA256_METADATA, uploadFolder } from "../../src/assets/index.ts";
import { type Connection, connectToTwin } from "../../src/connect/connection.ts";
import type { DecisionSigner } from "../../src/governance/approvals.ts";
import { actorOf, identityFromToken } from "../../src/governance/identity.ts";
import { type GovernancePolicy, loadPolicy } from "../../src/governance/policy.ts";
import { twinSigningKey } from "../../src/governance/signing/index.ts";
import { locationFromSas } from "../../src/promotion/blobs.ts";
import type { DeploymentBundleOptions } from "../../src/promotion/deploy.ts";
import { parseCsv } from "../../src/promotion/deploy-smoke.ts";
import { approveRequest, requestDeployment, requestPromotion } from "../../src/promotion/gate.ts";
import { python3 } from "../assets/fixture.ts";
import { inProcessSigner } from "../governance/signing/fixture.ts";
import { REPO_ROOT } from "../helpers/cli.ts";
import { startTestTwin, type TestTwin } from "../helpers/twin.ts";

export const EXAMPLE = path.join(REPO_ROOT, "examples", "taxi-fare");
export const EXAMPLE_SRC = path.join(EXAMPLE, "src");
export const VALIDATION = path.join(EXAMPLE, "data", "validation");
export const PRINCIPALS = { dev: "sp-aml-promotion-dev", prod: "sp-aml-promotion-prod" } as const;

export interface World {
  twin: TestTwin;
  /** The promotion identities (prod deploys and rollbacks act as sp-aml-promotion-prod). */
  connection: Connection;
  /** The requester (dev data scientist) and the approver: people, with the twin's signing keys. */
  alice: Connection;
  bob: Connection;
  policy: GovernancePolicy;
  dir: string;
  /** The trained taxi-fare model folder (holds model.json). */
  modelDir: string;
  /**
   * What alice and bob sign with in the fixture's helpers: their twin key files, signed in process (byte for
   * byte what ssh-keygen -Y sign writes for them, as test/governance/approvals.test.ts checks). Deployment
   * claims are not about how a signature is made, and the gate verifies these like any other; the tests' own
   * decisions and the CLI tests still sign through ssh-keygen.
   */
  sign: { alice: DecisionSigner; bob: DecisionSigner };
  close(): Promise<void>;
}

/** Signs as a twin person with their key file, read at the first signature (the gate creates it). */
function twinPersonSigner(stateDir: string, person: string): DecisionSigner {
  let signer: ReturnType<typeof inProcessSigner> | undefined;
  return async (decision) => {
    signer ??= inProcessSigner(twinSigningKey(stateDir, person));
    return (await signer)(decision);
  };
}

export async function startWorld(): Promise<World> {
  const twin = await startTestTwin({ lroMode: "fast" });
  const dir = await mkdtemp(path.join(tmpdir(), "airlock-deploy-"));
  try {
    const connectAs = (principals: { dev: string; prod: string }) =>
      connectToTwin({
        stateDir: twin.stateDir,
        armEndpoint: twin.armEndpoint,
        blobBaseUrl: twin.blobBaseUrl,
        principals,
      });
    const connection = await connectAs({ ...PRINCIPALS });
    const modelDir = path.join(dir, "model");
    await writeTrainedModel(modelDir);
    return {
      twin,
      connection,
      alice: await connectAs({ dev: "alice", prod: "alice" }),
      bob: await connectAs({ dev: "bob", prod: "bob" }),
      policy: await loadPolicy(),
      dir,
      modelDir,
      sign: {
        alice: twinPersonSigner(twin.stateDir, "alice"),
        bob: twinPersonSigner(twin.stateDir, "bob"),
      },
      close: async () => {
        await twin.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await twin.close();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * The files train.py writes to --model-dir, trained once per process: training is deterministic (the example
 * tests check that it writes identical bytes twice), so the worlds of one test process share one run.
 */
let trained: Promise<Map<string, Buffer>> | undefined;

async function trainOnce(): Promise<Map<string, Buffer>> {
  const scratch = await mkdtemp(path.join(tmpdir(), "airlock-train-"));
  try {
    const modelDir = path.join(scratch, "model");
    await promisify(execFile)(await python3(), [
      path.join(EXAMPLE_SRC, "train.py"),
      "--model-dir",
      modelDir,
      "--metrics-dir",
      scratch,
    ]);
    const files = new Map<string, Buffer>();
    for (const name of await readdir(modelDir)) files.set(name, await readFile(path.join(modelDir, name)));
    return files;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function writeTrainedModel(modelDir: string): Promise<void> {
  trained ??= trainOnce();
  trained.catch(() => (trained = undefined));
  const files = await trained;
  await mkdir(modelDir, { recursive: true });
  for (const [name, bytes] of files) await writeFile(path.join(modelDir, name), bytes);
}

export function actorFor(world: World, principal: string) {
  return actorOf(identityFromToken(world.twin.tokenFor(principal)));
}

/** Uploads `folder` through a prod registry pending upload and registers the version. */
async function putProdRegistryVersion(
  world: World,
  kind: "models" | "data",
  name: string,
  version: string,
  folder: string,
  properties: Record<string, string>,
  tags: Record<string, string> = {},
): Promise<string> {
  const versions = world.connection.registry("prod").versions(kind, name);
  const pending = await versions.startPendingUpload(version);
  const reference = pending.blobReferenceForConsumption!;
  const location = locationFromSas(reference.credential!.sasUri, reference.blobUri);
  const uploaded = await uploadFolder({
    container: location.container,
    prefix: [location.path, path.basename(folder)].filter(Boolean).join("/"),
    localPath: folder,
    metadataFor: await sha256Metadata(folder),
  });
  const body =
    kind === "models"
      ? { properties: { modelType: "custom_model", modelUri: uploaded.uri, properties, tags } }
      : { properties: { dataType: "uri_folder" as const, dataUri: `${uploaded.uri}/`, properties, tags } };
  await versions.createOrUpdate(version, body as never);
  return `azureml://registries/${world.connection.env("prod").names.registry}/${kind}/${name}/versions/${version}`;
}

/**
 * Each file's sha256 as blob metadata, as Airlock's uploads record it: the evidence rules read the model only
 * through bytes that hash to the digested sha256 (and refuse blobs that carry none).
 */
async function sha256Metadata(folder: string): Promise<(relative: string) => Record<string, string>> {
  const { manifest } = await digestPath(folder);
  const hashes = new Map(manifest.files.map((f) => [f.path, f.sha256]));
  return (relative): Record<string, string> => {
    const sha = hashes.get(relative);
    return sha ? { [SHA256_METADATA]: sha } : {};
  };
}

/** The model tags the repository's policy asks for (evidence.license). */
export const MODEL_TAGS = { license: "Apache-2.0" };

export interface PromotedModel {
  id: string;
  digest: string;
  approvalId: string;
  devRegistryId: string;
  devWorkspaceId: string;
}

/**
 * Leaves `folder` as model `name@version` the way a finished promotion does: registered in the dev
 * workspace (with a training job and metrics), published to the dev registry, requested by alice and
 * approved by bob in the ledger, and uploaded to the prod registry with Airlock's lineage properties.
 */
export async function promoteModel(
  world: World,
  name: string,
  version: string,
  folder: string,
): Promise<PromotedModel> {
  const { connection } = world;
  const { digest } = await digestPath(folder);
  const dev = connection.env("dev");
  const container = await connection.datastoreContainer("dev");
  await container.createIfNotExists();
  const uploaded = await uploadFolder({
    container,
    prefix: `LocalUpload/${name}-${version}/model`,
    localPath: folder,
    metadataFor: await sha256Metadata(folder),
  });
  const relative = uploaded.uri.slice(container.url.length + 1);
  const devModel = await connection
    .workspace("dev")
    .versions("models", name)
    .createOrUpdate(version, {
      properties: {
        modelType: "custom_model",
        modelUri: `azureml://subscriptions/${connection.subscriptionId}/resourcegroups/${dev.resourceGroups.ws}/workspaces/${dev.names.workspace}/datastores/workspaceblobstore/paths/${relative}/`,
        jobName: `train-${name}-${version}`,
        tags: MODEL_TAGS,
        properties: {
          [PROP.digest]: digest,
          [PROP.registeredBy]: "alice@airlock.local",
          [PROP.sourceFile]: "examples/taxi-fare/model.yml",
          "metrics.rmse": "1.125",
          "metrics.r2": "0.9829",
        },
      },
    });
  await connection.workspace("dev").versions("models", name).publish(version, {
    destinationName: name,
    destinationVersion: version,
    registryName: dev.names.registry,
  });
  const devRegistryId = `azureml://registries/${dev.names.registry}/models/${name}/versions/${version}`;

  const request = await requestPromotion(world.alice, { kind: "model", name, version }, world.policy, {
    justification: "test promotion",
    signer: world.sign.alice,
  });
  await approveRequest(world.bob, request.requestId, world.policy, {
    comment: "looks good",
    signer: world.sign.bob,
  });
  const approvalId = request.requestId;
  const id = await putProdRegistryVersion(
    world,
    "models",
    name,
    version,
    folder,
    {
      [PROP.digest]: digest,
      [PROP.sourceAsset]: devRegistryId,
      [PROP.approvalId]: approvalId,
      [PROP.promotionId]: `promo-${name}-${version}`,
      [PROP.promotedBy]: PRINCIPALS.prod,
      [PROP.promotedAt]: new Date().toISOString(),
    },
    MODEL_TAGS,
  );
  return { id, digest, approvalId, devRegistryId, devWorkspaceId: devModel.id };
}

/**
 * `deploy` serves only a bundle a second person approved: alice requests exactly this bundle (model, code,
 * environment, instances, variables) and bob approves it, under `policy` (its evidence rules run on the
 * request). Returns the request id.
 */
export async function approveDeployment(
  world: World,
  bundle: DeploymentBundleOptions,
  policy: GovernancePolicy = world.policy,
): Promise<string> {
  const request = await requestDeployment(world.alice, policy, {
    model: bundle.model,
    endpoint: bundle.endpoint,
    code: bundle.code,
    ...(bundle.environment !== undefined ? { environment: bundle.environment } : {}),
    ...(bundle.scoringScript !== undefined ? { scoringScript: bundle.scoringScript } : {}),
    ...(bundle.instanceType !== undefined ? { instanceType: bundle.instanceType } : {}),
    ...(bundle.instanceCount !== undefined ? { instanceCount: bundle.instanceCount } : {}),
    ...(bundle.environmentVariables !== undefined
      ? { environmentVariables: bundle.environmentVariables }
      : {}),
    justification: "test rollout",
    signer: world.sign.alice,
  });
  await approveRequest(world.bob, request.requestId, policy, {
    comment: "bundle reviewed",
    signer: world.sign.bob,
  });
  return request.requestId;
}

/** The example's validation rows in the prod registry as `name@version`, labelled by tag. */
export async function promoteValidationData(
  world: World,
  name = "taxi-validation",
  version = "1",
): Promise<string> {
  const { digest } = await digestPath(VALIDATION);
  await putProdRegistryVersion(
    world,
    "data",
    name,
    version,
    VALIDATION,
    { [PROP.digest]: digest, [PROP.approvalId]: `req-data-${name}`, [PROP.promotedBy]: PRINCIPALS.prod },
    { data_type: "validation", label_column: "fare_amount" },
  );
  return `${name}@${version}`;
}

/**
 * The prod deployments' base image, pinned by digest as the policy's evidence.environments.pinnedByDigest
 * requires (the multi-platform index of python:3.11-slim in docker-library/repo-info, commit 2477d553).
 */
export const PINNED_IMAGE = "python@sha256:90744cff8f32887f075c47d747a173ff333e9e98801667af93c357fa9f5e28ff";

/** A prod workspace environment, as the rebuild/recreate strategies leave one. */
export async function createProdEnvironment(world: World, name = "taxi-env", version = "1"): Promise<string> {
  await world.connection
    .workspace("prod")
    .versions("environments", name)
    .createOrUpdate(version, {
      properties: {
        image: PINNED_IMAGE,
        properties: { [PROP.strategy]: "recreate-from-image" },
      },
    });
  return `${name}@${version}`;
}

/** A copy of the trained model with `edit` applied to model.json. */
export async function variantModel(
  world: World,
  label: string,
  edit: (model: Record<string, unknown>) => Record<string, unknown>,
): Promise<string> {
  const folder = path.join(world.dir, `model-${label}`);
  await mkdir(folder, { recursive: true });
  const model = JSON.parse(await readFile(path.join(world.modelDir, "model.json"), "utf8")) as Record<
    string,
    unknown
  >;
  await writeFile(path.join(folder, "model.json"), JSON.stringify(edit(model)));
  // The card goes along (the policy requires one); its metrics are the trained model's, which the variants
  // built for failure tests do not change in a way the card's thresholds judge.
  await cp(path.join(world.modelDir, "model-card.yml"), path.join(folder, "model-card.yml"));
  return folder;
}

/** A copy of the example's scoring code with Python appended to score.py (later definitions win). */
export async function variantCode(world: World, label: string, append: string): Promise<string> {
  const folder = path.join(world.dir, `code-${label}`);
  await cp(EXAMPLE_SRC, folder, { recursive: true, filter: (source) => !source.includes("__pycache__") });
  const script = path.join(folder, "score.py");
  await writeFile(script, `${await readFile(script, "utf8")}\n${append}\n`);
  return folder;
}

export const RAISING_RUN = `
def run(raw):
    raise RuntimeError("scoring is broken in this version")
`;

/** Answers only requests that name the deployment: passes the smoke test, fails traffic-routed calls. */
export const HEADER_ONLY_RUN = `
_scored_run = run

def run(raw, request_headers):
    names = {str(k).lower() for k in request_headers}
    if "azureml-model-deployment" not in names:
        raise RuntimeError("this version only answers requests that name it")
    return _scored_run(raw)
`;

export async function expectedFares(): Promise<{ rows: Record<string, unknown>[]; fares: number[] }> {
  const rows = parseCsv(await readFile(path.join(VALIDATION, "validation.csv"), "utf8"));
  return {
    rows: rows.map(({ fare_amount: _label, ...rest }) => rest),
    fares: rows.map((row) => Number(row.fare_amount)),
  };
}
