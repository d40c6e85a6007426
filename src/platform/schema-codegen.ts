/**
 * @module platform/schema-codegen
 * The source of validators.generated.cjs (see platform/schema): ajv's standalone code for a set of schemas,
 * one export per schema named by its key, in key order so that the file depends only on the schemas and on
 * ajv's version. Used by the test that keeps the file current; Airlock itself never generates code.
 */
import { createRequire } from "node:module";
import { newAjv, schemaKey } from "./schema.ts";

const require = createRequire(import.meta.url);

export function validatorsSource(schemas: Iterable<object>): string {
  const byKey = new Map<string, object>();
  for (const schema of schemas) byKey.set(schemaKey(schema), schema);
  const keys = [...byKey.keys()].sort();
  // lines: one statement a line, so that a schema change shows as a readable diff.
  const ajv = newAjv({ source: true, lines: true });
  for (const key of keys) ajv.addSchema(byKey.get(key)!, key);
  const { default: standaloneCode } =
    require("ajv/dist/standalone/index.js") as typeof import("ajv/dist/standalone/index.js");
  const { version } = require("ajv/package.json") as { version: string };
  const code = standaloneCode(ajv, Object.fromEntries(keys.map((key) => [key, key])));
  return [
    "// Generated from the schemas Airlock's modules declare with compileSchema (src/platform/schema.ts) by",
    `// ajv ${version}'s standalone code. Do not edit: node --test --test-update-snapshots test/platform/validators.test.ts`,
    code,
    "",
  ].join("\n");
}
