/**
 * @module console/pages/timeline
 * `/assets/:kind/:name/:version`: the promotion timeline of one asset version — every ledger record about it
 * (requests, decisions, promotion steps, deployments of it), in ledger order, from the verified chain.
 */
import type { Context } from "hono";
import { InputError } from "../../errors.ts";
import type { LedgerRecord } from "../../governance/ledger.ts";
import { ASSET_KINDS, type AssetKind, assetKey } from "../../governance/records.ts";
import { lineage } from "../../promotion/lineage.ts";
import type { ConsoleContext } from "../context.ts";
import type { LedgerView } from "../ledger-view.ts";
import { lineageSvg } from "../lineage-svg.ts";
import { type Html, h, page, when } from "../view.ts";

/** The records about `key` (kind:name@version): by subject, or through a request or promotion about it. */
export function recordsAboutAsset(records: readonly LedgerRecord[], key: string): LedgerRecord[] {
  const requestIds = new Set<string>();
  const promotionIds = new Set<string>();
  for (const record of records) {
    if (record.subject.asset !== key) continue;
    if (record.subject.requestId) requestIds.add(record.subject.requestId);
    if (record.subject.promotionId) promotionIds.add(record.subject.promotionId);
    const data = record.data as { requestId?: unknown };
    if (typeof data.requestId === "string") requestIds.add(data.requestId);
  }
  return records.filter(
    (r) =>
      r.subject.asset === key ||
      (r.subject.requestId !== undefined && requestIds.has(r.subject.requestId)) ||
      (r.subject.promotionId !== undefined && promotionIds.has(r.subject.promotionId)) ||
      (typeof (r.data as { requestId?: unknown }).requestId === "string" &&
        requestIds.has((r.data as { requestId: string }).requestId)),
  );
}

export function recordRow(record: LedgerRecord): Html {
  const subject = Object.entries(record.subject)
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
  return h`<tr><td><a href="/ledger/${record.seq}">#${record.seq}</a></td><td>${when(record.at)}</td><td>${record.type}</td><td>${record.actor.name}</td><td><a href="${subjectHref(record)}">${subject}</a></td></tr>`;
}

/** Where a record's subject is shown: its asset's timeline, its request, its endpoint. */
export function subjectHref(record: LedgerRecord): string {
  const asset = /^(model|data|environment|component):([^@]+)@(.+)$/.exec(record.subject.asset ?? "");
  if (asset) return `/assets/${asset[1]}/${encodeURIComponent(asset[2]!)}/${encodeURIComponent(asset[3]!)}`;
  const requestId = record.subject.requestId ?? (record.data as { requestId?: unknown }).requestId;
  if (typeof requestId === "string") return `/requests/${encodeURIComponent(requestId)}`;
  if (record.subject.endpoint) return `/endpoints#endpoint-${encodeURIComponent(record.subject.endpoint)}`;
  return `/ledger/${record.seq}`;
}

export async function timelinePage(c: Context, ctx: ConsoleContext, ledger: LedgerView) {
  const kind = c.req.param("kind") ?? "";
  const name = c.req.param("name") ?? "";
  const version = c.req.param("version") ?? "";
  if (!(ASSET_KINDS as readonly string[]).includes(kind)) {
    throw new InputError(
      "ASSET_KIND_INVALID",
      `asset kind must be one of ${ASSET_KINDS.join(", ")}, not "${kind}"`,
    );
  }
  const key = assetKey({ kind: kind as AssetKind, name, version });
  const state = await ledger.state();
  const records = recordsAboutAsset(state.records, key);
  let picture: Html = h``;
  if (kind === "model" && records.some((r) => r.type === "promotion.completed")) {
    picture = await lineage(ctx.connection, `${name}@${version}`).then(
      (report) => lineageSvg(report.chains, `Lineage of ${name}@${version}`),
      () => h``,
    );
  }
  const body = h`<p>${records.length} ledger record(s) about ${key}, oldest first.</p>
${
  records.length === 0
    ? h`<p class="muted">The ledger records nothing about this version.</p>`
    : h`<ol class="timeline">${records.map(
        (r) =>
          h`<li><a href="/ledger/${r.seq}">#${r.seq}</a> ${when(r.at)} <strong>${r.type}</strong> by ${r.actor.name}${
            r.type === "promotion.step"
              ? h` — ${String((r.data as { title?: unknown }).title ?? "")} (${String((r.data as { status?: unknown }).status ?? "")})`
              : ""
          }</li>`,
      )}</ol>`
}
${picture}`;
  return page(c, ctx, { title: `Timeline of ${kind} ${name}@${version}`, section: "/catalogue" }, body);
}
