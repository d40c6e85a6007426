/**
 * @module assets/arm-body
 * Turns a validated asset definition into the ARM version body (api-version 2024-10-01) for
 * `PUT .../{models|data|environments|components}/{name}/versions/{version}`. Local content must have been
 * uploaded first: `uploadedUri` is where the asset's local path (model/data path, environment build context,
 * component code) now lives.
 */
import type { AssetKind as ArmAssetKind } from "../arm/types.ts";
import { InternalError } from "../errors.ts";
import type { AssetDefinition, AssetPath, EnvironmentDefinition, InferenceRoute } from "./types.ts";

/** The ARM collection (`.../workspaces/{ws}/<collection>/{name}/versions`) of each asset kind. */
export const ARM_KIND: Record<AssetDefinition["kind"], ArmAssetKind> = {
  model: "models",
  data: "data",
  environment: "environments",
  component: "components",
};

export interface ArmBodyOptions {
  /** Location of the uploaded local content (a blob folder/file URI or an azureml:// datastore path). */
  uploadedUri?: string;
  /** Extra version properties (digest, lineage); merged over the YAML's own properties. */
  properties?: Record<string, string>;
  /** Components: the environment reference to write into the spec instead of the YAML's (e.g. for prod). */
  environment?: string;
}

export interface ArmVersionBody {
  properties: Record<string, unknown>;
}

export function toArmBody(asset: AssetDefinition, options: ArmBodyOptions = {}): ArmVersionBody {
  const common = {
    description: asset.description ?? "",
    tags: asset.tags,
    properties: { ...asset.properties, ...options.properties },
    isAnonymous: false,
    isArchived: false,
  };
  switch (asset.kind) {
    case "model":
      return {
        properties: {
          ...common,
          modelType: asset.type,
          modelUri: contentUri(asset.path, options, asset.file),
          ...(asset.flavors ? { flavors: armFlavors(asset.flavors) } : {}),
          ...(asset.stage !== undefined ? { stage: asset.stage } : {}),
        },
      };
    case "data":
      return {
        properties: { ...common, dataType: asset.type, dataUri: contentUri(asset.path, options, asset.file) },
      };
    case "environment":
      return { properties: { ...common, ...armEnvironment(asset, options, asset.file) } };
    case "component": {
      // additional_includes is local-only: its files are in the uploaded code snapshot.
      const {
        $schema: _schema,
        code: _code,
        environment,
        additional_includes: _includes,
        ...spec
      } = asset.document;
      if (asset.code && options.uploadedUri === undefined) {
        throw new InternalError(`${asset.file}: upload the component code before building its ARM body`);
      }
      return {
        properties: {
          ...common,
          componentSpec: {
            ...(typeof _schema === "string" ? { $schema: _schema } : {}),
            ...spec,
            name: asset.name,
            version: asset.version,
            ...(asset.code ? { code: options.uploadedUri } : {}),
            environment: options.environment ?? environment,
          },
        },
      };
    }
  }
}

function contentUri(assetPath: AssetPath, options: ArmBodyOptions, file: string): string {
  if (options.uploadedUri !== undefined) return options.uploadedUri;
  if (assetPath.local) {
    throw new InternalError(
      `${file}: local path ${assetPath.written} must be uploaded before building its ARM body`,
    );
  }
  return assetPath.written;
}

function armEnvironment(
  env: EnvironmentDefinition,
  options: ArmBodyOptions,
  file: string,
): Record<string, unknown> {
  const body: Record<string, unknown> = { osType: env.osType === "windows" ? "Windows" : "Linux" };
  if (env.image !== undefined) body.image = env.image;
  if (env.condaFile) body.condaFile = env.condaFile.content;
  if (env.build) {
    if (options.uploadedUri === undefined) {
      throw new InternalError(`${file}: upload the build context before building its ARM body`);
    }
    body.build = { contextUri: options.uploadedUri, dockerfilePath: env.build.dockerfilePath };
  }
  if (env.inferenceConfig) {
    const route = (r: InferenceRoute | undefined) => (r ? { path: r.path, port: r.port } : undefined);
    body.inferenceConfig = {
      livenessRoute: route(env.inferenceConfig.livenessRoute),
      readinessRoute: route(env.inferenceConfig.readinessRoute),
      scoringRoute: route(env.inferenceConfig.scoringRoute),
    };
  }
  return body;
}

/** YAML `flavors: {python_function: {loader_module: x}}` → ARM `{python_function: {data: {loader_module: "x"}}}`. */
function armFlavors(
  flavors: Record<string, Record<string, unknown>>,
): Record<string, { data: Record<string, string> }> {
  return Object.fromEntries(
    Object.entries(flavors).map(([name, settings]) => [
      name,
      {
        data: Object.fromEntries(
          Object.entries(settings).map(([key, value]) => [
            key,
            typeof value === "string" ? value : JSON.stringify(value),
          ]),
        ),
      },
    ]),
  );
}
