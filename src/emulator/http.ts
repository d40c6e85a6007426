/**
 * @module emulator/http
 * Small request/response helpers for the twin's node:http server: bounded body reading, JSON parsing
 * into ARM errors, and JSON responses carrying the ARM request-id headers.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { ArmError } from "./arm-errors.ts";

/** ARM refuses request bodies above 4 MB; the twin does the same. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** Reads the whole body, refusing (413) anything larger than `limit` without buffering it. */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? "NaN");
  if (declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let overflow = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) overflow = true;
      else chunks.push(chunk);
    });
    req.on("end", () => (overflow ? reject(tooLarge(limit)) : resolve(Buffer.concat(chunks, size))));
    req.on("error", reject);
  });
}

const tooLarge = (limit: number) =>
  new ArmError(
    413,
    "RequestEntityTooLarge",
    `The request content size exceeds the maximum allowed size of ${limit} bytes.`,
  );

/** Parses a JSON object body; anything else is a 400 ARM error. An empty body is `{}`. */
export function parseJsonObject(raw: Buffer): Record<string, unknown> {
  if (raw.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(raw.toString("utf8"));
  } catch (error) {
    throw new ArmError(
      400,
      "InvalidRequestContent",
      `The request content was invalid and could not be deserialized: '${(error as Error).message}'.`,
    );
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new ArmError(400, "InvalidRequestContent", "The request content must be a JSON object.");
  }
  return value as Record<string, unknown>;
}

export function requestIds(req: IncomingMessage): Record<string, string> {
  const requestId = randomUUID();
  const correlation = req.headers["x-ms-correlation-request-id"];
  const clientRequestId = req.headers["x-ms-client-request-id"];
  const ids: Record<string, string> = {
    "x-ms-request-id": requestId,
    "x-ms-correlation-request-id": typeof correlation === "string" ? correlation : requestId,
  };
  if (typeof clientRequestId === "string") ids["x-ms-client-request-id"] = clientRequestId;
  return ids;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: string | undefined,
  headers: Record<string, string> = {},
): void {
  if (body === undefined) {
    res.writeHead(status, { ...headers, "content-length": "0" });
    res.end();
    return;
  }
  res.writeHead(status, {
    ...headers,
    "content-type": "application/json; charset=utf-8",
    "content-length": String(Buffer.byteLength(body)),
  });
  res.end(body);
}

export function sendError(res: ServerResponse, error: ArmError, headers: Record<string, string> = {}): void {
  sendJson(res, error.status, error.toBody(), { ...headers, ...error.headers });
}
