/**
 * @module bootstrap/api-versions
 * The ARM api-versions bootstrap and doctor call, each an official stable version in azure-rest-api-specs
 * (specification/<service>/resource-manager/<namespace>/stable/<version>/…), in one place.
 */
export const API_VERSIONS = {
  /** Microsoft.Resources subscriptions.json (GET a subscription). */
  subscriptions: "2022-12-01",
  /** Microsoft.Resources resources.json: providers list/get/register, resourceGroups. */
  resources: "2021-04-01",
  /** Microsoft.Storage storage.json / blob.json: storageAccounts, blobServices/containers, immutabilityPolicies. */
  storage: "2023-05-01",
  /** Microsoft.ManagedIdentity ManagedIdentity.json: userAssignedIdentities, federatedIdentityCredentials. */
  managedIdentity: "2023-01-31",
  /** Microsoft.Authorization authorization-RoleAssignmentsCalls.json: roleAssignments. */
  authorization: "2022-04-01",
  /** Microsoft.Network privateEndpoint.json (2024-05-01) and privatedns.json (2024-06-01). */
  privateEndpoints: "2024-05-01",
  privateDns: "2024-06-01",
} as const;
