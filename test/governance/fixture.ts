/**
 * Test fixture: one real twin blob service per test file (Azurite behind the twin's blob front end, as
 * `airlock local up` runs it), a fresh ledger container per test under the WORM policy Terraform gives the
 * ledger container (Locked time-based retention with protected append writes: nothing can be overwritten or
 * deleted, blobs can be created and appended to), and actors for ledger records.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { BlobServiceClient, type ContainerClient, StorageSharedKeyCredential } from "@azure/storage-blob";
import { loadOrCreateAccountKeys, type RunningAzurite, startAzurite } from "../../src/emulator/azurite.ts";
import type { ImmutabilityPolicyRecord } from "../../src/emulator/blob-front-policy.ts";
import type { Actor } from "../../src/governance/ledger.ts";

export interface AzuriteFixture {
  azurite: RunningAzurite;
  account: string;
  /** Azurite's data dir (in memory: only the pid and policy files). */
  dataDir: string;
  /** A new container, created, under a Locked WORM policy with protected append writes (the ledger's). */
  wormContainer(): Promise<ContainerClient>;
  /** A new, empty (not yet created) container without a policy. */
  container(): ContainerClient;
  close(): Promise<void>;
}

const ACCOUNT = "airlockledgertest";

/** What infra/ sets on the ledger container (and the twin seeds from tfvars): see routes/storage.ts. */
function ledgerPolicy(): ImmutabilityPolicyRecord {
  const entry = {
    immutabilityPeriodSinceCreationInDays: 3650,
    timestamp: new Date().toISOString(),
    objectIdentifier: "terraform",
    tenantId: "twin",
    allowProtectedAppendWrites: true,
  };
  return {
    immutabilityPeriodSinceCreationInDays: 3650,
    state: "Locked",
    allowProtectedAppendWrites: true,
    allowProtectedAppendWritesAll: false,
    etag: `8d${randomBytes(6).toString("hex")}`,
    extensions: 0,
    updateHistory: [
      { update: "put", ...entry },
      { update: "lock", ...entry },
    ],
  };
}

export async function startAzuriteFixture(): Promise<AzuriteFixture> {
  const stateDir = await mkdtemp(path.join(tmpdir(), "airlock-governance-"));
  const [account] = await loadOrCreateAccountKeys(stateDir, [ACCOUNT]);
  const azurite = await startAzurite({
    dataDir: path.join(stateDir, "azurite"),
    accounts: [account!],
    inProcess: true,
    // The state dir dies with the fixture: nothing could ever read what Azurite would write to disk.
    inMemory: true,
  });
  const service = new BlobServiceClient(
    azurite.blobEndpoint(ACCOUNT),
    new StorageSharedKeyCredential(ACCOUNT, account!.key),
  );
  const container = () => service.getContainerClient(`ledger-${randomUUID()}`);
  return {
    azurite,
    account: ACCOUNT,
    dataDir: path.join(stateDir, "azurite"),
    container,
    wormContainer: async () => {
      const client = container();
      await client.create();
      await azurite.setPolicy(ACCOUNT, client.containerName, null, ledgerPolicy());
      return client;
    },
    close: async () => {
      await azurite.close();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}

export const alice: Actor = {
  objectId: "0a11ce00-0000-4000-8000-000000000001",
  name: "alice@airlock.local",
  kind: "user",
};
export const bob: Actor = {
  objectId: "0b0b0000-0000-4000-8000-000000000002",
  name: "bob@airlock.local",
  kind: "user",
};
export const promotionSp: Actor = {
  objectId: "5e000000-0000-4000-8000-000000000003",
  name: "sp-aml-promotion-prod",
  kind: "servicePrincipal",
};
