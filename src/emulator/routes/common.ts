/**
 * @module emulator/routes/common
 * Helpers shared by the route modules: path patterns, systemData, paging with absolute `$skip` nextLinks,
 * and lookups that answer ARM 404s.
 */
import { ArmError, resourceNotFound } from "../arm-errors.ts";
import { ML, registryStorageAccount } from "../catalog.ts";
import type { Reply, RequestContext } from "../context.ts";
import type { ResourceRow } from "../store.ts";
import type { TwinClaims } from "../tokens.ts";

export const RG = "/subscriptions/{sub}/resourceGroups/{rg}";
export const ML_RG = `${RG}/providers/${ML}`;
export const WS = `${ML_RG}/workspaces/{workspace}`;
export const REG = `${ML_RG}/registries/{registry}`;
export const mlAction = (suffix: string) => `${ML}/${suffix}`;

export interface SystemData {
  createdBy: string;
  createdByType: string;
  createdAt: string;
  lastModifiedBy: string;
  lastModifiedByType: string;
  lastModifiedAt: string;
}

export const callerName = (claims: TwinClaims): string => claims.upn ?? claims.appid ?? claims.oid;
const callerType = (claims: TwinClaims): string => (claims.idtyp === "user" ? "User" : "Application");

export function systemData(claims: TwinClaims, existing?: SystemData): SystemData {
  const now = new Date().toISOString();
  return {
    createdBy: existing?.createdBy ?? callerName(claims),
    createdByType: existing?.createdByType ?? callerType(claims),
    createdAt: existing?.createdAt ?? now,
    lastModifiedBy: callerName(claims),
    lastModifiedByType: callerType(claims),
    lastModifiedAt: now,
  };
}

export interface Page {
  offset: number;
  limit: number;
}

/** `$skip` is the continuation token (an offset); `$top` can only shrink the page. */
export function pageOf(ctx: RequestContext): Page {
  const skip = ctx.query.get("$skip");
  const offset = skip === null ? 0 : Number(skip);
  if (!Number.isInteger(offset) || offset < 0) {
    throw new ArmError(400, "InvalidSkipToken", `The continuation token '$skip=${skip}' is invalid.`);
  }
  const top = ctx.query.get("$top");
  const limit =
    top === null
      ? ctx.twin.pageSize
      : Math.max(1, Math.min(ctx.twin.pageSize, Number(top) || ctx.twin.pageSize));
  return { offset, limit };
}

/** A list page; `items` are JSON strings (one more than the page size tells there is a next page). */
export function pageReply(ctx: RequestContext, page: Page, items: string[]): Reply {
  const more = items.length > page.limit;
  const value = more ? items.slice(0, page.limit) : items;
  let body = `{"value":[${value.join(",")}]`;
  if (more) {
    const query = new URLSearchParams(ctx.query);
    query.set("$skip", String(page.offset + page.limit));
    body += `,"nextLink":${JSON.stringify(`${ctx.twin.armEndpoint}${ctx.path}?${query.toString()}`)}`;
  }
  return { status: 200, body: `${body}}` };
}

/** Pages over an in-memory list. */
export function pageOfList(ctx: RequestContext, items: string[]): Reply {
  const page = pageOf(ctx);
  return pageReply(ctx, page, items.slice(page.offset, page.offset + page.limit + 1));
}

export function requireWorkspace(ctx: RequestContext) {
  const ws = ctx.twin.workspace(ctx.params.rg!, ctx.params.workspace!);
  if (!ws) throw resourceNotFound(`${ML}/workspaces`, ctx.params.workspace!, ctx.params.rg!);
  return ws;
}

export interface RegistryRecord {
  row: ResourceRow;
  body: Record<string, unknown>;
  name: string;
  id: string;
  location: string;
  storageAccount: string;
}

export const registryIdOf = (sub: string, rg: string, name: string) =>
  `/subscriptions/${sub}/resourceGroups/${rg}/providers/${ML}/registries/${name}`;

export function registryRecord(row: ResourceRow): RegistryRecord {
  const body = JSON.parse(row.body) as Record<string, unknown>;
  return {
    row,
    body,
    name: body.name as string,
    id: body.id as string,
    location: body.location as string,
    storageAccount: registryStorageAccount(body) ?? "",
  };
}

export function findRegistry(ctx: RequestContext, rg: string, name: string): RegistryRecord | undefined {
  const row = ctx.twin.store.getResource(registryIdOf(ctx.twin.catalog.subscriptionId, rg, name));
  return row ? registryRecord(row) : undefined;
}

/** Registries are addressed by name alone in asset ids (azureml://registries/<name>/…). */
export function findRegistryByName(ctx: RequestContext, name: string): RegistryRecord | undefined {
  const row = ctx.twin.store
    .resourcesOfType(`${ML}/registries`)
    .find((r) => r.id.endsWith(`/registries/${name.toLowerCase()}`));
  return row ? registryRecord(row) : undefined;
}

export function requireRegistry(ctx: RequestContext): RegistryRecord {
  const record = findRegistry(ctx, ctx.params.rg!, ctx.params.registry!);
  if (!record) throw resourceNotFound(`${ML}/registries`, ctx.params.registry!, ctx.params.rg!);
  return record;
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

export function isStringMap(value: unknown): value is Record<string, string> {
  return isRecord(value) && Object.values(value).every((v) => typeof v === "string");
}
