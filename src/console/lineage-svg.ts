/**
 * @module console/lineage-svg
 * Lineage as a picture: each chain (endpoint → prod registry → dev registry → dev workspace → training run) laid
 * out by dagre (a maintained layered-graph layout) and drawn as inline SVG on the server — no script involved.
 * Links that appear in several chains (two deployments of one version) are one node.
 */
import { Graph, layout } from "@dagrejs/dagre";
import type { LineageChain, LineageLink } from "../governance/lineage.ts";
import { type Html, h } from "./view.ts";

const NODE_WIDTH = 230;
const NODE_HEIGHT = 58;

function title(link: LineageLink): string {
  const version = link.name && link.version ? `${link.name}@${link.version}` : (link.name ?? "");
  return version;
}

function subtitle(link: LineageLink): string {
  const parts: string[] = [];
  if (link.traffic !== undefined) parts.push(`${link.traffic}% traffic`);
  if (link.digest) parts.push(`sha256:${link.digest.replace(/^sha256:/, "").slice(0, 10)}…`);
  if (link.approval?.approvedBy.length) parts.push(`approved by ${link.approval.approvedBy.join(", ")}`);
  return parts.join(" · ");
}

function clip(text: string, max = 34): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The SVG for `chains`, with a text alternative; an empty string when there is nothing to draw. */
export function lineageSvg(chains: readonly LineageChain[], label: string): Html {
  const graph = new Graph();
  graph.setGraph({ rankdir: "LR", nodesep: 24, ranksep: 40, marginx: 8, marginy: 8 });
  graph.setDefaultEdgeLabel(() => ({}));
  const links = new Map<string, LineageLink>();
  for (const chain of chains) {
    chain.links.forEach((link, index) => {
      const id = link.id.toLowerCase();
      if (!links.has(id)) {
        links.set(id, link);
        graph.setNode(id, { width: NODE_WIDTH, height: NODE_HEIGHT });
      }
      const previous = chain.links[index - 1];
      if (previous) graph.setEdge(previous.id.toLowerCase(), id);
    });
  }
  if (links.size === 0) return h`<p class="muted">No lineage recorded.</p>`;
  layout(graph);
  const size = graph.graph();
  const width = Math.ceil(size.width ?? 0);
  const height = Math.ceil(size.height ?? 0);
  const edges = (graph.edges() as Array<{ v: string; w: string }>).map((edge) => {
    const points: Array<{ x: number; y: number }> = graph.edge(edge).points ?? [];
    const d = points.map((p, i) => `${i === 0 ? "M" : "L"}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(" ");
    return h`<path class="edge" d="${d}" marker-end="url(#arrow)"></path>`;
  });
  const nodes = [...links.entries()].map(([id, link]) => {
    const node = graph.node(id);
    const x = node.x - NODE_WIDTH / 2;
    const y = node.y - NODE_HEIGHT / 2;
    return h`<g class="node stage-${link.stage}"><title>${link.label} ${link.id}</title>
<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${NODE_WIDTH}" height="${NODE_HEIGHT}" rx="6"></rect>
<text x="${(x + 8).toFixed(1)}" y="${(y + 17).toFixed(1)}" class="stage">${clip(link.label)}</text>
<text x="${(x + 8).toFixed(1)}" y="${(y + 34).toFixed(1)}">${clip(title(link))}</text>
<text x="${(x + 8).toFixed(1)}" y="${(y + 50).toFixed(1)}" class="small">${clip(subtitle(link), 40)}</text></g>`;
  });
  const describe = chains
    .map((chain) => chain.links.map((l) => `${l.label}${title(l) ? ` ${title(l)}` : ""}`).join(" → "))
    .join("; ");
  return h`<figure class="lineage">
<svg role="img" aria-label="${label}: ${describe}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">
<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"></path></marker></defs>
${edges}${nodes}
</svg>
<figcaption>${label}${chains.some((c) => c.gaps.length > 0) ? h` — gaps: ${chains.flatMap((c) => c.gaps).join("; ")}` : ""}</figcaption>
</figure>`;
}
