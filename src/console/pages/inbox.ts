/**
 * @module console/pages/inbox
 * `/`: the approvals inbox — every request the gate knows (src/promotion/gate.ts requestStatuses, the same
 * fold `airlock status` prints), grouped by state, newest first; decisions the gate does not count are listed
 * with the reason.
 */
import type { Context } from "hono";
import type { RequestState, RequestStatus } from "../../governance/approvals.ts";
import { requestStatuses } from "../../promotion/gate.ts";
import type { ConsoleContext } from "../context.ts";
import { type Html, h, page, shortDigest, when } from "../view.ts";

export const INBOX_GROUPS: readonly RequestState[] = [
  "pending",
  "approved",
  "rejected",
  "expired",
  "used",
  "superseded",
];

function row(status: RequestStatus): Html {
  const r = status.request;
  return h`<tr>
<td><a href="/requests/${encodeURIComponent(r.requestId)}">${r.requestId}</a></td>
<td>${r.deployment ? "deploy " : ""}${r.asset.kind} <strong>${r.asset.name}@${r.asset.version}</strong></td>
<td>${shortDigest(r.digest)}</td>
<td>${status.requesterPerson}</td>
<td>${when(status.requestedAt)}</td>
<td>${when(status.effectiveExpiresAt)}</td>
<td>${status.validApprovals.map((a) => a.person).join(", ") || "none"}</td>
</tr>`;
}

export async function inboxPage(c: Context, ctx: ConsoleContext) {
  const { requests, ignored } = await requestStatuses(ctx.connection, ctx.policy);
  const sorted = [...requests].sort((a, b) => b.seq - a.seq);
  const groups = INBOX_GROUPS.map((state) => ({ state, items: sorted.filter((s) => s.state === state) }));
  const body = h`<p>${requests.length} request(s). Approving or rejecting happens on a request's page.</p>
${groups.map(
  ({ state, items }) => h`<section aria-labelledby="group-${state}" class="group">
<h2 id="group-${state}">${state[0]!.toUpperCase()}${state.slice(1)} <span class="count">(${items.length})</span></h2>
${
  items.length === 0
    ? h`<p class="muted">None.</p>`
    : h`<table><caption class="visually-hidden">${state} requests</caption>
<thead><tr><th scope="col">Request</th><th scope="col">Asset</th><th scope="col">Digest</th><th scope="col">Requested by</th><th scope="col">Requested</th><th scope="col">Expires</th><th scope="col">Approved by</th></tr></thead>
<tbody>${items.map(row)}</tbody></table>`
}
</section>`,
)}
<section aria-labelledby="ignored"><h2 id="ignored">Decisions that do not count <span class="count">(${ignored.length})</span></h2>
${
  ignored.length === 0
    ? h`<p class="muted">None: every decision in the ledger verified.</p>`
    : h`<table><thead><tr><th scope="col">Ledger record</th><th scope="col">Type</th><th scope="col">Request</th><th scope="col">Why not counted</th></tr></thead>
<tbody>${ignored.map((i) => h`<tr><td><a href="/ledger/${i.seq}">#${i.seq}</a></td><td>${i.type}</td><td>${i.requestId ?? ""}</td><td><code>${i.code}</code> ${i.reason}</td></tr>`)}</tbody></table>`
}
</section>`;
  return page(c, ctx, { title: "Approvals", section: "/" }, body);
}
