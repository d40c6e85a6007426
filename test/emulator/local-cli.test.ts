/**
 * `airlock local token|up` inputs through the real CLI, with AIRLOCK_STATE_DIR in a temp dir: an unknown
 * principal and a bad flag are input errors, and nothing starts. The daemon's own life (up, status, token,
 * an ARM call, up again, down) is tested in twin-health.test.ts, on the daemon that file starts anyway.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { runCli } from "../helpers/cli.ts";

describe("airlock local", () => {
  let stateDir: string;
  let env: Record<string, string>;
  before(async () => {
    stateDir = await mkdtemp(path.join(tmpdir(), "airlock-local-"));
    env = { AIRLOCK_STATE_DIR: stateDir };
  });
  after(async () => {
    await rm(stateDir, { recursive: true, force: true });
  });

  it("token for an unknown principal is an input error listing the known ones", async () => {
    const r = await runCli(["local", "token", "--as", "eve", "--json"], { env });
    assert.equal(r.code, 3);
    const error = JSON.parse(r.stdout).error;
    assert.equal(error.code, "UNKNOWN_PRINCIPAL");
    assert.ok(error.details.known.includes("alice"));
    assert.ok(error.details.known.includes("sp-aml-promotion-prod"));
  });

  it("rejects bad flags without starting anything", async () => {
    const other = await mkdtemp(path.join(tmpdir(), "airlock-local-bad-"));
    const r = await runCli(["local", "up", "--lro", "slow", "--state-dir", other]);
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /--lro must be fast or realistic/);
    assert.ok(!existsSync(path.join(other, "twin.json")));
    await rm(other, { recursive: true, force: true });
  });
});
