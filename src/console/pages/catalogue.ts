/**
 * @module console/pages/catalogue
 * `/catalogue`: both environments side by side — the dev workspace and registry, the prod registry and
 * workspace; all four asset kinds; every version with its Airlock digest, who made it, and where prod serves it.
 */
import type { Context } from "hono";
import { type CatalogueScope, type CatalogueVersion, KINDS, readCatalogue } from "../catalogue-data.ts";
import type { ConsoleContext } from "../context.ts";
import { assetHref, bytes, type Html, h, page, shortDigest, when } from "../view.ts";

function versionRow(v: CatalogueVersion): Html {
  return h`<tr>
<th scope="row"><a href="${assetHref(v.kind, v.name, v.version)}">${v.name}@${v.version}</a></th>
<td>${shortDigest(v.digest)}</td>
<td>${v.files ?? ""}</td>
<td>${v.bytes !== undefined ? bytes(v.bytes) : ""}</td>
<td>${v.registeredBy ?? v.createdBy ?? ""}</td>
<td>${when(v.createdAt)}</td>
<td>${v.deployedAt.length > 0 ? v.deployedAt.join(", ") : h`<span class="muted">not deployed</span>`}</td>
</tr>`;
}

function scopeSection(scope: CatalogueScope, index: number): Html {
  const label = `${scope.env} ${scope.type} ${scope.name}`;
  const id = `scope-${index}`;
  if (scope.error) {
    return h`<section aria-labelledby="${id}"><h2 id="${id}">${label}</h2><p class="verdict closed">Cannot read it as you: ${scope.error}</p></section>`;
  }
  return h`<section aria-labelledby="${id}"><h2 id="${id}">${label}</h2>
${KINDS.map((kind) => {
  const versions = scope.versions
    .filter((v) => v.kind === kind)
    .sort((a, b) => a.name.localeCompare(b.name) || (b.createdAt ?? "").localeCompare(a.createdAt ?? ""));
  return h`<h3>${kind === "data" ? "Data" : `${kind[0]!.toUpperCase()}${kind.slice(1)}s`} <span class="count">(${versions.length})</span></h3>
${
  versions.length === 0
    ? h`<p class="muted">None.</p>`
    : h`<table><caption class="visually-hidden">${kind} versions in the ${label}</caption>
<thead><tr><th scope="col">Version</th><th scope="col">Digest</th><th scope="col">Files</th><th scope="col">Size</th><th scope="col">Registered by</th><th scope="col">Created</th><th scope="col">Deployed at</th></tr></thead>
<tbody>${versions.map(versionRow)}</tbody></table>`
}`;
})}
</section>`;
}

export async function cataloguePage(c: Context, ctx: ConsoleContext) {
  const catalogue = await readCatalogue(ctx.connection);
  const total = catalogue.scopes.reduce((n, s) => n + s.versions.length, 0);
  const body = h`<p>${total} asset version(s) across both environments; ${catalogue.deployments.length} prod deployment(s).
${catalogue.deploymentsError ? h` Prod deployments could not be read: ${catalogue.deploymentsError}.` : ""}</p>
${catalogue.scopes.map(scopeSection)}`;
  return page(c, ctx, { title: "Catalogue", section: "/catalogue" }, body);
}
