/**
 * `airlock local up|status|token|down` through the real CLI and real daemons, whole and not whole (issue #8).
 * One state dir, and each test starts from the daemon the one before left (three daemon starts in all, each
 * one under test):
 * - the daemon starts on a state dir an older version left readable, is idempotent, and answers ARM calls
 *   with the token the CLI mints;
 * - hygiene: after an asset was registered through `airlock register` and a deployment has served a scoring
 *   request, every directory of the state dir is 0700 and every file 0600 (including what Azurite and the
 *   python scoring process wrote, and what the older version left readable); a scoring process answers
 *   nothing that does not come through the twin's endpoint front end; a YAML alias bomb is refused with a
 *   stable code;
 * - status exits 9 with TWIN_NOT_RUNNING when no twin runs, with TWIN_AZURITE_DOWN when Azurite was
 *   SIGKILLed under a live daemon (checked with a real request, not a pid), and `up` then restarts the twin
 *   on the same endpoints and says so; a daemon SIGKILLed outright is "not running", and `up` starts it
 *   again; `down` stops it.
 * Bad state dirs, damaged records and taken ports end in stable codes, never AIRLOCK_INTERNAL.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import {
  chmod,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  readlink,
  rm,
  stat,
  writeFile,
} from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { type CliResult, runCli } from "../helpers/cli.ts";
import { arm, DEV, startTestTwin, uploadToWorkspaceBlobstore, wsPath } from "../helpers/twin.ts";

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

const AS = "sp-aml-promotion-dev";
const DS = "azureml://datastores/workspaceblobstore/paths";
const SCORE_PY = `
import json
def init():
    pass
def run(raw):
    return {"echo": json.loads(raw)}
`;
const MODEL_YML = `$schema: https://azuremlschemas.azureedge.net/latest/model.schema.json
name: hygiene-model
version: "1"
type: custom_model
path: ./model
`;
/** "Billion laughs": nine levels of nine aliases each, 9^7 nodes once expanded. */
const ALIAS_BOMB = `${MODEL_YML.replace("hygiene-model", "bomb-model")}description: bomb
tags:
  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
  b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
  c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
  d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
  e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
  f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
  g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
`;

/** Every path under `root` (root included) with its lstat mode, symlinks excluded. */
async function walk(root: string): Promise<{ file: string; mode: number; dir: boolean }[]> {
  const out: { file: string; mode: number; dir: boolean }[] = [];
  const visit = async (file: string) => {
    const info = await lstat(file).catch(() => undefined);
    if (!info || info.isSymbolicLink()) return;
    out.push({ file, mode: info.mode & 0o777, dir: info.isDirectory() });
    if (info.isDirectory()) for (const name of await readdir(file)) await visit(path.join(file, name));
  };
  await visit(root);
  return out;
}

/** The pids of a process's children (Linux /proc), as an attacker on the machine would list them. */
async function childrenOf(pid: number): Promise<number[]> {
  const children: number[] = [];
  for (const task of await readdir(`/proc/${pid}/task`)) {
    const text = await readFile(`/proc/${pid}/task/${task}/children`, "utf8").catch(() => "");
    children.push(...text.split(/\s+/).filter(Boolean).map(Number));
  }
  return children;
}

/** The loopback TCP ports a process listens on, from its socket inodes and /proc/net/tcp. */
async function listeningPorts(pid: number): Promise<number[]> {
  const inodes = new Set<string>();
  for (const fd of await readdir(`/proc/${pid}/fd`).catch(() => [])) {
    const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => "");
    const match = /^socket:\[(\d+)\]$/.exec(target);
    if (match) inodes.add(match[1]!);
  }
  const ports: number[] = [];
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    const lines = (await readFile(table, "utf8").catch(() => "")).split("\n").slice(1);
    for (const line of lines) {
      const cols = line.trim().split(/\s+/);
      // local_address is HEX_IP:HEX_PORT, st 0A is LISTEN, column 9 is the inode.
      if (cols.length > 9 && cols[3] === "0A" && inodes.has(cols[9]!))
        ports.push(Number.parseInt(cols[1]!.split(":")[1]!, 16));
    }
  }
  return ports;
}

describe("the twin daemon through the real CLI", () => {
  let root: string;
  let stateDir: string;
  let env: Record<string, string>;
  /** The daemon the first `up` started (the hygiene tests use it, the tests after them break it). */
  let first: TwinJson;

  before(async () => {
    root = await mkdtemp(path.join(tmpdir(), "airlock-health-"));
    stateDir = path.join(root, "state");
    env = { AIRLOCK_STATE_DIR: stateDir };
    // What an older version left behind: a twin state dir whose directories are 0755 and files 0644. The twin
    // that writes it runs in this process (the same startTwin the daemon runs: twin.db, keys, Azurite data);
    // only the daemons started below, the ones under test, are processes.
    const older = await startTestTwin({ stateDir });
    await older.close();
    for (const entry of await walk(stateDir)) await chmod(entry.file, entry.dir ? 0o755 : 0o644);
    await mkdir(path.join(stateDir, "older"));
    await writeFile(path.join(stateDir, "older", "left-behind.json"), "{}", { mode: 0o644 });
    await chmod(path.join(stateDir, "older"), 0o755);
    await chmod(path.join(stateDir, "older", "left-behind.json"), 0o644);
    assert.equal((await stat(path.join(stateDir, "twin.db"))).mode & 0o777, 0o644);
  });
  after(async () => {
    await runCli(["local", "down"], { env });
    await rm(root, { recursive: true, force: true });
  });

  describe("local status and up check the whole twin", () => {
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
  });

  describe("twin hygiene (real daemon through the CLI)", () => {
    let token: string;
    const client = () => ({
      armEndpoint: first.armEndpoint,
      blobBaseUrl: first.blobEndpoint,
      tokenFor: () => token,
    });

    before(async () => {
      assert.ok(first, "the daemon the first up started");
      const login = await runCli(["local", "login", "--as", "alice"], { env });
      assert.equal(login.code, 0, login.stderr);
      const minted = await runCli(["local", "token", "--as", AS], { env });
      assert.equal(minted.code, 0, minted.stderr);
      token = minted.stdout.trim();
    });
    // The restarts below need no scoring process: the endpoint goes with its deployment.
    after(async () => {
      const deleted = await arm(client(), "DELETE", `${wsPath()}/onlineEndpoints/hygiene-ep`);
      assert.ok([200, 202, 204].includes(deleted.status), deleted.text);
    });

    it("register, deploy and score; then every dir is 0700 and every file 0600, and the secrets are among them", async () => {
      const project = path.join(root, "project");
      await mkdir(path.join(project, "model"), { recursive: true });
      await writeFile(path.join(project, "model", "weights.bin"), "not really weights");
      await writeFile(path.join(project, "model.yml"), MODEL_YML);
      const registered = await runCli(
        ["register", path.join(project, "model.yml"), "--env", "dev", "--json"],
        {
          env,
        },
      );
      assert.equal(registered.code, 0, registered.stderr);

      await deployScorer(client());
      const keys = await arm(client(), "POST", `${wsPath()}/onlineEndpoints/hygiene-ep/listKeys`);
      assert.equal(keys.status, 200, keys.text);
      const scored = await fetch(`${first.armEndpoint}/_inference/${DEV.workspace}/hygiene-ep/score`, {
        method: "POST",
        headers: { authorization: `Bearer ${keys.body.primaryKey}`, "content-type": "application/json" },
        body: JSON.stringify({ x: 1 }),
      });
      assert.equal(scored.status, 200, await scored.clone().text());
      assert.deepEqual(await scored.json(), { echo: { x: 1 } });

      const entries = await walk(stateDir);
      const names = entries.map((e) => path.relative(stateDir, e.file));
      // The files that hold secrets are there (so the check below covers them).
      for (const secret of [
        "twin.db",
        "storage-accounts.json",
        "twin-signing-key",
        "session.json",
        "twin.json",
      ])
        assert.ok(names.includes(secret), `${secret} in ${names.join(", ")}`);
      assert.ok(
        names.some((n) => n.startsWith("azurite")),
        "Azurite's data is in the state dir",
      );
      assert.ok(
        names.some((n) => n.startsWith("deployments")),
        "the deployment's files are in the state dir",
      );
      assert.ok(names.includes(path.join("older", "left-behind.json")));
      // Files: no group or other bits (0600, or 0400 for a file written read-only).
      const loose = entries.filter((e) => (e.dir ? e.mode !== 0o700 : (e.mode & 0o077) !== 0));
      assert.deepEqual(
        loose.map((e) => `${path.relative(stateDir, e.file) || "."} ${e.mode.toString(8)}`),
        [],
        "every dir 0700, every file 0600",
      );
      assert.equal((await stat(stateDir)).mode & 0o777, 0o700);
    });

    it("a state dir pointed at a folder that was never a twin's: the folder becomes 0700, its files are left alone", async () => {
      const folder = path.join(root, "someones-folder");
      await mkdir(folder, { mode: 0o755 });
      await chmod(folder, 0o755);
      await writeFile(path.join(folder, "notes.txt"), "mine", { mode: 0o644 });
      await chmod(path.join(folder, "notes.txt"), 0o644);
      const r = await runCli(["local", "login", "--as", "bob", "--state-dir", folder]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal((await stat(folder)).mode & 0o777, 0o700);
      assert.equal((await stat(path.join(folder, "notes.txt"))).mode & 0o777, 0o644);
      assert.equal((await stat(path.join(folder, "session.json"))).mode & 0o777, 0o600);
    });

    it("the scoring process refuses a direct request without the twin's secret; the endpoint still scores", async () => {
      // The scoring process is forked from the daemon's python child (the zygote, which listens on nothing);
      // find it and its port as any local user could (ss -ltnp).
      const pythons: number[] = [];
      for (const child of await childrenOf(first.pid)) {
        for (const pid of [child, ...(await childrenOf(child).catch(() => []))]) {
          const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
          if (cmdline.includes("server.py") && (await listeningPorts(pid)).length > 0) pythons.push(pid);
        }
      }
      assert.equal(pythons.length, 1, "one scoring process");
      const ports = await listeningPorts(pythons[0]!);
      assert.equal(ports.length, 1, `one listening port: ${ports.join(", ")}`);
      const direct = `http://127.0.0.1:${ports[0]}`;

      const post = await fetch(`${direct}/score`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ x: 2 }),
      });
      assert.equal(post.status, 401);
      assert.match((await post.json()).message, /only the twin/);
      const health = await fetch(`${direct}/`);
      assert.equal(health.status, 401);
      await health.arrayBuffer();
      const guessed = await fetch(`${direct}/score`, {
        method: "POST",
        headers: { "x-airlock-inference-secret": "guess", "content-type": "application/json" },
        body: "{}",
      });
      assert.equal(guessed.status, 401);
      await guessed.arrayBuffer();
      // Even the endpoint's own key is no use on the process: only the front end checks it.
      const keys = await arm(client(), "POST", `${wsPath()}/onlineEndpoints/hygiene-ep/listKeys`);
      const withKey = await fetch(`${direct}/score`, {
        method: "POST",
        headers: { authorization: `Bearer ${keys.body.primaryKey}`, "content-type": "application/json" },
        body: "{}",
      });
      assert.equal(withKey.status, 401);
      await withKey.arrayBuffer();

      const through = await fetch(`${first.armEndpoint}/_inference/${DEV.workspace}/hygiene-ep/score`, {
        method: "POST",
        headers: { authorization: `Bearer ${keys.body.primaryKey}`, "content-type": "application/json" },
        body: JSON.stringify({ x: 3 }),
      });
      assert.equal(through.status, 200);
      assert.deepEqual(await through.json(), { echo: { x: 3 } });
      const noKey = await fetch(`${first.armEndpoint}/_inference/${DEV.workspace}/hygiene-ep/score`, {
        method: "POST",
        body: "{}",
      });
      assert.equal(noKey.status, 401);
      await noKey.arrayBuffer();
    });

    it("a YAML alias bomb given to register is ASSET_YAML_ALIASES, exit 3, no stack trace, nothing registered", async () => {
      const project = path.join(root, "bomb");
      await mkdir(path.join(project, "model"), { recursive: true });
      await writeFile(path.join(project, "model", "weights.bin"), "x");
      await writeFile(path.join(project, "model.yml"), ALIAS_BOMB);
      const r = await runCli(["register", path.join(project, "model.yml"), "--env", "dev", "--json"], {
        env,
      });
      assert.equal(r.code, 3, r.stderr);
      assert.equal(JSON.parse(r.stdout).error.code, "ASSET_YAML_ALIASES");
      assert.doesNotMatch(r.stderr, /AIRLOCK_INTERNAL|\n\s+at /);
      const model = await arm(client(), "GET", `${wsPath()}/models/bomb-model`);
      assert.equal(model.status, 404);
    });
  });

  describe("local status and up restart a twin that is not whole", () => {
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

/** A model, a code asset, a Key endpoint and one deployment taking all traffic, over ARM and blob HTTP. */
async function deployScorer(twin: {
  armEndpoint: string;
  blobBaseUrl: string;
  tokenFor(name: string): string;
}): Promise<void> {
  await uploadToWorkspaceBlobstore(twin, [
    ["hygiene/model/model.txt", "m"],
    ["hygiene/code/score.py", SCORE_PY],
  ]);
  const put = async (resource: string, body: unknown) => {
    const r = await arm(twin, "PUT", `${wsPath()}/${resource}`, { body });
    assert.ok(r.status === 200 || r.status === 201, `${resource}: ${r.status} ${r.text}`);
  };
  await put("models/hygiene-scorer/versions/1", {
    properties: { modelUri: `${DS}/hygiene/model/model.txt` },
  });
  await put("codes/hygiene-code/versions/1", { properties: { codeUri: `${DS}/hygiene/code` } });
  await put("onlineEndpoints/hygiene-ep", { location: "canadacentral", properties: { authMode: "Key" } });
  await put("onlineEndpoints/hygiene-ep/deployments/blue", {
    location: "canadacentral",
    sku: { name: "Default", capacity: 1 },
    properties: {
      endpointComputeType: "Managed",
      model: `${wsPath()}/models/hygiene-scorer/versions/1`,
      codeConfiguration: { codeId: `${wsPath()}/codes/hygiene-code/versions/1`, scoringScript: "score.py" },
    },
  });
  await put("onlineEndpoints/hygiene-ep", {
    location: "canadacentral",
    properties: { authMode: "Key", traffic: { blue: 100 } },
  });
}
