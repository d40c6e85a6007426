import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, test } from "node:test";
import {
  BlobSASPermissions,
  generateBlobSASQueryParameters,
  StorageSharedKeyCredential,
} from "@azure/storage-blob";
import { containsSecret, findSecrets, REDACTED, redact, redactText } from "../../src/redact.ts";

const accountKey = randomBytes(64).toString("base64");
const credential = new StorageSharedKeyCredential("amlstprodcc01", accountKey);
const sas = generateBlobSASQueryParameters(
  {
    containerName: "azureml-blobstore-1",
    blobName: "models/taxi/model.pkl",
    permissions: BlobSASPermissions.parse("r"),
    startsOn: new Date("2026-01-01T00:00:00Z"),
    expiresOn: new Date("2026-01-02T00:00:00Z"),
  },
  credential,
);
const sasQuery = sas.toString();
const sasUrl = `http://127.0.0.1:10000/amlstprodcc01/azureml-blobstore-1/models/taxi/model.pkl?${sasQuery}`;
const signature = sas.signature;

function b64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}
const jwt = [
  b64url({ alg: "RS256", typ: "JWT", kid: "abc" }),
  b64url({ oid: "1b6a", upn: "alice@airlock.local", tid: "t", exp: 2000000000 }),
  randomBytes(256).toString("base64url"),
].join(".");
const connectionString = `DefaultEndpointsProtocol=http;AccountName=amlstprodcc01;AccountKey=${accountKey};BlobEndpoint=http://127.0.0.1:10000/amlstprodcc01;`;
const endpointKey = randomBytes(24).toString("base64url");

/** Every raw secret value used below: none may survive redaction. */
const rawSecrets = [accountKey, signature, encodeURIComponent(signature), jwt, endpointKey];

function assertClean(text: string): void {
  for (const secret of rawSecrets) assert.ok(!text.includes(secret), `secret survived in: ${text}`);
  assert.deepEqual(findSecrets(text), [], text);
  assert.equal(containsSecret(text), false);
}

describe("redact", () => {
  test("a SAS URL from generateBlobSASQueryParameters loses its whole query string", () => {
    assert.ok(containsSecret(sasUrl));
    const out = redactText(`copy source: ${sasUrl} (200 MiB)`);
    assert.equal(
      out,
      `copy source: http://127.0.0.1:10000/amlstprodcc01/azureml-blobstore-1/models/taxi/model.pkl?${REDACTED} (200 MiB)`,
    );
    assertClean(out);
  });

  test("a bare SAS query string keeps its scope but loses the signature", () => {
    assert.ok(containsSecret(sasQuery));
    const out = redactText(sasQuery);
    assert.match(out, /sp=r/);
    assert.match(out, /sig=\[REDACTED\]/);
    assertClean(out);
  });

  test("JWTs anywhere, bearer credentials and Authorization headers", () => {
    const text = [
      `Authorization: Bearer ${jwt}`,
      `authorization: ${endpointKey}`,
      `token=${jwt}`,
      `curl -H "Authorization: Bearer ${endpointKey}" http://127.0.0.1:1/score`,
      `{"Authorization":"${endpointKey}"}`,
    ].join("\n");
    for (const line of text.split("\n")) assert.ok(containsSecret(line), line);
    const out = redactText(text);
    assertClean(out);
    assert.match(out, /Authorization: Bearer \[REDACTED\]/);
  });

  test("connection strings keep their account name and endpoint but not the key", () => {
    assert.ok(containsSecret(connectionString));
    const out = redactText(connectionString);
    assert.match(out, /AccountName=amlstprodcc01;AccountKey=\[REDACTED\];BlobEndpoint=/);
    assertClean(out);
  });

  test("a storage account key on its own is recognised", () => {
    assert.ok(containsSecret(`key is ${accountKey}.`));
    assertClean(redactText(`key is ${accountKey}.`));
  });

  test("objects: sensitive keys are replaced whole, strings inside are redacted, the input is untouched", () => {
    const listKeys = {
      keys: [{ keyName: "key1", value: accountKey, permissions: "FULL" }],
      primaryKey: endpointKey,
      secondaryKey: endpointKey,
      client_secret: "s3cr3t-value",
      headers: { Authorization: `Bearer ${jwt}`, "x-ms-version": "2025-01-05" },
      source: sasUrl,
      nested: [{ connection: connectionString }],
      count: 3,
    };
    assert.ok(containsSecret(listKeys));
    const out = redact(listKeys);
    assert.equal(out.primaryKey, REDACTED);
    assert.equal(out.client_secret, REDACTED);
    assert.equal(out.headers.Authorization, REDACTED);
    assert.equal(out.headers["x-ms-version"], "2025-01-05");
    assert.equal(out.count, 3);
    assert.equal(out.keys[0]?.keyName, "key1");
    assert.equal(listKeys.primaryKey, endpointKey, "input not mutated");
    assert.equal(containsSecret(out), false);
    const serialized = JSON.stringify(out);
    assertClean(serialized);
    assert.ok(!serialized.includes("s3cr3t-value"));
  });

  test("JSON text with secret-named fields", () => {
    const text = JSON.stringify({ primaryKey: endpointKey, password: "hunter2hunter2", name: "ep" });
    assert.ok(containsSecret(text));
    const out = redactText(text);
    assertClean(out);
    assert.ok(!out.includes("hunter2hunter2"));
    assert.ok(out.includes('"name":"ep"'));
  });

  test("redaction is idempotent and leaves ordinary text alone", () => {
    const ordinary =
      "promoted model taxi-fare@3 digest sha256:" +
      "ab".repeat(32) +
      " to azureml://registries/amlregprodcc01/models/taxi-fare/versions/3; missing Bearer token";
    assert.equal(redactText(ordinary), ordinary);
    assert.equal(containsSecret(ordinary), false);
    const once = redactText(`${sasUrl} ${jwt} ${connectionString}`);
    assert.equal(redactText(once), once);
  });

  test("cycles and errors are handled", () => {
    const a: Record<string, unknown> = { name: "a" };
    a.self = a;
    assert.deepEqual(redact(a), { name: "a", self: "[Circular]" });
    assert.deepEqual(redact(new Error(`failed ${sasUrl}`)), {
      name: "Error",
      message: `failed ${sasUrl.split("?")[0]}?${REDACTED}`,
    });
  });
});
