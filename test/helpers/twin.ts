/**
 * Test helper: a twin in a fresh temp state dir on ephemeral ports, and small raw-HTTP helpers for ARM
 * calls against it. `close()` stops everything and removes the state dir (unless `keepStateDir`).
 * Realistic-mode operations are paced for tests (TEST_LRO_PACING) unless a test asks for Azure's pacing, and
 * the blob front end runs in the test's process (`blobInProcess`) unless a test asks for the daemon's child.
 * A state dir the helper makes and removes keeps blobs in memory (`blobInMemory`); one a test passes (or keeps)
 * gets the product's durable writes.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { BlobServiceClient, type ContainerClient, StorageSharedKeyCredential } from "@azure/storage-blob";
import { type LroPacing, type RunningTwin, startTwin, type TwinOptions } from "../../src/emulator/index.ts";
import { TWIN_SUBSCRIPTION_ID } from "../../src/platform/index.ts";

export type TestTwin = RunningTwin;

/**
 * Realistic-mode pacing for tests: operations still start InProgress and are polled, but `Retry-After: 0`
 * lets clients poll at their own short interval instead of waiting whole seconds (REALISTIC_PACING, used by
 * test/emulator/lro.test.ts and the bench, keeps Azure's).
 */
export const TEST_LRO_PACING: LroPacing = { minDurationMs: 50, retryAfterSeconds: 0 };

export async function startTestTwin(
  options: Partial<TwinOptions> & { keepStateDir?: boolean } = {},
): Promise<TestTwin> {
  const { keepStateDir, ...twinOptions } = options;
  const stateDir = twinOptions.stateDir ?? (await mkdtemp(path.join(tmpdir(), "airlock-twin-")));
  const ephemeral = twinOptions.stateDir === undefined && !keepStateDir;
  const twin = await startTwin({
    lroPacing: TEST_LRO_PACING,
    blobInProcess: true,
    // A state dir made here dies with the twin: nothing could ever read what it would have written to disk.
    blobDurableWrites: !ephemeral,
    blobInMemory: ephemeral && (twinOptions.blobInProcess ?? true),
    ...twinOptions,
    stateDir,
  });
  return {
    ...twin,
    close: async () => {
      await twin.close();
      if (!keepStateDir && !twinOptions.stateDir) await rm(stateDir, { recursive: true, force: true });
    },
  };
}

export const API_VERSION = "2024-10-01";

/** Names the twin seeds from infra/ (kept here so tests read like the platform). */
export const DEV = {
  workspaceRg: "rg-aml-ws-dev-cc01",
  workspace: "amlwsdevcc01",
  registryRg: "rg-aml-reg-dev-cc01",
  registry: "amlregdevcc01",
  storageAccount: "amlstdevcc01",
  registryStorageAccount: "amlregdevcc01st",
};
export const PROD = {
  workspaceRg: "rg-aml-ws-prod-cc01",
  workspace: "amlwsprodcc01",
  registryRg: "rg-aml-reg-prod-cc01",
  registry: "amlregprodcc01",
  storageAccount: "amlstprodcc01",
  registryStorageAccount: "amlregprodcc01st",
};

const ML = "providers/Microsoft.MachineLearningServices";
export const wsPath = (env = DEV) =>
  `/subscriptions/${TWIN_SUBSCRIPTION_ID}/resourceGroups/${env.workspaceRg}/${ML}/workspaces/${env.workspace}`;
export const regPath = (env = DEV) =>
  `/subscriptions/${TWIN_SUBSCRIPTION_ID}/resourceGroups/${env.registryRg}/${ML}/registries/${env.registry}`;

export interface ArmResponse {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary ARM JSON
  body: any;
  text: string;
}

/**
 * One raw ARM call as `principal` (or with `token`, or with no auth when both are null). `path` may be
 * absolute (a nextLink / operation URL) or start with "/"; api-version is added when missing.
 */
export async function arm(
  twin: Pick<RunningTwin, "armEndpoint" | "tokenFor">,
  method: string,
  path: string,
  options: {
    as?: string | null;
    token?: string;
    body?: unknown;
    rawBody?: string | Blob;
    headers?: Record<string, string>;
    apiVersion?: string | null;
  } = {},
): Promise<ArmResponse> {
  let url = path.startsWith("http") ? path : `${twin.armEndpoint}${path}`;
  const apiVersion = options.apiVersion === undefined ? API_VERSION : options.apiVersion;
  if (apiVersion !== null && !/[?&]api-version=/.test(url))
    url += `${url.includes("?") ? "&" : "?"}api-version=${apiVersion}`;
  const headers: Record<string, string> = { ...options.headers };
  const as = options.as === undefined ? "sp-aml-deployment-dev" : options.as;
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  else if (as !== null) headers.authorization = `Bearer ${twin.tokenFor(as)}`;
  let body: string | Blob | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers["content-type"] ??= "application/json";
  const response = await fetch(url, { method, headers, body });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}

/**
 * Uploads `files` (blob name → text) to the dev workspace's default datastore, as a client does: the
 * datastore names its account and container, listSecrets gives the key, and the twin serves each account
 * under its blob base URL.
 */
export async function uploadToWorkspaceBlobstore(
  twin: Pick<RunningTwin, "armEndpoint" | "tokenFor" | "blobBaseUrl">,
  files: ReadonlyArray<readonly [name: string, text: string]>,
  as?: string,
): Promise<void> {
  const container = await workspaceBlobstore(twin, as);
  for (const [name, text] of files) await container.uploadBlockBlob(name, text, Buffer.byteLength(text));
}

/**
 * The dev workspace's default datastore as a client reaches it: the datastore names the account and
 * container, listSecrets gives the key, and the twin serves each account under its blob base URL.
 */
export async function workspaceBlobstore(
  twin: Pick<RunningTwin, "armEndpoint" | "tokenFor" | "blobBaseUrl">,
  as?: string,
): Promise<ContainerClient> {
  const ds = await arm(twin, "GET", `${wsPath()}/datastores/workspaceblobstore`, { as });
  assert.equal(ds.status, 200, ds.text);
  const secrets = await arm(twin, "POST", `${wsPath()}/datastores/workspaceblobstore/listSecrets`, { as });
  assert.equal(secrets.status, 200, secrets.text);
  const { accountName, containerName } = ds.body.properties;
  return new BlobServiceClient(
    `${twin.blobBaseUrl}/${accountName}`,
    new StorageSharedKeyCredential(accountName, secrets.body.key),
  ).getContainerClient(containerName);
}
