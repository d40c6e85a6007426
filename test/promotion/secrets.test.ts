/**
 * Secret hygiene of the main job: run `airlock demo` (it starts its own twin), then grep everything it left
 * for people to read — its output (JSON and human), every ledger record, `airlock audit show`, and the prod
 * deployment's logs — for SAS signatures, storage account keys, bearer tokens / JWTs, connection-string
 * secrets and endpoint keys, both by the redaction rules (`findSecrets`) and by the actual key values.
 */
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { connectToTwin } from "../../src/connect/connection.ts";
import { EndpointInvoker } from "../../src/promotion/deploy-smoke.ts";
import { findSecrets } from "../../src/redact.ts";
import { REPO_ROOT } from "../helpers/cli.ts";
import { arm, PROD, startTestTwin, type TestTwin, wsPath } from "../helpers/twin.ts";
import { airlock, CI, storageAccountKeys } from "./fixture.ts";

const SMOKE_REQUEST = path.join(
  REPO_ROOT,
  "examples",
  "taxi-fare",
  "data",
  "validation",
  "smoke-request.json",
);

let stateDir: string;
let twin: TestTwin | undefined;
/** Everything the demo showed or recorded, by where it came from. */
const texts = new Map<string, string>();
let keys: Record<string, string>;
let endpointKeys: string[] = [];

describe("promotion/secrets", () => {
  before(async () => {
    stateDir = await mkdtemp(path.join(tmpdir(), "airlock-demo-secrets-"));
    const env = {
      AIRLOCK_STATE_DIR: stateDir,
      AIRLOCK_TWIN_PRINCIPAL: undefined,
      AIRLOCK_CRASH_AT: undefined,
    };
    // Both runs are in this process (runCli): the demo sets the process's umask (0o077) as its command does,
    // which this file gives back so that later files in a shard create files as before.
    const umask = process.umask(0o022);
    process.umask(umask);
    let json: Awaited<ReturnType<typeof airlock>>;
    let human: Awaited<ReturnType<typeof airlock>>;
    try {
      json = await airlock(["demo", "--json", "--state-dir", stateDir], env);
      // The human run (a rerun on the same state) prints progress lines too.
      human = await airlock(["demo", "--state-dir", stateDir], env);
    } finally {
      process.umask(umask);
    }
    assert.equal(json.code, 0, json.stderr);
    texts.set("demo --json stdout", json.stdout);
    texts.set("demo --json stderr", json.stderr);
    assert.equal(human.code, 0, human.stderr);
    texts.set("demo stdout", human.stdout);
    texts.set("demo stderr", human.stderr);
    keys = await storageAccountKeys(stateDir);

    // The demo's twin has stopped; start one on the same state to read what it left.
    twin = await startTestTwin({ stateDir, lroMode: "fast" });
    const connection = await connectToTwin({
      stateDir,
      armEndpoint: twin.armEndpoint,
      blobBaseUrl: twin.blobBaseUrl,
      principals: { ...CI },
    });
    const records = await (await connection.ledger()).read();
    assert.ok(records.length > 20, `the demo wrote a ledger (${records.length} records)`);
    texts.set("ledger records", JSON.stringify(records, null, 2));
    await writeFile(
      path.join(stateDir, "twin.json"),
      JSON.stringify({ armEndpoint: twin.armEndpoint, blobEndpoint: twin.blobBaseUrl }),
    );
    const show = await airlock(["audit", "show", "--json"], {
      ...env,
      AIRLOCK_TWIN_PRINCIPAL_DEV: CI.dev,
      AIRLOCK_TWIN_PRINCIPAL_PROD: CI.prod,
    });
    assert.equal(show.code, 0, show.stderr);
    texts.set("audit show --json", show.stdout + show.stderr);

    const summary = JSON.parse(json.stdout) as { deployment?: { endpoint: string; deployment: string } };
    const endpointName = summary.deployment?.endpoint ?? "taxi-fare";
    const endpoint = `${wsPath(PROD)}/onlineEndpoints/${endpointName}`;
    // The restarted twin brings the deployment's process back in the background: one scoring call through the
    // deployment header waits for it, so its logs are there to read.
    const scored = await EndpointInvoker.forEndpoint(
      connection,
      await connection.workspace("prod").onlineEndpoints.get(endpointName),
    ).score(JSON.parse(await readFile(SMOKE_REQUEST, "utf8")), {
      ...(summary.deployment ? { deployment: summary.deployment.deployment } : {}),
    });
    assert.equal(scored.status, 200, JSON.stringify(scored.body));
    const logs = await arm(
      twin,
      "POST",
      `${endpoint}/deployments/${summary.deployment?.deployment}/getLogs`,
      {
        as: "sp-aml-promotion-prod",
        body: { tail: 10_000 },
      },
    );
    if (logs.status === 200) texts.set("deployment logs", String(logs.body?.content ?? ""));
    const listed = await arm(twin, "POST", `${endpoint}/listKeys`, { as: "sp-aml-promotion-prod" });
    if (listed.status === 200)
      endpointKeys = [listed.body.primaryKey, listed.body.secondaryKey].filter(Boolean);
  });

  after(async () => {
    await twin?.close();
    if (stateDir) await rm(stateDir, { recursive: true, force: true });
  });

  test("the checks are live: the secrets exist and the rules recognise them", () => {
    assert.ok(Object.keys(keys).length >= 4, "the twin's storage accounts have keys");
    for (const key of Object.values(keys))
      assert.deepEqual(findSecrets(`key ${key}`), ["storage account key"]);
    assert.ok(findSecrets("https://a.blob.core.windows.net/c/b?sv=2024&sig=abcdef%2B123").length > 0);
    assert.ok(
      texts.get("demo --json stdout")!.includes('"predictions"'),
      "the demo got as far as predictions",
    );
    assert.equal(endpointKeys.length, 2, "the prod endpoint's keys were read");
    assert.ok(texts.get("deployment logs")!.length > 0, "the deployment logged something");
  });

  test("no SAS signature, key, token or connection-string secret appears in any output, log or ledger record", () => {
    const found: string[] = [];
    for (const [where, text] of texts) {
      for (const kind of findSecrets(text)) found.push(`${where}: ${kind}`);
      if (/sig=(?!\[REDACTED\])/i.test(text)) found.push(`${where}: sig=`);
      if (/AccountKey=(?!\[REDACTED\])/i.test(text)) found.push(`${where}: AccountKey=`);
      if (/\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/.test(text)) found.push(`${where}: JWT`);
      if (/Bearer\s+(?!\[REDACTED\])\S{8,}/i.test(text)) found.push(`${where}: bearer token`);
      for (const [account, key] of Object.entries(keys)) {
        for (const form of [key, encodeURIComponent(key), key.slice(0, 40)]) {
          if (text.includes(form)) found.push(`${where}: the ${account} account key`);
        }
      }
      for (const key of endpointKeys) if (text.includes(key)) found.push(`${where}: an endpoint key`);
    }
    assert.deepEqual(found, []);
  });

  test("the signing key of the twin's tokens never appears either", async () => {
    const signing = await readFile(path.join(stateDir, "twin-signing-key"));
    assert.ok(signing.length >= 16);
    const forms = [signing.toString("hex"), signing.toString("base64"), signing.toString("base64url")];
    for (const [where, text] of texts) {
      for (const form of forms) assert.ok(!text.includes(form), `${where} holds the signing key`);
    }
  });
});
