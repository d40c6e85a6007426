/**
 * @module contract/versions
 * The api-version of each ARM resource provider Airlock talks to, in one place for the client, bootstrap,
 * doctor and the twin. The first three are the versions of the vendored spec subsets in src/contract/spec/
 * (see its README for provenance); the rest are official stable versions bootstrap and doctor call.
 */

/** Microsoft.MachineLearningServices (stable 2024-10-01). */
export const ML_API_VERSION = "2024-10-01";
/** Microsoft.Storage (stable 2023-05-01): listKeys, ListServiceSas, blob containers, immutability policies. */
export const STORAGE_API_VERSION = "2023-05-01";
/** Microsoft.Authorization (stable 2022-04-01): role assignments and role definitions. */
export const AUTHORIZATION_API_VERSION = "2022-04-01";
/** Microsoft.Resources subscriptions.json (GET a subscription). */
export const SUBSCRIPTIONS_API_VERSION = "2022-12-01";
/** Microsoft.Resources resources.json: providers list/get/register, resourceGroups. */
export const RESOURCES_API_VERSION = "2021-04-01";
/** Microsoft.ManagedIdentity ManagedIdentity.json: userAssignedIdentities, federatedIdentityCredentials. */
export const MANAGED_IDENTITY_API_VERSION = "2023-01-31";
/** Microsoft.Network privateEndpoint.json. */
export const PRIVATE_ENDPOINTS_API_VERSION = "2024-05-01";
/** Microsoft.Network privatedns.json. */
export const PRIVATE_DNS_API_VERSION = "2024-06-01";
