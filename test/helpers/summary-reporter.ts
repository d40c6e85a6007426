import module from "node:module";

/**
 * A node:test reporter for test/run-suite.ts. It writes two lines: `summary {json}`, the run's counts (tests,
 * passed, failed, cancelled, skipped, todo), so the runner adds shards up without parsing the spec reporter's
 * text; and `durations {json}`, milliseconds per test file (the suite that stands for it), which the runner keeps to
 * balance the next run's shards.
 *
 * It runs in the shard's process, so it also writes that process's compile cache (NODE_COMPILE_CACHE) to disk
 * as each test file starts rather than only at exit: the `airlock`, daemon and blob-front processes the tests
 * start then find their modules compiled even on a fresh clone, where nothing is cached yet (and the crash
 * tests' SIGKILLed processes never write a cache of their own).
 */
interface ReporterEvent {
  type: string;
  data: {
    file?: string;
    name?: string;
    nesting?: number;
    counts?: Record<string, number>;
    details?: { duration_ms?: number };
  };
}

export default async function* summaryReporter(source: AsyncIterable<ReporterEvent>): AsyncGenerator<string> {
  const durations: Record<string, number> = {};
  for await (const event of source) {
    const { type, data } = event;
    if (type === "test:summary" && data.file === undefined && data.counts) {
      yield `durations ${JSON.stringify(durations)}\n`;
      yield `summary ${JSON.stringify(data.counts)}\n`;
    }
    // Nesting 0 is the suite test/helpers/shard-queue.ts names after a test file.
    if (data.nesting !== 0) continue;
    // A file's suite starts once the file is imported. Cheap when nothing new was compiled.
    if (type === "test:start") module.flushCompileCache?.();
    if ((type === "test:pass" || type === "test:fail") && data.name)
      durations[data.name] = (durations[data.name] ?? 0) + (data.details?.duration_ms ?? 0);
  }
}
