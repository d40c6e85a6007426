/**
 * @module contract/types
 * Wire types of the ARM contract Airlock uses: Microsoft.MachineLearningServices api-version 2024-10-01
 * (workspaces, registries, asset containers and versions, pending uploads, data references, online
 * endpoints and deployments, datastores), Microsoft.Storage listKeys, the ARM error body and the async
 * operation status. Types only, no runtime code: the twin imports them to answer the same shapes.
 * Read-only fields are marked; everything not required by the contract is optional. Shared by the client
 * (src/arm) and the twin (src/emulator); held to the vendored spec by test/contract/spec.test.ts.
 */
import { ML_API_VERSION } from "./versions.ts";

export { STORAGE_API_VERSION } from "./versions.ts";
/** The client's name for the Microsoft.MachineLearningServices api-version. */
export const ARM_API_VERSION = ML_API_VERSION;

/** Asset collections that exist in both workspaces and registries. */
export type AssetKind = "models" | "data" | "environments" | "components" | "codes";
export const ASSET_KINDS: readonly AssetKind[] = ["models", "data", "environments", "components", "codes"];

/** Free-form string maps used for tags and asset `properties` (add-only on the service). */
export type StringMap = Record<string, string>;

export type ProvisioningState = "Succeeded" | "Failed" | "Canceled" | "Creating" | "Updating" | "Deleting";

// ---------------------------------------------------------------------------------------------------------
// ARM envelopes

export interface SystemData {
  createdBy?: string;
  createdByType?: "User" | "Application" | "ManagedIdentity" | "Key";
  createdAt?: string;
  lastModifiedBy?: string;
  lastModifiedByType?: "User" | "Application" | "ManagedIdentity" | "Key";
  lastModifiedAt?: string;
}

/** A proxy resource as read from ARM: `{id, name, type, systemData, properties}`. */
export interface ArmResource<P> {
  /** RO: the full ARM id. */
  id: string;
  /** RO: the last path segment (the version for versions). */
  name: string;
  /** RO: e.g. `Microsoft.MachineLearningServices/workspaces/models/versions`. */
  type: string;
  systemData?: SystemData;
  properties: P;
}

/** What a PUT sends for a proxy resource: only `properties` is required. */
export interface ArmResourceBody<P> {
  properties: P;
}

export interface ManagedServiceIdentity {
  type: "None" | "SystemAssigned" | "UserAssigned" | "SystemAssigned,UserAssigned";
  principalId?: string;
  tenantId?: string;
  userAssignedIdentities?: Record<string, { principalId?: string; clientId?: string }>;
}

export interface Sku {
  name: string;
  tier?: "Free" | "Basic" | "Standard" | "Premium";
  size?: string;
  family?: string;
  capacity?: number;
}

/** A tracked resource (has a location): workspaces, registries, endpoints, deployments. */
export interface TrackedArmResource<P> extends ArmResource<P> {
  location: string;
  tags?: StringMap;
  identity?: ManagedServiceIdentity;
  sku?: Sku;
  kind?: string;
}

export interface TrackedArmResourceBody<P> {
  location: string;
  tags?: StringMap;
  identity?: ManagedServiceIdentity;
  sku?: Sku;
  kind?: string;
  properties: P;
}

/** One page of a list operation; a missing or null `nextLink` ends the list. */
export interface ArmPage<T> {
  value: T[];
  nextLink?: string | null;
}

// ---------------------------------------------------------------------------------------------------------
// Errors and async operations

export interface ArmErrorDetail {
  code: string;
  message: string;
  target?: string;
  details?: ArmErrorDetail[];
  additionalInfo?: { type: string; info?: unknown }[];
}

/** `{"error": {...}}`: every ARM error response (common-types v3 ErrorResponse). */
export interface ArmErrorBody {
  error: ArmErrorDetail;
}

/** Body of an Azure-AsyncOperation / Operation-Location status URL (common-types v3). */
export interface OperationStatusResult {
  id?: string;
  name?: string;
  /** Terminal: Succeeded | Failed | Canceled (case-insensitive); any other string means still running. */
  status: string;
  percentComplete?: number;
  startTime?: string;
  endTime?: string;
  error?: ArmErrorDetail;
}

// ---------------------------------------------------------------------------------------------------------
// Workspaces and registries

export interface WorkspaceProperties {
  /** RO: the workspace GUID used in `azureml://locations/{loc}/workspaces/{guid}/...` asset ids. */
  workspaceId?: string;
  friendlyName?: string;
  description?: string;
  storageAccount?: string;
  keyVault?: string;
  applicationInsights?: string;
  containerRegistry?: string;
  discoveryUrl?: string;
  mlFlowTrackingUri?: string;
  publicNetworkAccess?: "Enabled" | "Disabled";
  hbiWorkspace?: boolean;
  provisioningState?: string;
  [extra: string]: unknown;
}
export type Workspace = TrackedArmResource<WorkspaceProperties>;

export interface ArmResourceIdRef {
  resourceId: string;
}

export interface RegistryStorageAccountDetails {
  systemCreatedStorageAccount?: {
    storageAccountName?: string;
    storageAccountType?: string;
    storageAccountHnsEnabled?: boolean;
    armResourceId?: ArmResourceIdRef;
    allowBlobPublicAccess?: boolean;
  };
  userCreatedStorageAccount?: { armResourceId?: ArmResourceIdRef };
}

export interface RegistryRegionDetails {
  location?: string;
  acrDetails?: {
    systemCreatedAcrAccount?: {
      acrAccountName?: string;
      acrAccountSku?: string;
      armResourceId?: ArmResourceIdRef;
    };
    userCreatedAcrAccount?: { armResourceId?: ArmResourceIdRef };
  }[];
  storageAccountDetails?: RegistryStorageAccountDetails[];
}

export interface RegistryProperties {
  discoveryUrl?: string;
  intellectualPropertyPublisher?: string;
  managedResourceGroup?: ArmResourceIdRef;
  mlFlowRegistryUri?: string;
  publicNetworkAccess?: "Enabled" | "Disabled";
  regionDetails?: RegistryRegionDetails[];
  provisioningState?: string;
  [extra: string]: unknown;
}
export type Registry = TrackedArmResource<RegistryProperties>;

// ---------------------------------------------------------------------------------------------------------
// Asset containers and versions

/** Fields shared by every asset version (AssetBase). */
export interface AssetVersionBase {
  description?: string;
  tags?: StringMap;
  /** Add-only: keys can be added, never removed or altered. */
  properties?: StringMap;
  isAnonymous?: boolean;
  isArchived?: boolean;
  /** RO on registries. */
  provisioningState?: ProvisioningState;
}

export interface ModelVersionProperties extends AssetVersionBase {
  /** Free string: `custom_model`, `mlflow_model`, `triton_model`, or `CustomModel` in the spec example. */
  modelType?: string;
  modelUri?: string;
  flavors?: Record<string, { data?: StringMap }>;
  jobName?: string;
  stage?: string;
}

export type DataType = "uri_file" | "uri_folder" | "mltable";
/** DataVersionBase: the service answers no provisioningState on data (2024-10-01 declares none). */
export interface DataVersionProperties extends AssetVersionBase {
  dataType: DataType;
  dataUri: string;
  /** mltable only. */
  referencedUris?: string[];
}

export interface RouteSpec {
  path: string;
  port: number;
}
export interface EnvironmentVersionProperties extends AssetVersionBase {
  image?: string;
  condaFile?: string;
  build?: { contextUri: string; dockerfilePath?: string };
  inferenceConfig?: { livenessRoute?: RouteSpec; readinessRoute?: RouteSpec; scoringRoute?: RouteSpec };
  osType?: "Linux" | "Windows";
  autoRebuild?: "Disabled" | "OnBaseImageUpdate";
  /** RO. */
  environmentType?: "Curated" | "UserCreated";
}

export interface ComponentVersionProperties extends AssetVersionBase {
  /** The component YAML as JSON (free-form). */
  componentSpec?: Record<string, unknown>;
}

export interface CodeVersionProperties extends AssetVersionBase {
  codeUri?: string;
}

export interface AssetContainerProperties {
  description?: string;
  tags?: StringMap;
  properties?: StringMap;
  isArchived?: boolean;
  /** Data containers only, and required there (DataContainer.dataType). */
  dataType?: DataType;
  /** RO. */
  latestVersion?: string;
  /** RO. */
  nextVersion?: string;
  /** RO on registries. */
  provisioningState?: ProvisioningState;
}

/** Version `properties` per asset kind. */
export interface AssetVersionPropertiesByKind {
  models: ModelVersionProperties;
  data: DataVersionProperties;
  environments: EnvironmentVersionProperties;
  components: ComponentVersionProperties;
  codes: CodeVersionProperties;
}

export type AssetContainer = ArmResource<AssetContainerProperties>;
export type AssetVersion<K extends AssetKind> = ArmResource<AssetVersionPropertiesByKind[K]>;
export type ModelVersion = AssetVersion<"models">;
export type DataVersion = AssetVersion<"data">;
export type EnvironmentVersion = AssetVersion<"environments">;
export type ComponentVersion = AssetVersion<"components">;
export type CodeVersion = AssetVersion<"codes">;

/** Query options of version list operations. */
export interface ListVersionsOptions {
  orderBy?: string;
  top?: number;
  /** Continuation token (normally carried inside nextLink). */
  skip?: string;
  version?: string;
  description?: string;
  /** Comma-separated `key=value` filter. */
  tags?: string;
  properties?: string;
  listViewType?: "ActiveOnly" | "ArchivedOnly" | "All";
}

/** Body of the workspace version `publish` POST. */
export interface DestinationAsset {
  destinationName: string;
  destinationVersion: string;
  registryName: string;
}

// ---------------------------------------------------------------------------------------------------------
// Pending uploads and data references (SAS issuance)

export interface PendingUploadRequest {
  pendingUploadId?: string;
  pendingUploadType?: "None" | "TemporaryBlobReference";
}

export interface SasCredential {
  credentialType: "SAS";
  /** Secret: a URL with a signature. Never log or put it in an error message. */
  sasUri: string;
}

export interface BlobReferenceForConsumption {
  /** The container (or folder) URL without a token; register assets under it. */
  blobUri?: string;
  storageAccountArmId?: string;
  credential?: SasCredential;
}

export interface PendingUploadResponse {
  blobReferenceForConsumption?: BlobReferenceForConsumption;
  pendingUploadId?: string;
  pendingUploadType?: "None" | "TemporaryBlobReference";
}

export interface BlobReferenceSasRequest {
  /** `azureml://registries/{reg}/{type}/{name}/versions/{ver}`. */
  assetId?: string;
  blobUri?: string;
}

export interface BlobReferenceSasResponse {
  blobReferenceForConsumption?: BlobReferenceForConsumption;
}

// ---------------------------------------------------------------------------------------------------------
// Online endpoints and deployments

export type EndpointAuthMode = "AMLToken" | "Key" | "AADToken";

export interface OnlineEndpointProperties {
  authMode: EndpointAuthMode;
  description?: string;
  /** Deployment name → percent; sums to 100 (or 0). */
  traffic?: Record<string, number>;
  /** Deployment name → percent; sum ≤ 50. */
  mirrorTraffic?: Record<string, number>;
  publicNetworkAccess?: "Enabled" | "Disabled";
  compute?: string | null;
  /** Create-only, always null on read. */
  keys?: EndpointAuthKeys | null;
  properties?: StringMap;
  /** RO. */
  scoringUri?: string;
  /** RO. */
  swaggerUri?: string;
  /** RO. */
  provisioningState?: ProvisioningState;
}
export type OnlineEndpoint = TrackedArmResource<OnlineEndpointProperties>;
export type OnlineEndpointBody = TrackedArmResourceBody<OnlineEndpointProperties>;

/** The only fields the endpoint PATCH accepts (to change traffic, PUT the whole endpoint). */
export interface OnlineEndpointPatch {
  tags?: StringMap;
  identity?: ManagedServiceIdentity;
}

export interface ProbeSettings {
  period?: string;
  timeout?: string;
  failureThreshold?: number;
  successThreshold?: number;
  initialDelay?: string;
}

export interface ManagedOnlineDeploymentProperties {
  endpointComputeType: "Managed" | "Kubernetes" | "AzureMLCompute";
  /** Model asset id, e.g. `azureml://registries/{reg}/models/{name}/versions/{ver}` or an ARM id. */
  model?: string;
  codeConfiguration?: { codeId?: string; scoringScript: string };
  environmentId?: string;
  environmentVariables?: StringMap;
  instanceType?: string;
  scaleSettings?: { scaleType: "Default" | "TargetUtilization"; [extra: string]: unknown };
  requestSettings?: {
    requestTimeout?: string;
    maxConcurrentRequestsPerInstance?: number;
    maxQueueWait?: string;
  };
  livenessProbe?: ProbeSettings;
  readinessProbe?: ProbeSettings;
  startupProbe?: ProbeSettings;
  appInsightsEnabled?: boolean;
  egressPublicNetworkAccess?: "Enabled" | "Disabled";
  modelMountPath?: string | null;
  description?: string;
  properties?: StringMap;
  /** RO. */
  provisioningState?: ProvisioningState;
}
export type OnlineDeployment = TrackedArmResource<ManagedOnlineDeploymentProperties>;
export type OnlineDeploymentBody = TrackedArmResourceBody<ManagedOnlineDeploymentProperties>;

export interface EndpointAuthKeys {
  /** Secret. */
  primaryKey?: string;
  /** Secret. */
  secondaryKey?: string;
}

export interface RegenerateEndpointKeysRequest {
  keyType: "Primary" | "Secondary";
  keyValue?: string;
}

export interface EndpointAuthToken {
  /** Secret. */
  accessToken?: string;
  tokenType?: string;
  /** Seconds since the epoch. */
  expiryTimeUtc?: number;
  /** Seconds since the epoch. */
  refreshAfterTimeUtc?: number;
}

// ---------------------------------------------------------------------------------------------------------
// Datastores and storage accounts

export interface AzureBlobDatastoreProperties {
  datastoreType: "AzureBlob";
  accountName: string;
  containerName: string;
  /** Storage DNS suffix, e.g. `core.windows.net`. */
  endpoint?: string;
  protocol?: string;
  isDefault?: boolean;
  /** Azure answers the credential type and an empty secrets object (the key comes from listSecrets). */
  credentials?: {
    credentialsType: "AccountKey" | "Sas" | "None" | "Certificate" | "ServicePrincipal";
    secrets?: { secretsType: string };
  };
  subscriptionId?: string | null;
  resourceGroup?: string | null;
  serviceDataAccessAuthIdentity?: string;
  description?: string;
  tags?: StringMap;
  properties?: StringMap;
  [extra: string]: unknown;
}
export type Datastore = ArmResource<AzureBlobDatastoreProperties>;

/** `listSecrets` answer for an account-key datastore (or a SAS one). */
export interface DatastoreSecrets {
  secretsType: "AccountKey" | "Sas" | string;
  /** Secret. */
  key?: string;
  /** Secret. */
  sasToken?: string;
}

export interface StorageAccountKey {
  keyName: string;
  /** Secret. */
  value: string;
  permissions?: "Read" | "Full";
  creationTime?: string;
}

export interface StorageAccountListKeysResult {
  keys: StorageAccountKey[];
}

/** Microsoft.Storage ServiceSasParameters (ListServiceSas body) for a blob container or blob. */
export interface ServiceSasParameters {
  /** `/blob/<account>/<container>[/<blob>]`. */
  canonicalizedResource: string;
  signedResource: "c" | "b";
  /** Letters of r, l, a, c, w, d. */
  signedPermission: string;
  signedExpiry: string;
  signedStart?: string;
  signedProtocol?: "https" | "https,http";
}

/** ListServiceSas answer: the SAS query string (a secret). */
export interface ListServiceSasResponse {
  serviceSasToken: string;
}
