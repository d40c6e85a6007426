/**
 * @module arm/errors
 * ArmError: one typed error for every failed ARM call (an ARM error body, a failed or canceled long-running
 * operation, an unreachable endpoint). It joins the AirlockError family so the CLI maps it to an exit status
 * by HTTP status. Messages pass through governance `redactText` so tokens, keys and SAS signatures never leak
 * into errors or logs.
 */
import { AirlockError, ExitCode } from "../errors.ts";
import { redactText } from "../redact.ts";
import type { ArmErrorDetail } from "./types.ts";

export interface ArmErrorInit {
  /** HTTP status; 0 when no response arrived (network failure). */
  status: number;
  /** `error.code` from the ARM body (or a synthesized one such as `Http502`, `NetworkError`). */
  armCode: string;
  message: string;
  target?: string;
  requestId?: string;
  method?: string;
  /** Path of the request, without query string. */
  path?: string;
  details?: ArmErrorDetail[];
  /** Set when a long-running operation ended Failed or Canceled (status is then the poll's HTTP status). */
  operationStatus?: "Failed" | "Canceled";
  cause?: unknown;
}

/** Stable Airlock code for an ARM failure, chosen by HTTP status. */
function airlockCodeFor(status: number): string {
  if (status === 0) return "ARM_UNREACHABLE";
  if (status === 400) return "ARM_INVALID_REQUEST";
  if (status === 401) return "ARM_UNAUTHENTICATED";
  if (status === 403) return "ARM_FORBIDDEN";
  if (status === 404) return "ARM_NOT_FOUND";
  if (status === 409) return "ARM_CONFLICT";
  if (status === 429) return "ARM_THROTTLED";
  if (status >= 500) return "ARM_UNAVAILABLE";
  return "ARM_REQUEST_FAILED";
}

export function exitCodeForStatus(status: number): ExitCode {
  if (status === 400) return ExitCode.invalidInput;
  if (status === 401 || status === 403) return ExitCode.forbidden;
  if (status === 404) return ExitCode.notFound;
  if (status === 409) return ExitCode.conflict;
  if (status === 0 || status === 429 || status >= 500) return ExitCode.unavailable;
  return ExitCode.failure;
}

export class ArmError extends AirlockError {
  readonly status: number;
  readonly armCode: string;
  readonly target: string | undefined;
  readonly requestId: string | undefined;
  readonly armDetails: ArmErrorDetail[] | undefined;
  readonly operationStatus: "Failed" | "Canceled" | undefined;

  constructor(init: ArmErrorInit) {
    const message = redactText(init.message);
    super(init.operationStatus ? "ARM_OPERATION_FAILED" : airlockCodeFor(init.status), message, {
      exitCode: init.operationStatus ? ExitCode.failure : exitCodeForStatus(init.status),
      cause: init.cause,
      details: {
        status: init.status,
        armCode: init.armCode,
        ...(init.target ? { target: init.target } : {}),
        ...(init.operationStatus ? { operationStatus: init.operationStatus } : {}),
        ...(init.requestId ? { requestId: init.requestId } : {}),
        ...(init.method ? { method: init.method } : {}),
        ...(init.path ? { path: redactText(init.path) } : {}),
      },
    });
    this.status = init.status;
    this.armCode = init.armCode;
    this.target = init.target;
    this.requestId = init.requestId;
    this.armDetails = init.details;
    this.operationStatus = init.operationStatus;
  }
}

/** True for an ArmError with the given HTTP status (handy for "exists?" checks). */
export function isArmStatus(error: unknown, status: number): error is ArmError {
  return error instanceof ArmError && error.status === status;
}

/** Runs an ARM GET, returning undefined when the resource does not exist (404); other failures throw. */
export async function getOrUndefined<T>(get: () => Promise<T>): Promise<T | undefined> {
  try {
    return await get();
  } catch (error) {
    if (isArmStatus(error, 404)) return undefined;
    throw error;
  }
}

/** Reads `{error:{code,message,target,details}}` from a parsed body, if it has that shape. */
export function readArmErrorDetail(body: unknown): ArmErrorDetail | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const error = (body as { error?: unknown }).error;
  if (typeof error !== "object" || error === null) return undefined;
  const { code, message, target, details } = error as Record<string, unknown>;
  if (typeof code !== "string" && typeof message !== "string") return undefined;
  return {
    code: typeof code === "string" ? code : "UnknownError",
    message: typeof message === "string" ? message : "",
    ...(typeof target === "string" ? { target } : {}),
    ...(Array.isArray(details) ? { details: details as ArmErrorDetail[] } : {}),
  };
}
