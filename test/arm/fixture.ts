/**
 * @module test/arm/fixture
 * Shared set-up for the ARM client tests: a client for a twin principal with fast polling and retries,
 * unique names, fault injection, and deployable assets (a code asset with a scoring script and a registry
 * model) created through the client itself.
 */
import { randomBytes } from "node:crypto";
import { ContainerClient } from "@azure/storage-blob";
import { ArmClient, type ArmClientOptions, staticTokenCredential } from "../../src/arm/index.ts";
import { DEV } from "../helpers/twin.ts";

export { DEV, PROD } from "../helpers/twin.ts";
export type EnvNames = typeof DEV;

export interface TwinLike {
  armEndpoint: string;
  subscriptionId: string;
  tokenFor(principal: string): string;
}

/** The dev deployment service principal: Contributor on the three dev resource groups. */
export const DEPLOYER = "sp-aml-deployment-dev";

/** A client acting as `principal`, polling every few ms and retrying without long back-off. */
export function clientAs(
  twin: TwinLike,
  principal: string,
  options: Partial<ArmClientOptions> = {},
): ArmClient {
  return new ArmClient({
    endpoint: twin.armEndpoint,
    subscriptionId: twin.subscriptionId,
    credential: staticTokenCredential(twin.tokenFor(principal)),
    lroPollIntervalMs: 5,
    retryDelayMs: 1,
    maxRetryDelayMs: 5,
    maxRetries: 3,
    ...options,
  });
}

/** A fresh asset name (lower-case, valid for every asset pattern). */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString("hex")}`;
}

/** POST /_twin/faults (tests only; no auth on loopback). */
export async function injectFault(
  twin: TwinLike,
  fault: { method?: string; pathContains: string; status: number; count: number; retryAfterSeconds?: number },
): Promise<void> {
  const response = await fetch(`${twin.armEndpoint}/_twin/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(fault),
  });
  if (!response.ok) throw new Error(`fault injection answered ${response.status}: ${await response.text()}`);
}

export async function clearFaults(twin: TwinLike): Promise<void> {
  const response = await fetch(`${twin.armEndpoint}/_twin/faults`, { method: "DELETE" });
  await response.text();
}

/** Splits an Azurite SAS URL (container or folder) into a container client and a blob-name prefix. */
export function sasTarget(sasUri: string): { container: ContainerClient; prefix: string } {
  const url = new URL(sasUri);
  // Azurite is path-style: /<account>/<container>/<prefix...>
  const [, account, container, ...rest] = url.pathname.split("/");
  if (!account || !container) throw new Error(`unexpected SAS URL shape ${url.origin}${url.pathname}`);
  const prefix = rest.filter(Boolean).map(decodeURIComponent).join("/");
  return {
    container: new ContainerClient(`${url.origin}/${account}/${container}${url.search}`),
    prefix: prefix ? `${prefix}/` : "",
  };
}

/** Uploads files through a pending-upload SAS and returns the token-free blob URI to register. */
async function uploadThrough(
  reference: { blobUri?: string; credential?: { sasUri: string } } | undefined,
  files: Record<string, string | Buffer>,
): Promise<string> {
  if (!reference?.blobUri || !reference.credential?.sasUri) throw new Error("pending upload without a SAS");
  const { container, prefix } = sasTarget(reference.credential.sasUri);
  for (const [file, content] of Object.entries(files)) {
    await container.getBlockBlobClient(`${prefix}${file}`).uploadData(Buffer.from(content));
  }
  return reference.blobUri;
}

/** A workspace code asset holding `files` (uploaded via startPendingUpload); returns its ARM id. */
export async function createCodeAsset(client: ArmClient, files: Record<string, string>): Promise<string> {
  const versions = client.workspace(DEV.workspaceRg, DEV.workspace).versions("codes", uniqueName("code"));
  const pending = await versions.startPendingUpload("1");
  const codeUri = await uploadThrough(pending.blobReferenceForConsumption, files);
  return (await versions.createOrUpdate("1", { properties: { codeUri } })).id;
}

/** A dev-registry model holding `files`; returns its `azureml://registries/...` asset id. */
export async function createRegistryModel(
  client: ArmClient,
  files: Record<string, string | Buffer>,
): Promise<string> {
  const name = uniqueName("model");
  const versions = client.registry(DEV.registryRg, DEV.registry).versions("models", name);
  const pending = await versions.startPendingUpload("1");
  const modelUri = await uploadThrough(pending.blobReferenceForConsumption, files);
  await versions.createOrUpdate("1", { properties: { modelType: "custom_model", modelUri } });
  return `azureml://registries/${DEV.registry}/models/${name}/versions/1`;
}

/** A scoring script: echoes the request, says which deployment answered and what the model folder holds. */
export const ECHO_SCRIPT = `import json, os

def init():
    global greeting, model_files
    greeting = os.environ.get("GREETING", "none")
    model_dir = os.environ.get("AZUREML_MODEL_DIR", "")
    model_files = sorted(
        os.path.relpath(os.path.join(root, f), model_dir) for root, _, fs in os.walk(model_dir) for f in fs
    ) if model_dir else []

def run(raw_data):
    return {"greeting": greeting, "echo": json.loads(raw_data), "model_files": model_files}
`;

/** A scoring script whose init() fails, so the deployment fails to start. */
export const BROKEN_SCRIPT = `def init():
    raise RuntimeError("init exploded on purpose")

def run(raw_data):
    return raw_data
`;
