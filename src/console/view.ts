/**
 * @module console/view
 * HTML building blocks shared by the pages: an escaping template tag (hono/html: every interpolated value is
 * escaped unless wrapped in `raw`), the page shell (landmarks, navigation, the CSRF meta tag, scripts only as
 * files from /static — the CSP forbids inline script) and small formatters. Every page is redacted as a whole
 * before it is sent (src/redact.ts), so a credential that slipped into a version property never reaches a page.
 */
import type { Context } from "hono";
import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import { redactText } from "../redact.ts";
import type { ConsoleContext } from "./context.ts";

export { raw };
export type Html = HtmlEscapedString;

/**
 * The escaping template tag, synchronous (the pages interpolate only strings, numbers and other Html). Each
 * string is redacted before it is escaped: escaping turns `&sig=` into `&amp;sig=`, which the page-wide pass
 * alone might no longer recognise.
 */
export const h = (strings: TemplateStringsArray, ...values: unknown[]): Html =>
  html(strings, ...values.map((v) => (typeof v === "string" ? redactText(v) : v))) as Html;

const NAV: ReadonlyArray<[string, string]> = [
  ["/", "Approvals"],
  ["/catalogue", "Catalogue"],
  ["/endpoints", "Endpoints"],
  ["/ledger", "Ledger"],
];

export interface PageOptions {
  title: string;
  /** Which navigation entry is current. */
  section?: string;
  /** Extra scripts under /static (e.g. the passkey ceremony on a request page). */
  scripts?: readonly string[];
}

/** A whole page: redacted, with the session's CSRF token in a meta tag. */
export function page(c: Context, ctx: ConsoleContext, options: PageOptions, body: Html) {
  const who = ctx.identity;
  const scripts = ["/static/console.js", ...(options.scripts ?? [])];
  const text = h`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="${ctx.csrf.header}" content="${ctx.csrf.tokenFor(c)}">
<title>${options.title} · Airlock console</title>
<link rel="stylesheet" href="/static/console.css">
${scripts.map((src) => h`<script src="${src}" defer></script>`)}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top">
<p class="brand"><a href="/">Airlock console</a></p>
<nav aria-label="Main">
<ul>${NAV.map(([href, label]) => h`<li><a href="${href}"${options.section === href ? raw(' aria-current="page"') : ""}>${label}</a></li>`)}</ul>
</nav>
<p class="who">Acting as ${who.prod.name !== who.dev.name ? h`<strong>${who.dev.name}</strong> (dev) and <strong>${who.prod.name}</strong> (prod)` : h`<strong>${who.dev.name}</strong> in dev and prod`} on ${ctx.connection.mode === "twin" ? "the local twin" : "Azure"}</p>
</header>
<main id="main">
<h1>${options.title}</h1>
${body}
</main>
<footer><p>The console acts with your own credential and can change nothing the CLI could not.</p></footer>
</body>
</html>`;
  return c.html(redactText(text.toString()));
}

/** Short form of a sha256 digest for tables (the full value stays in the title attribute). */
export function shortDigest(digest: string | undefined): Html {
  if (!digest) return h`<span class="muted">none</span>`;
  const hex = digest.replace(/^sha256:/, "");
  return h`<code title="${digest}">sha256:${hex.slice(0, 12)}…</code>`;
}

export function when(iso: string | undefined): Html {
  if (!iso) return h`<span class="muted">unknown</span>`;
  return h`<time datetime="${iso}">${iso.replace("T", " ").replace(/\.\d+Z$/, "Z")}</time>`;
}

export function bytes(count: number | undefined): string {
  if (count === undefined || Number.isNaN(count)) return "unknown";
  if (count < 1024) return `${count} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let value = count / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** A definition list from pairs (values already Html or text). */
export function facts(pairs: ReadonlyArray<[string, unknown]>): Html {
  return h`<dl class="facts">${pairs.map(([k, v]) => h`<dt>${k}</dt><dd>${v === undefined || v === "" ? h`<span class="muted">none</span>` : v}</dd>`)}</dl>`;
}

export function assetHref(kind: string, name: string, version: string): string {
  return `/assets/${encodeURIComponent(kind)}/${encodeURIComponent(name)}/${encodeURIComponent(version)}`;
}
