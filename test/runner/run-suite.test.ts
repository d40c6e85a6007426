/**
 * test/run-suite.ts runs many files in one shard process and tracks which test async work belongs to without
 * node:test's async hook (test/helpers/test-scope.ts). Two fixture files, run in one shard, show that what the
 * hook did still holds: a file's tests nest in that file's suite, and a throw from a timer or an unhandled
 * rejection fails the test it came from (not a neighbour, not nothing), with the run failing.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import path from "node:path";
import { test } from "node:test";

const ROOT = path.resolve(import.meta.dirname, "../..");
const FIRST = "test/runner/first-file-fixture.ts";
const SECOND = "test/runner/second-file-fixture.ts";

test("failures land on the test that caused them, each file's tests nest in its own suite, and the run fails", async () => {
  const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
    execFile(
      process.execPath,
      ["test/run-suite.ts", FIRST, SECOND],
      // Without NODE_TEST_CONTEXT, which `node --test` sets for its children: the shard must report as a run of its own.
      { cwd: ROOT, env: { ...process.env, NODE_TEST_CONTEXT: undefined, AIRLOCK_TEST_SHARDS: "1" } },
      (error, stdout) => resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout }),
    );
  });
  assert.equal(code, 1, stdout);
  // The spec reporter's report, up to its list of failures: one line per test, indented two spaces a level.
  const report = stdout.slice(0, stdout.indexOf("✖ failing tests:")).split("\n");
  for (const expected of [
    `✖ ${FIRST}`,
    "  ✖ first file's suite",
    "    ✔ passes after awaiting",
    "    ✖ throws from a timer after its own await",
    "    ✖ leaves a rejection unhandled",
    "    ✖ declares subtests after an await",
    "      ✔ a subtest that passes",
    "      ✖ a subtest that fails",
    `✔ ${SECOND}`,
    "  ✔ a top-level test of the second file",
  ])
    assert.ok(
      report.some((l) => l.startsWith(`${expected} (`)),
      `no line "${expected} (…)" in:\n${report.join("\n")}`,
    );
  const failures = stdout.slice(stdout.indexOf("✖ failing tests:"));
  for (const [name, message] of [
    ["throws from a timer after its own await", "late throw"],
    ["leaves a rejection unhandled", "unhandled rejection"],
    ["a subtest that fails", "subtest failure"],
  ] as const) {
    const at = failures.indexOf(`✖ ${name}`);
    assert.ok(
      at >= 0 && failures.indexOf(message, at) > at,
      `${name} does not fail with "${message}":\n${failures}`,
    );
  }
  assert.match(stdout, /2 files in 1 shards, [\d.]+ s: 7 tests, 3 passed, 4 failed/);
});
