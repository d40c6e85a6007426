/**
 * @module test/promotion/fixture
 * Test world for the promotion engine: a twin in a temp state dir (with `twin.json`, so `airlock` subprocesses
 * reach it), connections acting as alice (requester), bob (approver) and the CI promotion identities, small
 * model / data / environment / component folders written into a temp dir with content unique per version, and
 * the register → request → approve path every promotion test starts from.
 */
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { getOrUndefined } from "../../src/arm/errors.ts";
import { type Connection, connectToTwin } from "../../src/connect/connection.ts";
import { type ApprovalRequest, Approvals } from "../../src/governance/approvals.ts";
import type { LedgerRecord } from "../../src/governance/ledger.ts";
import { type GovernancePolicy, loadPolicy } from "../../src/governance/policy.ts";
import { approveRequest, requestPromotion } from "../../src/promotion/gate.ts";
import {
  type AssetSpec,
  bundleDigest,
  describeSource,
  promotionTarget,
} from "../../src/promotion/promote.ts";
import { type RegisterResult, registerAssetFile } from "../../src/promotion/register.ts";
import { approversRegistry, signerFor } from "../../src/promotion/trust.ts";
import { AIRLOCK_BIN, REPO_ROOT, runCli } from "../helpers/cli.ts";
import { python3 } from "../helpers/python.ts";
import { startTestTwin, type TestTwin } from "../helpers/twin.ts";

export { python3 };

export const CI = { dev: "sp-aml-promotion-dev", prod: "sp-aml-promotion-prod" } as const;
const SCHEMA = "https://azuremlschemas.azureedge.net/latest";

export interface World {
  twin: TestTwin;
  stateDir: string;
  /** Temp dir holding the asset folders this world writes. */
  dir: string;
  alice: Connection;
  bob: Connection;
  ci: Connection;
  policy: GovernancePolicy;
  /** A connection acting as `principal` on both sides (or one per side). */
  connectAs(principals: string | { dev: string; prod: string }): Promise<Connection>;
  /** Environment for an `airlock` subprocess acting as `principals` on this twin. */
  cliEnv(principals?: string | { dev: string; prod: string }): Record<string, string | undefined>;
  close(): Promise<void>;
}

export async function startWorld(): Promise<World> {
  const twin = await startTestTwin({ lroMode: "fast" });
  const dir = await mkdtemp(path.join(tmpdir(), "airlock-promotion-"));
  try {
    await writeFile(
      path.join(twin.stateDir, "twin.json"),
      JSON.stringify({ armEndpoint: twin.armEndpoint, blobEndpoint: twin.blobBaseUrl }),
    );
    const connectAs = (principals: string | { dev: string; prod: string }) =>
      connectToTwin({
        stateDir: twin.stateDir,
        armEndpoint: twin.armEndpoint,
        blobBaseUrl: twin.blobBaseUrl,
        principals: typeof principals === "string" ? { dev: principals, prod: principals } : principals,
      });
    return {
      twin,
      stateDir: twin.stateDir,
      dir,
      alice: await connectAs("alice"),
      bob: await connectAs("bob"),
      ci: await connectAs(CI),
      policy: await loadPolicy(),
      connectAs,
      cliEnv: (principals = CI) => {
        const [dev, prod] =
          typeof principals === "string" ? [principals, principals] : [principals.dev, principals.prod];
        return {
          AIRLOCK_STATE_DIR: twin.stateDir,
          AIRLOCK_TWIN_PRINCIPAL: undefined,
          AIRLOCK_TWIN_PRINCIPAL_DEV: dev,
          AIRLOCK_TWIN_PRINCIPAL_PROD: prod,
          AIRLOCK_CRASH_AT: undefined,
          AIRLOCK_POLICY: undefined,
          GITHUB_RUN_ID: undefined,
        };
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
 * Writes `<dir>/<name>-<version>/model.yml` and a small model folder whose bytes depend only on `seed` (so
 * versions with one seed share a digest; give each version its own seed for unique content).
 */
export async function prepareModel(
  world: World,
  version: string,
  seed: string,
  name = "tiny-model",
): Promise<string> {
  const folder = path.join(world.dir, `${name}-${version}`);
  await mkdir(path.join(folder, "model", "nested"), { recursive: true });
  await writeFile(path.join(folder, "model", "weights.txt"), `weights: ${seed}\n`);
  await writeFile(
    path.join(folder, "model", "nested", "config.json"),
    JSON.stringify({ seed, coefficients: [seed.length, 2 * seed.length] }),
  );
  // The repository's policy enforces its evidence rules: a card with the required fields and metrics that
  // meet the thresholds, in the digested folder, and a license the allowlist names.
  await writeFile(path.join(folder, "model", "model-card.yml"), modelCard(seed));
  const file = path.join(folder, "model.yml");
  await writeFile(
    file,
    `$schema: ${SCHEMA}/model.schema.json\nname: ${name}\nversion: "${version}"\ntype: custom_model\npath: model\ndescription: test model ${seed}\ntags:\n  seed: "${seed}"\n  license: Apache-2.0\n`,
  );
  return file;
}

/** A model card that passes governance/policy.yml's evidence rules (fields and metric thresholds). */
export function modelCard(seed: string): string {
  return [
    `name: test-model-${seed}`,
    "intended_use: exercising Airlock's promotion path in tests",
    "limitations: not a real model; its weights are a seed",
    "training_data: none (test fixture)",
    "metrics:",
    "  holdout_rmse: 1.0",
    "  holdout_r2: 0.99",
    "",
  ].join("\n");
}

/** A data asset folder; `dataType` goes into tags.data_type (validation, reference or training). */
export async function prepareData(
  world: World,
  version: string,
  seed: string,
  options: { name?: string; dataType?: string } = {},
): Promise<string> {
  const name = options.name ?? "tiny-data";
  const folder = path.join(world.dir, `${name}-${version}`);
  await mkdir(path.join(folder, "rows"), { recursive: true });
  await writeFile(path.join(folder, "rows", "part-0.csv"), `a,b\n1,${seed}\n`);
  await writeFile(path.join(folder, "rows", "part-1.csv"), `a,b\n2,${seed}${seed}\n`);
  const file = path.join(folder, "data.yml");
  await writeFile(
    file,
    `$schema: ${SCHEMA}/data.schema.json\nname: ${name}\nversion: "${version}"\ntype: uri_folder\npath: rows\ntags:\n  data_type: ${options.dataType ?? "validation"}\n`,
  );
  return file;
}

/** The base image of the conda environments tests promote: pinned by digest, as the policy requires in prod. */
export const PINNED_BASE_IMAGE =
  "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04@sha256:7481fbfbbc1c7d7ab0e9e4633180c809413bd77e108b605d6e4d3a60aa35bf67";

/** A conda environment (image + conda file). */
export async function prepareCondaEnvironment(
  world: World,
  name: string,
  version: string,
  seed: string,
): Promise<string> {
  const folder = path.join(world.dir, `${name}-${version}`);
  await mkdir(folder, { recursive: true });
  await writeFile(
    path.join(folder, "conda.yml"),
    `name: ${name}\nchannels: [conda-forge]\ndependencies:\n  - python=3.11\n  - pip\n# ${seed}\n`,
  );
  const file = path.join(folder, "environment.yml");
  await writeFile(
    file,
    `$schema: ${SCHEMA}/environment.schema.json\nname: ${name}\nversion: "${version}"\nimage: ${PINNED_BASE_IMAGE}\nconda_file: conda.yml\ndescription: test env ${seed}\nos_type: linux\n`,
  );
  return file;
}

/** A command component with its code in `src/`, using `environment` (an azureml: reference). */
export async function prepareComponent(
  world: World,
  name: string,
  version: string,
  environment: string,
  seed: string,
): Promise<string> {
  const folder = path.join(world.dir, `${name}-${version}`);
  await mkdir(path.join(folder, "src"), { recursive: true });
  await writeFile(path.join(folder, "src", "run.py"), `print("${seed}")\n`);
  const file = path.join(folder, "component.yml");
  await writeFile(
    file,
    `$schema: ${SCHEMA}/commandComponent.schema.json\ntype: command\nname: ${name}\nversion: "${version}"\ncode: src\nenvironment: ${environment}\ninputs:\n  rows:\n    type: uri_folder\ncommand: python run.py --rows \${{inputs.rows}}\ndescription: test component ${seed}\n`,
  );
  return file;
}

export function register(world: World, file: string): Promise<RegisterResult> {
  return registerAssetFile(world.alice, file, { env: "dev", root: path.dirname(file) });
}

/** alice requests, bob approves; returns the request id. */
export async function requestAndApprove(world: World, asset: AssetSpec, file?: string): Promise<string> {
  const request = await requestPromotion(world.alice, asset, world.policy, {
    justification: "test promotion",
    ...(file ? { file } : {}),
  });
  await approveRequest(world.bob, request.requestId, world.policy, { comment: "looks good" });
  return request.requestId;
}

/** A model version registered in dev by alice and approved by bob, ready for `promote`. */
export async function approvedModel(
  world: World,
  version: string,
  seed: string,
  name = "tiny-model",
): Promise<{ asset: AssetSpec; file: string; digest: string; requestId: string }> {
  const file = await prepareModel(world, version, seed, name);
  const registered = await register(world, file);
  const asset: AssetSpec = { kind: "model", name, version };
  const requestId = await requestAndApprove(world, asset);
  return { asset, file, digest: registered.digest, requestId };
}

/** The prod registry version, or undefined (404). */
export function prodRegistryVersion(world: World, kind: "models" | "data", name: string, version: string) {
  return getOrUndefined(() => world.ci.registry("prod").versions(kind, name).get(version));
}

/** Names of every version of `name` in the prod registry. */
export async function prodRegistryVersions(world: World, kind: "models" | "data", name: string) {
  const list = await getOrUndefined(async () => {
    const names: string[] = [];
    for await (const v of world.ci.registry("prod").versions(kind, name).list()) names.push(v.name);
    return names;
  });
  return (list ?? []).sort();
}

export async function ledgerRecords(world: World): Promise<LedgerRecord[]> {
  return (await world.ci.ledger()).read();
}

export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `airlock …` acting with `env`. With a crash injected (AIRLOCK_CRASH_AT) it is a subprocess, and the
 * result names the signal that killed it; otherwise runCli (in this process unless the run needs its own).
 */
export async function airlock(
  args: string[],
  env: Record<string, string | undefined>,
  options: { timeoutMs?: number } = {},
): Promise<ProcessResult> {
  if (env.AIRLOCK_CRASH_AT === undefined && options.timeoutMs === undefined) {
    return { ...(await runCli(args, { env })), signal: null };
  }
  return new Promise((resolve, reject) => {
    const merged: Record<string, string> = {};
    for (const [key, value] of Object.entries({ ...process.env, NO_COLOR: "1", ...env })) {
      if (value !== undefined) merged[key] = value;
    }
    const child = spawn(process.execPath, [AIRLOCK_BIN, ...args], {
      cwd: REPO_ROOT,
      env: merged,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill("SIGTERM"), options.timeoutMs ?? 60_000);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Account keys the twin generated for its Azurite storage accounts (secrets: tests only). */
export async function storageAccountKeys(stateDir: string): Promise<Record<string, string>> {
  return JSON.parse(await readFile(path.join(stateDir, "storage-accounts.json"), "utf8")) as Record<
    string,
    string
  >;
}

/**
 * alice's signed request for `asset`, filed as if `ageMs` ago (her signed request says so) under `policy`:
 * expiry tests use it instead of waiting.
 */
export async function requestFiledAgo(
  world: World,
  asset: AssetSpec,
  ageMs: number,
  policy: GovernancePolicy = world.policy,
): Promise<ApprovalRequest> {
  const source = await describeSource(world.alice, asset);
  const target = promotionTarget(world.alice, asset.kind);
  const approvals = new Approvals({
    ledger: await world.alice.ledger(),
    policy,
    registry: await approversRegistry(world.alice),
    now: () => new Date(Date.now() - ageMs),
  });
  return approvals.requestApproval({
    asset: { ...asset, source: source.source },
    target,
    digest: source.digest,
    manifestDigest: bundleDigest(asset, source.digest, target),
    justification: "filed earlier",
    requester: await world.alice.identity("dev"),
    sign: await signerFor(world.alice, "dev"),
  });
}
