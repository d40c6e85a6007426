/**
 * The twin's local credential: tokens minted from the twin's signing key in its state directory (no network
 * call), cached until near expiry, accepted by the twin for the principal's roles; and credential failures
 * surfacing as a typed error rather than a network error.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ArmClient, jwtExpiry, twinCredential } from "../../src/arm/index.ts";
import { AirlockError, ExitCode } from "../../src/errors.ts";
import { startTestTwin, type TestTwin } from "../helpers/twin.ts";
import { DEPLOYER, DEV } from "./fixture.ts";

describe("twinCredential against a running twin", () => {
  let twin: TestTwin;

  before(async () => {
    twin = await startTestTwin({ lroMode: "fast" });
  });
  after(() => twin?.close());

  const clientFor = (principal: string) =>
    new ArmClient({
      endpoint: twin.armEndpoint,
      subscriptionId: twin.subscriptionId,
      credential: twinCredential({ stateDir: twin.stateDir, principal }),
      maxRetries: 0,
    });

  it("mints tokens the twin accepts, with the principal's roles", async () => {
    const workspace = await clientFor(DEPLOYER).workspaces.get(DEV.workspaceRg, DEV.workspace);
    assert.equal(workspace.name, DEV.workspace);
    await assert.rejects(
      () => clientFor("mallory").workspaces.get(DEV.workspaceRg, DEV.workspace),
      (error: unknown) => error instanceof AirlockError && error.exitCode === ExitCode.forbidden,
    );
  });

  it("caches a token until it nears expiry and carries its exp", async () => {
    const credential = twinCredential({ stateDir: twin.stateDir, principal: "alice", ttlSeconds: 600 });
    const first = await credential.getToken("https://management.azure.com/.default");
    const second = await credential.getToken("https://management.azure.com/.default");
    assert.ok(first && second);
    assert.equal(second.token, first.token);
    assert.equal(first.expiresOnTimestamp, (jwtExpiry(first.token) ?? 0) * 1000);
    assert.ok(first.expiresOnTimestamp > Date.now() + 500_000);
  });

  it("an unknown principal fails before any request, as a typed error", async () => {
    await assert.rejects(
      () => clientFor("nobody-at-all").workspaces.get(DEV.workspaceRg, DEV.workspace),
      (error: unknown) => error instanceof AirlockError && /nobody-at-all/.test(error.message),
    );
  });

  it("a credential that cannot produce a token is reported as such, not as a network error", async () => {
    const client = new ArmClient({
      endpoint: twin.armEndpoint,
      subscriptionId: twin.subscriptionId,
      credential: {
        getToken: async () => {
          throw new Error("no identity available on this machine");
        },
      },
      maxRetries: 0,
    });
    await assert.rejects(
      () => client.workspaces.get(DEV.workspaceRg, DEV.workspace),
      (error: unknown) =>
        error instanceof AirlockError &&
        error.code === "ARM_CREDENTIAL_FAILED" &&
        error.exitCode === ExitCode.unavailable &&
        /no identity available/.test(error.message),
    );
  });
});
