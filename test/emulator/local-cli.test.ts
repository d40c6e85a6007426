/**
 * `airlock local up|status|token|down` through the real CLI, with AIRLOCK_STATE_DIR in a temp dir: the
 * daemon starts, is idempotent, answers ARM calls with the token the CLI mints, and stops.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { runCli } from "../helpers/cli.ts";
import { wsPath } from "../helpers/twin.ts";

describe("airlock local", () => {
  let stateDir: string;
  let env: Record<string, string>;
  before(async () => {
    stateDir = await mkdtemp(path.join(tmpdir(), "airlock-local-"));
    env = { AIRLOCK_STATE_DIR: stateDir };
  });
  after(async () => {
    await runCli(["local", "down"], { env });
    await rm(stateDir, { recursive: true, force: true });
  });

  it("up → status → token → ARM call → up again (idempotent) → down", async () => {
    const up = await runCli(["local", "up", "--json"], { env });
    assert.equal(up.code, 0, up.stderr);
    const started = JSON.parse(up.stdout);
    for (const key of ["armEndpoint", "subscriptionId", "stateDir", "blobEndpoint"])
      assert.ok(started[key], key);
    assert.equal(started.stateDir, stateDir);
    assert.equal(started.alreadyRunning, false);
    assert.ok(existsSync(path.join(stateDir, "twin.json")));

    const status = await runCli(["local", "status", "--json"], { env });
    assert.equal(status.code, 0, status.stderr);
    assert.equal(JSON.parse(status.stdout).running, true);
    assert.equal(JSON.parse(status.stdout).pid, started.pid);

    const token = await runCli(["local", "token", "--as", "alice"], { env });
    assert.equal(token.code, 0, token.stderr);
    const response = await fetch(`${started.armEndpoint}${wsPath()}?api-version=2024-10-01`, {
      headers: { authorization: `Bearer ${token.stdout.trim()}` },
    });
    assert.equal(response.status, 200);
    const mallory = await runCli(["local", "token", "--as", "mallory", "--json"], { env });
    const forbidden = await fetch(`${started.armEndpoint}${wsPath()}?api-version=2024-10-01`, {
      headers: { authorization: `Bearer ${JSON.parse(mallory.stdout).token}` },
    });
    assert.equal(forbidden.status, 403);

    const again = await runCli(["local", "up", "--json"], { env });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(JSON.parse(again.stdout).alreadyRunning, true);
    assert.equal(JSON.parse(again.stdout).pid, started.pid);

    const down = await runCli(["local", "down", "--json"], { env });
    assert.equal(down.code, 0, down.stderr);
    assert.equal(JSON.parse(down.stdout).stopped, true);
    assert.ok(!existsSync(path.join(stateDir, "twin.json")));
    const after = await runCli(["local", "status", "--json"], { env });
    assert.equal(after.code, 9, "status exits 9 when no twin runs");
    assert.equal(JSON.parse(after.stdout).error.code, "TWIN_NOT_RUNNING");
    assert.equal(JSON.parse(after.stdout).error.details.running, false);
    await assert.rejects(fetch(`${started.armEndpoint}/_twin/health`));
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
