/**
 * The precompiled validators (src/platform/validators.generated.cjs) are ajv's standalone code for exactly the
 * schemas Airlock's modules declare; a schema the file does not hold is still checked, compiled on first use.
 * After a schema change: node --test --test-update-snapshots test/platform/validators.test.ts
 */
import assert from "node:assert/strict";
import { globSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { before, describe, test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  compileSchema,
  declaredSchemas,
  describeSchemaErrors,
  GENERATED_VALIDATORS,
  schemaKey,
} from "../../src/platform/schema.ts";
import { validatorsSource } from "../../src/platform/schema-codegen.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const generatedFile = path.join(root, "src/platform", GENERATED_VALIDATORS);

/** The modules that declare schemas: every source file that calls compileSchema. */
const declaring = globSync("src/**/*.ts", { cwd: root })
  .filter((file) => !file.startsWith(path.join("src", "platform", "schema")))
  .filter((file) => /\bcompileSchema\s*[<(]/.test(readFileSync(path.join(root, file), "utf8")));

let schemas: object[];

describe("platform/schema precompiled validators", () => {
  before(async () => {
    for (const file of declaring) await import(pathToFileURL(path.join(root, file)).href);
    schemas = declaredSchemas();
  });

  test("the modules that declare schemas are found", () => {
    for (const file of ["src/platform/model.ts", "src/governance/policy.ts", "src/assets/load.ts"])
      assert.ok(declaring.includes(file), `${file} declares a schema`);
    assert.ok(
      schemas.length >= declaring.length,
      `${schemas.length} schemas from ${declaring.length} modules`,
    );
  });

  test("the generated file is ajv's code for every declared schema (regenerate after a schema change)", (t) => {
    t.assert.fileSnapshot(validatorsSource(schemas), generatedFile, { serializers: [(source) => source] });
  });

  test("every declared schema has its precompiled validator", () => {
    const generated = createRequire(import.meta.url)(generatedFile) as Record<string, unknown>;
    for (const schema of schemas) {
      const key = schemaKey(schema);
      assert.equal(typeof generated[key], "function", `${key}: ${JSON.stringify(schema).slice(0, 80)}`);
    }
  });

  test("a schema without precompiled code is compiled on first use and checks the same", () => {
    const validate = compileSchema<{ at: string }>({
      type: "object",
      required: ["at"],
      properties: { at: { type: "string", format: "date-time" } },
      additionalProperties: false,
    });
    assert.equal(validate({ at: "2026-11-28T12:00:00Z" }), true);
    assert.equal(validate({ at: "noon", extra: 1 }), false);
    assert.deepEqual(describeSchemaErrors(validate.errors), [
      "extra: unknown key",
      'at: must match format "date-time"',
    ]);
    assert.equal(validate({}), false);
    assert.deepEqual(describeSchemaErrors(validate.errors), ["at: missing (required)"]);
  });
});
