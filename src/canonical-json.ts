/**
 * @module canonical-json
 * Canonical JSON, the one serialization every Airlock hash covers (content digests, ledger records):
 * object keys sorted by Unicode code point at every depth, no whitespace, `undefined` members dropped,
 * strings escaped as JSON.stringify does. For the values Airlock hashes (strings, integers, booleans, null,
 * arrays, plain objects) the output is byte-identical to Python's
 * `json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)`, so anyone can recompute:
 *   hashlib.sha256(json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()).hexdigest()
 */
import { createHash } from "node:crypto";
import { InputError } from "./errors.ts";

/** Canonical JSON text of a JSON value. Throws InputError for values JSON cannot represent faithfully. */
export function canonicalJson(value: unknown): string {
  return write(value, "$");
}

/** `sha256:<hex>` of the canonical JSON of `value`. */
export function sha256Canonical(value: unknown): string {
  return `sha256:${createHash("sha256").update(canonicalJson(value), "utf8").digest("hex")}`;
}

/** Orders strings by Unicode code point (= UTF-8 byte order = Python's str order), not by UTF-16 unit. */
export function compareCodePoints(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

function write(value: unknown, path: string): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
    case "boolean":
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value))
        throw new InputError("CANONICAL_JSON", `${path}: ${value} is not a JSON number`);
      return JSON.stringify(value);
    case "object": {
      if (Array.isArray(value))
        return `[${value.map((item, i) => write(item ?? null, `${path}[${i}]`)).join(",")}]`;
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        throw new InputError("CANONICAL_JSON", `${path}: only plain objects can be hashed`);
      }
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, member]) => member !== undefined)
        .sort(([a], [b]) => compareCodePoints(a, b));
      return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${write(member, `${path}.${key}`)}`).join(",")}}`;
    }
    default:
      throw new InputError("CANONICAL_JSON", `${path}: a ${typeof value} is not a JSON value`);
  }
}
