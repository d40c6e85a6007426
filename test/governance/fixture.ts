/** Test fixture: one real Azurite per test file, fresh containers per test, and actors for ledger records. */
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { BlobServiceClient, type ContainerClient, StorageSharedKeyCredential } from "@azure/storage-blob";
import { loadOrCreateAccountKeys, startAzurite } from "../../src/emulator/azurite.ts";
import type { Actor } from "../../src/governance/ledger.ts";

export interface AzuriteFixture {
  /** A new, empty (not yet created) container on the running Azurite. */
  container(): ContainerClient;
  close(): Promise<void>;
}

const ACCOUNT = "airlockledgertest";

export async function startAzuriteFixture(): Promise<AzuriteFixture> {
  const stateDir = await mkdtemp(path.join(tmpdir(), "airlock-governance-"));
  const [account] = await loadOrCreateAccountKeys(stateDir, [ACCOUNT]);
  const azurite = await startAzurite({ dataDir: path.join(stateDir, "azurite"), accounts: [account!] });
  const service = new BlobServiceClient(
    azurite.blobEndpoint(ACCOUNT),
    new StorageSharedKeyCredential(ACCOUNT, account!.key),
  );
  return {
    container: () => service.getContainerClient(`ledger-${randomUUID()}`),
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
