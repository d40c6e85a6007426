/**
 * @module emulator/loki-snapshot
 * The text LokiJS's `db.serialize()` returns, made without re-serializing every document for every save. The
 * blob front end saves Azurite's databases before it acknowledges a write, and the whole database's JSON (a
 * megabyte after a hundred promotions) per write was most of a write's cost.
 */

/** The part of a Loki database this module reads. */
export interface SerializableLoki {
  serializeReplacer(key: string, value: unknown): unknown;
}

/** Each stored document's JSON, kept while the document (same object, same Loki revision) is unchanged. */
const documentJson = new WeakMap<object, { revision: number; json: string }>();

/**
 * Byte-identical to `db.serialize()` (the "normal" method). Loki bumps a document's `meta.revision` on every
 * update and makes a new object on insert, so a document's JSON is reused only while both stay the same; each
 * collection's `data` goes in as the join of its documents' JSON.
 */
export function serializeLoki(db: SerializableLoki): string {
  const nonce = Math.random().toString(36).slice(2);
  const arrays: string[] = [];
  const text = JSON.stringify(db, function (this: unknown, key: string, value: unknown) {
    const kept = db.serializeReplacer(key, value);
    if (key !== "data" || !Array.isArray(kept) || !isCollection(this)) return kept;
    arrays.push(`[${kept.map((doc: unknown) => documentText(db, doc)).join(",")}]`);
    return `\u0000${nonce}:${arrays.length - 1}`;
  });
  return arrays.reduce(
    (joined, array, index) => joined.replace(`"\\u0000${nonce}:${index}"`, () => array),
    text,
  );
}

function isCollection(holder: unknown): boolean {
  return typeof holder === "object" && holder !== null && "binaryIndices" in holder && "idIndex" in holder;
}

function documentText(db: SerializableLoki, doc: unknown): string {
  const revision = (doc as { meta?: { revision?: unknown } } | null)?.meta?.revision;
  if (typeof doc !== "object" || doc === null || typeof revision !== "number")
    return JSON.stringify(doc, db.serializeReplacer) ?? "null";
  const known = documentJson.get(doc);
  if (known?.revision === revision) return known.json;
  const json = JSON.stringify(doc, db.serializeReplacer);
  documentJson.set(doc, { revision, json });
  return json;
}
