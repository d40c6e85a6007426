/**
 * @module promotion/workflow
 * Promotions are durable workflows: an ordered list of steps, each idempotent (it first looks for its effect
 * in the target and does no work when it is there) and journaled when done. Rerunning a workflow after a
 * crash resumes after the last journaled step (gates excepted: they run every time); rerunning a finished
 * workflow changes nothing. The journal is the shared
 * audit ledger, so a rerun on another machine (a new CI runner) resumes too.
 */
import { InternalError } from "../errors.ts";

/** What a step will create where: one line of a dry run (`--plan`) and of progress output. */
export interface StepDescription {
  id: string;
  title: string;
  /** Where the effect lands, e.g. "prod registry amlregprodcc01". */
  target?: string;
  /** Bytes the step copies (0 when none, undefined when unknown before running). */
  bytes?: number;
  /** Choices the workflow made (strategy, rewritten references, …). */
  notes?: string[];
}

export interface StepResult {
  /** `done` did the work; `skipped` found the effect already in place. */
  status: "done" | "skipped";
  detail?: string;
  /** Values later steps need (ids, URIs); journaled with the step, so never secrets. */
  outputs?: Record<string, string | number | boolean>;
}

export interface WorkflowStep<C> {
  describe(): StepDescription;
  /**
   * Runs on every run, journaled or not: a gate. Resuming never skips it, so a rejection, an expiry or a revoked
   * approver found on a rerun stops the workflow before any later step.
   */
  always?: boolean;
  /**
   * Journal the step when it is done (default true). A step that only reads, or whose effect it finds in place
   * on a rerun at no real cost, need not be: each journal record is a ledger write, a round trip on Azure.
   */
  journal?: boolean;
  run(context: C, outputs: Readonly<Record<string, string | number | boolean>>): Promise<StepResult>;
}

export interface JournalEntry {
  stepId: string;
  status: "done" | "skipped";
  detail?: string;
  outputs?: Record<string, string | number | boolean>;
}

/** Where a workflow records progress. */
export interface WorkflowJournal {
  /** Steps journaled so far, and whether the whole workflow finished (then every step counts as done). */
  completed(workflowId: string): Promise<JournalEntry[]>;
  finished?(workflowId: string): boolean;
  record(workflowId: string, entry: JournalEntry, description: StepDescription): Promise<void>;
}

export interface WorkflowEvents {
  stepStarted?(description: StepDescription, index: number, total: number): void;
  stepFinished?(description: StepDescription, result: StepResult & { resumed: boolean }): void;
}

export interface WorkflowRun {
  workflowId: string;
  steps: Array<StepDescription & { status: "done" | "skipped" | "resumed"; detail?: string }>;
  outputs: Record<string, string | number | boolean>;
  /** True when every step was already journaled: a finished promotion rerun. */
  alreadyComplete: boolean;
}

/**
 * Test hook for crash tests: AIRLOCK_CRASH_AT=<step id>:<before|after> kills the process with SIGKILL at
 * that boundary, as a crashed CI runner would.
 */
export function crashPoint(stepId: string, when: "before" | "after" | "mid"): void {
  const wanted = process.env.AIRLOCK_CRASH_AT;
  if (wanted && wanted === `${stepId}:${when}`) process.kill(process.pid, "SIGKILL");
}

export async function runWorkflow<C>(
  workflowId: string,
  steps: ReadonlyArray<WorkflowStep<C>>,
  context: C,
  journal: WorkflowJournal,
  events: WorkflowEvents = {},
): Promise<WorkflowRun> {
  const ids = new Set<string>();
  for (const step of steps) {
    const { id } = step.describe();
    if (ids.has(id)) throw new InternalError(`workflow ${workflowId} has two steps with id ${id}`);
    ids.add(id);
  }
  const journaled = new Map((await journal.completed(workflowId)).map((entry) => [entry.stepId, entry]));
  if (journal.finished?.(workflowId)) {
    for (const step of steps) {
      const { id } = step.describe();
      if (!journaled.has(id)) journaled.set(id, { stepId: id, status: "done", detail: "done earlier" });
    }
  }
  const outputs: Record<string, string | number | boolean> = {};
  const report: WorkflowRun["steps"] = [];
  let resumedCount = 0;
  for (const [index, step] of steps.entries()) {
    const description = step.describe();
    const previous = journaled.get(description.id);
    if (previous && step.always) {
      events.stepStarted?.(description, index, steps.length);
      const result = await step.run(context, outputs);
      Object.assign(outputs, previous.outputs, result.outputs);
      resumedCount += 1;
      report.push({ ...description, status: "resumed", detail: result.detail });
      events.stepFinished?.(description, { ...result, resumed: true });
      continue;
    }
    if (previous) {
      Object.assign(outputs, previous.outputs);
      resumedCount += 1;
      report.push({ ...description, status: "resumed", detail: previous.detail });
      events.stepFinished?.(description, { ...previous, resumed: true });
      continue;
    }
    events.stepStarted?.(description, index, steps.length);
    crashPoint(description.id, "before");
    const result = await step.run(context, outputs);
    Object.assign(outputs, result.outputs);
    if (step.journal !== false) {
      await journal.record(workflowId, { stepId: description.id, ...result }, description);
    }
    crashPoint(description.id, "after");
    report.push({ ...description, status: result.status, detail: result.detail });
    events.stepFinished?.(description, { ...result, resumed: false });
  }
  return { workflowId, steps: report, outputs, alreadyComplete: resumedCount === steps.length };
}
