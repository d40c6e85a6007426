/**
 * The console (src/console) over real HTTP against one twin: the guard (401 without a session, the one-time token
 * exchanged for an HttpOnly SameSite=Strict cookie, Host check, CSRF + Origin on every POST, CSP and no inline
 * script), every page with a promoted model, an approved and a pending request, no secret in any answer, and
 * rollback through the console against rollback through the library — for the CI identity and for alice, who
 * holds no prod write. One subprocess test covers `airlock console --json` and SIGTERM.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { type RunningConsole, startConsole } from "../../src/console/app.ts";
import { ledgerPage, PAGE_SIZE } from "../../src/console/ledger-view.ts";
import { AirlockError } from "../../src/errors.ts";
import { actorOf } from "../../src/governance/identity.ts";
import { type LedgerRecord, segmentOf } from "../../src/governance/ledger.ts";
import { requestPromotion } from "../../src/promotion/gate.ts";
import { promote } from "../../src/promotion/promote.ts";
import { rollback } from "../../src/promotion/rollback.ts";
import { findSecrets } from "../../src/redact.ts";
import { AIRLOCK_BIN, REPO_ROOT } from "../helpers/cli.ts";
import { arm, PROD, wsPath } from "../helpers/twin.ts";
import {
  approvedModel,
  prepareCondaEnvironment,
  prepareModel,
  register,
  startWorld,
  storageAccountKeys,
  type World,
} from "../promotion/fixture.ts";

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

function request(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port, method, path, headers: { host: `localhost:${port}`, ...headers } },
      (res) => {
        let text = "";
        res.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

interface Session {
  cookie: string;
  csrf: string;
  get(path: string): Promise<Answer>;
  post(path: string, headers?: Record<string, string>): Promise<Answer>;
}

async function open(console: RunningConsole): Promise<Session> {
  const start = new URL(console.url);
  const exchanged = await request(console.port, "GET", `${start.pathname}${start.search}`);
  assert.equal(exchanged.status, 303, exchanged.text);
  const cookie = String(exchanged.headers["set-cookie"]?.[0] ?? "").split(";")[0]!;
  const get = (path: string) => request(console.port, "GET", path, { cookie });
  const home = await get("/");
  const csrf = /<meta name="x-airlock-csrf" content="([^"]+)">/.exec(home.text)?.[1] ?? "";
  assert.ok(csrf.length > 20, "the page carries the session's CSRF token");
  return {
    cookie,
    csrf,
    get,
    post: (path, headers = {}) =>
      request(console.port, "POST", path, {
        cookie,
        origin: `http://localhost:${console.port}`,
        "x-airlock-csrf": csrf,
        ...headers,
      }),
  };
}

/** A SAS signature planted in a dev version property (base64 of "ABCDEFGHIJKLMNOPQRSTUVWXYZ"). */
const PLANTED = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo%3D";

const SCORE_PY = `
import json, os
def init():
    pass
def run(raw):
    return {"deployment": os.environ.get("DEPLOYMENT_NAME")}
`;

/** A prod endpoint with deployments blue and green (the twin runs them), blue at 100%. */
async function seedEndpoint(world: World, endpoint: string): Promise<void> {
  const AS = "sp-aml-promotion-prod";
  const ws = wsPath(PROD);
  const ds = await arm(world.twin, "GET", `${ws}/datastores/workspaceblobstore`, { as: AS });
  const container = await world.ci.datastoreContainer("prod");
  await container.uploadBlockBlob("console/model/model.txt", "m", 1);
  await container.uploadBlockBlob("console/code/score.py", SCORE_PY, Buffer.byteLength(SCORE_PY));
  assert.equal(ds.status, 200, ds.text);
  const path = "azureml://datastores/workspaceblobstore/paths";
  const model = await arm(world.twin, "PUT", `${ws}/models/console-scorer/versions/1`, {
    as: AS,
    body: { properties: { modelUri: `${path}/console/model/model.txt` } },
  });
  assert.ok(model.status < 300, model.text);
  const code = await arm(world.twin, "PUT", `${ws}/codes/console-code/versions/1`, {
    as: AS,
    body: { properties: { codeUri: `${path}/console/code` } },
  });
  assert.ok(code.status < 300, code.text);
  const ep = `${ws}/onlineEndpoints/${endpoint}`;
  const created = await arm(world.twin, "PUT", ep, {
    as: AS,
    body: { location: "canadacentral", properties: { authMode: "Key", traffic: {} } },
  });
  assert.ok(created.status < 300, created.text);
  for (const name of ["blue", "green"]) {
    const r = await arm(world.twin, "PUT", `${ep}/deployments/${name}`, {
      as: AS,
      body: {
        location: "canadacentral",
        sku: { name: "Default", capacity: 1 },
        properties: {
          endpointComputeType: "Managed",
          model: `${ws}/models/console-scorer/versions/1`,
          codeConfiguration: { codeId: `${ws}/codes/console-code/versions/1`, scoringScript: "score.py" },
          environmentVariables: { DEPLOYMENT_NAME: name },
        },
      },
    });
    assert.ok(r.status < 300, r.text);
  }
}

/** A rollout recorded the way deploy records one: blue 100 → green 100, traffic moved. */
async function rollOut(world: World, endpoint: string, rolloutId: string): Promise<void> {
  const ep = `${wsPath(PROD)}/onlineEndpoints/${endpoint}`;
  const moved = await arm(world.twin, "PUT", ep, {
    as: "sp-aml-promotion-prod",
    body: { location: "canadacentral", properties: { authMode: "Key", traffic: { blue: 0, green: 100 } } },
  });
  assert.ok(moved.status < 300, moved.text);
  const ledger = await world.ci.ledger();
  await ledger.append(
    "traffic.changed",
    { endpoint, workspace: PROD.workspace, deployment: "green" },
    {
      before: { blue: 100, green: 0 },
      after: { blue: 0, green: 100 },
      rolloutBefore: { blue: 100, green: 0 },
      rolloutId,
      reason: "test rollout",
    },
    actorOf(await world.ci.identity("prod")),
  );
}

describe("airlock console", () => {
  let world: World;
  let ci: RunningConsole;
  let session: Session;
  let approvedId: string;
  let pendingId: string;
  let envRequestId: string;
  let digest: string;
  const ENDPOINT = "console-ep";

  before(async () => {
    world = await startWorld();
    const approved = await approvedModel(world, "1", "console-one");
    approvedId = approved.requestId;
    digest = approved.digest;
    await promote(world.ci, approved.asset, world.policy);
    const two = await prepareModel(world, "2", "console-two");
    await writeFile(
      path.join(path.dirname(two), "model", "model-card.yml"),
      // Complete and within the policy's thresholds: the repository's policy enforces its evidence rules.
      "intended_use: tests\nlimitations: none tested\ntraining_data: none\nmetrics:\n  holdout_rmse: 1.23\n  holdout_r2: 0.97\n",
    );
    await writeFile(path.join(path.dirname(two), "model", "README.md"), "a file prod's version lacks\n");
    await register(world, two);
    pendingId = (
      await requestPromotion(world.alice, { kind: "model", name: "tiny-model", version: "2" }, world.policy, {
        justification: "pending one",
      })
    ).requestId;
    const envFile = await prepareCondaEnvironment(world, "console-env", "1", "console-env-seed");
    await register(world, envFile);
    envRequestId = (
      await requestPromotion(
        world.alice,
        { kind: "environment", name: "console-env", version: "1" },
        world.policy,
        {
          justification: "environment",
          file: envFile,
        },
      )
    ).requestId;
    // A credential someone wrote into a version property must never reach a page.
    const leaky = await arm(world.twin, "PUT", `${wsPath()}/models/leaky-model/versions/1`, {
      as: "alice",
      body: {
        properties: {
          modelUri: "azureml://datastores/workspaceblobstore/paths/leaky",
          properties: {
            "airlock.registered_by": `https://x.blob.core.windows.net/c/m?sv=2022-11-02&sp=r&sig=${PLANTED}`,
          },
        },
      },
    });
    assert.ok(leaky.status < 300, leaky.text);
    await seedEndpoint(world, ENDPOINT);
    const ep = `${wsPath(PROD)}/onlineEndpoints/${ENDPOINT}`;
    const live = await arm(world.twin, "PUT", ep, {
      as: "sp-aml-promotion-prod",
      body: { location: "canadacentral", properties: { authMode: "Key", traffic: { blue: 100, green: 0 } } },
    });
    assert.ok(live.status < 300, live.text);
    ci = await startConsole({ connection: world.ci, policy: world.policy });
    session = await open(ci);
  });
  after(async () => {
    await ci?.close();
    await world?.close();
  });

  it("answers 401 on every page, API and static file without a session", async () => {
    for (const path of [
      "/",
      "/catalogue",
      "/ledger",
      "/endpoints",
      "/api/session",
      "/static/console.js",
      `/requests/${approvedId}`,
    ]) {
      const answer = await request(ci.port, "GET", path);
      assert.equal(answer.status, 401, path);
      assert.match(answer.text, /CONSOLE_UNAUTHENTICATED/);
    }
    const post = await request(ci.port, "POST", `/api/endpoints/${ENDPOINT}/rollback`, {
      origin: `http://localhost:${ci.port}`,
    });
    assert.equal(post.status, 401);
    const forged = await request(ci.port, "GET", "/", { cookie: `airlock_console_${ci.port}=forged` });
    assert.equal(forged.status, 401, "a cookie the console did not issue opens nothing");
  });

  it("exchanges the one-time token for an HttpOnly SameSite=Strict cookie, once", async () => {
    const other = await startConsole({ connection: world.ci, policy: world.policy });
    try {
      const start = new URL(other.url);
      const wrong = await request(other.port, "GET", "/?token=not-the-token");
      assert.equal(wrong.status, 401);
      const tricked = await startConsole({ connection: world.ci, policy: world.policy });
      try {
        const offsite = await request(tricked.port, "GET", `//evil.example/x${new URL(tricked.url).search}`);
        assert.equal(offsite.status, 303);
        assert.equal(offsite.headers.location, "/evil.example/x", "never a redirect off the console");
      } finally {
        await tricked.close();
      }
      const taken = await startConsole({ connection: world.ci, policy: world.policy, port: other.port }).then(
        () => assert.fail("a second console on the same port must not start"),
        (error: unknown) => error,
      );
      assert.ok(taken instanceof AirlockError);
      assert.equal(taken.code, "CONSOLE_PORT_IN_USE");
      const first = await request(other.port, "GET", `/catalogue${start.search}`);
      assert.equal(first.status, 303);
      assert.equal(first.headers.location, "/catalogue", "the token is dropped from the URL");
      const cookie = String(first.headers["set-cookie"]?.[0]);
      assert.match(cookie, new RegExp(`^airlock_console_${other.port}=[A-Za-z0-9_-]{40,};`));
      assert.match(cookie, /HttpOnly/);
      assert.match(cookie, /SameSite=Strict/);
      assert.doesNotMatch(cookie, /Domain=/, "a host-only cookie");
      const again = await request(other.port, "GET", `/${start.search}`);
      assert.equal(again.status, 401, "the token works once");
      const page = await request(other.port, "GET", "/", { cookie: cookie.split(";")[0]! });
      assert.equal(page.status, 200);
      const reload = await request(other.port, "GET", `/${start.search}`, { cookie: cookie.split(";")[0]! });
      assert.equal(reload.status, 303, "reloading the used link with a session just drops the token");
      assert.equal(reload.headers.location, "/");
      const browser = await request(other.port, "GET", "/ledger", { accept: "text/html" });
      assert.equal(browser.status, 401);
      assert.match(String(browser.headers["content-type"]), /text\/html/);
      assert.match(browser.text, /CONSOLE_UNAUTHENTICATED/);
    } finally {
      await other.close();
    }
  });

  it("refuses a foreign Host header with 403 (DNS rebinding), even with a session", async () => {
    for (const host of [
      "evil.example",
      `evil.example:${ci.port}`,
      `localhost:${ci.port + 1}`,
      "localhost",
      `[::1]:${ci.port}`,
    ]) {
      const answer = await request(ci.port, "GET", "/", { host, cookie: session.cookie });
      assert.equal(answer.status, 403, host);
      assert.match(answer.text, /CONSOLE_HOST_REFUSED/);
    }
    assert.equal(
      (await request(ci.port, "GET", "/", { host: `127.0.0.1:${ci.port}`, cookie: session.cookie })).status,
      200,
    );
  });

  it("refuses a POST without the CSRF token, with another session's token, or from another origin", async () => {
    const path = `/api/endpoints/${ENDPOINT}/rollback`;
    const base = { cookie: session.cookie };
    const cases: Array<[string, Record<string, string>, string]> = [
      ["no CSRF token", { ...base, origin: `http://localhost:${ci.port}` }, "CONSOLE_CSRF_REFUSED"],
      [
        "a wrong CSRF token",
        { ...base, origin: `http://localhost:${ci.port}`, "x-airlock-csrf": "x".repeat(43) },
        "CONSOLE_CSRF_REFUSED",
      ],
      [
        "a foreign Origin",
        { ...base, origin: "http://evil.example", "x-airlock-csrf": session.csrf },
        "CONSOLE_ORIGIN_REFUSED",
      ],
      [
        "another port's Origin",
        { ...base, origin: `http://localhost:${ci.port + 1}`, "x-airlock-csrf": session.csrf },
        "CONSOLE_ORIGIN_REFUSED",
      ],
      ["no Origin", { ...base, "x-airlock-csrf": session.csrf }, "CONSOLE_ORIGIN_REFUSED"],
    ];
    for (const [label, headers, code] of cases) {
      const answer = await request(ci.port, "POST", path, headers);
      assert.equal(answer.status, 403, label);
      assert.equal(JSON.parse(answer.text).error.code, code, label);
    }
    const records = await (await world.ci.ledger()).read();
    assert.equal(records.filter((r) => r.type === "rollback").length, 0, "nothing was rolled back");
  });

  const PAGES = () => [
    { path: "/", expect: [/Pending/, new RegExp(pendingId), new RegExp(approvedId), /tiny-model@2/] },
    {
      path: `/requests/${approvedId}`,
      expect: [
        new RegExp(digest),
        /Bundle digest/,
        /Policy verdict/,
        /Against what prod holds/,
        /<section id="decision"/,
        /Files: 0 of 3 differ/,
        /<svg role="img"/,
      ],
    },
    {
      path: `/requests/${pendingId}`,
      expect: [
        /pending/,
        /The gate is closed/,
        /changed/,
        /Files: 4 of 4 differ from prod tiny-model@1/,
        /model-card\.yml<\/code><\/th><td>changed/,
        /README\.md<\/code><\/th><td>added/,
        /Training run metrics \(from the model card model-card\.yml\)/,
        /holdout_rmse<\/th><td>1\.23/,
        /Evidence rules at request/,
        /weights\.txt/,
      ],
    },
    {
      path: `/requests/${envRequestId}`,
      expect: [
        /environment <strong>|environment console-env@1/,
        /<th scope="row">image<\/th><td><span class="muted">none<\/span><\/td><td>mcr\.microsoft\.com\/azureml\/openmpi4\.1\.0-ubuntu22\.04@sha256:7481fbfb/,
        /<th scope="row">conda file<\/th>[\s\S]*?python=3\.11[\s\S]*?console-env-seed/,
      ],
    },
    {
      path: "/catalogue",
      expect: [
        /prod registry amlregprodcc01/,
        /dev workspace amlwsdevcc01/,
        /tiny-model@1/,
        /Environments/,
        /Components/,
        /console-scorer@1<\/a><\/th>[\s\S]*?console-ep\/blue \(\d+%\), console-ep\/green \(\d+%\)/,
      ],
    },
    {
      path: "/assets/model/tiny-model/1",
      expect: [/approval\.requested/, /approval\.granted/, /promotion\.completed/],
    },
    {
      path: "/ledger",
      expect: [
        /Verified/,
        /Head \(keep as an anchor\)/,
        /approval\.granted/,
        /Anchors on prod versions<\/dt><dd><ul><li><a href="\/ledger\/\d+">#\d+<\/a> <code>sha256:[0-9a-f]{64}<\/code> on prod registry/,
      ],
    },
    { path: "/ledger/1", expect: [/Ledger record #1/, /Hash/, /Previous/] },
    { path: "/endpoints", expect: [new RegExp(ENDPOINT), /blue/, /green/, /Roll back console-ep/] },
  ];

  it("serves every page with its content, a strict CSP and no inline script", async () => {
    for (const { path, expect } of PAGES()) {
      const answer = await session.get(path);
      assert.equal(answer.status, 200, `${path}: ${answer.text.slice(0, 300)}`);
      for (const pattern of expect) assert.match(answer.text, pattern, `${path} shows ${pattern}`);
      const csp = String(answer.headers["content-security-policy"]);
      for (const directive of [
        "default-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
      ]) {
        assert.ok(csp.includes(directive), `${path} CSP has ${directive}`);
      }
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
      for (const script of answer.text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
        assert.match(script[1]!, /\bsrc="\/static\/[a-z-]+\.js"/, `${path}: scripts come from files`);
        assert.equal(script[2], "", `${path}: no inline script`);
      }
      assert.doesNotMatch(answer.text, /\son[a-z]+\s*=/i, `${path}: no inline event handlers`);
      assert.doesNotMatch(answer.text, /javascript:/i);
    }
    const js = await session.get("/static/console.js");
    assert.equal(js.status, 200);
    assert.match(String(js.headers["content-type"]), /text\/javascript/);
    assert.equal((await session.get("/static/..%2Fapp.ts")).status, 404);
    assert.equal((await session.get("/requests/no-such-request")).status, 404);
    assert.equal((await session.get("/ledger?page=abc")).status, 400);
    assert.equal((await session.get("/assets/robot/x/1")).status, 400);
  });

  it("puts no secret in any page or API answer", async () => {
    const keys = Object.values(await storageAccountKeys(world.stateDir));
    assert.ok(keys.length > 0);
    const answers = await Promise.all(
      [...PAGES().map((p) => p.path), "/api/session"].map((p) => session.get(p)),
    );
    const sessionId = session.cookie.split("=")[1]!;
    for (const answer of answers) {
      for (const key of keys) assert.ok(!answer.text.includes(key), "no storage account key");
      assert.doesNotMatch(answer.text, /sig=/i, "no SAS signature");
      assert.doesNotMatch(answer.text, /Bearer\s+ey/i, "no bearer token");
      assert.doesNotMatch(answer.text, /eyJ[A-Za-z0-9_-]{10,}\.eyJ/, "no JWT");
      assert.ok(!answer.text.includes(sessionId), "no session cookie value");
      assert.ok(!answer.text.includes(new URL(ci.url).searchParams.get("token") ?? "\0"), "no start token");
      assert.deepEqual(findSecrets(answer.text), []);
      assert.ok(!answer.text.includes(PLANTED.slice(0, 20)), "the planted SAS signature is redacted");
    }
    const catalogue = await session.get("/catalogue");
    assert.match(catalogue.text, /leaky-model@1/);
    assert.match(catalogue.text, /\[REDACTED\]/, "the version is shown, its credential redacted");
  });

  it("rolls back through the console exactly as the library does, as the same identity", async () => {
    await rollOut(world, ENDPOINT, "rollout-console");
    const viaConsole = await session.post(`/api/endpoints/${ENDPOINT}/rollback`);
    assert.equal(viaConsole.status, 200, viaConsole.text);
    const consoleResult = JSON.parse(viaConsole.text);
    await rollOut(world, ENDPOINT, "rollout-library");
    const libraryResult = await rollback(world.ci, { endpoint: ENDPOINT });
    assert.deepEqual(
      { ...consoleResult, rolloutId: "" },
      { ...JSON.parse(JSON.stringify(libraryResult)), rolloutId: "" },
    );
    assert.equal(consoleResult.rolloutId, "rollout-console");
    assert.deepEqual(consoleResult.after, { blue: 100, green: 0 });
    const rollbacks = (await (await world.ci.ledger()).read()).filter((r) => r.type === "rollback");
    assert.deepEqual(
      rollbacks.map((r) => [r.actor.name, (r.data as { rolloutId?: string }).rolloutId]),
      [
        ["sp-aml-promotion-prod", "rollout-console"],
        ["sp-aml-promotion-prod", "rollout-library"],
      ],
    );
  });

  it("gives alice (read-only in prod) the same forbidden as the library, and changes nothing", async () => {
    await rollOut(world, ENDPOINT, "rollout-alice");
    const library = await rollback(world.alice, { endpoint: ENDPOINT }).then(
      () => assert.fail("alice must not roll back prod"),
      (error: unknown) => error,
    );
    assert.ok(library instanceof AirlockError);
    assert.equal(library.exitCode, 6, library.message);
    const alice = await startConsole({ connection: world.alice, policy: world.policy });
    try {
      const s = await open(alice);
      const answer = await s.post(`/api/endpoints/${ENDPOINT}/rollback`);
      assert.equal(answer.status, 403, answer.text);
      assert.equal(JSON.parse(answer.text).error.code, library.code);
    } finally {
      await alice.close();
    }
    const ep = await arm(world.twin, "GET", `${wsPath(PROD)}/onlineEndpoints/${ENDPOINT}`, {
      as: "sp-aml-promotion-prod",
    });
    assert.deepEqual(ep.body.properties.traffic, { blue: 0, green: 100 }, "traffic unchanged");
  });

  it("`airlock console --json` prints its URL once ready and exits 0 on SIGTERM", async () => {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...process.env, ...world.cliEnv("alice") }))
      if (v !== undefined) env[k] = v;
    const child = spawn(process.execPath, [AIRLOCK_BIN, "console", "--json", "--no-open"], {
      cwd: REPO_ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const line = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
        out += chunk;
        if (out.includes("\n")) resolve(out.split("\n")[0]!);
      });
      child.on("close", (code) => reject(new Error(`console exited ${code} before printing: ${stderr}`)));
    });
    const { url } = JSON.parse(line) as { url: string };
    const parsed = new URL(url);
    assert.equal(parsed.hostname, "localhost");
    assert.match(parsed.searchParams.get("token") ?? "", /^[A-Za-z0-9_-]{40,}$/);
    const answer = await request(Number(parsed.port), "GET", `/${parsed.search}`);
    assert.equal(answer.status, 303);
    const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    child.kill("SIGTERM");
    assert.equal(await exited, 0, stderr);
  });

  it("pages the ledger newest first and verifies only what was appended since the first view", async () => {
    const before = await session.get("/ledger");
    const count = Number(/Records <span class="count">\((\d+)\)/.exec(before.text)?.[1]);
    assert.ok(count > 0 && count <= PAGE_SIZE, before.text.slice(0, 200));
    assert.match(before.text, /Page 1 of 1/);
    const ledger = await world.ci.ledger();
    const appended = await ledger.append(
      "traffic.changed",
      { endpoint: ENDPOINT, workspace: PROD.workspace },
      { before: {}, after: {}, rolloutId: "noop", reason: "appended after the first view" },
      actorOf(await world.ci.identity("prod")),
    );
    const after = await session.get("/ledger");
    assert.match(after.text, /Verified/);
    const since = (text: string) =>
      Number(/(\d+) record\(s\) appended since, each linked/.exec(text)?.[1] ?? 0);
    assert.equal(
      since(after.text),
      since(before.text) + 1,
      "one more record taken since the full verification",
    );
    assert.match(after.text, new RegExp(`<code>${appended.seq}:${appended.hash}</code>`), "the new head");
    assert.ok(
      after.text.indexOf(`>#${appended.seq}<`) < after.text.indexOf(`>#${appended.seq - 1}<`),
      "newest first",
    );
    // A line that does not extend the chain, appended by someone holding append on the ledger.
    const garbage = '\n{"seq":1,"forged":true}\n';
    await ledger.container
      .getAppendBlobClient(segmentOf(appended.seq + 1))
      .appendBlock(garbage, Buffer.byteLength(garbage));
    const flagged = await session.get("/ledger");
    assert.match(flagged.text, /1 line\(s\) appended since do not extend the chain/);

    const records = Array.from({ length: 120 }, (_, i) => ({ seq: i + 1 }) as LedgerRecord);
    assert.deepEqual(
      ledgerPage(records, 1).map((r) => r.seq),
      Array.from({ length: 50 }, (_, i) => 120 - i),
    );
    assert.deepEqual(
      ledgerPage(records, 3).map((r) => r.seq),
      Array.from({ length: 20 }, (_, i) => 20 - i),
    );
    assert.deepEqual(ledgerPage(records, 4), []);
  });
});
