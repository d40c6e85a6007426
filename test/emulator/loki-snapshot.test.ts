/**
 * The blob front end's saves: serializeLoki must write exactly what LokiJS's own serialize() writes, after any
 * mix of inserts, in-place updates, replaced documents and removals — a reused document JSON that went stale
 * would be a write lost on the next restart.
 */
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { describe, test } from "node:test";
import { serializeLoki } from "../../src/emulator/loki-snapshot.ts";

// LokiJS as Azurite loads it (it is Azurite's dependency, not ours).
const requireFromAzurite = createRequire(createRequire(import.meta.url).resolve("azurite/package.json"));
interface Doc {
  name: string;
  properties: Record<string, unknown>;
  ttl?: number;
  $loki?: number;
}
interface Collection {
  insert(doc: Doc): Doc;
  update(doc: Doc): Doc;
  remove(doc: Doc): void;
  findOne(query: Partial<Doc>): Doc | null;
  data: Doc[];
}
interface Database {
  addCollection(name: string, options?: object): Collection;
  serialize(): string;
  serializeReplacer(key: string, value: unknown): unknown;
}
const Loki = requireFromAzurite("lokijs") as new (file: string) => Database;

describe("emulator/loki-snapshot", () => {
  test("byte-identical to db.serialize() through inserts, in-place updates, replacements and removals", () => {
    const db = new Loki("snapshot.json");
    const blobs = db.addCollection("$BLOBS_COLLECTION$", { indices: ["name"] });
    const extents = db.addCollection("$EXTENTS_COLLECTION$");
    // Keys Loki's replacer blanks (ttl) and strings that look like the splice marks must come out as Loki's.
    for (let i = 0; i < 100; i++)
      blobs.insert({
        name: `blob-${i}`,
        properties: { size: i, odd: 'NUL \u0000 quote " \\u0000x:0' },
        ttl: 5,
      });
    assert.equal(serializeLoki(db), db.serialize());

    for (let round = 0; round < 40; round++) {
      const inPlace = blobs.findOne({ name: `blob-${(round * 7) % 100}` });
      if (inPlace) {
        inPlace.properties.size = 1000 + round;
        blobs.update(inPlace);
      }
      const replaced = blobs.findOne({ name: `blob-${(round * 11) % 100}` });
      if (replaced) blobs.update({ ...replaced, properties: { ...replaced.properties, replacedIn: round } });
      if (round % 3 === 0) blobs.remove(blobs.data[round % blobs.data.length]!);
      if (round % 4 === 0) extents.insert({ name: `extent-${round}`, properties: {} });
      assert.equal(serializeLoki(db), db.serialize(), `after round ${round}`);
    }
  });
});
