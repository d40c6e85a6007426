/**
 * @module governance/canonical
 * Canonical JSON and the sha256 digest over it, so that a hash over a JSON value does not depend on key order
 * or whitespace. The form is JSON.stringify's with object keys sorted by UTF-16 code units at every depth and
 * no whitespace — the same as RFC 8785 (JCS) for the values Airlock stores (strings, integers, booleans, null,
 * arrays, objects). Recompute elsewhere, e.g. in Python:
 *   hashlib.sha256(json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()).hexdigest()
 */
import { createHash } from "node:crypto";
import { InputError } from "../errors.ts";

/** Canonical JSON text of a JSON value. Throws InputError for values JSON cannot represent faithfully. */
export function canonicalJson(value: unknown): string {
  return write(value, "$");
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
      if (Array.isArray(value)) return `[${value.map((item, i) => write(item, `${path}[${i}]`)).join(",")}]`;
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        throw new InputError("CANONICAL_JSON", `${path}: only plain objects can be hashed`);
      }
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, item]) => item !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${write(item, `${path}.${key}`)}`).join(",")}}`;
    }
    default:
      throw new InputError("CANONICAL_JSON", `${path}: a ${typeof value} is not a JSON value`);
  }
}

/** `sha256:<hex>` of the canonical JSON of `value`. */
export function sha256Canonical(value: unknown): string {
  return `sha256:${createHash("sha256").update(canonicalJson(value), "utf8").digest("hex")}`;
}
