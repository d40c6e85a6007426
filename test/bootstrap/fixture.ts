/**
 * Test world for `airlock bootstrap` and `airlock doctor`: one twin whose subscription has an Owner — the
 * twin principal `owner`, Owner at the subscription scope as the person who bootstraps a real subscription
 * is. Nobody on the twin can assign a role at the subscription (as nobody can in a fresh Azure subscription
 * but its Owner), so the assignment is written with the twin's own seeding code into the state dir before
 * the twin starts. Also: connections as named principals and the twin.json the CLI reads.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Connection, connectToTwin } from "../../src/connect/connection.ts";
import { stableGuid } from "../../src/emulator/catalog.ts";
import { loadPlatformSource, resolveInfraDir } from "../../src/emulator/platform-cache.ts";
import { objectIdFor } from "../../src/emulator/principals.ts";
import {
  assignmentBody,
  roleDefinitionArmId,
  storeAssignment,
} from "../../src/emulator/routes/authorization.ts";
import { seedOnce } from "../../src/emulator/seed.ts";
import { TwinStore } from "../../src/emulator/store.ts";
import { roleDefinition, TWIN_SUBSCRIPTION_ID } from "../../src/platform/index.ts";
import { startTestTwin, type TestTwin } from "../helpers/twin.ts";

export const SUB = TWIN_SUBSCRIPTION_ID;
export const OWNER = "owner";
export const REPO = "contoso/airlock";

/** A twin whose subscription Owner is `owner`; close() also removes the state dir. */
export async function startOwnedTwin(): Promise<TestTwin> {
  const stateDir = await mkdtemp(path.join(tmpdir(), "airlock-bootstrap-"));
  const source = await loadPlatformSource(stateDir, resolveInfraDir(), SUB);
  const store = new TwinStore(path.join(stateDir, "twin.db"));
  try {
    seedOnce(store, source.catalog, await source.platform());
    const scope = `/subscriptions/${SUB}`;
    const owner = roleDefinition("Owner")!;
    storeAssignment(
      store,
      assignmentBody(
        scope,
        stableGuid(`${scope}|owner|${OWNER}`),
        roleDefinitionArmId(SUB, owner.id),
        objectIdFor(OWNER),
        "User",
      ),
    );
  } finally {
    store.close();
  }
  const twin = await startTestTwin({ stateDir, lroMode: "fast" });
  await writeFile(
    path.join(stateDir, "twin.json"),
    JSON.stringify({ armEndpoint: twin.armEndpoint, blobBaseUrl: twin.blobBaseUrl }),
  );
  return {
    ...twin,
    close: async () => {
      await twin.close();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}

export function connectAs(twin: TestTwin, dev: string, prod = dev): Promise<Connection> {
  return connectToTwin({
    stateDir: twin.stateDir,
    armEndpoint: twin.armEndpoint,
    blobBaseUrl: twin.blobBaseUrl,
    principals: { dev, prod },
  });
}

/** CLI environment acting on this twin as `principal` (no shell login leaks in). */
export const cliEnv = (twin: TestTwin, principal: string) => ({
  AIRLOCK_STATE_DIR: twin.stateDir,
  AIRLOCK_TWIN_PRINCIPAL: principal,
  AIRLOCK_TWIN_PRINCIPAL_DEV: undefined,
  AIRLOCK_TWIN_PRINCIPAL_PROD: undefined,
  AIRLOCK_GITHUB_REPOSITORY: REPO,
});
