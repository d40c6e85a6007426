/**
 * @module console/pages/ledger
 * `/ledger?page=N`: the ledger newest first, 50 records a page, with its verification state (verified in full
 * once per process, then extended record by record: ledger-view.ts), the head to keep as an anchor, and the
 * anchors found on prod versions. `/ledger/:seq`: one record, redacted, linking to its subject.
 */
import type { Context } from "hono";
import { InputError, NotFoundError } from "../../errors.ts";
import { redact } from "../../redact.ts";
import type { ConsoleContext } from "../context.ts";
import { type LedgerState, type LedgerView, ledgerPage, PAGE_SIZE } from "../ledger-view.ts";
import { facts, type Html, h, page, when } from "../view.ts";
import { recordRow, subjectHref } from "./timeline.ts";

function pageNumber(text: string | undefined): number {
  if (text === undefined || text === "") return 1;
  if (!/^[1-9]\d{0,8}$/.test(text))
    throw new InputError("PAGE_INVALID", `page must be a whole number from 1, not "${text}"`);
  return Number(text);
}

function verification(state: LedgerState): Html {
  const v = state.verification;
  const chain = v.ok
    ? h`<p class="verdict open"><strong>Verified</strong>: ${v.count} record(s) checked in full at ${when(state.verifiedAt)}, ${state.anchors.length} anchor(s) on prod versions hold${
        state.records.length > v.count
          ? h`; ${state.records.length - v.count} record(s) appended since, each linked to the verified head`
          : ""
      }.</p>`
    : h`<p class="verdict closed"><strong>Verification FAILED</strong> at record #${v.firstBad?.seq}: ${v.firstBad?.reason} — ${v.firstBad?.detail}</p>`;
  const foreign =
    state.foreignSince.length > 0
      ? h`<p class="verdict closed">${state.foreignSince.length} line(s) appended since do not extend the chain (${state.foreignSince.map((f) => `${f.segment} line ${f.line}: ${f.reason}`).join("; ")}).</p>`
      : "";
  const problems =
    state.problems === undefined
      ? h`<p class="muted">Reconciliation with prod was not possible as you.</p>`
      : state.problems.length === 0
        ? h`<p>Reconciled with prod: every prod version and deployment is recorded.</p>`
        : h`<ul class="verdict closed">${state.problems.map((p) => h`<li>${p.detail}</li>`)}</ul>`;
  return h`<section aria-labelledby="verification"><h2 id="verification">Verification</h2>${chain}${foreign}${problems}
${facts([
  ["Head (keep as an anchor)", h`<code>${state.head.seq}:${state.head.hash}</code>`],
  [
    "Anchors on prod versions",
    state.anchors.length === 0
      ? undefined
      : h`<ul>${state.anchors.map((a) => h`<li><a href="/ledger/${a.seq}">#${a.seq}</a> <code>${a.hash}</code> on ${a.source}</li>`)}</ul>`,
  ],
])}
</section>`;
}

export async function ledgerListPage(c: Context, ctx: ConsoleContext, view: LedgerView) {
  const number = pageNumber(c.req.query("page"));
  const state = await view.state();
  const pages = Math.max(1, Math.ceil(state.records.length / PAGE_SIZE));
  const records = ledgerPage(state.records, number);
  const nav = h`<nav aria-label="Ledger pages" class="pager">
${number > 1 ? h`<a href="/ledger?page=${number - 1}" rel="prev">Newer</a>` : ""}
<span>Page ${number} of ${pages}</span>
${number < pages ? h`<a href="/ledger?page=${number + 1}" rel="next">Older</a>` : ""}
</nav>`;
  const body = h`${verification(state)}
<section aria-labelledby="records"><h2 id="records">Records <span class="count">(${state.records.length})</span></h2>
${nav}
${
  records.length === 0
    ? h`<p class="muted">No records on this page.</p>`
    : h`<table><caption class="visually-hidden">Ledger records, newest first</caption>
<thead><tr><th scope="col">Seq</th><th scope="col">At</th><th scope="col">Type</th><th scope="col">Actor</th><th scope="col">Subject</th></tr></thead>
<tbody>${records.map(recordRow)}</tbody></table>`
}
${nav}
</section>`;
  return page(c, ctx, { title: "Ledger", section: "/ledger" }, body);
}

export async function ledgerRecordPage(c: Context, ctx: ConsoleContext, view: LedgerView) {
  const seq = pageNumber(c.req.param("seq"));
  const state = await view.state();
  const record = state.records[seq - 1];
  if (!record || record.seq !== seq)
    throw new NotFoundError("LEDGER_RECORD_NOT_FOUND", `the verified ledger has no record #${seq}`);
  const body = h`${facts([
    ["Type", record.type],
    ["At", when(record.at)],
    ["Actor", `${record.actor.name} (${record.actor.kind})`],
    [
      "Subject",
      h`<a href="${subjectHref(record)}">${Object.entries(record.subject)
        .map(([k, v]) => `${k}=${v}`)
        .join(" ")}</a>`,
    ],
    ["Hash", h`<code>${record.hash}</code>`],
    ["Previous", h`<code>${record.prevHash}</code>`],
  ])}
<h2>Data</h2><pre class="json">${JSON.stringify(redact(record.data), null, 2)}</pre>`;
  return page(c, ctx, { title: `Ledger record #${seq}`, section: "/ledger" }, body);
}
