/**
 * @module emulator/internal
 * The twin's own routes, outside ARM and without auth (loopback only): `GET /_twin/health`,
 * `GET /_twin/discovery` (what a workspace's discoveryUrl points at) and test fault injection
 * (`POST|DELETE /_twin/faults`): the next `count` requests matching a method and a path fragment fail
 * with the given status (429/500/503) and optional Retry-After.
 */
import type { IncomingMessage } from "node:http";
import { ArmError, armErrorBody } from "./arm-errors.ts";
import type { Reply, TwinRuntime } from "./context.ts";
import { parseJsonObject, readBody } from "./http.ts";

interface Fault {
  method?: string;
  pathContains?: string;
  status: number;
  count: number;
  retryAfterSeconds?: number;
}

const FAULT_CODES: Record<number, string> = {
  429: "TooManyRequests",
  500: "InternalServerError",
  503: "ServiceUnavailable",
};

export class FaultInjector {
  private faults: Fault[] = [];

  add(fault: Fault): void {
    this.faults.push(fault);
  }

  clear(): void {
    this.faults = [];
  }

  /** The reply of the first matching armed fault (consuming one of its shots), if any. */
  take(method: string, path: string): Reply | undefined {
    if (this.faults.length === 0) return undefined;
    const fault = this.faults.find(
      (f) =>
        f.count > 0 &&
        (!f.method || f.method.toUpperCase() === method) &&
        (!f.pathContains || path.includes(f.pathContains)),
    );
    if (!fault) return undefined;
    fault.count -= 1;
    this.faults = this.faults.filter((f) => f.count > 0);
    const headers: Record<string, string> = {};
    if (fault.retryAfterSeconds !== undefined) headers["retry-after"] = String(fault.retryAfterSeconds);
    return {
      status: fault.status,
      body: armErrorBody(
        FAULT_CODES[fault.status] ?? "InjectedFault",
        `Injected fault (${fault.status}) for testing.`,
      ),
      headers,
    };
  }
}

export async function handleTwinRoute(
  twin: TwinRuntime,
  faults: FaultInjector,
  req: IncomingMessage,
  path: string,
): Promise<Reply> {
  if (path === "/_twin/health" && req.method === "GET") {
    return {
      status: 200,
      body: {
        status: "ok",
        armEndpoint: twin.armEndpoint,
        blobBaseUrl: twin.storage.baseUrl,
        subscriptionId: twin.catalog.subscriptionId,
        lroMode: twin.lroMode,
        stateDir: twin.stateDir,
        pid: process.pid,
      },
    };
  }
  if (path === "/_twin/discovery" && req.method === "GET") {
    return {
      status: 200,
      body: {
        api: twin.armEndpoint,
        catalog: twin.armEndpoint,
        experimentation: twin.armEndpoint,
        history: twin.armEndpoint,
      },
    };
  }
  if (path === "/_twin/faults") {
    if (req.method === "DELETE") {
      faults.clear();
      return { status: 204 };
    }
    if (req.method === "POST") {
      const body = parseJsonObject(await readBody(req));
      const status = body.status;
      const count = body.count ?? 1;
      if (status !== 429 && status !== 500 && status !== 503)
        throw new ArmError(400, "InvalidFault", "status must be 429, 500 or 503");
      if (typeof count !== "number" || !Number.isInteger(count) || count < 1)
        throw new ArmError(400, "InvalidFault", "count must be a positive integer");
      const fault: Fault = { status, count };
      if (typeof body.method === "string") fault.method = body.method;
      if (typeof body.pathContains === "string") fault.pathContains = body.pathContains;
      if (typeof body.retryAfterSeconds === "number") fault.retryAfterSeconds = body.retryAfterSeconds;
      faults.add(fault);
      return { status: 201, body: fault };
    }
  }
  throw new ArmError(404, "NotFound", `No twin route ${req.method} ${path}.`);
}
