/**
 * The one entry point each shard of test/run-suite.ts runs (`node --import test/helpers/test-scope.ts` on this
 * file: node:test then runs every file it imports in this one process).
 * It takes test files from a queue the shards share, one unit at a time, and runs each as a suite named by the
 * file: a shard that finishes its unit early takes the next one, so the shards end together however far the
 * last run's durations are from this one's.
 *
 * The queue is AIRLOCK_TEST_QUEUE, a JSON file holding the units (lists of repository-relative test files),
 * costliest first. A shard claims unit i by creating the directory `<queue>.claims/i`: mkdir is atomic, so
 * each unit runs in exactly one shard.
 *
 * node:test runs the files' top-level tests when they are imported, under whatever test is running, so each
 * file is imported inside the suite that stands for it. The next file's suite is declared from the current
 * one's `after` hook, in the async scope this module was loaded in: there node:test adds it to the root, which
 * runs it next. (node:test's run() cannot do this: run() twice in one process stops after the first test of
 * the second run, Node 24.)
 */
import { AsyncResource } from "node:async_hooks";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import module from "node:module";
import path from "node:path";
import { after, describe } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";

const queueFile = process.env.AIRLOCK_TEST_QUEUE;
if (!queueFile) throw new Error("AIRLOCK_TEST_QUEUE is not set: run test files with test/run-suite.ts");
const units = JSON.parse(readFileSync(queueFile, "utf8")) as string[][];
const claims = `${queueFile}.claims`;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const atRoot = new AsyncResource("airlock-test-queue");

let unit = 0;
const pending: string[] = [];

function claimNextUnit(): boolean {
  for (; unit < units.length; unit++) {
    try {
      mkdirSync(path.join(claims, String(unit)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") continue;
      throw error;
    }
    pending.push(...units[unit++]!);
    return true;
  }
  return false;
}

/**
 * Writes what this process has compiled so far to the compile cache (NODE_COMPILE_CACHE), as each file is
 * imported rather than only at exit, so that the processes tests start (`airlock`, daemons, blob fronts) and
 * the shards started after this one find their modules compiled, even on a fresh clone where nothing is cached
 * yet (and the crash tests' SIGKILLed processes never write a cache of their own). The first time, it also
 * creates `<queue>.warm`, which the runner waits for before it starts the other shards. Cheap once written:
 * only what was compiled since the last flush is written.
 */
let warm = false;
function shareCompiledModules(): void {
  module.flushCompileCache?.();
  if (!warm) writeFileSync(`${queueFile}.warm`, "");
  warm = true;
}

function runNextFile(): void {
  if (pending.length === 0 && !claimNextUnit()) return;
  const file = pending.shift()!;
  atRoot.runInAsyncScope(() =>
    describe(file, async () => {
      after(runNextFile);
      try {
        await import(pathToFileURL(path.resolve(root, file)).href);
      } finally {
        shareCompiledModules();
      }
    }),
  );
}

runNextFile();
