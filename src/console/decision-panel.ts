/**
 * @module console/decision-panel
 * The approve/reject panel of a request's detail page. Server-rendered; /static/passkey.js (no inline script)
 * runs the ceremony: POST /api/decisions/:id/options → navigator.credentials.get() over the Statement's
 * challenge → POST /api/decisions/:id → the gate's verdict in the status line. The panel itself decides
 * nothing: whether a decision counts is the gate's fold, shown after each decision and in the request's state.
 */
import type { RequestStatus } from "../governance/approvals.ts";
import type { ConsoleContext } from "./context.ts";
import { h } from "./view.ts";

export function renderDecisionPanel(status: RequestStatus, ctx: ConsoleContext): string {
  const id = status.request.requestId;
  const open = status.state === "pending";
  const counted = status.validApprovals.map((a) => a.person);
  return h`<section id="decision" class="decision" aria-labelledby="decision-heading" data-airlock-decision data-request-id="${id}" data-csrf-header="${ctx.csrf.header}">
<h2 id="decision-heading">Decision</h2>
<p>Approvals counted by the gate: <strong data-airlock-counted>${counted.length === 0 ? "none" : counted.join(", ")}</strong>
(the policy needs ${ctx.policy.minApprovals}).</p>
${
  open
    ? h`<p>Approving or rejecting signs this request's exact digests with your passkey — the same signed statement
<code>airlock approve</code> makes with an SSH key. The gate counts it only if the passkey is yours in the approvers registry.</p>
<form class="decision-form" data-airlock-decision-form>
<p><label for="decision-text">Comment (approve) or reason (reject, required)</label></p>
<p><textarea id="decision-text" name="text" rows="3" cols="60" maxlength="4096"></textarea></p>
<div class="actions">
<button type="submit" name="decision" value="approve">Approve with passkey</button>
<button type="submit" name="decision" value="reject">Reject with passkey</button>
</div>
</form>`
    : h`<p>This request is <strong>${status.state}</strong>: there is nothing to decide.</p>`
}
<p role="status" aria-live="polite" data-airlock-status></p>
</section>`.toString();
}
