/**
 * @module contract/lists
 * The query parameters each asset list operation declares in the 2024-10-01 spec (mfe.json), so the client
 * sends only those: registry code and component containers have no listViewType, only model versions take
 * tags/properties filters, and data versions filter tags as `$tags`. test/contract/spec.test.ts holds this
 * table to the vendored spec.
 */
import type { AssetKind } from "./types.ts";

export type AssetScopeKind = "workspace" | "registry";

/** Filters a caller may ask of a list; each maps to the wire name a kind declares, if it declares one. */
export type ListFilter =
  | "skip"
  | "listViewType"
  | "orderBy"
  | "top"
  | "version"
  | "description"
  | "tags"
  | "properties"
  | "stage";

type FilterWire = Partial<Record<ListFilter, string>>;

const CONTAINERS_WITH_VIEW: FilterWire = { skip: "$skip", listViewType: "listViewType" };
const CONTAINERS_PLAIN: FilterWire = { skip: "$skip" };
const VERSIONS_PLAIN: FilterWire = { orderBy: "$orderBy", top: "$top", skip: "$skip" };

export const LIST_QUERY: Record<
  AssetScopeKind,
  Record<AssetKind, { containers: FilterWire; versions: FilterWire }>
> = {
  workspace: {
    codes: { containers: CONTAINERS_PLAIN, versions: VERSIONS_PLAIN },
    components: {
      containers: CONTAINERS_WITH_VIEW,
      versions: { ...VERSIONS_PLAIN, listViewType: "listViewType", stage: "stage" },
    },
    data: {
      containers: CONTAINERS_WITH_VIEW,
      versions: { ...VERSIONS_PLAIN, tags: "$tags", listViewType: "listViewType", stage: "stage" },
    },
    environments: {
      containers: CONTAINERS_WITH_VIEW,
      versions: { ...VERSIONS_PLAIN, listViewType: "listViewType", stage: "stage" },
    },
    models: {
      containers: CONTAINERS_WITH_VIEW,
      versions: {
        ...VERSIONS_PLAIN,
        version: "version",
        description: "description",
        tags: "tags",
        properties: "properties",
        listViewType: "listViewType",
        stage: "stage",
      },
    },
  },
  registry: {
    codes: { containers: CONTAINERS_PLAIN, versions: VERSIONS_PLAIN },
    components: { containers: CONTAINERS_PLAIN, versions: VERSIONS_PLAIN },
    data: {
      containers: CONTAINERS_WITH_VIEW,
      versions: { ...VERSIONS_PLAIN, tags: "$tags", listViewType: "listViewType" },
    },
    environments: {
      containers: CONTAINERS_WITH_VIEW,
      versions: { ...VERSIONS_PLAIN, listViewType: "listViewType" },
    },
    models: {
      containers: CONTAINERS_WITH_VIEW,
      versions: {
        ...VERSIONS_PLAIN,
        version: "version",
        description: "description",
        tags: "tags",
        properties: "properties",
        listViewType: "listViewType",
      },
    },
  },
};

/**
 * The wire query of a list call: each filter given under the name its kind declares. A filter the kind
 * does not declare is refused (TypeError: a programming error, the spec has no such filter) rather than
 * sent and ignored or silently dropped.
 */
export function listQuery(
  scope: AssetScopeKind,
  kind: AssetKind,
  list: "containers" | "versions",
  filters: Partial<Record<ListFilter, string | number | undefined>>,
): Record<string, string | number> {
  const wire = LIST_QUERY[scope][kind][list];
  const query: Record<string, string | number> = {};
  for (const [filter, value] of Object.entries(filters) as [ListFilter, string | number | undefined][]) {
    if (value === undefined) continue;
    const name = wire[filter];
    if (!name)
      throw new TypeError(
        `${scope} ${kind} ${list} lists take no ${filter} filter (2024-10-01 declares none).`,
      );
    query[name] = value;
  }
  return query;
}
