/**
 * @module emulator/lro
 * Long-running operations the way @azure/core-lro expects them. Realistic mode: PUTs answer 201 with
 * `Azure-AsyncOperation` (status URL → `{"status":"InProgress"}` … `"Succeeded"`/`"Failed"`), DELETEs and
 * POST actions answer 202 with `Location` (202 while running, then 200 — never 204), all with
 * `Retry-After`. Fast mode does the work before the response; its 201s still carry `Azure-AsyncOperation`
 * (an operation that has already succeeded), as the spec declares, and its DELETEs answer 200.
 * The pacing (`Retry-After` and how long an operation runs at least) is an option: Azure-like by default
 * (`airlock local up --lro realistic`, the bench), short in tests so they do not wait out whole seconds.
 */
import { randomUUID } from "node:crypto";
import { ML_API_VERSION } from "../contract/versions.ts";
import { ArmError } from "./arm-errors.ts";
import type { LroPacing, Reply, TwinOperations } from "./context.ts";
import type { TwinStore } from "./store.ts";

/**
 * Azure-like pacing: ARM answers `Retry-After` in whole seconds — the 2024-10-01 spec declares 10–600 on
 * every 202 — and operations take a while.
 */
export const REALISTIC_PACING: LroPacing = { minDurationMs: 400, retryAfterSeconds: 10 };

export interface StoredError {
  status: number;
  code: string;
  message: string;
}

export class Operations implements TwinOperations {
  private readonly store: TwinStore;
  private readonly base: () => string;
  private readonly pending = new Set<Promise<unknown>>();
  private readonly pacing: LroPacing;

  constructor(store: TwinStore, base: () => string, pacing: LroPacing = REALISTIC_PACING) {
    this.store = store;
    this.base = base;
    this.pacing = pacing;
  }

  /** An operation that completes by itself after the realistic delay (the write is already done). */
  startTimed(owner: string): string {
    const id = randomUUID();
    this.store.insertOperation(id, owner, Date.now() + this.pacing.minDurationMs);
    return id;
  }

  /**
   * An operation that has already succeeded: fast mode's long-running PUTs still answer the spec's 201 with
   * `Azure-AsyncOperation`, and the first poll finds it done.
   */
  finished(owner: string): string {
    const id = randomUUID();
    this.store.insertOperation(id, owner, Date.now());
    return id;
  }

  /** An operation that completes when `work` settles (and not before the realistic delay). */
  startWork(owner: string, work: () => Promise<unknown>): string {
    const id = randomUUID();
    this.store.insertOperation(id, owner, 0);
    const delay = new Promise((resolve) => setTimeout(resolve, this.pacing.minDurationMs));
    const done = Promise.all([work(), delay]).then(
      ([result]) =>
        this.store.finishOperation(
          id,
          "Succeeded",
          null,
          result === undefined ? null : JSON.stringify(result),
        ),
      (error: unknown) =>
        this.store.finishOperation(id, "Failed", JSON.stringify(toStoredError(error)), null),
    );
    this.pending.add(done);
    void done.finally(() => this.pending.delete(done));
    return id;
  }

  /** Waits for running work (used on close so nothing writes to a closed store). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  private url(
    kind: "mfeOperationsStatus" | "mfeOperationResults",
    id: string,
    subscriptionId: string,
    location: string,
  ) {
    return `${this.base()}/subscriptions/${subscriptionId}/providers/Microsoft.MachineLearningServices/locations/${location}/${kind}/${id}?api-version=${ML_API_VERSION}`;
  }

  asyncOperationHeaders(id: string, subscriptionId: string, location: string): Record<string, string> {
    return {
      "azure-asyncoperation": this.url("mfeOperationsStatus", id, subscriptionId, location),
      "x-ms-async-operation-timeout": "PT1H",
      "retry-after": this.retryAfter(),
    };
  }

  locationHeaders(id: string, subscriptionId: string, location: string): Record<string, string> {
    return {
      location: this.url("mfeOperationResults", id, subscriptionId, location),
      "x-ms-async-operation-timeout": "PT1H",
      "retry-after": this.retryAfter(),
    };
  }

  private retryAfter(): string {
    return String(this.pacing.retryAfterSeconds);
  }

  private current(id: string, owner: string) {
    const op = this.store.getOperation(id);
    // Operations are private to whoever started them (as ARM scopes them to the caller).
    if (!op || op.owner !== owner) {
      throw new ArmError(404, "NotFound", `The operation '${id}' was not found.`);
    }
    if (op.status === "InProgress" && op.ready_at > 0 && Date.now() >= op.ready_at) {
      this.store.finishOperation(id, "Succeeded", null, null);
      return this.store.getOperation(id)!;
    }
    return op;
  }

  /** GET on an Azure-AsyncOperation URL. */
  status(id: string, owner: string): Reply {
    const op = this.current(id, owner);
    const body: Record<string, unknown> = { id, name: id, status: op.status, startTime: op.started_at };
    if (op.ended_at) body.endTime = op.ended_at;
    body.percentComplete = op.status === "InProgress" ? 50 : 100;
    if (op.error) {
      const error = JSON.parse(op.error) as StoredError;
      body.error = { code: error.code, message: error.message };
    }
    return {
      status: 200,
      body,
      headers: op.status === "InProgress" ? { "retry-after": this.retryAfter() } : {},
    };
  }

  /** GET on a Location URL: 202 while running, then 200 (result or empty) or the failure's status. */
  result(id: string, owner: string, selfUrl: string): Reply {
    const op = this.current(id, owner);
    if (op.status === "InProgress")
      return { status: 202, headers: { location: selfUrl, "retry-after": this.retryAfter() } };
    if (op.error) {
      const error = JSON.parse(op.error) as StoredError;
      throw new ArmError(error.status, error.code, error.message);
    }
    return op.result ? { status: 200, body: op.result } : { status: 200 };
  }
}

export function toStoredError(error: unknown): StoredError {
  if (error instanceof ArmError) return { status: error.status, code: error.code, message: error.message };
  const candidate = error as { code?: unknown; message?: unknown };
  return {
    status: 400,
    code: typeof candidate?.code === "string" ? candidate.code : "OperationFailed",
    message: typeof candidate?.message === "string" ? candidate.message : String(error),
  };
}
