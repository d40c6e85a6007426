/**
 * A node:test reporter for test/run-suite.ts: one line, `summary {json}`, with the run's counts (tests, passed,
 * failed, cancelled, skipped, todo), so the runner adds shards up without parsing the spec reporter's text.
 */
interface SummaryEvent {
  type: string;
  data: { file?: string; counts?: Record<string, number> };
}

export default async function* summaryReporter(source: AsyncIterable<SummaryEvent>): AsyncGenerator<string> {
  for await (const event of source)
    if (event.type === "test:summary" && event.data.file === undefined && event.data.counts)
      yield `summary ${JSON.stringify(event.data.counts)}\n`;
}
