/**
 * `airlock local up|status|token|down` through the real CLI and a real daemon, whole and not whole (issue #8):
 * the daemon starts, is idempotent, answers ARM calls with the token the CLI mints and stops; status exits 9
 * with TWIN_NOT_RUNNING when no twin runs, with TWIN_AZURITE_DOWN when Azurite was SIGKILLed under a live
 * daemon (checked with a real request, not a pid), and `up` then restarts the twin on the same endpoints and
 * says so. A daemon SIGKILLed outright is "not running", and `up` starts it again. The tests of the first
 * describe run in order on one state dir, each starting from the daemon the one before left (three daemon
 * starts in all, each one under test). Bad state dirs, damaged records and taken ports end in stable codes,
 * never AIRLOCK_INTERNAL.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { type CliResult, runCli } from "../helpers/cli.ts";
import { wsPath } from "../helpers/twin.ts";

interface TwinJson {
  pid: number;
  armEndpoint: string;
  blobEndpoint: string;
  azurite: { pid: number; url: string };
}

const errorOf = (r: CliResult) => JSON.parse(r.stdout).error as { code: string; details?: unknown };

function noInternal(r: CliResult): void {
  assert.doesNotMatch(`${r.stdout}${r.stderr}`, /AIRLOCK_INTERNAL|\n\s+at /, r.stderr);
}

async function waitGone(pid: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      process.kill(pid, 0);
      const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
      if (stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z")) return;
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`pid ${pid} did not exit`);
}

describe("local status and up check the whole twin", () => {
  let stateDir: string;
  let env: Record<string, string>;
  /** The daemon the first `up` started (the next tests break it). */
  let first: TwinJson;
  before(async () => {
    stateDir = await mkdtemp(path.join(tmpdir(), "airlock-health-"));
    env = { AIRLOCK_STATE_DIR: stateDir };
  });
  after(async () => {
    await runCli(["local", "down"], { env });
    await rm(stateDir, { recursive: true, force: true });
  });

  it("status with no twin: exit 9, TWIN_NOT_RUNNING", async () => {
    const r = await runCli(["local", "status", "--json"], { env });
    assert.equal(r.code, 9, r.stderr);
    assert.equal(errorOf(r).code, "TWIN_NOT_RUNNING");
    noInternal(r);
  });

  it("up → status → token → ARM call → up again (idempotent)", async () => {
    const up = await runCli(["local", "up", "--json"], { env });
    assert.equal(up.code, 0, up.stderr);
    const started = JSON.parse(up.stdout);
    for (const key of ["armEndpoint", "subscriptionId", "stateDir", "blobEndpoint"])
      assert.ok(started[key], key);
    assert.equal(started.stateDir, stateDir);
    assert.equal(started.alreadyRunning, false);
    assert.ok(existsSync(path.join(stateDir, "twin.json")));
    first = started;

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
    await response.arrayBuffer();
    const mallory = await runCli(["local", "token", "--as", "mallory", "--json"], { env });
    const forbidden = await fetch(`${started.armEndpoint}${wsPath()}?api-version=2024-10-01`, {
      headers: { authorization: `Bearer ${JSON.parse(mallory.stdout).token}` },
    });
    assert.equal(forbidden.status, 403);
    await forbidden.arrayBuffer();

    const again = await runCli(["local", "up", "--json"], { env });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(JSON.parse(again.stdout).alreadyRunning, true);
    assert.equal(JSON.parse(again.stdout).pid, started.pid);
  });

  it("Azurite SIGKILLed: status exit 9 TWIN_AZURITE_DOWN; up restarts on the same endpoints and says so", async () => {
    assert.ok(first, "the daemon the first up started");
    assert.ok(first.azurite.pid > 0, "twin.json names Azurite's pid");
    assert.deepEqual(
      JSON.parse(await readFile(path.join(stateDir, "twin.json"), "utf8")).azurite,
      first.azurite,
    );
    const healthy = await runCli(["local", "status", "--json"], { env });
    assert.equal(healthy.code, 0, healthy.stderr);

    process.kill(first.azurite.pid, "SIGKILL");
    await waitGone(first.azurite.pid);
    // The daemon itself still lives and answers: only a request to Azurite tells.
    assert.equal((await fetch(`${first.armEndpoint}/_twin/health`)).status, 200);

    const status = await runCli(["local", "status", "--json"], { env });
    assert.equal(status.code, 9, status.stderr);
    assert.equal(errorOf(status).code, "TWIN_AZURITE_DOWN");
    noInternal(status);
    const human = await runCli(["local", "status"], { env });
    assert.equal(human.code, 9);
    assert.match(human.stderr, /TWIN_AZURITE_DOWN.*Azurite.*does not answer/);
    // The demo neither uses the broken twin nor starts a second one on its state dir.
    const demo = await runCli(["demo"], { env });
    assert.equal(demo.code, 9, demo.stderr);
    assert.match(demo.stderr, /error\[TWIN_AZURITE_DOWN\]/);

    const again = await runCli(["local", "up", "--json"], { env });
    assert.equal(again.code, 0, again.stderr);
    const second = JSON.parse(again.stdout) as TwinJson & { restarted: boolean; reason: string };
    assert.equal(second.restarted, true);
    assert.equal(second.reason, "azurite-down");
    assert.equal(second.armEndpoint, first.armEndpoint, "same ARM endpoint after the restart");
    assert.notEqual(second.azurite.pid, first.azurite.pid);
    const humanUp = await runCli(["local", "up"], { env });
    assert.match(humanUp.stdout, /already running/);

    const after = await runCli(["local", "status", "--json"], { env });
    assert.equal(after.code, 0, after.stderr);
    assert.equal(JSON.parse(after.stdout).running, true);
    // Azurite really serves again.
    const blob = await fetch(`${second.azurite.url}/?restype=service&comp=properties`);
    await blob.arrayBuffer();
    assert.match(blob.headers.get("server") ?? "", /^Azurite/);
  });

  it("daemon SIGKILLed: status exit 9 TWIN_NOT_RUNNING; up starts a new one", async () => {
    const before = JSON.parse(await readFile(path.join(stateDir, "twin.json"), "utf8")) as TwinJson;
    process.kill(before.pid, "SIGKILL");
    await waitGone(before.pid);
    const status = await runCli(["local", "status", "--json"], { env });
    assert.equal(status.code, 9, status.stderr);
    assert.equal(errorOf(status).code, "TWIN_NOT_RUNNING");
    const up = await runCli(["local", "up", "--json"], { env });
    assert.equal(up.code, 0, up.stderr);
    const started = JSON.parse(up.stdout) as TwinJson & { alreadyRunning: boolean };
    assert.equal(started.alreadyRunning, false);
    assert.notEqual(started.pid, before.pid);
    assert.equal((await runCli(["local", "status"], { env })).code, 0);
  });

  it("down stops the twin: twin.json is gone, status exits 9 TWIN_NOT_RUNNING, the endpoint refuses", async () => {
    const record = JSON.parse(await readFile(path.join(stateDir, "twin.json"), "utf8")) as TwinJson;
    const down = await runCli(["local", "down", "--json"], { env });
    assert.equal(down.code, 0, down.stderr);
    assert.equal(JSON.parse(down.stdout).stopped, true);
    assert.ok(!existsSync(path.join(stateDir, "twin.json")));
    const after = await runCli(["local", "status", "--json"], { env });
    assert.equal(after.code, 9, "status exits 9 when no twin runs");
    assert.equal(JSON.parse(after.stdout).error.code, "TWIN_NOT_RUNNING");
    assert.equal(JSON.parse(after.stdout).error.details.running, false);
    await assert.rejects(fetch(`${record.armEndpoint}/_twin/health`));
  });
});

describe("bad state dirs, damaged records and taken ports end in stable codes", () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(path.join(tmpdir(), "airlock-badstate-"));
    await writeFile(path.join(root, "a-file"), "not a directory");
  });
  after(() => rm(root, { recursive: true, force: true }));

  it("a state dir under a file: every local command and the demo are STATE_DIR_UNUSABLE, exit 3", async () => {
    const env = { AIRLOCK_STATE_DIR: path.join(root, "a-file", "twin") };
    for (const args of [
      ["local", "up"],
      ["local", "login", "--as", "alice"],
      ["local", "status"],
      ["local", "down"],
      ["local", "whoami"],
      ["demo"],
    ]) {
      const r = await runCli([...args, "--json"], { env });
      assert.equal(r.code, 3, `${args.join(" ")}: ${r.stderr}`);
      assert.equal(errorOf(r).code, "STATE_DIR_UNUSABLE", args.join(" "));
      noInternal(r);
    }
    const asFile = await runCli(["local", "up", "--json", "--state-dir", path.join(root, "a-file")]);
    assert.equal(asFile.code, 3, asFile.stderr);
    assert.equal(errorOf(asFile).code, "STATE_DIR_UNUSABLE");
  });

  it("a session.json that is a directory: login is STATE_DIR_UNUSABLE, exit 3", async () => {
    const stateDir = await mkdtemp(path.join(root, "session-"));
    await mkdir(path.join(stateDir, "session.json"));
    const r = await runCli(["local", "login", "--as", "alice", "--json"], {
      env: { AIRLOCK_STATE_DIR: stateDir },
    });
    assert.equal(r.code, 3, r.stderr);
    assert.equal(errorOf(r).code, "STATE_DIR_UNUSABLE");
    noInternal(r);
  });

  it("an --infra-dir without tfvars: up keeps the platform's code (PLATFORM_INVALID, exit 3)", async () => {
    const stateDir = await mkdtemp(path.join(root, "infra-"));
    const r = await runCli(["local", "up", "--infra-dir", path.join(root, "no-such-infra"), "--json"], {
      env: { AIRLOCK_STATE_DIR: stateDir },
    });
    assert.equal(r.code, 3, r.stderr);
    assert.equal(errorOf(r).code, "PLATFORM_INVALID");
    noInternal(r);
  });

  it("a damaged twin.json: status is TWIN_NOT_RUNNING, other commands TWIN_STATE_INVALID", async () => {
    const stateDir = await mkdtemp(path.join(root, "damaged-"));
    const env = { AIRLOCK_STATE_DIR: stateDir, AIRLOCK_TWIN_PRINCIPAL: "alice" };
    for (const text of ["{not json", "null", '{"pid": "x"}']) {
      await writeFile(path.join(stateDir, "twin.json"), text);
      const status = await runCli(["local", "status", "--json"], { env });
      assert.equal(status.code, 9, status.stderr);
      assert.equal(errorOf(status).code, "TWIN_NOT_RUNNING");
      const audit = await runCli(["audit", "show", "--json"], { env });
      assert.equal(audit.code, 9, `${text}: ${audit.stderr}`);
      assert.equal(errorOf(audit).code, "TWIN_STATE_INVALID", text);
      noInternal(audit);
      const down = await runCli(["local", "down", "--json"], { env });
      assert.equal(down.code, 0, down.stderr);
    }
  });

  it("a twin.json naming someone else's live process: not running, and down never signals it", async () => {
    const stateDir = await mkdtemp(path.join(root, "recycled-"));
    const env = { AIRLOCK_STATE_DIR: stateDir };
    const bystander = spawn("sleep", ["300"], { stdio: "ignore" });
    try {
      const record = { pid: bystander.pid, armEndpoint: "http://127.0.0.1:9", stateDir };
      await writeFile(path.join(stateDir, "twin.json"), JSON.stringify(record));
      const status = await runCli(["local", "status", "--json"], { env });
      assert.equal(errorOf(status).code, "TWIN_NOT_RUNNING");
      const down = await runCli(["local", "down", "--json"], { env });
      assert.equal(down.code, 0, down.stderr);
      assert.equal(JSON.parse(down.stdout).stopped, false);
      assert.equal(bystander.exitCode, null);
      assert.equal(bystander.signalCode, null, "the bystander was not signalled");
    } finally {
      bystander.kill("SIGKILL");
    }
  });

  it("a taken --arm-port is TWIN_PORT_IN_USE, exit 5, and nothing is left running", async () => {
    const stateDir = await mkdtemp(path.join(root, "port-"));
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = await runCli(["local", "up", "--arm-port", String(port), "--json"], {
        env: { AIRLOCK_STATE_DIR: stateDir },
      });
      assert.equal(r.code, 5, r.stderr);
      assert.equal(errorOf(r).code, "TWIN_PORT_IN_USE");
      noInternal(r);
      const status = await runCli(["local", "status", "--json"], { env: { AIRLOCK_STATE_DIR: stateDir } });
      assert.equal(errorOf(status).code, "TWIN_NOT_RUNNING");
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
