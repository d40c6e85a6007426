/**
 * @module demo/demo
 * `airlock demo`: the strategy's whole workflow on the local twin with examples/taxi-fare — train, register in
 * the dev workspace, share to the dev registry, request approval, approve as a second person, promote the
 * model and the validation data to the prod registry, environments by strategy, components recreated in
 * prod, deploy to a prod endpoint with a safe rollout, invoke it, print lineage and the verified ledger, and
 * export the model's evidence pack (printing its path).
 *
 * Who does what, as on the real platform: alice (data scientist) trains, registers, shares and requests; bob
 * (a second person) approves; the CI promotion identities (sp-aml-promotion-dev / -prod, one per environment)
 * promote and deploy. State persists in the twin's state dir, so a rerun reuses what exists and says so.
 */
import { execFile } from "node:child_process";
import { access, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { getOrUndefined } from "../arm/errors.ts";
import { ARM_KIND } from "../assets/index.ts";
import { type Connection, connectToTwin } from "../connect/connection.ts";
import { ensureStateDir, runningTwin } from "../emulator/daemon-control.ts";
import type { RunningTwin } from "../emulator/index.ts";
import { AirlockError } from "../errors.ts";
import { registryFileText, writePackFile } from "../governance/evidence-pack/index.ts";
import { loadPolicy } from "../governance/policy.ts";
import { REPO_ROOT } from "../platform/index.ts";
import { deploy, deploymentScope, deploymentTarget } from "../promotion/deploy.ts";
import { EndpointInvoker, loadReferenceData, predictionsOf, requestBody } from "../promotion/deploy-smoke.ts";
import { exportEvidence } from "../promotion/evidence-export.ts";
import { approveRequest, requestDeployment, requestPromotion, requestStatuses } from "../promotion/gate.ts";
import { lineage } from "../promotion/lineage.ts";
import { type AssetSpec, promote, promotionTarget, shareToDevRegistry } from "../promotion/promote.ts";
import { registerAssetFile } from "../promotion/register.ts";
import { approversRegistry } from "../promotion/trust.ts";

const run = promisify(execFile);
export const EXAMPLE_DIR = path.join(REPO_ROOT, "examples", "taxi-fare");

export interface DemoOptions {
  stateDir: string;
  /** Write a line of progress. */
  log: (line: string) => void;
  /** Test hook: deploy with this many traffic steps etc. */
  endpoint?: string;
}

export interface DemoSummary {
  stateDir: string;
  armEndpoint: string;
  registered: Array<{ asset: string; status: string; digest: string }>;
  promoted: Array<{ asset: string; status: string; reference?: string }>;
  refused: Array<{ asset: string; code: string; reason: string }>;
  deployment?: unknown;
  predictions?: unknown;
  lineage?: unknown;
  ledger: { ok: boolean; count: number; headSeq: number; headHash: string };
  /** The model's evidence pack, and the twin's people as a registry file to verify it with. */
  evidencePack?: { file: string; seal: string; approvers: string };
  seconds: number;
}

export const ENDPOINT = "taxi-fare";
const PEOPLE = { requester: "alice", approver: "bob" } as const;
const CI = { dev: "sp-aml-promotion-dev", prod: "sp-aml-promotion-prod" } as const;

const FILES = {
  model: "model.yml",
  training: "data/training.yml",
  validation: "data/validation.yml",
  condaEnv: "environments/conda/environment.yml",
  dockerEnv: "environments/docker/environment.yml",
  train: "components/train.yml",
  transform: "components/transform.yml",
  score: "components/score.yml",
} as const;

const PROMOTIONS: Array<{ asset: AssetSpec; file?: string }> = [
  { asset: { kind: "model", name: "taxi-fare-model", version: "1" } },
  { asset: { kind: "data", name: "taxi-validation", version: "1" } },
  { asset: { kind: "environment", name: "taxi-env-conda", version: "1" } },
  { asset: { kind: "environment", name: "taxi-env-docker", version: "1" } },
  { asset: { kind: "component", name: "taxi-transform", version: "1" } },
  { asset: { kind: "component", name: "taxi-train", version: "1" } },
  { asset: { kind: "component", name: "taxi-score", version: "1" } },
];

/** Runs the workflow against a running twin (the caller starts or finds it). */
export async function runDemo(
  twin: Pick<RunningTwin, "stateDir" | "armEndpoint" | "blobBaseUrl">,
  options: DemoOptions,
): Promise<DemoSummary> {
  const started = performance.now();
  const { log } = options;
  const connect = (principals: { dev: string; prod: string }) => connectToTwin({ ...twin, principals });
  const alice = await connect({ dev: PEOPLE.requester, prod: PEOPLE.requester });
  const bob = await connect({ dev: PEOPLE.approver, prod: PEOPLE.approver });
  const ci = await connect(CI);
  const policy = await loadPolicy();
  const summary: DemoSummary = {
    stateDir: twin.stateDir,
    armEndpoint: twin.armEndpoint,
    registered: [],
    promoted: [],
    refused: [],
    ledger: { ok: false, count: 0, headSeq: 0, headHash: "" },
    seconds: 0,
  };

  log("1. train (alice, dev): python3 examples/taxi-fare/src/train.py");
  const trained = await run("python3", [path.join(EXAMPLE_DIR, "src", "train.py")], { cwd: EXAMPLE_DIR });
  log(`   ${`${trained.stdout}${trained.stderr}`.trim().split("\n").pop()}`);

  log("2. register in the dev workspace (alice) — content digests bound to every version");
  const training = await trainingProperties(`${trained.stdout}${trained.stderr}`);
  for (const file of Object.values(FILES)) {
    const result = await registerAssetFile(alice, path.join(EXAMPLE_DIR, file), {
      env: "dev",
      root: EXAMPLE_DIR,
      ...(file === FILES.model ? { properties: training } : {}),
    });
    const label = `${result.kind} ${result.name}@${result.version}`;
    summary.registered.push({ asset: label, status: result.status, digest: result.digest });
    log(
      `   ${result.status === "created" ? "registered" : "reused (same content)"} ${label}  ${result.digest.slice(0, 19)}…`,
    );
  }

  log("3. share to the dev registry (alice)");
  for (const { asset } of PROMOTIONS.filter((p) => p.asset.kind === "model" || p.asset.kind === "data")) {
    const shared = (await shareToDevRegistry(alice, asset)).status === "shared";
    log(
      `   ${shared ? "shared" : "already shared"} ${asset.kind} ${asset.name}@${asset.version} → ${alice.env("dev").names.registry}`,
    );
  }

  log("4. request approval (alice) and approve (bob, a second person)");
  for (const { asset } of PROMOTIONS) {
    if (await alreadyPromoted(ci, asset)) {
      log(`   ${asset.kind} ${asset.name}@${asset.version}: already in prod; no new approval needed`);
      continue;
    }
    const pending = await requestStatuses(alice, policy, {
      asset: `${asset.kind}:${asset.name}@${asset.version}`,
    });
    const usable = pending.requests.find((s) => s.state === "approved" || s.state === "pending");
    const requestId =
      usable?.request.requestId ??
      (await requestPromotion(alice, asset, policy, { justification: "taxi-fare demo" })).requestId;
    if (usable?.state !== "approved")
      await approveRequest(bob, requestId, policy, { comment: "reviewed metrics and smoke data" });
    log(
      `   ${asset.kind} ${asset.name}@${asset.version}: request ${requestId.slice(0, 8)}… approved by ${PEOPLE.approver}`,
    );
  }

  log("5. training data stays in dev");
  try {
    await requestPromotion(alice, { kind: "data", name: "taxi-training", version: "1" }, policy);
  } catch (error) {
    if (!(error instanceof AirlockError)) throw error;
    summary.refused.push({ asset: "data taxi-training@1", code: error.code, reason: error.message });
    log(`   refused (${error.code}): ${error.message.split("\n")[0]}`);
  }

  log(
    "6. promote to prod (CI identities: sp-aml-promotion-dev reads dev, sp-aml-promotion-prod writes prod)",
  );
  for (const { asset } of PROMOTIONS) {
    const result = await promote(ci, asset, policy);
    summary.promoted.push({
      asset: `${asset.kind} ${asset.name}@${asset.version}`,
      status: result.alreadyComplete ? "already promoted" : "promoted",
      ...(result.targetReference ? { reference: result.targetReference } : {}),
    });
    const how = result.strategy ? ` [${result.strategy.strategy}]` : "";
    log(
      `   ${result.alreadyComplete ? "already promoted" : "promoted"} ${asset.kind} ${asset.name}@${asset.version}${how} → ${result.targetReference ?? result.target}`,
    );
  }

  const endpoint = options.endpoint ?? ENDPOINT;
  const bundle = {
    model: "taxi-fare-model@1",
    endpoint,
    environment: "taxi-env-conda@1",
    code: path.join(EXAMPLE_DIR, "src"),
    scoringScript: "score.py",
  };
  log(`7. request the deployment bundle (alice) and approve it (bob): code, environment, instances`);
  const deploymentRequests = await requestStatuses(alice, policy, { asset: "model:taxi-fare-model@1" });
  const bundleTarget = deploymentTarget(endpoint);
  const current = (await deploymentScope(ci, bundle)).scope.manifestDigest;
  const approvedBundle = deploymentRequests.requests.find(
    (s) =>
      s.request.target === bundleTarget &&
      s.request.manifestDigest === current &&
      (s.state === "approved" || s.state === "used"),
  );
  if (approvedBundle) {
    log(
      `   deployment bundle ${current.slice(0, 19)}… already approved (${approvedBundle.request.requestId.slice(0, 8)}…)`,
    );
  } else {
    const request = await requestDeployment(alice, policy, {
      ...bundle,
      justification: "taxi-fare demo rollout",
    });
    await approveRequest(bob, request.requestId, policy, { comment: "scoring code reviewed" });
    log(
      `   deployment bundle ${request.manifestDigest.slice(0, 19)}…: request ${request.requestId.slice(0, 8)}… approved by ${PEOPLE.approver}`,
    );
  }
  log(`8. deploy to the prod endpoint ${endpoint} with a safe rollout (CI prod identity)`);
  const deployed = await deploy(ci, {
    ...bundle,
    policy,
    smokeData: "taxi-validation@1",
    traffic: "all",
    onProgress: (line) => log(`   ${line}`),
  });
  summary.deployment = {
    status: deployed.status,
    endpoint: deployed.endpoint.name,
    deployment: deployed.deployment.name,
    traffic: deployed.traffic.after,
    smoke: {
      ok: deployed.smoke.ok,
      rows: deployed.smoke.rows,
      meanAbsoluteError: deployed.smoke.meanAbsoluteError,
    },
  };
  log(
    `   ${deployed.status === "unchanged" ? "already deployed" : "deployed"} ${deployed.deployment.name}; traffic ${JSON.stringify(deployed.traffic.after)}; smoke test ${deployed.smoke.ok ? "passed" : "FAILED"} on ${deployed.smoke.rows} rows (mean abs error ${deployed.smoke.meanAbsoluteError?.toFixed(2) ?? "n/a"})`,
  );

  log("9. invoke the prod endpoint with validation rows");
  const reference = await loadReferenceData(ci, { name: "taxi-validation", version: "1" }, { maxRows: 5 });
  const invoker = EndpointInvoker.forEndpoint(ci, await ci.workspace("prod").onlineEndpoints.get(endpoint));
  const answer = await invoker.score(requestBody(reference));
  const predictions = predictionsOf(answer.body) ?? [];
  summary.predictions = reference.rows.map((row, i) => ({
    row,
    expected: reference.expected?.[i],
    predicted: predictions[i],
  }));
  for (const [i, prediction] of predictions.entries()) {
    log(
      `   trip ${i + 1}: predicted fare ${Number(prediction).toFixed(2)}   expected ${reference.expected?.[i] ?? "?"}`,
    );
  }

  log("10. lineage and audit");
  summary.lineage = await lineage(ci, endpoint);
  const ledger = await ci.ledger();
  const verified = await ledger.verify();
  summary.ledger = {
    ok: verified.ok,
    count: verified.count,
    headSeq: verified.headSeq,
    headHash: verified.headHash,
  };

  log("11. evidence pack: the model's decisions, ledger slice with its proof, rollout, evidence, lineage");
  summary.evidencePack = await exportDemoEvidence(ci, twin.stateDir);
  log(`   evidence pack: ${summary.evidencePack.file}`);
  log(`   seal ${summary.evidencePack.seal}`);
  log(
    `   verify it offline: npx airlock evidence verify ${summary.evidencePack.file} --approvers ${summary.evidencePack.approvers}`,
  );
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

/**
 * Exports the model's evidence pack into the state dir, beside the twin's people as an approvers registry file
 * (their keys live in the state dir, and no committed registry names them).
 */
async function exportDemoEvidence(ci: Connection, stateDir: string) {
  const dir = path.join(stateDir, "evidence");
  await mkdir(dir, { recursive: true });
  const exported = await exportEvidence(ci, PROMOTIONS[0]!.asset);
  const file = path.join(dir, "taxi-fare-model-1.evidence.html");
  await writePackFile(file, exported.bytes);
  const approvers = path.join(dir, "approvers.twin.yml");
  await writeFile(approvers, registryFileText(await approversRegistry(ci)));
  return { file, seal: exported.seal, approvers };
}

/** Lineage facts for the model: the local training run and its held-out metrics (metrics.json). */
async function trainingProperties(output: string): Promise<Record<string, string>> {
  const metrics = JSON.parse(await readFile(path.join(EXAMPLE_DIR, "metrics.json"), "utf8")) as {
    holdout: Record<string, number>;
  };
  const properties: Record<string, string> = {
    "airlock.job_name": "local-train-taxi-fare",
    "airlock.training_script": "examples/taxi-fare/src/train.py",
  };
  for (const [key, value] of Object.entries(metrics.holdout))
    properties[`metrics.holdout_${key}`] = String(value);
  const last = output.trim().split("\n").pop();
  if (last) properties["airlock.training_summary"] = last.slice(0, 200);
  return properties;
}

async function alreadyPromoted(connection: Connection, asset: AssetSpec): Promise<boolean> {
  const kind = ARM_KIND[asset.kind];
  const target = promotionTarget(connection, asset.kind);
  const scope = target.startsWith("prod registry")
    ? connection.registry("prod")
    : connection.workspace("prod");
  return (await getOrUndefined(() => scope.versions(kind, asset.name).get(asset.version))) !== undefined;
}

/** The twin the demo runs on: a running `airlock local up` twin on that state dir, or one started here. */
export async function demoTwin(stateDir: string): Promise<{
  twin: Pick<RunningTwin, "stateDir" | "armEndpoint" | "blobBaseUrl">;
  close: () => Promise<void>;
  started: boolean;
}> {
  const running = await runningTwin(stateDir);
  if (running) {
    const twin = { stateDir, armEndpoint: running.armEndpoint, blobBaseUrl: running.blobEndpoint };
    return { twin, close: async () => {}, started: false };
  }
  await ensureStateDir(stateDir);
  const { startTwin } = await import("../emulator/index.ts");
  // Azurite in this process: the demo's twin lives only as long as the demo, so a second process (and a
  // second load of Azurite) buys nothing; writes are still saved before they are acknowledged.
  const twin = await startTwin({ stateDir, blobInProcess: true });
  return { twin, close: () => twin.close(), started: true };
}

export async function exampleTrained(): Promise<boolean> {
  return access(path.join(EXAMPLE_DIR, "model", "model.json")).then(
    () => true,
    () => false,
  );
}
