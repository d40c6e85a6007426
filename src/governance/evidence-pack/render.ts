/**
 * @module governance/evidence-pack/render
 * The human-readable view of a pack: an HTML page rendered from the pack's data alone, deterministically (no
 * clock, no locale, no environment), because the verifier renders it again and compares byte for byte. A
 * change to this renderer changes the bytes of every pack: it is a change of the format (format.ts) and needs
 * a new format version, with this one kept for the packs already handed out.
 *
 * Nothing here is trusted: every string from the pack is escaped, and the page has no script that runs.
 */
import { canonicalJson } from "../../canonical-json.ts";
import type { LedgerRecord } from "../records.ts";
import { peekDecision } from "../signing/index.ts";
import type { EvidencePack } from "./format.ts";

function html(value: unknown): string {
  return String(value)
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

function code(value: unknown): string {
  return `<code>${html(value)}</code>`;
}

function table(headers: string[], rows: string[][]): string {
  if (rows.length === 0) return "<p><em>none recorded</em></p>";
  return [
    "<table>",
    `<tr>${headers.map((h) => `<th>${html(h)}</th>`).join("")}</tr>`,
    ...rows.map((row) => `<tr>${row.map((cell) => `<td>${cell}</td>`).join("")}</tr>`),
    "</table>",
  ].join("\n");
}

/** Pretty JSON for a <pre>: two-space indent, keys sorted (via canonical JSON) so it never depends on order. */
function pretty(value: unknown): string {
  return html(JSON.stringify(JSON.parse(canonicalJson(value ?? null)), null, 2));
}

function split(value: Record<string, number> | undefined): string {
  if (!value || Object.keys(value).length === 0) return "—";
  return Object.entries(value)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, percent]) => `${html(name)} ${percent}%`)
    .join(", ");
}

const STYLE = [
  "body{font-family:system-ui,sans-serif;margin:2em auto;max-width:72em;padding:0 1em;color:#1b1b1b}",
  "h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}",
  "table{border-collapse:collapse;font-size:.85em;width:100%}",
  "td,th{border:1px solid #ddd;padding:.25em .5em;text-align:left;vertical-align:top}",
  "th{background:#f3f3f3}code,pre{font-size:.85em}pre{background:#f7f7f7;padding:.5em;white-space:pre-wrap}",
  "td code{word-break:break-all}th[scope=row]{width:14em}",
  ".note{background:#fff8e1;padding:.5em 1em;border-left:4px solid #f0b400}",
  "tr.relevant td{background:#eef6ff}",
].join("\n");

function decisionsSection(pack: EvidencePack, bySeq: Map<number, LedgerRecord>): string {
  const rows = pack.summary.decisions.map((entry) => {
    const record = bySeq.get(entry.seq);
    const data = (record?.data ?? {}) as Record<string, unknown>;
    const claim = peekDecision(data.envelope);
    const keyid = (data.envelope as { signatures?: Array<{ keyid?: unknown }> } | undefined)?.signatures?.[0]
      ?.keyid;
    return [
      String(entry.seq),
      html(record?.at ?? ""),
      html(entry.type),
      html(entry.purpose),
      code(entry.requestId),
      html(record?.actor.name ?? ""),
      entry.signed ? `${html(claim?.signer ?? "?")} (${html(claim?.decision ?? "?")})` : "<em>unsigned</em>",
      entry.signed ? code(keyid ?? "") : data.ci ? "CI token (not verifiable offline)" : "—",
      code(claim?.digest ?? data.digest ?? ""),
    ];
  });
  return [
    "<h2>Signed decisions</h2>",
    "<p>Each is a DSSE envelope, as recorded in the ledger record named by its seq. The signer column is what the envelope claims; <code>airlock evidence verify</code> checks each signature against the approvers registry and that the decisions which opened the gates bind this exact digest.</p>",
    table(
      [
        "seq",
        "recorded at",
        "record",
        "purpose",
        "request",
        "recorded actor",
        "signer (decision)",
        "key",
        "digest signed",
      ],
      rows,
    ),
  ].join("\n");
}

function rolloutsSection(pack: EvidencePack): string {
  const rows = pack.summary.rollouts.map((r) => [
    String(r.seq),
    html(r.endpoint),
    html(r.deployment),
    html(r.provisioningState),
    code(r.deploymentApprovalId ?? "—"),
    r.changes.map((c) => `#${c.seq} ${html(c.type)}: ${split(c.after)}`).join("<br>") || "—",
    split(r.finalTraffic),
    r.rolledBack ? "yes" : "no",
  ]);
  return [
    "<h2>Rollout outcome</h2>",
    table(
      [
        "seq",
        "endpoint",
        "deployment",
        "state",
        "deployment approval",
        "traffic changes",
        "final traffic",
        "rolled back",
      ],
      rows,
    ),
  ].join("\n");
}

/** Rule results (`evidence.evaluated`: `results: [{ rule, passed, code?, message }]`) as a table; all as data. */
function ruleTable(data: Record<string, unknown>): string {
  const results = Array.isArray(data.results) ? (data.results as Array<Record<string, unknown>>) : [];
  if (results.length === 0) return "";
  return table(
    ["rule", "passed", "code", "message"],
    results.map((r) => [
      html(r?.rule ?? ""),
      r?.passed === true ? "yes" : "<strong>no</strong>",
      r?.code ? code(r.code) : "",
      html(r?.message ?? ""),
    ]),
  );
}

/** The model card as the last rule result that read one recorded it (`model-card` rule, `inputs.card`). */
function modelCard(pack: EvidencePack, bySeq: Map<number, LedgerRecord>): string {
  for (const seq of [...(pack.summary.evidence["evidence.evaluated"] ?? [])].reverse()) {
    const data = (bySeq.get(seq)?.data ?? {}) as { results?: unknown };
    const results = Array.isArray(data.results) ? (data.results as Array<Record<string, unknown>>) : [];
    const inputs = results.find((r) => r?.rule === "model-card")?.inputs as
      | Record<string, unknown>
      | undefined;
    const card = inputs?.card;
    if (!card || typeof card !== "object" || Array.isArray(card)) continue;
    const rows = Object.keys(card)
      .sort()
      .map((key) => {
        const value = (card as Record<string, unknown>)[key];
        return [html(key), typeof value === "string" ? html(value) : `<pre>${pretty(value)}</pre>`];
      });
    return [
      `<h3>Model card</h3>\n<p>${html(inputs?.file ?? "the card")}, as the rules read it beside the model (record #${seq}).</p>`,
      table(["field", "value"], rows),
    ].join("\n");
  }
  return "";
}

function evidenceSection(pack: EvidencePack, bySeq: Map<number, LedgerRecord>): string {
  const types = Object.keys(pack.summary.evidence).sort();
  const parts = ["<h2>Rule results, scans and model cards</h2>", modelCard(pack, bySeq)];
  if (types.length === 0) parts.push("<p><em>none recorded for this asset version</em></p>");
  for (const type of types) {
    parts.push(`<h3>${html(type)}</h3>`);
    for (const seq of pack.summary.evidence[type] ?? []) {
      const record = bySeq.get(seq);
      const data = (record?.data ?? {}) as Record<string, unknown>;
      const facts = ["stage", "passed", "enforcement", "digest"]
        .filter((key) => data[key] !== undefined)
        .map((key) => `${key} ${code(data[key])}`)
        .join(", ");
      parts.push(
        `<p>record #${seq}, ${html(record?.at ?? "")}, by ${html(record?.actor.name ?? "")}${facts ? `: ${facts}` : ""}</p>`,
      );
      parts.push(ruleTable(data));
      parts.push(
        `<details><summary>record #${seq} as data (inputs of every rule)</summary><pre>${pretty(data)}</pre></details>`,
      );
    }
  }
  return parts.join("\n");
}

interface LinkView {
  stage?: unknown;
  label?: unknown;
  id?: unknown;
  digest?: unknown;
  createdBy?: unknown;
  metrics?: unknown;
}

function lineageSection(pack: EvidencePack): string {
  const chains = (pack.lineage as { chains?: Array<{ links?: LinkView[]; gaps?: unknown[] }> } | null)
    ?.chains;
  const parts = [
    "<h2>Lineage up to the training run</h2>",
    "<p>As ARM reported it at export (not signed by anyone).</p>",
  ];
  for (const chain of Array.isArray(chains) ? chains : []) {
    const links = Array.isArray(chain.links) ? chain.links : [];
    parts.push(
      table(
        ["stage", "what", "id", "digest", "created by", "metrics"],
        links.map((link) => [
          html(link.stage ?? ""),
          html(link.label ?? ""),
          code(link.id ?? ""),
          code(link.digest ?? ""),
          html(link.createdBy ?? ""),
          link.metrics ? `<pre>${pretty(link.metrics)}</pre>` : "",
        ]),
      ),
    );
    if (Array.isArray(chain.gaps) && chain.gaps.length > 0)
      parts.push(`<p>gaps: ${chain.gaps.map((gap) => html(gap)).join("; ")}</p>`);
  }
  parts.push(`<details><summary>lineage as data</summary><pre>${pretty(pack.lineage)}</pre></details>`);
  return parts.join("\n");
}

function ledgerSection(pack: EvidencePack): string {
  const relevant = new Set(pack.summary.relevant);
  const { ledger, anchor } = pack;
  const rows = ledger.records.map((record) => {
    const subject = Object.entries(record.subject)
      .map(([key, value]) => `${html(key)}=${html(value)}`)
      .join(" ");
    const cells = [
      String(record.seq),
      html(record.at),
      html(record.type),
      html(record.actor.name),
      subject,
      code(record.hash),
    ];
    return cells;
  });
  const body = table(["seq", "at", "type", "actor", "subject", "hash"], rows).replace(
    /<tr><td>(\d+)<\/td>/g,
    (match, seq: string) => (relevant.has(Number(seq)) ? `<tr class="relevant"><td>${seq}</td>` : match),
  );
  return [
    "<h2>Ledger slice and its proof</h2>",
    `<p>Records #${ledger.from} to #${ledger.head.seq} (the head at export, ${code(ledger.head.hash)}), every one: each record's hash is sha256 of the canonical JSON of the record without its hash, and each names the hash of the one before it. The anchor on the prod version, ${code(`${anchor.seq}:${anchor.hash}`)} (the head when the gate opened), is record #${anchor.seq} of this chain. Highlighted rows are about this asset version; the others only link it to the head. The full records are in the data below.</p>`,
    body,
  ].join("\n");
}

/** The page's view of `pack` (everything above the data element). */
export function renderView(pack: EvidencePack): string {
  const { subject } = pack;
  const bySeq = new Map(pack.ledger.records.map((record) => [record.seq, record]));
  const promotion = pack.summary.promotion;
  return [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    `<meta name="generator" content="${html(pack.format)}">`,
    `<title>Evidence pack: ${html(subject.key)}</title>`,
    `<style>\n${STYLE}\n</style>`,
    "</head>",
    "<body>",
    `<h1>Evidence pack: ${html(subject.kind)} ${html(subject.name)}@${html(subject.version)}</h1>`,
    [
      "<table>",
      ...(
        [
          ["content digest", code(subject.digest)],
          ["prod version", code(subject.prodId)],
          ["ledger anchor on it", code(`${pack.anchor.seq}:${pack.anchor.hash}`)],
          ["ledger head at export", code(`${pack.ledger.head.seq}:${pack.ledger.head.hash}`)],
          [
            "promotion",
            promotion
              ? `${code(promotion.promotionId)} (record #${promotion.seq}) → ${code(promotion.targetReference)}, approval ${code(promotion.approvalId)}`
              : "—",
          ],
        ] as const
      ).map(([label, value]) => `<tr><th scope="row">${html(label)}</th><td>${value}</td></tr>`),
      "</table>",
    ].join("\n"),
    '<p class="note">Check this file offline: <code>airlock evidence verify &lt;file&gt; [--approvers &lt;registry.yml&gt;]</code>. It verifies the signatures, the digest the decisions bind, the hash chain from these records to the anchored head, and that this page is exactly what Airlock renders from the data it carries. Compare the anchor with the prod version (<code>airlock.ledger_anchor</code>) to tie the chain to the ledger itself.</p>',
    decisionsSection(pack, bySeq),
    rolloutsSection(pack),
    evidenceSection(pack, bySeq),
    lineageSection(pack),
    `<h2>Policy in force at export</h2>\n<p>${html(pack.policy.source)}, ${code(pack.policy.sha256)}</p>\n<pre>${html(pack.policy.text)}</pre>`,
    `<h2>Prod version properties</h2>\n<pre>${pretty({ properties: pack.prodVersion.properties, tags: pack.prodVersion.tags })}</pre>`,
    ledgerSection(pack),
  ].join("\n");
}
