/**
 * The import rules of .dependency-cruiser.ts hold for src/, and they catch what they are for: a circle
 * (type-only included), a lower layer importing a higher one, the emulator importing Airlock code, and a
 * folder no layer names. Each violation is seeded into a temporary copy of the real src/.
 */
import assert from "node:assert/strict";
import { appendFile, cp, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { cruise, type ICruiseResult } from "dependency-cruiser";
import config, { EMULATOR, LAYERS } from "../../.dependency-cruiser.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Every violation found cruising `entries` (and what they import) under `baseDir`, one line each. */
async function violationsIn(baseDir: string, entries: string[]): Promise<string[]> {
  const { output } = await cruise(entries, {
    ...config.options,
    ruleSet: { forbidden: config.forbidden },
    validate: true,
    baseDir,
  });
  const result = output as ICruiseResult;
  return result.summary.violations.map((v) =>
    v.cycle
      ? `${v.rule.name}: ${[v.from, ...v.cycle.map((step) => step.name)].join(" → ")}`
      : `${v.rule.name}: ${v.from} → ${v.to}`,
  );
}

describe("import layers (dependency-cruiser)", () => {
  test("the real tree keeps every rule", async () => {
    const violations = await violationsIn(ROOT, ["src"]);
    assert.deepEqual(violations, [], `import rule violations:\n  ${violations.join("\n  ")}`);
  });

  describe("a copy of src/ with one violation of each kind seeded", () => {
    let copy: string;
    let violations: string[];
    const has = (expected: string) => assert.ok(violations.includes(expected), violations.join("\n"));

    before(async () => {
      copy = await mkdtemp(path.join(tmpdir(), "airlock-layers-"));
      const src = path.join(copy, "src");
      await cp(path.join(ROOT, "src"), src, { recursive: true });
      // The type-only circle src/emulator had (context ↔ router).
      await appendFile(
        path.join(src, "emulator/context.ts"),
        '\nimport type { Router } from "./router.ts";\n',
      );
      await appendFile(path.join(src, "arm/errors.ts"), '\nimport "../governance/ledger.ts";\n');
      await appendFile(path.join(src, "emulator/lro.ts"), '\nimport "../assets/index.ts";\n');
      await appendFile(path.join(src, "promotion/blobs.ts"), '\nimport "../emulator/principals.ts";\n');
      await mkdir(path.join(src, "stray"));
      await writeFile(path.join(src, "stray/a.ts"), 'import "../errors.ts";\nexport const a = 1;\n');
      await appendFile(path.join(src, "cli/output.ts"), '\nimport "../stray/a.ts";\n');
      // Only the seeded modules and what they reach: the rest is the real tree, checked above.
      violations = await violationsIn(copy, [
        "src/emulator/context.ts",
        "src/arm/errors.ts",
        "src/emulator/lro.ts",
        "src/promotion/blobs.ts",
        "src/stray",
        "src/cli/output.ts",
      ]);
    });
    after(async () => {
      await rm(copy, { recursive: true, force: true });
    });

    test("a type-only import circle fails", () => {
      assert.ok(
        violations.some((v) =>
          /^no-circular: src\/emulator\/(context|router)\.ts → src\/emulator\/(router|context)\.ts/.test(v),
        ),
        violations.join("\n"),
      );
    });

    test("a lower layer importing a higher one fails", () => {
      has("layer-arm: src/arm/errors.ts → src/governance/ledger.ts");
    });

    test("the emulator importing Airlock code fails", () => {
      has("emulator-imports-only-platform: src/emulator/lro.ts → src/assets/index.ts");
    });

    test("library code importing the emulator fails", () => {
      has("emulator-imported-only-by-applications: src/promotion/blobs.ts → src/emulator/principals.ts");
    });

    test("a folder no layer names fails, both as importer and as imported", () => {
      has("every-module-in-a-layer: src/stray/a.ts → src/errors.ts");
      has("every-import-in-a-layer: src/cli/output.ts → src/stray/a.ts");
    });
  });

  test("every folder and top-level module of src/ belongs to exactly one layer", async () => {
    const entries = await readdir(path.join(ROOT, "src"), { withFileTypes: true });
    const layered = [...LAYERS, EMULATOR].flatMap((layer) => layer.paths);
    for (const entry of entries) {
      const key = entry.isDirectory() ? `src/${entry.name}/` : `src/${entry.name}`;
      const count = layered.filter((p) => p === key).length;
      assert.equal(count, 1, `${key} is named by ${count} layers in .dependency-cruiser.ts`);
    }
  });
});
