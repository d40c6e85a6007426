import assert from "node:assert/strict";
import { createHash, generateKeyPairSync, randomBytes, sign } from "node:crypto";
import { describe, test } from "node:test";
import {
  type Decision,
  type DsseEnvelope,
  parseApproversRegistry,
  type VerifiedDecision,
  verifyEnvelope,
  verifyEnvelopeAsync,
} from "../../../src/governance/signing/index.ts";
import { canonical, registryYaml, sampleDecision, softEd25519, softEnvelope } from "./fixture.ts";

const ORIGIN = "http://localhost:7070";
const RP_ID = "localhost";
const sha256 = (data: Buffer | string): Buffer => createHash("sha256").update(data).digest();

/** A passkey in software: a P-256 credential, its COSE public key (RFC 9052/9053 EC2, ES256). */
function softPasskey() {
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const jwk = publicKey.export({ format: "jwk" });
  const x = Buffer.from(jwk.x!, "base64url");
  const y = Buffer.from(jwk.y!, "base64url");
  // CBOR map(5) {1: 2 (EC2), 3: -7 (ES256), -1: 1 (P-256), -2: x, -3: y}
  const cose = Buffer.concat([
    Buffer.from([0xa5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21, 0x58, 0x20]),
    x,
    Buffer.from([0x22, 0x58, 0x20]),
    y,
  ]);
  const credentialId = randomBytes(16).toString("base64url");
  return { credentialId, cose: cose.toString("base64url"), privateKey };
}

type Passkey = ReturnType<typeof softPasskey>;

function statementPayload(decision: Decision): Buffer {
  return Buffer.from(
    canonical({
      _type: "https://in-toto.io/Statement/v1",
      subject: [
        {
          name: `${decision.asset.kind}:${decision.asset.name}@${decision.asset.version}`,
          digest: { sha256: decision.digest.slice(7) },
        },
      ],
      predicateType: "https://airlock.dev/attestations/decision/v1",
      predicate: decision,
    }),
  );
}

/** What the browser console does: navigator.credentials.get() with challenge base64url(sha256(PAE)). */
function passkeyEnvelope(
  passkey: Passkey,
  decision: Decision,
  options: { origin?: string; rpId?: string; flags?: number; type?: string; signedPayload?: Buffer } = {},
): DsseEnvelope {
  const payloadType = "application/vnd.in-toto+json";
  const payload = statementPayload(decision);
  const signedPayload = options.signedPayload ?? payload;
  const pae = Buffer.concat([
    Buffer.from(`DSSEv1 ${payloadType.length} ${payloadType} ${signedPayload.length} `),
    signedPayload,
  ]);
  const clientDataJSON = Buffer.from(
    JSON.stringify({
      type: options.type ?? "webauthn.get",
      challenge: sha256(pae).toString("base64url"),
      origin: options.origin ?? ORIGIN,
      crossOrigin: false,
    }),
  );
  const counter = Buffer.alloc(4);
  counter.writeUInt32BE(5);
  const authenticatorData = Buffer.concat([
    sha256(options.rpId ?? RP_ID),
    Buffer.from([options.flags ?? 0x05]), // user present + user verified
    counter,
  ]);
  const signature = sign(
    "sha256",
    Buffer.concat([authenticatorData, sha256(clientDataJSON)]),
    passkey.privateKey,
  );
  const sig = {
    webauthn: {
      credentialId: passkey.credentialId,
      authenticatorData: authenticatorData.toString("base64url"),
      clientDataJSON: clientDataJSON.toString("base64url"),
      signature: signature.toString("base64url"),
    },
  };
  return {
    payloadType,
    payload: payload.toString("base64"),
    signatures: [
      {
        keyid: `webauthn:${passkey.credentialId}`,
        sig: Buffer.from(JSON.stringify(sig)).toString("base64url"),
      },
    ],
  };
}

const bobPasskey = softPasskey();
const aliceSsh = softEd25519();
const registry = parseApproversRegistry(
  `${registryYaml([{ id: "alice", keys: [aliceSsh.publicKey] }])}  - id: bob
    principals: [bob@contoso.com]
    keys:
      - webauthn: { credentialId: "${bobPasskey.credentialId}", publicKey: "${bobPasskey.cose}", rpId: ${RP_ID}, origins: ["${ORIGIN}"] }
`,
  "governance/approvers.yml@HEAD",
  "sha256:x",
);

function refused(result: VerifiedDecision, code: string): void {
  assert.equal(result.ok, false, `expected ${code}, got ${JSON.stringify(result)}`);
  assert.equal(!result.ok && result.code, code, !result.ok ? result.reason : "");
}

describe("WebAuthn passkey signatures", () => {
  test("a passkey assertion over base64url(sha256(PAE)) verifies against the registered credential", async () => {
    const result = await verifyEnvelopeAsync(passkeyEnvelope(bobPasskey, sampleDecision()), registry, {
      expect: { requestId: "req-0001" },
    });
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.person.id, "bob");
    assert.equal(result.keyid, `webauthn:${bobPasskey.credentialId}`);
  });

  test("the synchronous verifier names a passkey signature instead of guessing", () => {
    refused(verifyEnvelope(passkeyEnvelope(bobPasskey, sampleDecision()), registry), "WEBAUTHN_NEEDS_ASYNC");
  });

  test("the asynchronous verifier also takes SSH signatures", async () => {
    const result = await verifyEnvelopeAsync(
      softEnvelope(aliceSsh, sampleDecision({ signer: "alice" })),
      registry,
    );
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.person.id, "alice");
  });

  test("refuses an assertion over another payload (challenge mismatch)", async () => {
    const other = statementPayload(sampleDecision({ target: "prod-eu" }));
    refused(
      await verifyEnvelopeAsync(
        passkeyEnvelope(bobPasskey, sampleDecision(), { signedPayload: other }),
        registry,
      ),
      "SIGNATURE_INVALID",
    );
  });

  test("refuses another origin, another RP id, a registration ceremony, no user verification, no user presence", async () => {
    for (const options of [
      { origin: "https://evil.example" },
      { rpId: "evil.example" },
      { type: "webauthn.create" },
      { flags: 0x01 }, // present, not verified
      { flags: 0x04 }, // verified, not present
    ]) {
      refused(
        await verifyEnvelopeAsync(passkeyEnvelope(bobPasskey, sampleDecision(), options), registry),
        "SIGNATURE_INVALID",
      );
    }
  });

  test("refuses a passkey that is not in the registry, and one signed by another credential's private key", async () => {
    refused(
      await verifyEnvelopeAsync(passkeyEnvelope(softPasskey(), sampleDecision()), registry),
      "KEY_NOT_IN_REGISTRY",
    );
    const impostor = { ...softPasskey(), credentialId: bobPasskey.credentialId };
    refused(
      await verifyEnvelopeAsync(passkeyEnvelope(impostor, sampleDecision()), registry),
      "SIGNATURE_INVALID",
    );
  });

  test("refuses bob's passkey on a decision naming alice, and a keyid naming another credential", async () => {
    refused(
      await verifyEnvelopeAsync(passkeyEnvelope(bobPasskey, sampleDecision({ signer: "alice" })), registry),
      "SIGNER_MISMATCH",
    );
    const envelope = passkeyEnvelope(bobPasskey, sampleDecision());
    envelope.signatures[0]!.keyid = "webauthn:other";
    refused(await verifyEnvelopeAsync(envelope, registry), "KEYID_MISMATCH");
  });

  test("refuses a malformed passkey signature", async () => {
    const envelope = passkeyEnvelope(bobPasskey, sampleDecision());
    for (const sig of [
      Buffer.from("{").toString("base64url"),
      Buffer.from(JSON.stringify({ webauthn: { credentialId: bobPasskey.credentialId } })).toString(
        "base64url",
      ),
    ]) {
      refused(
        await verifyEnvelopeAsync(
          { ...envelope, signatures: [{ keyid: envelope.signatures[0]!.keyid, sig }] },
          registry,
        ),
        "SIGNATURE_MALFORMED",
      );
    }
  });
});
