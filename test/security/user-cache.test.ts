/**
 * Airlock's on-disk caches (parsed tfvars, Node's compile cache) live in a folder only this user can write
 * (src/user-cache.js). Another user of the machine who plants a parsed tfvars file where we would read it
 * must not change the platform model: in a shared or open folder nothing is cached or read.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { chmod, chown, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { loadPlatform } from "../../src/platform/index.ts";
import { privateCacheDir } from "../../src/user-cache.js";
import { REPO_ROOT } from "../helpers/cli.ts";

const PROD_TFVARS = path.join(REPO_ROOT, "infra", "environments", "prod", "terraform.tfvars");
const isRoot = process.getuid?.() === 0;

describe("the private cache folder", () => {
  let scratch: string;
  /** A fresh cache root under the scratch folder (mode 0700 unless given). */
  const root = async (name: string, mode = 0o700) => {
    const dir = path.join(scratch, name);
    await mkdir(dir, { mode });
    await chmod(dir, mode);
    return dir;
  };
  before(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), "airlock-user-cache-"));
  });
  after(() => rm(scratch, { recursive: true, force: true }));

  test("is made 0700 under XDG_CACHE_HOME, below /tmp's sticky bit", async () => {
    const base = await root("fresh");
    const dir = privateCacheDir("tfvars", { XDG_CACHE_HOME: base });
    assert.equal(dir, path.join(base, "airlock", "tfvars"));
    assert.equal((await stat(dir)).mode & 0o777, 0o700);
    assert.equal((await stat(path.join(base, "airlock"))).mode & 0o777, 0o700);
  });

  test("is refused when others could write on the way to it, or already could write in it", async () => {
    assert.equal(privateCacheDir("tfvars", { XDG_CACHE_HOME: await root("open-base", 0o777) }), undefined);
    const opened = await root("opened");
    assert.ok(privateCacheDir("tfvars", { XDG_CACHE_HOME: opened }));
    await chmod(path.join(opened, "airlock", "tfvars"), 0o777);
    assert.equal(privateCacheDir("tfvars", { XDG_CACHE_HOME: opened }), undefined);
    await chmod(path.join(opened, "airlock", "tfvars"), 0o700);
    await chmod(path.join(opened, "airlock"), 0o750);
    assert.equal(privateCacheDir("tfvars", { XDG_CACHE_HOME: opened }), undefined);
  });

  test("is refused when its folder is a symbolic link, even to a folder of ours", async () => {
    const base = await root("linked");
    const elsewhere = await root("elsewhere");
    await symlink(elsewhere, path.join(base, "airlock"));
    assert.equal(privateCacheDir("tfvars", { XDG_CACHE_HOME: base }), undefined);
  });

  test("is refused when another user owns it", {
    skip: !isRoot && "needs root to give a folder away",
  }, async () => {
    const base = await root("given-away");
    assert.ok(privateCacheDir("tfvars", { XDG_CACHE_HOME: base }));
    await chown(path.join(base, "airlock", "tfvars"), 4242, 4242);
    assert.equal(privateCacheDir("tfvars", { XDG_CACHE_HOME: base }), undefined);
  });

  describe("a parsed tfvars file planted in the cache", () => {
    const saved = process.env.XDG_CACHE_HOME;
    after(() => {
      if (saved === undefined) delete process.env.XDG_CACHE_HOME;
      else process.env.XDG_CACHE_HOME = saved;
    });

    /** Plants prod's parsed tfvars with another random_string under `base`, as the next load would read it. */
    async function plant(base: string): Promise<string> {
      const text = await readFile(PROD_TFVARS, "utf8");
      const key = createHash("sha256").update(`hcl2json/1\n${text}`).digest("hex");
      const file = path.join(base, "airlock", "tfvars", `${key}.json`);
      const parsed = JSON.parse(await readFile(file, "utf8")) as { random_string: string };
      await writeFile(file, JSON.stringify({ ...parsed, random_string: "99" }));
      return file;
    }
    const prodRegistry = async () => (await loadPlatform()).environments.prod.names.registry;

    test("is read from this user's own folder (the cache works)", async () => {
      process.env.XDG_CACHE_HOME = await root("mine");
      const real = await prodRegistry();
      await plant(process.env.XDG_CACHE_HOME);
      assert.equal(await prodRegistry(), real.replace(/01$/, "99"));
    });

    test("is not read from a folder others may write: the model comes from the file itself", async () => {
      const base = await root("shared");
      process.env.XDG_CACHE_HOME = base;
      const real = await prodRegistry();
      await plant(base);
      await chmod(base, 0o777);
      assert.equal(await prodRegistry(), real);
    });
  });
});
