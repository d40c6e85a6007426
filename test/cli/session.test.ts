import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { runCli } from "../helpers/cli.ts";

let stateDir: string;
// Per file, not for the whole shard (top-level hooks run around every file of a shard).
describe("twin login and identity through the CLI", () => {
  before(async () => {
    stateDir = await mkdtemp(path.join(tmpdir(), "airlock-session-"));
  });
  after(() => rm(stateDir, { recursive: true, force: true }));

  test("local login chooses the twin identity; the per-side variables override it", async () => {
    const env = { AIRLOCK_STATE_DIR: stateDir, AIRLOCK_TWIN_PRINCIPAL: undefined };
    const login = await runCli(["local", "login", "--as", "alice", "--json"], { env });
    assert.equal(login.code, 0, login.stderr);
    assert.equal(JSON.parse(login.stdout).principal, "alice");

    const whoami = await runCli(["local", "whoami", "--json"], { env });
    assert.deepEqual(
      { dev: JSON.parse(whoami.stdout).dev, prod: JSON.parse(whoami.stdout).prod },
      { dev: "alice", prod: "alice" },
    );

    const overridden = await runCli(["local", "whoami", "--json"], {
      env: { ...env, AIRLOCK_TWIN_PRINCIPAL_PROD: "sp-aml-promotion-prod" },
    });
    assert.equal(JSON.parse(overridden.stdout).prod, "sp-aml-promotion-prod");
    assert.equal(JSON.parse(overridden.stdout).dev, "alice");
  });

  test("logging in as an unknown principal names the known ones and changes nothing", async () => {
    const env = { AIRLOCK_STATE_DIR: stateDir, AIRLOCK_TWIN_PRINCIPAL: undefined };
    await runCli(["local", "login", "--as", "bob"], { env });
    const result = await runCli(["local", "login", "--as", "eve"], { env });
    assert.equal(result.code, 3);
    assert.match(result.stderr, /UNKNOWN_PRINCIPAL.*"eve".*alice, bob, mallory/);
    const whoami = await runCli(["local", "whoami", "--json"], { env });
    assert.equal(JSON.parse(whoami.stdout).dev, "bob");
  });

  test("a governed command without any twin identity says how to choose one", async () => {
    const fresh = await mkdtemp(path.join(tmpdir(), "airlock-session-none-"));
    await import("node:fs/promises").then((fs) =>
      fs.writeFile(
        path.join(fresh, "twin.json"),
        JSON.stringify({ armEndpoint: "http://127.0.0.1:9", blobEndpoint: "http://127.0.0.1:9" }),
      ),
    );
    const result = await runCli(["status"], {
      env: { AIRLOCK_STATE_DIR: fresh, AIRLOCK_TWIN_PRINCIPAL: undefined },
    });
    assert.equal(result.code, 3);
    assert.match(result.stderr, /TWIN_NOT_LOGGED_IN.*airlock local login --as <principal>/);
    // The hint names only commands that exist.
    assert.match(result.stderr, /`airlock local whoami` lists the principals/);
    await rm(fresh, { recursive: true, force: true });
  });
});
