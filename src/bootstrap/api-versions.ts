/**
 * @module bootstrap/api-versions
 * The ARM api-versions bootstrap and doctor call, each an official stable version in azure-rest-api-specs
 * (specification/<service>/resource-manager/<namespace>/stable/<version>/…), defined once in the shared
 * contract (src/contract/versions.ts) and named here by what bootstrap and doctor call.
 */
import {
  AUTHORIZATION_API_VERSION,
  MANAGED_IDENTITY_API_VERSION,
  PRIVATE_DNS_API_VERSION,
  PRIVATE_ENDPOINTS_API_VERSION,
  RESOURCES_API_VERSION,
  STORAGE_API_VERSION,
  SUBSCRIPTIONS_API_VERSION,
} from "../contract/versions.ts";

export const API_VERSIONS = {
  subscriptions: SUBSCRIPTIONS_API_VERSION,
  resources: RESOURCES_API_VERSION,
  storage: STORAGE_API_VERSION,
  managedIdentity: MANAGED_IDENTITY_API_VERSION,
  authorization: AUTHORIZATION_API_VERSION,
  privateEndpoints: PRIVATE_ENDPOINTS_API_VERSION,
  privateDns: PRIVATE_DNS_API_VERSION,
} as const;
