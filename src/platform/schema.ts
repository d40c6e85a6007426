/** @module platform/schema — one configured JSON Schema validator (ajv) for every schema Airlock checks. */
import AjvModule, { type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";

// ajv and ajv-formats are CommonJS modules whose default export sits on `.default` under NodeNext.
const Ajv = AjvModule.default;
const addFormats = addFormatsModule.default;

// optimize: false skips ajv's code-tidying passes: the same checks, compiled in about two thirds of the time.
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, code: { optimize: false } });
addFormats(ajv);

/**
 * A validator that compiles its schema on first use. Modules declare their schemas at load, and compiling
 * them all cost every command start-up about a quarter of a second, most of it for schemas that command
 * never checks.
 */
export function compileSchema<T>(schema: object): ValidateFunction<T> {
  let compiled: ValidateFunction<T> | undefined;
  const validate = ((data: unknown, dataCxt?: Parameters<ValidateFunction<T>>[1]) => {
    compiled ??= ajv.compile<T>(schema);
    const valid = compiled(data, dataCxt);
    validate.errors = compiled.errors;
    return valid;
  }) as ValidateFunction<T>;
  validate.schema = schema;
  return validate;
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
