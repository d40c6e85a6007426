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
  return write(value, []);
}

/** `sha256:<hex>` of the canonical JSON of `value`. */
export function sha256Canonical(value: unknown): string {
  return `sha256:${createHash("sha256").update(canonicalJson(value), "utf8").digest("hex")}`;
}

/** Orders strings by Unicode code point (= UTF-8 byte order = Python's str order), not by UTF-16 unit. */
export function compareCodePoints(a: string, b: string): number {
  // UTF-16 unit order equals code point order except where a surrogate (U+D800–DFFF) meets U+E000–FFFF:
  // only strings holding either need the byte comparison (the hot path of every ledger hash is ASCII keys).
  if (!WIDE.test(a) && !WIDE.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

const WIDE = /[\uD800-\uFFFF]/;

/** Where in the value the writer is: kept as a stack and turned into "$.a[0].b" only for an error message. */
type Path = Array<string | number>;

function where(path: Path): string {
  return path
    .map((part) => (typeof part === "number" ? `[${part}]` : `.${part}`))
    .join("")
    .replace(/^/, "$");
}

function write(value: unknown, path: Path): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
    case "boolean":
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value))
        throw new InputError("CANONICAL_JSON", `${where(path)}: ${value} is not a JSON number`);
      return JSON.stringify(value);
    case "object": {
      if (Array.isArray(value)) {
        let out = "";
        for (let i = 0; i < value.length; i++) {
          path.push(i);
          out += `${i === 0 ? "" : ","}${write(value[i] ?? null, path)}`;
          path.pop();
        }
        return `[${out}]`;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        throw new InputError("CANONICAL_JSON", `${where(path)}: only plain objects can be hashed`);
      }
      const keys = Object.keys(value as Record<string, unknown>).sort(compareCodePoints);
      let out = "";
      for (const key of keys) {
        const member = (value as Record<string, unknown>)[key];
        if (member === undefined) continue;
        path.push(key);
        out += `${out === "" ? "" : ","}${JSON.stringify(key)}:${write(member, path)}`;
        path.pop();
      }
      return `{${out}}`;
    }
    default:
      throw new InputError("CANONICAL_JSON", `${where(path)}: a ${typeof value} is not a JSON value`);
  }
}
