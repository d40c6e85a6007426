/**
 * @module contract/exchange
 * One ARM request and its answer as seen on the wire: what the twin's recording hook (`onArmExchange`)
 * hands out and what the spec check (src/contract/conformance.ts) validates, and what it reports.
 */

/** One way an exchange departs from the spec. */
export interface Violation {
  /** operationId, or "(no operation)" / "poll:…". */
  operation: string;
  method: string;
  path: string;
  problem: string;
}

export interface ArmExchange {
  method: string;
  /** Path and query as received (`/subscriptions/...?api-version=...`). */
  url: string;
  /** Request headers, lower-cased names. */
  requestHeaders: Record<string, string>;
  /** The raw request body ("" when none). */
  requestBody: string;
  status: number;
  /** Response headers, lower-cased names. */
  responseHeaders: Record<string, string>;
  /** The raw response body ("" when none). */
  responseBody: string;
}
