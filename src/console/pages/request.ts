/**
 * @module console/pages/request
 * `/requests/:id`: one request and its evidence — the digest and bundle digest it binds, how the requested
 * version differs from what prod holds under that name (files, bytes, environment definition), the training
 * run's metrics and who registered and trained it (version properties airlock.*), its lineage, the gate's
 * verdict right now (the same evaluation `promote` runs, read-only), and the decisions that do not count. The
 * decision panel itself belongs to decision-panel.ts.
 */
import type { Context } from "hono";
import { getOrUndefined } from "../../arm/errors.ts";
import type { AssetKind as ArmAssetKind, AssetVersion } from "../../arm/types.ts";
import { ARM_KIND, PROP } from "../../assets/index.ts";
import { AirlockError, NotFoundError } from "../../errors.ts";
import type { RequestStatus } from "../../governance/approvals.ts";
import { parseCard } from "../../governance/evidence/rules.ts";
import { assetKey, recordsOf } from "../../governance/records.ts";
import { requestStatuses } from "../../promotion/gate.ts";
import { lineage } from "../../promotion/lineage.ts";
import { describeSource } from "../../promotion/promote.ts";
import { openApprovals } from "../../promotion/trust.ts";
import type { ConsoleContext } from "../context.ts";
import { renderDecisionPanel } from "../decision-panel.ts";
import {
  diffFiles,
  type FileChange,
  type Listing,
  readListedText,
  registryListing,
  workspaceListing,
} from "../files-diff.ts";
import { lineageSvg } from "../lineage-svg.ts";
import { assetHref, bytes, facts, type Html, h, page, raw, shortDigest, when } from "../view.ts";

type Version = AssetVersion<ArmAssetKind>;

/** What prod holds under the request's name: the same version if present, else the newest by creation time. */
async function prodCounterpart(ctx: ConsoleContext, status: RequestStatus): Promise<Version | undefined> {
  const { kind, name, version } = status.request.asset;
  const scope =
    kind === "model" || kind === "data" ? ctx.connection.registry("prod") : ctx.connection.workspace("prod");
  const ops = scope.versions(ARM_KIND[kind], name);
  const same = await getOrUndefined(() => ops.get(version)).catch(() => undefined);
  if (same) return same;
  const all = await ops
    .list()
    .toArray()
    .catch(() => [] as Version[]);
  return all.sort((a, b) => (b.systemData?.createdAt ?? "").localeCompare(a.systemData?.createdAt ?? ""))[0];
}

function definitionOf(version: Version | undefined): Record<string, string> {
  if (!version) return {};
  const p = version.properties as unknown as Record<string, unknown>;
  const out: Record<string, string> = {};
  if (typeof p.image === "string") out.image = p.image;
  if (typeof p.condaFile === "string") out["conda file"] = p.condaFile;
  const build = p.build as { contextUri?: string; dockerfilePath?: string } | undefined;
  if (build?.dockerfilePath) out.Dockerfile = build.dockerfilePath;
  return out;
}

function diffTable(dev: Version | undefined, prod: Version | undefined): Html {
  const props = (v: Version | undefined) => v?.properties.properties ?? {};
  const rows: Array<[string, string | undefined, string | undefined]> = [
    ["version", prod?.name, dev?.name],
    ["digest", props(prod)[PROP.digest], props(dev)[PROP.digest]],
    ["files", props(prod)[PROP.files], props(dev)[PROP.files]],
    [
      "size",
      props(prod)[PROP.bytes] ? bytes(Number(props(prod)[PROP.bytes])) : undefined,
      props(dev)[PROP.bytes] ? bytes(Number(props(dev)[PROP.bytes])) : undefined,
    ],
  ];
  const [prodDef, devDef] = [definitionOf(prod), definitionOf(dev)];
  for (const key of new Set([...Object.keys(prodDef), ...Object.keys(devDef)])) {
    rows.push([key, prodDef[key], devDef[key]]);
  }
  return h`<table class="diff"><caption>Requested version against what prod holds${prod ? "" : " (prod holds nothing under this name)"}</caption>
<thead><tr><th scope="col">Field</th><th scope="col">Prod holds</th><th scope="col">Requested (dev)</th></tr></thead>
<tbody>${rows.map(
    ([field, before, after]) =>
      h`<tr class="${before === after ? "same" : "changed"}"><th scope="row">${field}</th><td>${field === "conda file" ? h`<pre>${before ?? ""}</pre>` : (before ?? h`<span class="muted">none</span>`)}</td><td>${field === "conda file" ? h`<pre>${after ?? ""}</pre>` : (after ?? h`<span class="muted">none</span>`)}${before === after ? "" : h` <span class="badge">changed</span>`}</td></tr>`,
  )}</tbody></table>`;
}

/** The requested version's files and prod's, as the user can read them (models and data). */
async function listingsOf(
  ctx: ConsoleContext,
  status: RequestStatus,
  dev: Version | undefined,
  prod: Version | undefined,
): Promise<{ after: Listing; before: Listing } | undefined> {
  const { kind, name } = status.request.asset;
  if (kind !== "model" && kind !== "data") return undefined;
  const armKind = kind === "model" ? "models" : "data";
  const gone: Listing = { ok: false, reason: "the dev version is gone" };
  const nothing: Listing = { ok: true, files: [] };
  const [after, before] = await Promise.all([
    dev ? workspaceListing(ctx.connection, "dev", dev as AssetVersion<"models" | "data">) : gone,
    prod ? registryListing(ctx.connection, "prod", armKind, name, prod.name) : nothing,
  ]);
  return { after, before };
}

function filesSection(
  listings: { after: Listing; before: Listing } | undefined,
  name: string,
  prod: Version | undefined,
): Html {
  if (!listings) return h``;
  const { after, before } = listings;
  if (!after.ok || !before.ok) {
    const reasons = [after, before].flatMap((l) => (l.ok ? [] : [l.reason]));
    return h`<p class="muted">File lists unavailable as you: ${reasons.join("; ")}</p>`;
  }
  const changes = diffFiles(before.files, after.files);
  const size = (f: FileChange["before"]) => (f ? bytes(f.size) : "");
  return h`<table class="files"><caption>Files: ${changes.filter((c) => c.change !== "same").length} of ${changes.length} differ from prod${prod ? ` ${name}@${prod.name}` : ""}</caption>
<thead><tr><th scope="col">Path</th><th scope="col">Change</th><th scope="col">Prod size</th><th scope="col">Requested size</th><th scope="col">Requested sha256</th></tr></thead>
<tbody>${changes.map((c) => h`<tr class="${c.change === "same" ? "same" : "changed"}"><th scope="row"><code>${c.path}</code></th><td>${c.change}</td><td>${size(c.before)}</td><td>${size(c.after)}</td><td>${c.after ? shortDigest(`sha256:${c.after.sha256}`) : ""}</td></tr>`)}</tbody></table>`;
}

/** The training run's held-out metrics from the model card in the digested folder, if there is a valid one. */
async function cardMetrics(listing: Listing | undefined, file: string): Promise<Array<[string, string]>> {
  if (!listing) return [];
  const text = await readListedText(listing, file).catch(() => undefined);
  if (text === undefined) return [];
  const card = parseCard({ file, text });
  return "problem" in card ? [] : Object.entries(card.metrics).map(([k, v]) => [k, String(v)]);
}

/** The evidence rules' results recorded for this exact content (one entry per stage, newest first). */
async function evidenceOf(ctx: ConsoleContext, status: RequestStatus): Promise<Html> {
  const r = status.request;
  const key = assetKey(r.asset);
  const records = recordsOf(await (await ctx.connection.ledger()).read(), "evidence.evaluated")
    .filter((record) => record.data.asset === key && record.data.digest === r.digest)
    .sort((a, b) => b.seq - a.seq);
  const latest = [...new Map(records.map((record) => [record.data.stage, record] as const)).values()];
  if (latest.length === 0) return h`<p class="muted">No evidence rules recorded for this content.</p>`;
  return h`${latest.map(
    (
      record,
    ) => h`<table><caption>Evidence rules at ${record.data.stage} (${record.data.enforcement}): ${record.data.passed ? "passed" : "FAILED"} — <a href="/ledger/${record.seq}">ledger #${record.seq}</a></caption>
<thead><tr><th scope="col">Rule</th><th scope="col">Result</th><th scope="col">Why</th></tr></thead>
<tbody>${record.data.results.map((result) => h`<tr class="${result.passed ? "same" : "changed"}"><th scope="row">${result.rule}</th><td>${result.passed ? "passed" : h`<strong>failed</strong>${result.code ? h` <code>${result.code}</code>` : ""}`}</td><td>${result.message}</td></tr>`)}</tbody></table>
${record.data.problem ? h`<p class="verdict closed"><code>${record.data.problem.code}</code> ${record.data.problem.message}</p>` : ""}`,
  )}`;
}

function metricsOf(version: Version | undefined): Array<[string, string]> {
  const props = version?.properties.properties ?? {};
  return Object.entries(props)
    .filter(([key]) => key.startsWith("metrics.") || key.startsWith("airlock.metric"))
    .map(([key, value]) => [key.replace(/^metrics\.|^airlock\.metrics?\./, ""), value]);
}

async function verdict(ctx: ConsoleContext, status: RequestStatus): Promise<Html> {
  const r = status.request;
  let creators: string[] = [];
  try {
    creators = (await describeSource(ctx.connection, r.asset)).creators;
  } catch {
    // A deployment request, or a source gone from dev: the gate below names what is missing.
  }
  try {
    const approvals = await openApprovals(ctx.connection, ctx.policy);
    const gate = await approvals.assertApproved({
      asset: r.asset,
      digest: r.digest,
      manifestDigest: r.manifestDigest,
      target: r.target,
      requestId: r.requestId,
      creators,
      purpose: r.deployment ? "deployment" : "promotion",
    });
    return h`<p class="verdict open"><strong>The gate would open</strong> for this exact content: approved by ${gate.approvedBy.join(", ")} until ${when(gate.expiresAt)}.</p>`;
  } catch (error) {
    if (error instanceof AirlockError) {
      return h`<p class="verdict closed"><strong>The gate is closed</strong>: <code>${error.code}</code> ${error.message}</p>`;
    }
    throw error;
  }
}

export async function requestPage(c: Context, ctx: ConsoleContext) {
  const id = c.req.param("id") ?? "";
  const { requests, ignored } = await requestStatuses(ctx.connection, ctx.policy, { requestId: id });
  const status = requests[0];
  if (!status) throw new NotFoundError("REQUEST_NOT_FOUND", `no approval request ${id} in the ledger`);
  const r = status.request;
  const { kind, name, version } = r.asset;
  const dev = await getOrUndefined(() =>
    ctx.connection.workspace("dev").versions(ARM_KIND[kind], name).get(version),
  ).catch(() => undefined);
  const prod = await prodCounterpart(ctx, status);
  const devProps = dev?.properties.properties ?? {};
  const listings = await listingsOf(ctx, status, dev, prod);
  const cardFile = ctx.policy.evidence?.modelCard?.file ?? "model-card.yml";
  const fromCard = kind === "model" ? await cardMetrics(listings?.after, cardFile) : [];
  const metrics = fromCard.length > 0 ? fromCard : metricsOf(dev);
  const metricsSource =
    fromCard.length > 0 ? `the model card ${cardFile}` : "the version's metrics.* properties";
  let lineageHtml: Html = h`<p class="muted">Lineage is drawn for models.</p>`;
  if (kind === "model") {
    const inProd = prod?.name === version;
    const target = inProd
      ? `${name}@${version}`
      : dev
        ? `azureml://subscriptions/${ctx.connection.subscriptionId}/resourcegroups/${ctx.connection.env("dev").resourceGroups.ws}/workspaces/${ctx.connection.env("dev").names.workspace}/models/${name}/versions/${version}`
        : undefined;
    if (target) {
      lineageHtml = await lineage(ctx.connection, target).then(
        (report) => lineageSvg(report.chains, `Lineage of ${name}@${version}`),
        (error: unknown) =>
          h`<p class="muted">Lineage unavailable: ${error instanceof Error ? error.message : String(error)}</p>`,
      );
    }
  }
  const notCounted = ignored.filter((i) => i.requestId === r.requestId);
  const body = h`<p class="state state-${status.state}">State: <strong>${status.state}</strong></p>
<section aria-labelledby="what"><h2 id="what">What is requested</h2>
${facts([
  ["Asset", h`<a href="${assetHref(kind, name, version)}">${kind} ${name}@${version}</a>`],
  ["Target", r.target],
  ["Digest", h`<code>${r.digest}</code>`],
  ["Bundle digest", h`<code>${r.manifestDigest}</code>`],
  ["Source", h`<code>${r.asset.source}</code>`],
  ["Requested by", `${status.requesterPerson} (${r.requester.name})`],
  ["Requested", when(status.requestedAt)],
  ["Expires", when(status.effectiveExpiresAt)],
  ["Justification", r.justification],
  ...(r.deployment
    ? ([
        ["Endpoint", r.deployment.endpoint],
        ["Model", r.deployment.model],
        ["Environment", r.deployment.environment],
        ["Instances", `${r.deployment.instanceCount} × ${r.deployment.instanceType}`],
      ] as Array<[string, unknown]>)
    : []),
])}
</section>
<section aria-labelledby="verdict"><h2 id="verdict">Policy verdict</h2>${await verdict(ctx, status)}
${await evidenceOf(ctx, status)}
${
  status.validApprovals.length > 0
    ? h`<p>Approvals that count: ${status.validApprovals.map((a) => h`<span>${a.person} at ${when(a.at)}</span> `)}</p>`
    : ""
}
${status.rejection ? h`<p>Rejected by ${status.rejection.person} at ${when(status.rejection.at)}: ${status.rejection.reason}</p>` : ""}
</section>
<section aria-labelledby="diff"><h2 id="diff">Against what prod holds</h2>${diffTable(dev, prod)}
${filesSection(listings, name, prod)}
${dev && devProps[PROP.digest] !== r.digest ? h`<p class="verdict closed">The dev version now records ${shortDigest(devProps[PROP.digest])}, not the requested digest.</p>` : ""}
</section>
<section aria-labelledby="training"><h2 id="training">Training and registration</h2>
${facts([
  ["Registered by", devProps[PROP.registeredBy]],
  ["Trained by", devProps[PROP.trainedBy]],
  ["Created in dev by", dev?.systemData?.createdBy],
  ["Created", when(dev?.systemData?.createdAt)],
  [
    "Training run",
    devProps["airlock.job_name"] ?? (dev?.properties as { jobName?: string } | undefined)?.jobName,
  ],
])}
${
  metrics.length > 0
    ? h`<table><caption>Training run metrics (from ${metricsSource})</caption><thead><tr><th scope="col">Metric</th><th scope="col">Value</th></tr></thead><tbody>${metrics.map(([k, v]) => h`<tr><th scope="row">${k}</th><td>${v}</td></tr>`)}</tbody></table>`
    : h`<p class="muted">No metrics recorded on the version.</p>`
}
</section>
<section aria-labelledby="lineage"><h2 id="lineage">Lineage</h2>${lineageHtml}</section>
<section aria-labelledby="ignored"><h2 id="ignored">Decisions that do not count</h2>
${
  notCounted.length === 0
    ? h`<p class="muted">None.</p>`
    : h`<ul>${notCounted.map((i) => h`<li><a href="/ledger/${i.seq}">#${i.seq}</a> ${i.type}: <code>${i.code}</code> ${i.reason}</li>`)}</ul>`
}
</section>
${raw(renderDecisionPanel(status, ctx))}`;
  return page(
    c,
    ctx,
    { title: `Request ${r.requestId}`, section: "/", scripts: ["/static/passkey.js"] },
    body,
  );
}
