/**
 * @module arm/lro
 * Long-running operations with @azure/core-lro's createHttpPoller, which implements the SDK rules: an
 * Operation-Location / Azure-AsyncOperation header → poll its `status` (Succeeded/Failed/Canceled terminal,
 * any other string still running); else a Location header → poll it until 200/204; else a PUT → poll the
 * resource's provisioningState; Retry-After (seconds or HTTP-date) overrides the poll interval; PUTs end
 * with a GET on the original URI. What we add: our transport for every request, and a typed ArmError
 * (carrying the operation's own error code and message) instead of core-lro's plain Error.
 */
import type { OperationResponse, OperationState, ResourceLocationConfig } from "@azure/core-lro";
import { ArmError, readArmErrorDetail } from "./errors.ts";
import type { ArmHttpRequest, ArmHttpResponse, ArmTransport } from "./pipeline.ts";

/** How a client polls. */
export interface LroPolling {
  /** Poll interval when the service sends no Retry-After. */
  intervalMs: number;
  /**
   * Poll every `intervalMs` whatever Retry-After says. Only for the twin, whose operations take
   * milliseconds while its Retry-After keeps the spec's 10–600 s; never against Azure.
   */
  ignoreRetryAfter?: boolean;
}

export interface LroOptions extends LroPolling {
  /** Where the final result comes from (the ARM spec's final-state-via). */
  finalStateVia: ResourceLocationConfig;
}

export interface LroOutcome {
  /** Body of the final response (the resource for PUTs; often empty for DELETE). */
  body: unknown;
  /** Status code of the initial response. */
  initialStatus: number;
}

function toOperationResponse(
  response: ArmHttpResponse,
  ignoreRetryAfter = false,
): OperationResponse<unknown> {
  const headers = ignoreRetryAfter
    ? Object.fromEntries(Object.entries(response.headers).filter(([name]) => name !== "retry-after"))
    : response.headers;
  return {
    flatResponse: response.body,
    rawResponse: {
      statusCode: response.status,
      request: { method: response.request.method, url: response.request.url },
      headers,
      body: response.body,
    },
  };
}

/** Starts the operation with `initial` and polls it to a terminal state. */
export async function runLro(
  transport: ArmTransport,
  initial: ArmHttpRequest,
  options: LroOptions,
): Promise<LroOutcome> {
  let initialStatus = 0;
  let last: ArmHttpResponse | undefined;
  let locationUrl: string | undefined;
  const isLocationPoll = (url: string) => locationUrl !== undefined && url === locationUrl;
  // Loaded by the first operation: most commands start none.
  const { createHttpPoller } = await import("@azure/core-lro");
  const poller = createHttpPoller<unknown, OperationState<unknown>>(
    {
      sendInitialRequest: async () => {
        last = await transport.send(initial);
        initialStatus = last.status;
        const asyncUrl = last.headers["operation-location"] ?? last.headers["azure-asyncoperation"];
        if (asyncUrl === undefined) locationUrl = last.headers.location;
        return toOperationResponse(last, options.ignoreRetryAfter);
      },
      sendPollRequest: async (url: string) => {
        try {
          last = await transport.send({
            method: "GET",
            url,
            ...(initial.apiVersion ? { apiVersion: initial.apiVersion } : {}),
          });
        } catch (error) {
          // In Location mode the HTTP status of the poll is the operation's outcome: a 4xx there is the
          // operation failing (with its own code and message), reported against the request that started it.
          if (error instanceof ArmError && isLocationPoll(url) && error.status >= 400 && error.status < 500) {
            throw new ArmError({
              status: error.status,
              operationStatus: "Failed",
              armCode: error.armCode,
              message: error.message,
              ...(error.target ? { target: error.target } : {}),
              ...(error.armDetails ? { details: error.armDetails } : {}),
              ...(error.requestId ? { requestId: error.requestId } : {}),
              method: initial.method,
              path: new URL(initial.url, transport.origin).pathname,
              cause: error,
            });
          }
          throw error;
        }
        return toOperationResponse(last, options.ignoreRetryAfter);
      },
    },
    {
      resourceLocationConfig: options.finalStateVia,
      intervalInMs: options.intervalMs,
      resolveOnUnsuccessful: true,
    },
  );
  const result = await poller.pollUntilDone();
  const status = poller.operationState?.status;
  if (status === "failed" || status === "canceled") {
    const detail = readArmErrorDetail(last?.body);
    const path = new URL(initial.url, transport.origin).pathname;
    throw new ArmError({
      status: last?.status ?? 0,
      operationStatus: status === "canceled" ? "Canceled" : "Failed",
      armCode: detail?.code ?? (status === "canceled" ? "OperationCanceled" : "OperationFailed"),
      message: detail?.message || `${initial.method} ${path}: the operation ended ${status}.`,
      ...(detail?.target ? { target: detail.target } : {}),
      ...(detail?.details ? { details: detail.details } : {}),
      ...(last?.headers["x-ms-request-id"] ? { requestId: last.headers["x-ms-request-id"] } : {}),
      method: initial.method,
      path,
    });
  }
  return { body: result, initialStatus };
}
