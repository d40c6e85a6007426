/**
 * @module platform/schema — one configured JSON Schema validator (ajv) for every schema Airlock checks.
 *
 * Validators are precompiled: validators.generated.cjs holds ajv's standalone code for every schema a module
 * declares with compileSchema, keyed by a hash of the schema, so a command neither loads ajv nor compiles
 * (loading ajv and compiling the schemas one promotion checks cost a fifth of a CPU-second per process). A
 * schema the file does not hold — one edited since the file was generated — is compiled by ajv on first use:
 * a stale file is slower, never wrong. test/platform/validators.test.ts fails until the file is regenerated:
 *   node --test --test-update-snapshots test/platform/validators.test.ts
 */
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import type { Ajv as AjvInstance, CodeOptions, ErrorObject, ValidateFunction } from "ajv";

const require = createRequire(import.meta.url);

/** The file of precompiled validators, beside this module. */
export const GENERATED_VALIDATORS = "validators.generated.cjs";

/** Every schema given to compileSchema, in declaration order (what the generated file must hold). */
const declared = new Set<object>();

/** The key of a schema's precompiled validator: a hash of the schema's JSON. */
export function schemaKey(schema: object): string {
  return `v${createHash("sha256").update(JSON.stringify(schema)).digest("hex").slice(0, 32)}`;
}

/**
 * The ajv instance every validator comes from, precompiled or not (the generator passes code options).
 * optimize: false skips ajv's code-tidying passes: the same checks, compiled in about two thirds of the time.
 */
export function newAjv(code: CodeOptions = {}): AjvInstance {
  // CommonJS modules, loaded only when a schema is compiled here or the generated file is written.
  const { default: Ajv } = require("ajv") as typeof import("ajv");
  const { default: addFormats } = require("ajv-formats") as typeof import("ajv-formats");
  const ajv = new Ajv({
    allErrors: true,
    strict: true,
    allowUnionTypes: true,
    code: { optimize: false, ...code },
  });
  addFormats(ajv);
  return ajv;
}

let generated: Record<string, ValidateFunction | undefined> | undefined;
let fallback: AjvInstance | undefined;

function validatorFor<T>(schema: object): ValidateFunction<T> {
  generated ??= require(`./${GENERATED_VALIDATORS}`) as Record<string, ValidateFunction | undefined>;
  const precompiled = generated[schemaKey(schema)] as ValidateFunction<T> | undefined;
  if (precompiled) return precompiled;
  fallback ??= newAjv();
  return fallback.compile<T>(schema);
}

/**
 * A validator for a schema, ready on first use: precompiled when the generated file holds the schema,
 * compiled then otherwise. Modules declare their schemas at load.
 */
export function compileSchema<T>(schema: object): ValidateFunction<T> {
  declared.add(schema);
  let compiled: ValidateFunction<T> | undefined;
  const validate = ((data: unknown, dataCxt?: Parameters<ValidateFunction<T>>[1]) => {
    compiled ??= validatorFor<T>(schema);
    const valid = compiled(data, dataCxt);
    validate.errors = compiled.errors;
    return valid;
  }) as ValidateFunction<T>;
  validate.schema = schema;
  return validate;
}

/** The schemas declared so far (by the modules loaded), for the generator. */
export function declaredSchemas(): object[] {
  return [...declared];
}

/** Turns ajv errors into short phrases that name the offending key path. */
export function describeSchemaErrors(errors: readonly ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((error) => {
    const path = error.instancePath.replace(/^\//, "").replaceAll("/", ".");
    switch (error.keyword) {
      case "required":
        return `${joinPath(path, error.params.missingProperty)}: missing (required)`;
      case "additionalProperties":
        return `${joinPath(path, error.params.additionalProperty)}: unknown key`;
      case "enum":
        return `${path || "(root)"}: must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
      default:
        return `${path || "(root)"}: ${error.message ?? "is invalid"}`;
    }
  });
}

function joinPath(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}
