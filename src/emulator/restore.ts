/**
 * @module emulator/restore
 * After a restart, brings the stored online deployments back up (their processes died with the previous
 * twin). A deployment that cannot start again is marked Failed.
 */
import type { TwinRuntime } from "./context.ts";
import { DEPLOYMENT_TYPE } from "./routes/endpoints.ts";

const DEPLOYMENT_ID = /\/workspaces\/([^/]+)\/onlineEndpoints\/([^/]+)\/deployments\/([^/]+)$/i;

export async function restoreDeployments(twin: TwinRuntime): Promise<void> {
  const rows = twin.store.resourcesOfType(DEPLOYMENT_TYPE);
  await Promise.all(
    rows.map(async (row) => {
      const body = JSON.parse(row.body) as { id: string; properties: Record<string, unknown> };
      if (body.properties.provisioningState === "Failed") return;
      const match = DEPLOYMENT_ID.exec(body.id);
      const workspace =
        match && twin.catalog.workspaces.find((w) => w.name.toLowerCase() === match[1]!.toLowerCase());
      if (!match || !workspace) return;
      try {
        await twin.deployments.start(
          twin,
          twin.deployments.plan(twin, workspace, match[2]!, match[3]!, body.properties),
        );
        body.properties.provisioningState = "Succeeded";
      } catch {
        body.properties.provisioningState = "Failed";
      }
      if (twin.store.getResource(row.id))
        twin.store.putResource(row.id, row.parent, row.type, JSON.stringify(body));
    }),
  );
}
