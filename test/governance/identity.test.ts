import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import type { TokenCredential } from "@azure/core-auth";
import { findPrincipal, TWIN_TENANT_ID } from "../../src/emulator/principals.ts";
import { loadOrCreateSigningKey, mintTwinToken } from "../../src/emulator/tokens.ts";
import { actorOf, identityFromCredential, identityFromToken } from "../../src/governance/identity.ts";

/** An RS256-shaped token with Entra claims (signature is random bytes: decoding does not check it). */
function entraToken(claims: Record<string, unknown>): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ typ: "JWT", alg: "RS256", kid: "k1" })}.${part(claims)}.${randomBytes(256).toString("base64url")}`;
}
const tid = randomUUID();
const exp = Math.floor(Date.now() / 1000) + 3600;

let stateDir: string;
describe("governance/identity", () => {
  before(async () => {
    stateDir = await mkdtemp(path.join(tmpdir(), "airlock-identity-"));
    loadOrCreateSigningKey(stateDir);
  });
  after(async () => {
    await rm(stateDir, { recursive: true, force: true });
  });

  describe("identity from the twin's tokens", () => {
    test("a person", () => {
      const alice = findPrincipal("alice")!;
      const identity = identityFromToken(mintTwinToken(stateDir, "alice"));
      assert.equal(identity.objectId, alice.objectId);
      assert.equal(identity.name, "alice@airlock.local");
      assert.equal(identity.upn, "alice@airlock.local");
      assert.equal(identity.displayName, alice.displayName);
      assert.equal(identity.kind, "user");
      assert.equal(identity.tenantId, TWIN_TENANT_ID);
      assert.deepEqual(identity.groups, alice.groups);
      assert.deepEqual(actorOf(identity), {
        objectId: alice.objectId,
        name: "alice@airlock.local",
        kind: "user",
      });
    });

    test("a service principal and a managed identity", () => {
      for (const name of ["sp-aml-promotion-prod", "dev-mi-compute"]) {
        const principal = findPrincipal(name)!;
        const identity = identityFromToken(mintTwinToken(stateDir, name));
        assert.equal(identity.kind, "servicePrincipal", name);
        assert.equal(identity.objectId, principal.objectId);
        assert.equal(identity.name, name);
        assert.equal(identity.appId, principal.objectId);
        assert.equal(identity.upn, undefined);
      }
    });

    test("identityFromCredential asks the credential for the scope and decodes the token", async () => {
      const scopes: string[] = [];
      const credential: TokenCredential = {
        getToken: async (scope) => {
          scopes.push(String(scope));
          return { token: mintTwinToken(stateDir, "bob"), expiresOnTimestamp: Date.now() + 3_600_000 };
        },
      };
      const identity = await identityFromCredential(credential);
      assert.equal(identity.name, "bob@airlock.local");
      assert.deepEqual(scopes, ["https://management.azure.com/.default"]);

      const failing: TokenCredential = {
        getToken: async () => {
          throw new Error(`AADSTS700016 client_secret=${"x".repeat(20)}`);
        },
      };
      await assert.rejects(identityFromCredential(failing), (error: Error & { code?: string }) => {
        assert.equal(error.code, "IDENTITY_CREDENTIAL");
        assert.ok(!error.message.includes("x".repeat(20)), "secret in the message is redacted");
        return true;
      });
    });
  });

  describe("identity from Entra-shaped tokens", () => {
    test("v1 user token (upn, unique_name, uti)", () => {
      const oid = randomUUID();
      const identity = identityFromToken(
        entraToken({
          aud: "https://management.azure.com/",
          iss: `https://sts.windows.net/${tid}/`,
          oid,
          tid,
          upn: "carol@contoso.com",
          unique_name: "carol@contoso.com",
          name: "Carol Approver",
          scp: "user_impersonation",
          idtyp: "user",
          uti: "AbCdEf123",
          groups: ["g1", "g2"],
          exp,
        }),
      );
      assert.deepEqual(
        { ...identity, expiresAt: undefined },
        {
          objectId: oid,
          name: "carol@contoso.com",
          displayName: "Carol Approver",
          kind: "user",
          tenantId: tid,
          groups: ["g1", "g2"],
          upn: "carol@contoso.com",
          tokenId: "AbCdEf123",
          expiresAt: undefined,
        },
      );
    });

    test("v2 user token without idtyp (preferred_username, azp, scp)", () => {
      const identity = identityFromToken(
        entraToken({
          oid: "o1",
          tid,
          preferred_username: "dan@contoso.com",
          azp: "cli-app-id",
          scp: "x",
          exp,
        }),
      );
      assert.equal(identity.kind, "user");
      assert.equal(identity.name, "dan@contoso.com");
      assert.equal(identity.appId, "cli-app-id");
    });

    test("a guest user known only by unique_name", () => {
      const identity = identityFromToken(
        entraToken({ oid: "o2", tid, unique_name: "live.com#erin@example.com" }),
      );
      assert.equal(identity.kind, "user");
      assert.equal(identity.name, "live.com#erin@example.com");
    });

    test("app-only tokens: v1 with appid and no idtyp, v2 with azp and idtyp app", () => {
      const v1 = identityFromToken(entraToken({ oid: "sp1", tid, appid: "app-guid-1", roles: ["x"], exp }));
      assert.deepEqual([v1.kind, v1.name, v1.appId], ["servicePrincipal", "app-guid-1", "app-guid-1"]);
      const v2 = identityFromToken(
        entraToken({ oid: "sp2", tid, azp: "app-guid-2", idtyp: "app", app_displayname: "airlock-ci", exp }),
      );
      assert.deepEqual([v2.kind, v2.name, v2.appId], ["servicePrincipal", "airlock-ci", "app-guid-2"]);
    });

    test("malformed, incomplete or expired tokens are refused without echoing the token", () => {
      const cases: Array<[string, string]> = [
        ["not-a-jwt", "IDENTITY_TOKEN"],
        ["a.b", "IDENTITY_TOKEN"],
        [`x.${Buffer.from("[1,2]").toString("base64url")}.y`, "IDENTITY_TOKEN"],
        [`x.${Buffer.from("{oops").toString("base64url")}.y`, "IDENTITY_TOKEN"],
        [entraToken({ tid, upn: "nobody@contoso.com" }), "IDENTITY_TOKEN"],
        [entraToken({ oid: "o", upn: "nobody@contoso.com" }), "IDENTITY_TOKEN"],
        [entraToken({ oid: "o", tid, upn: "late@contoso.com", exp: 1_000 }), "IDENTITY_TOKEN_EXPIRED"],
      ];
      for (const [token, code] of cases) {
        assert.throws(
          () => identityFromToken(token),
          (error: Error & { code?: string }) => error.code === code && !error.message.includes(token),
          token,
        );
      }
    });
  });
});
