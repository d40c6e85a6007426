/**
 * @module infra/schema-conformance
 * Offline schema conformance of the Terraform: every azurerm resource/data type, argument and block used
 * exists in the azurerm 4.x schema (infra/schema/azurerm-schema.subset.json, extracted from published
 * bindings) and every required argument/block is present; provider blocks likewise; azapi bodies match
 * the 2024-10-01 REST shapes described in infra/schema/azapi-ml-2024-10-01.json.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { blocksOf, type HclBody, readTerraformTree, type TerraformBlock } from "./terraform-files.ts";

export const SCHEMA_SUBSET_FILE = "schema/azurerm-schema.subset.json";
export const AZAPI_SHAPES_FILE = "schema/azapi-ml-2024-10-01.json";

export interface SchemaBlock {
  arguments: Record<string, { required: boolean }>;
  blocks: Record<string, SchemaBlock & { required: boolean }>;
}

export interface AzurermSchemaSubset {
  provenance: Record<string, string>;
  provider: SchemaBlock;
  resources: Record<string, SchemaBlock>;
  data: Record<string, SchemaBlock>;
}

/** A JSON-schema-like description of a REST body: only what the checks need. */
export interface BodyShape {
  type?: "object" | "array" | "string" | "boolean" | "number";
  properties?: Record<string, BodyShape>;
  required?: string[];
  items?: BodyShape;
  enum?: unknown[];
}

export interface AzapiShapes {
  provenance: Record<string, string>;
  types: Record<string, { spec: string; body: BodyShape; properties?: string[] }>;
}

export interface ConformanceProblem {
  file: string;
  address: string;
  message: string;
}

const META_ARGUMENTS = new Set([
  "count",
  "for_each",
  "depends_on",
  "provider",
  "lifecycle",
  "provisioner",
  "connection",
  "dynamic",
]);
const AZAPI_ARGUMENTS = new Set([
  "type",
  "name",
  "parent_id",
  "location",
  "tags",
  "identity",
  "body",
  "response_export_values",
  "locks",
  "schema_validation_enabled",
  "ignore_casing",
  "ignore_missing_property",
  "replace_triggers_external_values",
  "replace_triggers_refs",
  "timeouts",
  "retry",
  "headers",
  "create_headers",
  "create_query_parameters",
  "update_headers",
  "update_query_parameters",
  "delete_headers",
  "delete_query_parameters",
  "read_headers",
  "read_query_parameters",
  "sensitive_body",
  "sensitive_body_version",
]);

function isInterpolation(value: unknown): boolean {
  return typeof value === "string" && value.includes("${");
}

/** Checks one block body against its schema; `address` names it in reports. */
export function checkBlock(
  body: HclBody,
  schema: SchemaBlock,
  address: string,
  allowMeta: boolean,
): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (allowMeta && META_ARGUMENTS.has(key)) {
      if (key === "dynamic") {
        for (const [blockName, dynamics] of Object.entries(value as Record<string, HclBody[]>)) {
          const nested = schema.blocks[blockName];
          if (!nested) {
            problems.push(`${address}: dynamic "${blockName}" is not a block of this type`);
            continue;
          }
          for (const dynamic of dynamics)
            for (const content of (dynamic.content as HclBody[] | undefined) ?? [])
              problems.push(...checkBlock(content, nested, `${address}.${blockName}`, true));
        }
      }
      continue;
    }
    if (key in schema.arguments) continue;
    const nested = schema.blocks[key];
    if (nested) {
      const items = Array.isArray(value) ? value : [value];
      for (const item of items)
        if (item && typeof item === "object" && !isInterpolation(item))
          problems.push(...checkBlock(item as HclBody, nested, `${address}.${key}`, true));
      continue;
    }
    problems.push(`${address}: "${key}" is not an argument or block of this type in the azurerm schema`);
  }
  const dynamicNames = new Set(Object.keys((body.dynamic as Record<string, unknown> | undefined) ?? {}));
  for (const [name, argument] of Object.entries(schema.arguments))
    if (argument.required && !(name in body))
      problems.push(`${address}: required argument "${name}" is missing`);
  for (const [name, block] of Object.entries(schema.blocks))
    if (block.required && !(name in body) && !dynamicNames.has(name))
      problems.push(`${address}: required block "${name}" is missing`);
  return problems;
}

/** Checks a REST body value against a shape: unknown properties, missing required ones, literal enums. */
export function checkBody(value: unknown, shape: BodyShape, at: string): string[] {
  if (isInterpolation(value) || value === null || value === undefined) return [];
  const problems: string[] = [];
  if (shape.properties) {
    if (typeof value !== "object" || Array.isArray(value)) return [`${at}: must be an object`];
    for (const [key, item] of Object.entries(value)) {
      const nested = shape.properties[key];
      if (!nested) problems.push(`${at}.${key}: not a property of the 2024-10-01 REST shape`);
      else problems.push(...checkBody(item, nested, `${at}.${key}`));
    }
    for (const key of shape.required ?? [])
      if (!(key in (value as object))) problems.push(`${at}.${key}: required by the REST shape, missing`);
  } else if (shape.items) {
    if (!Array.isArray(value)) return [`${at}: must be a list`];
    for (const [index, item] of value.entries())
      problems.push(...checkBody(item, shape.items, `${at}[${index}]`));
  } else if (shape.enum && !shape.enum.includes(value)) {
    problems.push(
      `${at}: ${JSON.stringify(value)} is not one of ${shape.enum.map((v) => JSON.stringify(v)).join(", ")}`,
    );
  }
  return problems;
}

export async function loadSchemas(
  infraDir: string,
): Promise<{ azurerm: AzurermSchemaSubset; azapi: AzapiShapes }> {
  const read = async <T>(file: string) => JSON.parse(await readFile(path.join(infraDir, file), "utf8")) as T;
  return {
    azurerm: await read<AzurermSchemaSubset>(SCHEMA_SUBSET_FILE),
    azapi: await read<AzapiShapes>(AZAPI_SHAPES_FILE),
  };
}

/** Every conformance problem of the Terraform under `infraDir`, checked against the schemas in `schemaDir`. */
export async function checkConformance(
  infraDir: string,
  schemaDir = infraDir,
): Promise<ConformanceProblem[]> {
  const [{ azurerm, azapi }, files] = await Promise.all([
    loadSchemas(schemaDir),
    readTerraformTree(infraDir),
  ]);
  return conformanceProblems(blocksOf(files), azurerm, azapi);
}

export function conformanceProblems(
  blocks: readonly TerraformBlock[],
  azurerm: AzurermSchemaSubset,
  azapi: AzapiShapes,
): ConformanceProblem[] {
  const problems: ConformanceProblem[] = [];
  const add = (block: TerraformBlock, address: string, messages: string[]) => {
    for (const message of messages) problems.push({ file: block.file, address, message });
  };
  for (const block of blocks) {
    const address =
      block.kind === "provider"
        ? `provider.${block.name}`
        : `${block.kind === "data" ? "data." : ""}${block.type}.${block.name}`;
    if ((block.kind === "resource" || block.kind === "data") && block.type.startsWith("azurerm_")) {
      const schema = (block.kind === "data" ? azurerm.data : azurerm.resources)[block.type];
      if (!schema)
        add(block, address, [
          `${block.type} is not in the extracted azurerm schema (a misspelt type, or re-run src/infra/azurerm-schema-extract.ts)`,
        ]);
      else add(block, address, checkBlock(block.body, schema, address, true));
    } else if (block.kind === "provider" && block.name === "azurerm") {
      add(block, address, checkBlock(block.body, azurerm.provider, address, false));
    } else if (block.kind === "resource" && block.type === "azapi_resource") {
      for (const key of Object.keys(block.body))
        if (!AZAPI_ARGUMENTS.has(key) && !META_ARGUMENTS.has(key))
          add(block, address, [`"${key}" is not an argument of azapi_resource`]);
      const type = String(block.body.type ?? "");
      const shape = azapi.types[type];
      if (!shape)
        add(block, address, [`type "${type}" has no described REST shape (pin a described api-version)`]);
      else add(block, address, checkBody(block.body.body, shape.body, `${address}.body`));
    }
  }
  return problems;
}
