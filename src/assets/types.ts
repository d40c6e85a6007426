/**
 * @module assets/types
 * The validated, normalized form of the YAML files `az ml <asset> create -f` reads. Local paths are resolved to
 * absolute paths inside the asset folder; remote paths keep their URI (and parsed reference for azureml://).
 */
import type { AssetReference } from "./reference.ts";

export type AssetKind = "model" | "data" | "environment" | "component";

export const MODEL_TYPES = ["custom_model", "mlflow_model", "triton_model"] as const;
export type ModelType = (typeof MODEL_TYPES)[number];
export const DATA_TYPES = ["uri_file", "uri_folder", "mltable"] as const;
export type DataType = (typeof DATA_TYPES)[number];
export const PORT_TYPES = [
  "uri_folder",
  "uri_file",
  "mltable",
  "mlflow_model",
  "custom_model",
  "triton_model",
  "integer",
  "number",
  "string",
  "boolean",
] as const;
export type PortType = (typeof PORT_TYPES)[number];

/** A path written in the YAML: either a local file/folder inside the asset folder, or a remote URI. */
export type AssetPath =
  | {
      local: true;
      /** As written in the YAML. */
      written: string;
      /** Absolute path (inside the asset folder). */
      absolute: string;
      entry: "file" | "folder";
    }
  | {
      local: false;
      written: string;
      /** The parsed reference when the URI is `azureml://`. */
      reference?: AssetReference;
    };

export type LocalAssetPath = Extract<AssetPath, { local: true }>;

interface AssetCommon {
  /** Absolute path of the YAML file. */
  file: string;
  /** The folder local paths must stay inside (absolute, symlinks resolved). */
  root: string;
  name: string;
  /** "" until registration resolves it when the file has none (versionSource "auto"). */
  version: string;
  /** "file": the YAML names the version; "auto": az ml's rule picks it at registration (nextVersion, or "1"). */
  versionSource: "file" | "auto";
  description?: string;
  tags: Record<string, string>;
  properties: Record<string, string>;
  /** The YAML document as parsed (plain JSON values; versions as written). */
  document: Record<string, unknown>;
}

export interface ModelAsset extends AssetCommon {
  kind: "model";
  type: ModelType;
  path: AssetPath;
  stage?: string;
  /** MLflow flavors: flavor name → its settings. */
  flavors?: Record<string, Record<string, unknown>>;
}

export interface DataAsset extends AssetCommon {
  kind: "data";
  type: DataType;
  path: AssetPath;
}

export interface InferenceRoute {
  path: string;
  port: number;
}

export interface EnvironmentDefinition {
  image?: string;
  /** The conda specification: from a file (path kept) or inline in the YAML. */
  condaFile?: { local?: LocalAssetPath; content: string };
  build?: { context: LocalAssetPath; dockerfilePath: string };
  osType: "linux" | "windows";
  inferenceConfig?: {
    livenessRoute?: InferenceRoute;
    readinessRoute?: InferenceRoute;
    scoringRoute?: InferenceRoute;
  };
}

export interface EnvironmentAsset extends AssetCommon, EnvironmentDefinition {
  kind: "environment";
}

export interface ComponentPort {
  type: PortType;
  description?: string;
  optional: boolean;
  default?: string | number | boolean;
  /** Every other key as written (min, max, enum, mode …). */
  extra: Record<string, unknown>;
}

export type ComponentEnvironment =
  | { reference: AssetReference; written: string }
  | { inline: EnvironmentDefinition & { description?: string; tags: Record<string, string> } };

export interface ComponentAsset extends AssetCommon {
  kind: "component";
  type: "command";
  displayName?: string;
  isDeterministic: boolean;
  inputs: Record<string, ComponentPort>;
  outputs: Record<string, ComponentPort>;
  code?: LocalAssetPath;
  /** `additional_includes`: copied into the code snapshot under their base names, as az ml does. */
  additionalIncludes: LocalAssetPath[];
  environment: ComponentEnvironment;
  command: string;
  resources?: Record<string, unknown>;
}

export type AssetDefinition = ModelAsset | DataAsset | EnvironmentAsset | ComponentAsset;
