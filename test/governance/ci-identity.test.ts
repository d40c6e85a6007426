/**
 * The person behind a CI-filed request comes from a verified CI OIDC token, with the twin as the issuer over
 * real HTTP on loopback: who could pass someone else's name — by another key, another issuer, another audience,
 * an edited claim, an edited record, a twin token against Azure, an expired token — and each is refused with
 * its stable code. GitHub's request-URL flow runs against a loopback stub of ACTIONS_ID_TOKEN_REQUEST_URL.
 */
import assert from "node:assert/strict";
import { stat } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { calculateJwkThumbprint, decodeProtectedHeader, exportJWK, generateKeyPair, SignJWT } from "jose";
import { mintCiToken } from "../../src/emulator/ci-oidc.ts";
import { AirlockError } from "../../src/errors.ts";
import {
  CI_AUDIENCE,
  type CiTrust,
  ciRequesterFromEnvironment,
  ciTrustFor,
  ciTrustFromPolicy,
  personOfCiActor,
  TWIN_CI_ISSUER,
  twinCiTrust,
  verifyCiRequester,
} from "../../src/governance/ci-identity.ts";
import { defaultPolicy, loadPolicy, parsePolicy } from "../../src/governance/policy.ts";
import type { CiRequester } from "../../src/governance/records.ts";
import { containsSecret, findSecrets } from "../../src/redact.ts";
import { runCli } from "../helpers/cli.ts";
import { startTestTwin, type TestTwin } from "../helpers/twin.ts";

let twin: TestTwin;
let trust: CiTrust;

describe("governance/ci-identity", () => {
  before(async () => {
    twin = await startTestTwin();
    trust = twinCiTrust(twin.armEndpoint);
  });
  after(async () => {
    await twin?.close();
  });

  /** The requester `airlock request` records when AIRLOCK_CI_OIDC_TOKEN holds `token`. */
  async function requesterOf(token: string, withTrust = trust): Promise<CiRequester> {
    const requester = await ciRequesterFromEnvironment({
      env: { AIRLOCK_CI_OIDC_TOKEN: token },
      trust: withTrust,
    });
    assert.ok(requester, "in CI, a requester is returned");
    return requester;
  }

  async function refusedAtRequest(token: string, code: string, withTrust = trust): Promise<void> {
    await assert.rejects(
      ciRequesterFromEnvironment({ env: { AIRLOCK_CI_OIDC_TOKEN: token }, trust: withTrust }),
      (error: unknown) => error instanceof AirlockError && error.code === code,
      `refused with ${code}`,
    );
  }

  /** Evidence for `token` as a forger would write it into a record (the recorded shape, unverified). */
  function evidenceOf(token: string, actor: string): CiRequester {
    return { issuer: TWIN_CI_ISSUER, actor, token: token.split(".").join("~") };
  }

  const payloadOf = (token: string) =>
    JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString("utf8")) as Record<string, unknown>;

  describe("the twin as a CI OIDC issuer", () => {
    test("serves a discovery document and a public key set, without auth, on the ARM endpoint", async () => {
      const configuration = await fetch(`${twin.armEndpoint}/oidc/.well-known/openid-configuration`);
      assert.equal(configuration.status, 200);
      const document = (await configuration.json()) as Record<string, unknown>;
      assert.equal(document.issuer, TWIN_CI_ISSUER);
      assert.equal(document.jwks_uri, `${twin.armEndpoint}/oidc/jwks`);
      assert.notEqual(TWIN_CI_ISSUER, "https://token.actions.githubusercontent.com");

      const token = await mintCiToken(twin.stateDir, { actor: "alice" });
      const jwks = (await (await fetch(`${twin.armEndpoint}/oidc/jwks`)).json()) as {
        keys: Record<string, unknown>[];
      };
      assert.equal(jwks.keys.length, 1);
      assert.equal(jwks.keys[0]!.kid, decodeProtectedHeader(token).kid);
      assert.equal(jwks.keys[0]!.d, undefined, "the private exponent is never served");
      const mode = (await stat(path.join(twin.stateDir, "twin-ci-oidc-key.json"))).mode & 0o777;
      assert.equal(mode, 0o600);

      assert.equal((await fetch(`${twin.armEndpoint}/oidc/jwks`, { method: "POST" })).status, 405);
      assert.equal((await fetch(`${twin.armEndpoint}/oidc/other`)).status, 404);
    });

    test("its tokens carry GitHub Actions' claims", async () => {
      const token = await mintCiToken(twin.stateDir, {
        actor: "alice",
        repository: "contoso/ml",
        runId: "42",
      });
      const claims = payloadOf(token);
      assert.equal(claims.iss, TWIN_CI_ISSUER);
      assert.equal(claims.aud, CI_AUDIENCE);
      assert.equal(claims.actor, "alice");
      assert.equal(claims.repository, "contoso/ml");
      assert.equal(claims.run_id, "42");
      assert.equal(claims.workflow_ref, "contoso/ml/.github/workflows/promote.yml@refs/heads/main");
      assert.match(String(claims.actor_id), /^[0-9]+$/);
      assert.equal(decodeProtectedHeader(token).alg, "RS256");
    });

    test("minting refuses a malformed login and a state dir without a twin", async () => {
      await assert.rejects(mintCiToken(twin.stateDir, { actor: "alice; rm -rf" }), { code: "ARG_INVALID" });
      await assert.rejects(mintCiToken(path.join(twin.stateDir, "nowhere"), { actor: "alice" }), {
        code: "TWIN_NOT_INITIALISED",
      });
    });
  });

  describe("the requester in CI is the actor of a verified token", () => {
    test("a token for alice verifies and yields alice, kept as evidence the ledger's redactor accepts", async () => {
      const token = await mintCiToken(twin.stateDir, {
        actor: "alice",
        repository: "contoso/ml",
        runId: "7",
      });
      const requester = await requesterOf(token);
      assert.equal(requester.actor, "alice");
      assert.equal(requester.issuer, TWIN_CI_ISSUER);
      assert.equal(requester.repository, "contoso/ml");
      assert.equal(requester.runId, "7");
      assert.equal(requester.workflowRef, "contoso/ml/.github/workflows/promote.yml@refs/heads/main");
      assert.equal(requester.actorId, payloadOf(token).actor_id);
      assert.ok(!requester.token.includes("."), "not JWT-shaped");
      assert.equal(requester.token.split("~").join("."), token, "the whole token is kept");
      assert.equal(containsSecret(requester), false);
      assert.deepEqual(findSecrets(JSON.stringify({ ci: requester })), []);

      const verified = await verifyCiRequester(requester, trust);
      assert.equal(verified.ok, true);
      assert.equal(verified.ok && verified.actor, "alice");
    });

    test("outside CI there is no CI requester; GitHub Actions without id-token: write is refused", async () => {
      assert.equal(await ciRequesterFromEnvironment({ env: {}, trust }), undefined);
      await assert.rejects(ciRequesterFromEnvironment({ env: { GITHUB_ACTIONS: "true" }, trust }), {
        code: "CI_OIDC_UNAVAILABLE",
      });
    });

    test("a token signed by another key is refused (unknown key id, or the issuer's key id forged)", async () => {
      const { privateKey, publicKey } = await generateKeyPair("RS256");
      const forge = (kid: string, actor: string) =>
        new SignJWT({ actor, repository: "contoso/ml", run_id: "1" })
          .setProtectedHeader({ alg: "RS256", kid })
          .setIssuer(TWIN_CI_ISSUER)
          .setAudience(CI_AUDIENCE)
          .setIssuedAt()
          .setExpirationTime("5m")
          .sign(privateKey);
      const ownKid = await calculateJwkThumbprint(await exportJWK(publicKey));
      await refusedAtRequest(await forge(ownKid, "alice"), "CI_TOKEN_KEY_UNKNOWN");

      const twinKid = decodeProtectedHeader(await mintCiToken(twin.stateDir, { actor: "bob" })).kid!;
      const forged = await forge(twinKid, "alice");
      await refusedAtRequest(forged, "CI_TOKEN_SIGNATURE_INVALID");
      const atGate = await verifyCiRequester(evidenceOf(forged, "alice"), trust, { allowExpired: true });
      assert.equal(atGate.ok === false && atGate.code, "CI_TOKEN_SIGNATURE_INVALID");
    });

    test("an HS256 token keyed with the issuer's public key is refused (algorithm confusion)", async () => {
      const jwks = (await (await fetch(`${twin.armEndpoint}/oidc/jwks`)).json()) as {
        keys: Array<{ n: string }>;
      };
      const token = await new SignJWT({ actor: "alice" })
        .setProtectedHeader({ alg: "HS256" })
        .setIssuer(TWIN_CI_ISSUER)
        .setAudience(CI_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime("5m")
        .sign(Buffer.from(jwks.keys[0]!.n, "base64url"));
      await refusedAtRequest(token, "CI_TOKEN_ALGORITHM_REFUSED");
    });

    test("a token from an untrusted issuer is refused", async () => {
      const token = await mintCiToken(twin.stateDir, { actor: "alice", issuer: "https://ci.example.com" });
      await refusedAtRequest(token, "CI_ISSUER_UNTRUSTED");
    });

    test("a token for another audience (one Entra would exchange) is refused", async () => {
      const token = await mintCiToken(twin.stateDir, {
        actor: "alice",
        audience: "api://AzureADTokenExchange",
      });
      await refusedAtRequest(token, "CI_TOKEN_AUDIENCE_INVALID");
      const atGate = await verifyCiRequester(evidenceOf(token, "alice"), trust, { allowExpired: true });
      assert.equal(atGate.ok === false && atGate.code, "CI_TOKEN_AUDIENCE_INVALID");
    });

    test("a token whose actor was altered after signing is refused", async () => {
      const token = await mintCiToken(twin.stateDir, { actor: "mallory" });
      const [header, , signature] = token.split(".");
      const payload = Buffer.from(JSON.stringify({ ...payloadOf(token), actor: "alice" })).toString(
        "base64url",
      );
      const altered = `${header}.${payload}.${signature}`;
      await refusedAtRequest(altered, "CI_TOKEN_SIGNATURE_INVALID");
      const atGate = await verifyCiRequester(evidenceOf(altered, "alice"), trust, { allowExpired: true });
      assert.equal(atGate.ok === false && atGate.code, "CI_TOKEN_SIGNATURE_INVALID");
    });

    test("a record whose actor or run differs from its valid token is refused at the gate", async () => {
      const requester = await requesterOf(await mintCiToken(twin.stateDir, { actor: "mallory", runId: "5" }));
      const renamed = await verifyCiRequester({ ...requester, actor: "alice" }, trust, {
        allowExpired: true,
      });
      assert.equal(renamed.ok === false && renamed.code, "CI_ACTOR_MISMATCH");
      const otherRun = await verifyCiRequester({ ...requester, runId: "6" }, trust, { allowExpired: true });
      assert.equal(otherRun.ok === false && otherRun.code, "CI_EVIDENCE_MISMATCH");
      const noToken = await verifyCiRequester(
        { ...requester, token: undefined } as unknown as CiRequester,
        trust,
      );
      assert.equal(noToken.ok === false && noToken.code, "CI_TOKEN_MALFORMED");
      const garbage = await verifyCiRequester({ ...requester, token: "not-a-token" }, trust);
      assert.equal(garbage.ok === false && garbage.code, "CI_TOKEN_MALFORMED");
    });

    test("a twin token is refused with Azure-mode trust (the policy's issuers only)", async () => {
      const azure = ciTrustFromPolicy(defaultPolicy());
      assert.deepEqual(
        azure.issuers.map((i) => i.issuer),
        ["https://token.actions.githubusercontent.com"],
      );
      const token = await mintCiToken(twin.stateDir, { actor: "alice" });
      await refusedAtRequest(token, "CI_ISSUER_UNTRUSTED", azure);
      const requester = await requesterOf(token);
      const atGate = await verifyCiRequester(requester, ciTrustFor(defaultPolicy()), { allowExpired: true });
      assert.equal(atGate.ok === false && atGate.code, "CI_ISSUER_UNTRUSTED");
      const twinMode = await verifyCiRequester(requester, ciTrustFor(defaultPolicy(), twin.armEndpoint));
      assert.equal(twinMode.ok, true);
    });

    test("an expired token is refused at request time but accepted as evidence at gate time", async () => {
      const hourAgo = new Date(Date.now() - 3_600_000);
      await refusedAtRequest(
        await mintCiToken(twin.stateDir, { actor: "alice", issuedAt: hourAgo }),
        "CI_TOKEN_EXPIRED",
      );

      const requester = await requesterOf(await mintCiToken(twin.stateDir, { actor: "alice" }));
      const tomorrow = new Date(Date.now() + 86_400_000);
      const strict = await verifyCiRequester(requester, trust, { now: tomorrow });
      assert.equal(strict.ok === false && strict.code, "CI_TOKEN_EXPIRED");
      const asEvidence = await verifyCiRequester(requester, trust, { now: tomorrow, allowExpired: true });
      assert.equal(asEvidence.ok && asEvidence.actor, "alice");
    });

    test("a re-run's token is refused: it names the original actor, not who re-ran it", async () => {
      const token = await mintCiToken(twin.stateDir, { actor: "alice", runAttempt: "2" });
      await refusedAtRequest(token, "CI_TOKEN_RERUN");
      const atGate = await verifyCiRequester(evidenceOf(token, "alice"), trust, { allowExpired: true });
      assert.equal(atGate.ok === false && atGate.code, "CI_TOKEN_RERUN");
    });

    test("evidence that claims to be issued in the future is refused even with allowExpired", async () => {
      const later = new Date(Date.now() + 86_400_000);
      const token = await mintCiToken(twin.stateDir, { actor: "alice", issuedAt: later });
      const verdict = await verifyCiRequester(evidenceOf(token, "alice"), trust, { allowExpired: true });
      assert.equal(verdict.ok === false && verdict.code, "CI_TOKEN_CLAIMS_INVALID");
    });
  });

  describe("GitHub's request-URL flow", () => {
    let stub: Server;
    let stubUrl: string;
    const seen: Array<{ authorization?: string; audience: string | null; apiVersion: string | null }> = [];
    let answer: "token" | "forbidden" | "no-value" = "token";

    before(async () => {
      // Mimics ACTIONS_ID_TOKEN_REQUEST_URL: GET with the request token as bearer, `&audience=`, JSON { value }.
      stub = createServer((req, res) => {
        const url = new URL(req.url ?? "/", "http://127.0.0.1");
        seen.push({
          authorization: req.headers.authorization,
          audience: url.searchParams.get("audience"),
          apiVersion: url.searchParams.get("api-version"),
        });
        if (answer === "forbidden" || req.headers.authorization !== "Bearer request-token-1") {
          res.writeHead(403).end();
          return;
        }
        if (answer === "no-value") {
          res.writeHead(200, { "content-type": "application/json" }).end("{}");
          return;
        }
        void mintCiToken(twin.stateDir, {
          actor: "alice",
          audience: url.searchParams.get("audience") ?? "",
        }).then((value) =>
          res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ count: 1, value })),
        );
      });
      await new Promise<void>((resolve) => stub.listen(0, "127.0.0.1", resolve));
      stubUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}/_apis/pipelines/workflows/1/idtoken?api-version=2.0`;
    });
    after(() => {
      stub?.close();
    });

    const github = (requestToken?: string) => ({
      GITHUB_ACTIONS: "true",
      ACTIONS_ID_TOKEN_REQUEST_URL: stubUrl,
      ...(requestToken ? { ACTIONS_ID_TOKEN_REQUEST_TOKEN: requestToken } : {}),
    });

    test("the job's token for audience airlock names the dispatching actor", async () => {
      answer = "token";
      seen.length = 0;
      const requester = await ciRequesterFromEnvironment({ env: github("request-token-1"), trust });
      assert.equal(requester?.actor, "alice");
      assert.deepEqual(seen, [
        { authorization: "Bearer request-token-1", audience: "airlock", apiVersion: "2.0" },
      ]);
      assert.equal((await verifyCiRequester(requester!, trust)).ok, true);
    });

    test("a missing request token, a refused request and an answer without a token are clear errors", async () => {
      await assert.rejects(ciRequesterFromEnvironment({ env: github(), trust }), {
        code: "CI_OIDC_UNAVAILABLE",
      });
      answer = "forbidden";
      await assert.rejects(ciRequesterFromEnvironment({ env: github("request-token-1"), trust }), {
        code: "CI_OIDC_REQUEST_FAILED",
      });
      answer = "no-value";
      await assert.rejects(ciRequesterFromEnvironment({ env: github("request-token-1"), trust }), {
        code: "CI_OIDC_REQUEST_FAILED",
      });
    });
  });

  describe("trust and people", () => {
    test("the policy's ci.trustedIssuers: GitHub by default, https only, no issuer twice", async () => {
      const repository = await loadPolicy(path.resolve(import.meta.dirname, "../../governance/policy.yml"));
      assert.deepEqual(repository.ci.trustedIssuers, [
        {
          issuer: "https://token.actions.githubusercontent.com",
          jwksUri: "https://token.actions.githubusercontent.com/.well-known/jwks",
        },
      ]);
      const http =
        "version: 1\nci:\n  trustedIssuers:\n    - { issuer: https://ci.example.com, jwksUri: http://ci.example.com/jwks }\n";
      assert.throws(() => parsePolicy(http), { code: "POLICY_INVALID" });
      const twice =
        "version: 1\nci:\n  trustedIssuers:\n    - { issuer: https://ci.example.com, jwksUri: https://ci.example.com/a }\n    - { issuer: https://ci.example.com, jwksUri: https://ci.example.com/b }\n";
      assert.throws(() => parsePolicy(twice), /listed twice/);
      const none = parsePolicy("version: 1\nci:\n  trustedIssuers: []\n");
      assert.deepEqual(none.ci.trustedIssuers, []);
    });

    test("personOfCiActor maps a GitHub login to one registry person, case-insensitively, else nobody", () => {
      const registry = {
        people: [
          { id: "alice", github: "Alice-GH" },
          { id: "bob", github: "bob" },
          { id: "carol" },
          { id: "dan", github: "shared" },
          { id: "erin", github: "Shared" },
        ],
      };
      assert.equal(personOfCiActor(registry, "alice-gh"), "alice");
      assert.equal(personOfCiActor(registry, "bob"), "bob");
      assert.equal(personOfCiActor(registry, "mallory"), undefined);
      assert.equal(personOfCiActor(registry, "shared"), undefined, "an ambiguous login names nobody");
    });

    test("airlock local ci-token prints a token that verifies; a bad login exits 3", async () => {
      const ok = await runCli([
        "local",
        "ci-token",
        "--actor",
        "bob",
        "--state-dir",
        twin.stateDir,
        "--json",
      ]);
      assert.equal(ok.code, 0, ok.stderr);
      const printed = JSON.parse(ok.stdout) as { token: string; issuer: string };
      assert.equal(printed.issuer, TWIN_CI_ISSUER);
      assert.equal((await requesterOf(printed.token)).actor, "bob");
      const bad = await runCli([
        "local",
        "ci-token",
        "--actor",
        "-bob-",
        "--state-dir",
        twin.stateDir,
        "--json",
      ]);
      assert.equal(bad.code, 3);
      assert.match(bad.stdout + bad.stderr, /ARG_INVALID/);
    });
  });
});
