/**
 * @module arm/paging
 * ARM list operations: `{value, nextLink}` pages, followed through the absolute nextLink (verbatim, same
 * origin only) until it is absent or null. Lazy: nothing is requested until iteration starts.
 */
import { ArmError } from "./errors.ts";
import type { ArmHttpRequest, ArmTransport } from "./pipeline.ts";
import type { ArmPage } from "./types.ts";

export interface PagedList<T> extends AsyncIterable<T> {
  /** Every item of every page. */
  toArray(): Promise<T[]>;
  /** Page by page (each page's items). */
  byPage(): AsyncIterable<T[]>;
}

export function pagedList<T>(transport: ArmTransport, first: Omit<ArmHttpRequest, "method">): PagedList<T> {
  async function* pages(): AsyncGenerator<T[]> {
    let request: ArmHttpRequest | undefined = { ...first, method: "GET" };
    const seen = new Set<string>();
    while (request) {
      const response = await transport.send(request);
      const page = response.body as ArmPage<T> | undefined;
      if (!page || !Array.isArray(page.value)) {
        throw new ArmError({
          status: 502,
          armCode: "InvalidListResponse",
          message: `GET ${new URL(response.request.url).pathname} did not answer a {value: [...]} page.`,
        });
      }
      yield page.value;
      const next = page.nextLink;
      if (next === undefined || next === null || next === "") break;
      if (seen.has(next)) {
        throw new ArmError({
          status: 502,
          armCode: "PagingLoop",
          message: "The service returned the same nextLink twice.",
        });
      }
      seen.add(next);
      // nextLink already carries the query (and usually api-version); send it as given.
      request = { method: "GET", url: next, ...(first.apiVersion ? { apiVersion: first.apiVersion } : {}) };
    }
  }
  return {
    async *[Symbol.asyncIterator]() {
      for await (const items of pages()) yield* items;
    },
    byPage: () => pages(),
    async toArray() {
      const all: T[] = [];
      for await (const items of pages()) all.push(...items);
      return all;
    },
  };
}
