/**
 * The passkey pieces without a browser or a twin: registration and decision bodies that cannot be accepted,
 * and the twin people's passkeys file (what `add-passkey` on the twin writes and the twin registry reads).
 * The ceremonies themselves run in Chromium in passkey-browser.test.ts.
 */
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { parseAssertion, passkeyEnvelope } from "../../src/console/passkey-ceremony.ts";
import { RegistrationCeremonies, registryKeySnippet } from "../../src/console/passkey-registration.ts";
import { AirlockError } from "../../src/errors.ts";
import { addTwinPasskey, ensureTwinKeys } from "../../src/governance/signing/twin-keys.ts";

const code = (expected: string) => (error: unknown) => {
  assert.ok(error instanceof AirlockError, String(error));
  assert.equal(error.code, expected, error.message);
  return true;
};

const PASSKEY = {
  credentialId: "Y3JlZC0x",
  publicKey: "pQECAyYgASFYIA",
  rpId: "localhost",
  origins: ["http://localhost:8765"],
};

let stateDir: string;
describe("passkey pieces without a browser", () => {
  // Per file, not for the whole shard (top-level hooks run around every file of a shard).
  before(async () => {
    stateDir = await mkdtemp(path.join(tmpdir(), "airlock-passkeys-"));
  });
  after(() => rm(stateDir, { recursive: true, force: true }));

  describe("passkey registration input", () => {
    test("a person id the registry could not hold is refused before any ceremony", async () => {
      await assert.rejects(
        new RegistrationCeremonies("http://localhost:1").begin("Bob Smith"),
        code("PASSKEY_PERSON_INVALID"),
      );
    });

    test("a credential answering no open ceremony, or no credential at all, is refused", async () => {
      const ceremonies = new RegistrationCeremonies("http://localhost:1");
      await ceremonies.begin("bob");
      const clientDataJSON = Buffer.from(
        JSON.stringify({ type: "webauthn.create", challenge: "bm90LWlzc3VlZA" }),
      ).toString("base64url");
      await assert.rejects(
        ceremonies.finish({ credential: { id: "x", response: { clientDataJSON } } }),
        code("PASSKEY_CEREMONY_UNKNOWN"),
      );
      await assert.rejects(ceremonies.finish({}), code("PASSKEY_REGISTRATION_INVALID"));
    });

    test("the printed entry is the registry's webauthn: key", () => {
      assert.equal(
        registryKeySnippet(PASSKEY),
        "- webauthn:\n    credentialId: Y3JlZC0x\n    publicKey: pQECAyYgASFYIA\n    rpId: localhost\n    origins:\n      - http://localhost:8765\n",
      );
    });
  });

  describe("passkey decision input", () => {
    test("an assertion must carry base64url id, authenticatorData, clientDataJSON and signature", () => {
      const good = {
        assertion: {
          id: "abc",
          response: { authenticatorData: "AQ", clientDataJSON: "Ag", signature: "Aw" },
        },
      };
      assert.equal(parseAssertion(good).id, "abc");
      for (const bad of [
        undefined,
        {},
        { assertion: { id: "a+b", response: good.assertion.response } },
        { assertion: { id: "abc", response: { ...good.assertion.response, signature: 7 } } },
      ])
        assert.throws(() => parseAssertion(bad), code("PASSKEY_ASSERTION_INVALID"));
    });

    test("the envelope carries the credential as keyid and the assertion as the signature JSON", () => {
      const envelope = passkeyEnvelope(
        Buffer.from("{}"),
        parseAssertion({
          assertion: {
            id: "abc",
            response: { authenticatorData: "AQ", clientDataJSON: "Ag", signature: "Aw" },
          },
        }),
      );
      assert.equal(envelope.signatures[0]?.keyid, "webauthn:abc");
      assert.deepEqual(JSON.parse(Buffer.from(envelope.signatures[0]!.sig, "base64").toString("utf8")), {
        webauthn: { credentialId: "abc", authenticatorData: "AQ", clientDataJSON: "Ag", signature: "Aw" },
      });
    });
  });

  describe("twin people's passkeys", () => {
    test("a passkey added to a twin person joins the twin registry once", async () => {
      await addTwinPasskey(stateDir, "bob", PASSKEY);
      await addTwinPasskey(stateDir, "bob", PASSKEY);
      const registry = await ensureTwinKeys(stateDir, ["alice", "bob"]);
      const bob = registry.people.find((p) => p.id === "bob");
      assert.deepEqual(
        bob?.keys.map((k) => k.kind),
        ["ssh", "webauthn"],
      );
      assert.equal(bob?.keys[1]?.keyid, "webauthn:Y3JlZC0x");
      assert.deepEqual(
        registry.people.find((p) => p.id === "alice")?.keys.map((k) => k.kind),
        ["ssh"],
      );
    });

    test("a passkeys file that is not a list of entries is refused by name", async () => {
      const file = path.join(stateDir, "keys", "alice.passkeys.json");
      await writeFile(file, JSON.stringify([{ credentialId: "not base64url!" }]));
      try {
        await assert.rejects(ensureTwinKeys(stateDir, ["alice"]), code("TWIN_PASSKEYS_INVALID"));
        await writeFile(file, "{");
        await assert.rejects(ensureTwinKeys(stateDir, ["alice"]), code("TWIN_PASSKEYS_INVALID"));
      } finally {
        await rm(file);
      }
      assert.ok(
        (await readFile(path.join(stateDir, "keys", "bob.passkeys.json"), "utf8")).includes("Y3JlZC0x"),
      );
    });
  });
});
