/**
 * @module emulator/seed
 * First-start seeding of a state directory: the platform's registries and the RBAC matrix's role
 * assignments (both environments). Later starts keep what is stored, so drift a test seeded survives.
 */
import { expectedAssignments, type Platform, PURPOSES, roleDefinition } from "../platform/index.ts";
import { type Catalog, ML, registryBody, rgId, stableGuid } from "./catalog.ts";
import { objectIdFor } from "./principals.ts";
import { assignmentBody, roleDefinitionArmId, storeAssignment } from "./routes/authorization.ts";
import type { TwinStore } from "./store.ts";

const PRINCIPAL_TYPES: Record<string, string> = {
  ServicePrincipal: "ServicePrincipal",
  UserAssignedIdentity: "ServicePrincipal",
  Group: "Group",
  SystemAssignedIdentity: "ServicePrincipal",
};

export const isSeeded = (store: TwinStore): boolean => store.meta("seeded") === "1";

export function seedOnce(store: TwinStore, catalog: Catalog, platform: Platform): void {
  if (isSeeded(store)) return;
  const sub = catalog.subscriptionId;
  const now = new Date().toISOString();
  const seededBy = {
    createdBy: "airlock-twin",
    createdByType: "Application",
    createdAt: now,
    lastModifiedBy: "airlock-twin",
    lastModifiedByType: "Application",
    lastModifiedAt: now,
  };
  store.transaction(() => {
    for (const reg of catalog.seedRegistries) {
      const storageRg = catalog.storageAccounts.find((a) => a.name === reg.storageAccount)!.resourceGroup;
      const body: Record<string, unknown> = {
        ...registryBody(
          sub,
          reg.resourceGroup,
          reg.name,
          reg.location,
          reg.tags,
          reg.storageAccount,
          storageRg,
        ),
        systemData: seededBy,
      };
      store.putResource(
        body.id as string,
        rgId(sub, reg.resourceGroup),
        `${ML}/registries`,
        JSON.stringify(body),
      );
    }
    for (const purpose of PURPOSES) {
      for (const assignment of expectedAssignments(platform.environments[purpose], sub)) {
        const role = roleDefinition(assignment.roleName);
        if (!role) continue; // roles outside the control plane the twin evaluates
        const principalId = objectIdFor(assignment.principalName);
        const name = stableGuid(`${assignment.scope}|${role.id}|${principalId}`.toLowerCase());
        storeAssignment(
          store,
          assignmentBody(
            assignment.scope,
            name,
            roleDefinitionArmId(sub, role.id),
            principalId,
            PRINCIPAL_TYPES[assignment.principalType] ?? "ServicePrincipal",
          ),
        );
      }
    }
    store.setMeta("seeded", "1");
  });
}
