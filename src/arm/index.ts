/** @module arm — the typed ARM client (api-version 2024-10-01), its credentials, errors and wire types. */

export {
  ContainerOperations,
  VersionOperations,
  WorkspaceVersionOperations,
} from "./assets.ts";
export {
  ArmClient,
  type ArmClientOptions,
  type ArmRequest,
  RegistryOperations,
  StorageAccountOperations,
  WorkspaceOperations,
} from "./client.ts";
export {
  azureCredential,
  jwtExpiry,
  staticTokenCredential,
  type TwinCredentialOptions,
  twinCredential,
} from "./credentials.ts";
export { OnlineDeploymentOperations, OnlineEndpointOperations } from "./endpoints.ts";
export {
  ArmError,
  type ArmErrorInit,
  exitCodeForStatus,
  getOrUndefined,
  isArmStatus,
} from "./errors.ts";
export type { PagedList } from "./paging.ts";
export { ARM_SCOPE, AZURE_ARM_ENDPOINT, checkEndpoint, isLoopbackHost } from "./pipeline.ts";
export {
  AssetScope,
  DataReferenceOperations,
  DatastoreOperations,
  RegistryScope,
  WorkspaceScope,
} from "./scopes.ts";
export type * from "./types.ts";
export { ARM_API_VERSION, ASSET_KINDS, STORAGE_API_VERSION } from "./types.ts";
