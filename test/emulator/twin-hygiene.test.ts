/**
 * Twin hygiene through the real CLI and a real daemon (issue #8): after `airlock local up` has started, an
 * asset was registered through `airlock register` and a deployment has served a scoring request, every
 * directory of the state dir is 0700 and every file 0600 (including what Azurite and the python scoring
 * process wrote, and what an older version left readable); a scoring process answers nothing that does not
 * come through the twin's endpoint front end; and a YAML alias bomb is refused with a stable code.
 */
import assert from "node:assert/strict";
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
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { BlobServiceClient, StorageSharedKeyCredential } from "@azure/storage-blob";
import { runCli } from "../helpers/cli.ts";
import { arm, DEV, startTestTwin, wsPath } from "../helpers/twin.ts";

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

describe("twin hygiene (real daemon through the CLI)", () => {
  let root: string;
  let stateDir: string;
  let env: Record<string, string>;
  let twin: { armEndpoint: string; blobEndpoint: string; pid: number };
  let token: string;
  const client = () => ({
    armEndpoint: twin.armEndpoint,
    blobBaseUrl: twin.blobEndpoint,
    tokenFor: () => token,
  });

  before(async () => {
    root = await mkdtemp(path.join(tmpdir(), "airlock-hygiene-"));
    stateDir = path.join(root, "state");
    env = { AIRLOCK_STATE_DIR: stateDir };
    // What an older version left behind: a twin state dir whose directories are 0755 and files 0644. The twin
    // that writes it runs in this process (the same startTwin the daemon runs: twin.db, keys, Azurite data);
    // only the daemon started below, the one under test, is a process.
    const first = await startTestTwin({ stateDir });
    await first.close();
    for (const entry of await walk(stateDir)) await chmod(entry.file, entry.dir ? 0o755 : 0o644);
    await mkdir(path.join(stateDir, "older"));
    await writeFile(path.join(stateDir, "older", "left-behind.json"), "{}", { mode: 0o644 });
    await chmod(path.join(stateDir, "older"), 0o755);
    await chmod(path.join(stateDir, "older", "left-behind.json"), 0o644);
    assert.equal((await stat(path.join(stateDir, "twin.db"))).mode & 0o777, 0o644);

    const up = await runCli(["local", "up", "--json"], { env });
    assert.equal(up.code, 0, up.stderr);
    twin = JSON.parse(up.stdout);
    const login = await runCli(["local", "login", "--as", "alice"], { env });
    assert.equal(login.code, 0, login.stderr);
    const minted = await runCli(["local", "token", "--as", AS], { env });
    assert.equal(minted.code, 0, minted.stderr);
    token = minted.stdout.trim();
  });
  after(async () => {
    await runCli(["local", "down"], { env });
    await rm(root, { recursive: true, force: true });
  });

  it("register, deploy and score; then every dir is 0700 and every file 0600, and the secrets are among them", async () => {
    const project = path.join(root, "project");
    await mkdir(path.join(project, "model"), { recursive: true });
    await writeFile(path.join(project, "model", "weights.bin"), "not really weights");
    await writeFile(path.join(project, "model.yml"), MODEL_YML);
    const registered = await runCli(["register", path.join(project, "model.yml"), "--env", "dev", "--json"], {
      env,
    });
    assert.equal(registered.code, 0, registered.stderr);

    await deployScorer(client());
    const keys = await arm(client(), "POST", `${wsPath()}/onlineEndpoints/hygiene-ep/listKeys`);
    assert.equal(keys.status, 200, keys.text);
    const scored = await fetch(`${twin.armEndpoint}/_inference/${DEV.workspace}/hygiene-ep/score`, {
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
    // The scoring process is the daemon's python child; find its port as any local user could (ss -ltn).
    const pythons: number[] = [];
    for (const child of await childrenOf(twin.pid)) {
      const cmdline = await readFile(`/proc/${child}/cmdline`, "utf8").catch(() => "");
      if (cmdline.includes("server.py")) pythons.push(child);
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

    const through = await fetch(`${twin.armEndpoint}/_inference/${DEV.workspace}/hygiene-ep/score`, {
      method: "POST",
      headers: { authorization: `Bearer ${keys.body.primaryKey}`, "content-type": "application/json" },
      body: JSON.stringify({ x: 3 }),
    });
    assert.equal(through.status, 200);
    assert.deepEqual(await through.json(), { echo: { x: 3 } });
    const noKey = await fetch(`${twin.armEndpoint}/_inference/${DEV.workspace}/hygiene-ep/score`, {
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
    const r = await runCli(["register", path.join(project, "model.yml"), "--env", "dev", "--json"], { env });
    assert.equal(r.code, 3, r.stderr);
    assert.equal(JSON.parse(r.stdout).error.code, "ASSET_YAML_ALIASES");
    assert.doesNotMatch(r.stderr, /AIRLOCK_INTERNAL|\n\s+at /);
    const model = await arm(client(), "GET", `${wsPath()}/models/bomb-model`);
    assert.equal(model.status, 404);
  });
});

/** A model, a code asset, a Key endpoint and one deployment taking all traffic, over ARM and blob HTTP. */
async function deployScorer(twin: {
  armEndpoint: string;
  blobBaseUrl: string;
  tokenFor(name: string): string;
}): Promise<void> {
  const ds = await arm(twin, "GET", `${wsPath()}/datastores/workspaceblobstore`);
  assert.equal(ds.status, 200, ds.text);
  const secrets = await arm(twin, "POST", `${wsPath()}/datastores/workspaceblobstore/listSecrets`);
  assert.equal(secrets.status, 200, secrets.text);
  // The datastore names its account; the twin serves each account under its blob base URL.
  const { accountName, containerName } = ds.body.properties;
  const container = new BlobServiceClient(
    `${twin.blobBaseUrl}/${accountName}`,
    new StorageSharedKeyCredential(accountName, secrets.body.key),
  ).getContainerClient(containerName);
  for (const [name, text] of [
    ["hygiene/model/model.txt", "m"],
    ["hygiene/code/score.py", SCORE_PY],
  ] as const) {
    await container.uploadBlockBlob(name, text, Buffer.byteLength(text));
  }
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
