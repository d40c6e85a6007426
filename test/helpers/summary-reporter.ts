/**
 * A node:test reporter for test/run-suite.ts. It writes two lines: `summary {json}`, the run's counts (tests,
 * passed, failed, cancelled, skipped, todo), so the runner adds shards up without parsing the spec reporter's
 * text; and `durations {json}`, milliseconds per test file (the suite that stands for it), which the runner
 * keeps to order the next run's queue.
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
    // The run's own summary: node:test names no file for it under `--test`, and the entry point otherwise.
    if (
      type === "test:summary" &&
      (data.file === undefined || data.file === process.argv[1]) &&
      data.counts
    ) {
      yield `durations ${JSON.stringify(durations)}\n`;
      yield `summary ${JSON.stringify(data.counts)}\n`;
    }
    // Nesting 0 is the suite test/helpers/shard-queue.ts names after a test file.
    if ((type === "test:pass" || type === "test:fail") && data.nesting === 0 && data.name)
      durations[data.name] = (durations[data.name] ?? 0) + (data.details?.duration_ms ?? 0);
  }
}
