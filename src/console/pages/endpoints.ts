/**
 * @module console/pages/endpoints
 * `/endpoints`: every prod online endpoint, its traffic split per deployment (with the model each serves),
 * lineage as a picture, and a rollback button. `POST /api/endpoints/:name/rollback` calls the library function
 * `airlock rollback` calls (src/promotion/rollback.ts) with the console user's own connection: the same rules,
 * the same refusals.
 */
import type { Context } from "hono";
import { lineage } from "../../promotion/lineage.ts";
import { rollback } from "../../promotion/rollback.ts";
import { redact } from "../../redact.ts";
import { prodDeployments } from "../catalogue-data.ts";
import type { ConsoleContext } from "../context.ts";
import { lineageSvg } from "../lineage-svg.ts";
import { type Html, h, page } from "../view.ts";

export async function endpointsPage(c: Context, ctx: ConsoleContext) {
  const [deployments, listed] = await Promise.all([
    prodDeployments(ctx.connection),
    ctx.connection.workspace("prod").onlineEndpoints.list().toArray(),
  ]);
  const endpoints = [
    ...new Set([...listed.map((e) => e.name), ...deployments.map((d) => d.endpoint)]),
  ].sort();
  const sections: Html[] = [];
  for (const endpoint of endpoints) {
    const rows = deployments.filter((d) => d.endpoint === endpoint).sort((a, b) => b.traffic - a.traffic);
    const picture = await lineage(ctx.connection, endpoint).then(
      (report) => lineageSvg(report.chains, `Lineage of endpoint ${endpoint}`),
      (error: unknown) =>
        h`<p class="muted">Lineage unavailable: ${error instanceof Error ? error.message : String(error)}</p>`,
    );
    const id = `endpoint-${endpoint}`;
    sections.push(h`<section aria-labelledby="${id}" id="${id}-section"><h2 id="${id}">${endpoint}</h2>
${
  rows.length === 0
    ? h`<p class="muted">No deployments.</p>`
    : h`<table><caption>Traffic split of ${endpoint}</caption>
<thead><tr><th scope="col">Deployment</th><th scope="col">Traffic</th><th scope="col">Model</th></tr></thead>
<tbody>${rows.map((d) => h`<tr><th scope="row">${d.deployment}</th><td><meter min="0" max="100" value="${d.traffic}" aria-label="${d.deployment} traffic">${d.traffic}%</meter> ${d.traffic}%</td><td><code>${d.model}</code></td></tr>`)}</tbody></table>`
}
<form method="post" action="/api/endpoints/${encodeURIComponent(endpoint)}/rollback" data-console-post data-confirm="Roll ${endpoint} back to the split before its last rollout?">
<button type="submit">Roll back ${endpoint}</button>
<p class="result" role="status" aria-live="polite"></p>
</form>
${picture}
</section>`);
  }
  const body =
    endpoints.length === 0
      ? h`<p class="muted">No online endpoint in prod.</p>`
      : h`<p>Rollback returns an endpoint to the split recorded before its latest rollout that is not already undone, as <code>airlock rollback</code> does, acting as you.</p>${sections}`;
  return page(c, ctx, { title: "Endpoints", section: "/endpoints" }, body);
}

export async function rollbackApi(c: Context, ctx: ConsoleContext) {
  const endpoint = c.req.param("name") ?? "";
  const result = await rollback(ctx.connection, { endpoint, reason: "rolled back from the Airlock console" });
  return c.json(redact(result));
}
