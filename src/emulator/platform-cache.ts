/**
 * @module emulator/platform-cache
 * Parsing the tfvars costs about a second (HCL → JSON), more than the rest of a twin's start. The derived
 * catalog is cached in `<stateDir>/catalog.json` keyed by a hash of the tfvars files, and parsed platforms
 * are memoised per process, so restarts and later twins in the same process skip the parse.
 */
import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { DEFAULT_INFRA_DIR, loadPlatform, type Platform, PURPOSES } from "../platform/index.ts";
import { buildCatalog, type Catalog } from "./catalog.ts";

const memo = new Map<string, Promise<Platform>>();

export function resolveInfraDir(infraDir?: string): string {
  return path.resolve(infraDir ?? process.env.AIRLOCK_INFRA_DIR ?? DEFAULT_INFRA_DIR);
}

async function inputsHash(infraDir: string): Promise<string> {
  const hash = createHash("sha256").update(infraDir);
  for (const purpose of PURPOSES) {
    const file = path.join(infraDir, "environments", purpose, "terraform.tfvars");
    hash.update(await readFile(file).catch(() => Buffer.from(`missing ${file}`)));
  }
  return hash.digest("hex");
}

export interface PlatformSource {
  catalog: Catalog;
  /** The parsed platform (parsed on first use when the catalog came from the cache). */
  platform(): Promise<Platform>;
}

export async function loadPlatformSource(
  stateDir: string,
  infraDir: string,
  subscriptionId: string,
): Promise<PlatformSource> {
  const key = await inputsHash(infraDir);
  const platform = () => {
    let pending = memo.get(key);
    if (!pending) {
      pending = loadPlatform({ infraDir });
      memo.set(key, pending);
      pending.catch(() => memo.delete(key));
    }
    return pending;
  };
  const file = path.join(stateDir, "catalog.json");
  try {
    const cached = JSON.parse(await readFile(file, "utf8")) as { key: string; catalog: Catalog };
    if (cached.key === key && cached.catalog.subscriptionId === subscriptionId)
      return { catalog: cached.catalog, platform };
  } catch {
    // no cache yet
  }
  const catalog = buildCatalog(await platform(), subscriptionId);
  await writeFile(file, JSON.stringify({ key, catalog }));
  return { catalog, platform };
}
