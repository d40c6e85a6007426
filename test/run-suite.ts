/**
 * Runs every test file (`test/**\/*.test.ts`) the fast way: a few shard processes, each running many files in
 * one process (as `--test-isolation=none` would), instead of one process per file. Module loading is paid once
 * per shard rather than 92 times, and two shards more than cores keep the CPUs busy while shards wait on a
 * child process, a socket or a timer (on 2 cores, 4 shards took 47–52 s where 3 took 49–59 s, run in turns).
 * The shards take files from one queue, costliest first (test/helpers/shard-queue.ts), so they finish
 * together. Each shard's report is printed whole when it ends, then the totals. The shards track which test
 * async work belongs to without node:test's async hook (test/helpers/test-scope.ts).
 *
 *   node test/run-suite.ts [file ...]      (default: every test file)
 *   node test/run-suite.ts --checks        also type-check (tsc) and lint (biome) alongside the shards: `npm test`
 *   node test/run-suite.ts --save-durations   also rewrite test/durations.json from this run
 *   AIRLOCK_TEST_SHARDS=N                  shard count (default: available cores + 2)
 *
 * A test file must leave no state behind that another file could trip over (environment, cwd, listeners):
 * shards mix files. `node --test <file>` still runs one file alone, in its own process.
 */
import { spawn } from "node:child_process";
import {
  existsSync,
  globSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const SUMMARY = "summary ";
const DURATIONS = "durations ";
const DURATIONS_FILE = path.join(root, "node_modules", ".cache", "airlock", "test-durations.json");
const COMMITTED_DURATIONS = path.join(root, "test", "durations.json");

interface ShardResult {
  index: number;
  files: number;
  code: number | null;
  output: string;
  seconds: number;
  counts?: Record<string, number>;
  /** Milliseconds per file (repository-relative path). */
  durations: Record<string, number>;
}

function testFiles(args: string[]): string[] {
  if (args.length > 0) return args.map((file) => path.relative(root, path.resolve(file)));
  return globSync("test/**/*.test.ts", { cwd: root }).sort();
}

/**
 * Files that share a costly one-time load run in one shard, so it is paid once: test/infra/ parses HCL with
 * Terraform's parser compiled to WebAssembly (~1.2 CPU-s to load and compile per process).
 */
const SAME_SHARD = ["test/infra/"];

/**
 * The queue the shards take units from (test/helpers/shard-queue.ts), costliest first so that the units left at
 * the end, when shards finish, are the small ones. A unit is one file, or the files of a SAME_SHARD folder. A
 * file's cost is its duration last run; a file without one (all of them on a fresh clone without
 * test/durations.json) costs its size times the suite's milliseconds per byte, or its size alone.
 */
function queue(files: string[]): string[][] {
  const known = previousDurations();
  const size = (file: string) => statSync(path.resolve(root, file), { throwIfNoEntry: false })?.size ?? 0;
  let knownMs = 0;
  let knownBytes = 0;
  for (const file of files) {
    const ms = known[file];
    if (ms === undefined) continue;
    knownMs += ms;
    knownBytes += size(file);
  }
  const msPerByte = knownBytes > 0 ? knownMs / knownBytes : 1;
  const units = new Map<string, { files: string[]; cost: number }>();
  for (const file of files) {
    const key = SAME_SHARD.find((folder) => file.startsWith(folder)) ?? file;
    const unit = units.get(key) ?? { files: [], cost: 0 };
    unit.files.push(file);
    unit.cost += known[file] ?? size(file) * msPerByte;
    units.set(key, unit);
  }
  return [...units.values()].sort((a, b) => b.cost - a.cost).map((unit) => unit.files);
}

function readDurations(file: string): Record<string, number> {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Record<string, number>;
  } catch {
    return {};
  }
}

function previousDurations(): Record<string, number> {
  return { ...readDurations(COMMITTED_DURATIONS), ...readDurations(DURATIONS_FILE) };
}

function saveDurations(results: ShardResult[], commit: boolean): void {
  // The suite's test files only: a run of other files (test/runner/'s fixtures, a file elsewhere) leaves no
  // trace, and a file that is gone drops out.
  const suite = new Set(testFiles([]));
  const merged: Record<string, number> = {};
  for (const durations of [readDurations(DURATIONS_FILE), ...results.map((result) => result.durations)])
    for (const [file, ms] of Object.entries(durations)) if (suite.has(file)) merged[file] = ms;
  if (commit) {
    const kept = Object.keys(merged)
      .sort()
      .map((file) => [file, Math.round(merged[file]!)]);
    writeFileSync(COMMITTED_DURATIONS, `${JSON.stringify(Object.fromEntries(kept), null, 2)}\n`);
  }
  try {
    mkdirSync(path.dirname(DURATIONS_FILE), { recursive: true });
    const temp = `${DURATIONS_FILE}.${process.pid}`;
    writeFileSync(temp, `${JSON.stringify(merged, null, 2)}\n`);
    renameSync(temp, DURATIONS_FILE);
  } catch {
    // Only a hint for ordering the next run's queue: a read-only checkout runs as well without it.
  }
}

interface CheckResult {
  name: string;
  code: number | null;
  output: string;
  seconds: number;
}

/**
 * The static checks `npm test` runs besides the tests. They run alongside the shards rather than before them,
 * and on one thread each: the shards keep every core busy, so more threads would only add their overhead
 * (about a third of tsc's CPU time, a sixth of biome's).
 */
const CHECKS: ReadonlyArray<{ name: string; bin: string; args: string[]; env?: NodeJS.ProcessEnv }> = [
  { name: "tsc --noEmit -p .", bin: "tsc", args: ["--noEmit", "-p", ".", "--singleThreaded"] },
  { name: "biome check .", bin: "biome", args: ["check", "."], env: { RAYON_NUM_THREADS: "1" } },
];

/** Runs a command to its end: its exit code, stdout and stderr (a failure to start is its stderr). */
function run(
  command: string,
  args: string[],
  env?: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(command, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve) => {
    child.on("error", (error) => {
      stderr += `${error.message}\n`;
    });
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

async function runCheck(check: (typeof CHECKS)[number]): Promise<CheckResult> {
  const started = performance.now();
  const { code, stdout, stderr } = await run(path.join(root, "node_modules", ".bin", check.bin), check.args, {
    ...process.env,
    ...check.env,
  });
  return { name: check.name, code, output: stdout + stderr, seconds: (performance.now() - started) / 1000 };
}

/**
 * The shards' compile cache (and their children's), in this checkout's node_modules: it goes with the
 * checkout, where the user's own cache (src/user-cache.js) would keep every clone's ~2,000 entries for good.
 */
const COMPILE_CACHE =
  process.env.NODE_COMPILE_CACHE ?? path.join(root, "node_modules", ".cache", "airlock", "compile-cache");

async function runShard(index: number, queueFile: string): Promise<ShardResult> {
  const started = performance.now();
  const { code, stdout, stderr } = await run(
    process.execPath,
    [
      // Not `--test`: that loads node:test before any --import, and test-scope.ts has to come first.
      "--import",
      fileURLToPath(new URL("./helpers/test-scope.ts", import.meta.url)),
      "--test-reporter=spec",
      "--test-reporter-destination=stdout",
      `--test-reporter=${fileURLToPath(new URL("./helpers/summary-reporter.ts", import.meta.url))}`,
      "--test-reporter-destination=stderr",
      fileURLToPath(new URL("./helpers/shard-queue.ts", import.meta.url)),
    ],
    {
      ...process.env,
      AIRLOCK_TEST_QUEUE: queueFile,
      NODE_COMPILE_CACHE: COMPILE_CACHE,
    },
  );
  let counts: Record<string, number> | undefined;
  const durations: Record<string, number> = {};
  const kept: string[] = [];
  for (const line of stderr.split("\n")) {
    if (line.startsWith(SUMMARY)) counts = JSON.parse(line.slice(SUMMARY.length)) as Record<string, number>;
    else if (line.startsWith(DURATIONS))
      Object.assign(durations, JSON.parse(line.slice(DURATIONS.length)) as Record<string, number>);
    else if (line) kept.push(line);
  }
  return {
    index,
    files: Object.keys(durations).length,
    code,
    output: stdout + (kept.length > 0 ? `${kept.join("\n")}\n` : ""),
    seconds: (performance.now() - started) / 1000,
    durations,
    ...(counts ? { counts } : {}),
  };
}

/** Resolves once `file` exists, or after `timeoutMs`. */
async function untilExists(file: string, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!existsSync(file) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const files = testFiles(args.filter((arg) => arg !== "--save-durations" && arg !== "--checks"));
  const requested = Number(process.env.AIRLOCK_TEST_SHARDS);
  const shards = Number.isInteger(requested) && requested > 0 ? requested : availableParallelism() + 2;
  const units = queue(files);
  const shardCount = Math.min(shards, units.length);
  const queueDir = mkdtempSync(path.join(tmpdir(), "airlock-test-queue-"));
  const queueFile = path.join(queueDir, "units.json");
  writeFileSync(queueFile, JSON.stringify(units));
  mkdirSync(`${queueFile}.claims`);
  const started = performance.now();
  const checks = Promise.all((args.includes("--checks") ? CHECKS : []).map(runCheck));
  const shard = (index: number) =>
    runShard(index, queueFile).then((result) => {
      process.stdout.write(
        `\n── shard ${result.index}/${shardCount}: ${result.files} files, ${result.seconds.toFixed(1)} s ──\n${result.output}`,
      );
      return result;
    });
  // The other shards start once the first has imported its first file and written what it compiled to the
  // compile cache: on a fresh clone they then load most shared modules compiled instead of compiling them
  // too. Meanwhile the first shard and the checks keep the cores busy.
  const first = shard(1);
  await Promise.race([first, untilExists(`${queueFile}.warm`, 15_000)]);
  const others = Array.from({ length: shardCount - 1 }, (_, i) => shard(i + 2));
  const results = await Promise.all([first, ...others]);
  rmSync(queueDir, { recursive: true, force: true });
  const checked = await checks;
  for (const check of checked)
    process.stdout.write(
      `\n── ${check.name}: ${check.code === 0 ? "passed" : `failed (exit ${check.code})`}, ${check.seconds.toFixed(1)} s ──\n${check.output}`,
    );
  saveDurations(results, args.includes("--save-durations"));
  const total: Record<string, number> = {};
  for (const result of results)
    for (const [name, value] of Object.entries(result.counts ?? {})) total[name] = (total[name] ?? 0) + value;
  const failedShards = results.filter((r) => r.code !== 0 || !r.counts);
  // Each file runs as a top-level suite named by it (test/helpers/shard-queue.ts). One that ran but is missing
  // here ran nested in another file's suite: the test-to-file bookkeeping (test/helpers/test-scope.ts) broke.
  const reported = new Set(results.flatMap((result) => Object.keys(result.durations)));
  const unreported = failedShards.length === 0 ? files.filter((file) => !reported.has(file)) : [];
  process.stdout.write(
    `\n── ${files.length} files in ${shardCount} shards, ${((performance.now() - started) / 1000).toFixed(1)} s: ` +
      `${total.tests ?? 0} tests, ${total.passed ?? 0} passed, ${total.failed ?? 0} failed, ` +
      `${total.cancelled ?? 0} cancelled, ${total.skipped ?? 0} skipped, ${total.todo ?? 0} todo ──\n`,
  );
  for (const shard of failedShards)
    process.stdout.write(
      `shard ${shard.index} failed (exit ${shard.code}${shard.counts ? "" : ", no summary"}): see its report above\n`,
    );
  if (unreported.length > 0)
    process.stdout.write(
      `not reported as a top-level suite, so nested in another file's suite: ${unreported.join(", ")}\n`,
    );
  const failedChecks = checked.filter((check) => check.code !== 0);
  for (const check of failedChecks) process.stdout.write(`${check.name} failed: see its output above\n`);
  return failedShards.length === 0 && unreported.length === 0 && failedChecks.length === 0 ? 0 : 1;
}

process.exitCode = await main();
