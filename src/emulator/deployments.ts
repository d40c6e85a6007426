/**
 * @module emulator/deployments
 * Turns an online deployment's ARM body into a running scoring process: resolves its model and code
 * assets to blobs, downloads them under `<stateDir>/deployments/<ws>/<endpoint>/<deployment>/` (the model
 * under `azureml-models/<name>/<version>/`, as AZUREML_MODEL_DIR is in Azure) and starts it with the
 * inference host.
 */
import { rm } from "node:fs/promises";
import path from "node:path";
import { ArmError } from "./arm-errors.ts";
import type { WorkspaceInfo } from "./catalog.ts";
import type { DeploymentPlan, ResolvedAsset, TwinDeployments, TwinRuntime } from "./context.ts";
import { type DeploymentSpec, InferenceHost, type ScoreResult } from "./inference/host.ts";
import { resolveAssetLocation, resolveAssetReference } from "./resolve.ts";
import { isRecord, isStringMap } from "./routes/common.ts";

export class DeploymentRuntime implements TwinDeployments {
  private readonly root: string;
  private host: InferenceHost | undefined;
  /** Starts in flight, so a scoring request can wait for a deployment that is coming up. */
  private readonly starting = new Map<string, Promise<void>>();

  constructor(stateDir: string) {
    this.root = path.join(stateDir, "deployments");
  }

  private inferenceHost(): InferenceHost {
    this.host ??= new InferenceHost({ workDir: path.join(this.root, ".work") });
    return this.host;
  }

  /** Validates and resolves a deployment body (400 on anything that cannot run). */
  plan(
    twin: TwinRuntime,
    workspace: WorkspaceInfo,
    endpoint: string,
    deployment: string,
    props: Record<string, unknown>,
  ): DeploymentPlan {
    const code = props.codeConfiguration;
    if (
      !isRecord(code) ||
      typeof code.codeId !== "string" ||
      typeof code.scoringScript !== "string" ||
      !code.scoringScript
    ) {
      throw new ArmError(
        400,
        "UserError",
        "properties.codeConfiguration with codeId and scoringScript is required.",
        { target: "properties.codeConfiguration" },
      );
    }
    if (
      props.environmentVariables !== undefined &&
      props.environmentVariables !== null &&
      !isStringMap(props.environmentVariables)
    ) {
      throw new ArmError(400, "UserError", "properties.environmentVariables must map names to strings.", {
        target: "properties.environmentVariables",
      });
    }
    const codeAsset = resolveAssetReference(twin, code.codeId, "codes", workspace);
    if (!codeAsset)
      throw new ArmError(400, "UserError", `codeId '${code.codeId}' is not a code asset id.`, {
        target: "properties.codeConfiguration.codeId",
      });
    let model: ResolvedAsset | undefined;
    if (props.model !== undefined && props.model !== null) {
      if (typeof props.model !== "string")
        throw new ArmError(400, "UserError", "properties.model must be a string.", {
          target: "properties.model",
        });
      model = resolveAssetReference(twin, props.model, "models", workspace);
      if (!model)
        throw new ArmError(400, "UserError", `model '${props.model}' is not a model asset id.`, {
          target: "properties.model",
        });
    }
    return {
      key: `${workspace.name}/${endpoint}/${deployment}`,
      model,
      code: codeAsset,
      scoringScript: code.scoringScript,
      environmentVariables: (props.environmentVariables as Record<string, string> | undefined) ?? {},
      workspace,
    };
  }

  /** Downloads the model and code and starts (or restarts) the scoring process. */
  start(twin: TwinRuntime, plan: DeploymentPlan): Promise<void> {
    const run = this.download(twin, plan).then((spec) => this.inferenceHost().start(spec));
    const tracked = run.finally(() => {
      if (this.starting.get(plan.key) === tracked) this.starting.delete(plan.key);
    });
    this.starting.set(plan.key, tracked);
    return tracked;
  }

  private async download(twin: TwinRuntime, plan: DeploymentPlan): Promise<DeploymentSpec> {
    const dir = path.join(this.root, ...plan.key.split("/"));
    await rm(dir, { recursive: true, force: true });
    const codeDir = path.join(dir, "code");
    const codeLocation = resolveAssetLocation(
      twin,
      "codes",
      plan.code.properties,
      plan.code.workspace ?? plan.workspace,
    );
    if (!codeLocation)
      throw new ArmError(
        400,
        "UserError",
        `The code asset ${plan.code.name}:${plan.code.version} has no content in the twin's storage.`,
      );
    if ((await twin.storage.downloadAsset(codeLocation, codeDir, true)) === 0) {
      throw new ArmError(400, "UserError", `The code asset ${plan.code.name}:${plan.code.version} is empty.`);
    }
    let modelDir = path.join(dir, "azureml-models", "none", "0");
    if (plan.model) {
      modelDir = path.join(dir, "azureml-models", plan.model.name, plan.model.version);
      const location = resolveAssetLocation(
        twin,
        "models",
        plan.model.properties,
        plan.model.workspace ?? plan.workspace,
      );
      if (!location || (await twin.storage.downloadAsset(location, modelDir, false)) === 0) {
        throw new ArmError(
          400,
          "UserError",
          `The model ${plan.model.name}:${plan.model.version} has no content in the twin's storage.`,
        );
      }
    }
    return {
      key: plan.key,
      modelDir,
      codeDir,
      scoringScript: plan.scoringScript,
      environmentVariables: plan.environmentVariables,
    };
  }

  async score(
    key: string,
    body: Buffer,
    headers: Record<string, string>,
    options: { method?: string; query?: string } = {},
  ): Promise<ScoreResult> {
    const pending = this.starting.get(key);
    if (pending) await pending.catch(() => undefined);
    return this.inferenceHost().score(key, body, headers, options);
  }

  logs(key: string): string {
    try {
      return this.host?.logs(key) ?? "";
    } catch {
      return "";
    }
  }

  async stop(key: string): Promise<void> {
    await this.starting.get(key)?.catch(() => undefined);
    await this.host?.stop(key);
  }

  /** Stops every deployment under an endpoint key prefix (`<ws>/<endpoint>/`). */
  async stopAll(keys: string[]): Promise<void> {
    await Promise.all(keys.map((key) => this.stop(key)));
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.starting.values()]);
    await this.host?.close();
  }
}
