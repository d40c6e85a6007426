/**
 * @module assets/schemas
 * JSON Schemas for the four asset YAML files, following the Azure ML CLI v2 schemas (model.schema.json,
 * data.schema.json, environment.schema.json, commandComponent.schema.json) for the keys Airlock supports.
 * Structure only: names, versions, references, paths and command placeholders are checked semantically in
 * assets/load so their errors can say what a valid value looks like. Unknown keys are errors. `version` is
 * optional everywhere, as in az ml: registration resolves a missing one (assets/version).
 */
import { DATA_TYPES, MODEL_TYPES, PORT_TYPES } from "./types.ts";

const text = { type: "string" } as const;
/** Any YAML value: the loader reads the version as az ml does (PyYAML, then str()) and says what is wrong. */
const versionValue = {} as const;
const stringMap = {
  type: "object",
  additionalProperties: { type: ["string", "number", "boolean"] },
} as const;

const common = {
  $schema: text,
  name: text,
  version: versionValue,
  description: text,
  tags: stringMap,
  properties: stringMap,
} as const;

export const modelSchema = {
  type: "object",
  additionalProperties: false,
  required: ["name", "path"],
  properties: {
    ...common,
    type: { enum: [...MODEL_TYPES] },
    path: text,
    stage: text,
    flavors: { type: "object", additionalProperties: { type: "object" } },
  },
} as const;

export const dataSchema = {
  type: "object",
  additionalProperties: false,
  required: ["name", "path"],
  properties: {
    ...common,
    type: { enum: [...DATA_TYPES] },
    path: text,
  },
} as const;

const route = {
  type: "object",
  additionalProperties: false,
  required: ["path", "port"],
  properties: { path: text, port: { type: "integer", minimum: 1, maximum: 65535 } },
} as const;

const environmentBody = {
  image: text,
  conda_file: { type: ["string", "object"] },
  build: {
    type: "object",
    additionalProperties: false,
    required: ["path"],
    properties: { path: text, dockerfile_path: text },
  },
  os_type: { enum: ["linux", "windows"] },
  inference_config: {
    type: "object",
    additionalProperties: false,
    properties: { liveness_route: route, readiness_route: route, scoring_route: route },
  },
} as const;

export const environmentSchema = {
  type: "object",
  additionalProperties: false,
  required: ["name"],
  properties: { ...common, ...environmentBody },
} as const;

const inputPort = {
  type: "object",
  additionalProperties: false,
  required: ["type"],
  properties: {
    type: { enum: [...PORT_TYPES] },
    description: text,
    optional: { type: "boolean" },
    default: { type: ["string", "number", "boolean"] },
    min: { type: "number" },
    max: { type: "number" },
    enum: { type: "array", items: { type: ["string", "number"] } },
    mode: { enum: ["ro_mount", "rw_mount", "download", "direct", "eval_mount", "eval_download"] },
  },
} as const;

const outputPort = {
  type: "object",
  additionalProperties: false,
  required: ["type"],
  properties: {
    type: { enum: [...PORT_TYPES] },
    description: text,
    mode: { enum: ["rw_mount", "upload", "direct"] },
  },
} as const;

export const commandComponentSchema = {
  type: "object",
  additionalProperties: false,
  required: ["name", "command", "environment"],
  properties: {
    ...common,
    type: { const: "command" },
    display_name: text,
    is_deterministic: { type: "boolean" },
    inputs: { type: "object", additionalProperties: inputPort },
    outputs: { type: "object", additionalProperties: outputPort },
    code: text,
    /** Files and folders az ml copies into the code snapshot next to the code folder's own files. */
    additional_includes: { type: "array", items: { type: "string", minLength: 1 } },
    environment: {
      type: ["string", "object"],
      additionalProperties: false,
      properties: { description: text, tags: stringMap, ...environmentBody },
    },
    command: { type: "string", minLength: 1 },
    resources: {
      type: "object",
      additionalProperties: false,
      properties: {
        instance_count: { type: "integer", minimum: 1 },
        instance_type: text,
        shm_size: text,
        docker_args: text,
        properties: { type: "object" },
      },
    },
    distribution: {
      type: "object",
      required: ["type"],
      properties: { type: { enum: ["mpi", "pytorch", "tensorflow", "ray"] } },
    },
  },
} as const;
