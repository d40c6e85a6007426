/**
 * @module console/decision-panel
 * Owned by console-passkey (stub created by console-core so the app can mount it): the approve/reject panel of a
 * request's detail page.
 */
import type { RequestStatus } from "../governance/approvals.ts";
import type { ConsoleContext } from "./context.ts";

export function renderDecisionPanel(_request: RequestStatus, _ctx: ConsoleContext): string {
  return `<section id="decision" aria-labelledby="decision-heading"><h2 id="decision-heading">Decision</h2></section>`;
}
