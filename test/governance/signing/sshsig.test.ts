import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import {
  type ApproversRegistry,
  parseApproversRegistry,
  signWithSsh,
  verifyEnvelope,
} from "../../../src/governance/signing/index.ts";
import {
  armoredOf,
  paeOf,
  registryYaml,
  run,
  type SoftKey,
  sampleDecision,
  softEd25519,
  softEnvelope,
  softRsa,
  softSkEcdsa,
  softSkEd25519,
  sshKeygen,
  sshKeygenVerify,
  withTempDir,
} from "./fixture.ts";

const registryOf = (publicKey: string, id = "bob"): ApproversRegistry =>
  parseApproversRegistry(registryYaml([{ id, keys: [publicKey] }]), "test", "sha256:test");

/** ssh-keygen's keys, made once per file (in keyDir) and shared by the tests that sign with them. */
let keyDir: string;
const madeKeys = new Map<string, ReturnType<typeof sshKeygen>>();
describe("governance/signing/sshsig", () => {
  before(async () => {
    keyDir = await mkdtemp(path.join(tmpdir(), "airlock-sshsig-"));
  });
  after(async () => {
    await Promise.allSettled(madeKeys.values());
    if (keyDir) await rm(keyDir, { recursive: true, force: true });
  });
  function sharedKey(type: "ed25519" | "ecdsa" | "rsa", bits?: number): ReturnType<typeof sshKeygen> {
    const name = `${type}${bits ? `-${bits}` : ""}`;
    let made = madeKeys.get(name);
    if (!made) {
      made = sshKeygen(keyDir, name, type, bits);
      madeKeys.set(name, made);
    }
    return made;
  }

  /** signWithSsh's envelope of sampleDecision() by a shared key, made once. */
  const signed = new Map<string, ReturnType<typeof signWithSsh>>();
  function sharedSigned(type: "ed25519" | "ecdsa" | "rsa", bits?: number): ReturnType<typeof signWithSsh> {
    const name = `${type}${bits ? `-${bits}` : ""}`;
    let envelope = signed.get(name);
    if (!envelope) {
      envelope = sharedKey(type, bits).then(({ keyFile }) => signWithSsh(sampleDecision(), { keyFile }));
      signed.set(name, envelope);
    }
    return envelope;
  }

  describe("SSHSIG interop with OpenSSH", () => {
    const kinds = [
      { type: "ed25519" },
      { type: "ecdsa", bits: 256 },
      { type: "ecdsa", bits: 384 },
      { type: "ecdsa", bits: 521 },
      { type: "rsa", bits: 3072 },
    ] as const;
    for (const kind of kinds) {
      const label = `${kind.type}${"bits" in kind ? `-${kind.bits}` : ""}`;
      test(`${label}: ssh-keygen -Y sign verifies in process, and ssh-keygen -Y verify accepts what we accept`, async () => {
        await withTempDir(async (dir) => {
          const key = await sharedKey(kind.type, "bits" in kind ? kind.bits : undefined);
          const envelope = await sharedSigned(kind.type, "bits" in kind ? kind.bits : undefined);
          const fingerprint = (await run("ssh-keygen", ["-l", "-f", `${key.keyFile}.pub`])).stdout.split(
            " ",
          )[1];
          assert.equal(envelope.signatures[0]!.keyid, fingerprint);

          const result = verifyEnvelope(envelope, registryOf(key.publicKey));
          assert.ok(result.ok, JSON.stringify(result));
          assert.equal(result.person.id, "bob");
          assert.equal(result.keyid, fingerprint);
          assert.deepEqual(result.decision, sampleDecision());

          const reference = await sshKeygenVerify(dir, armoredOf(envelope), paeOf(envelope), key.publicKey);
          assert.ok(reference.ok, reference.output);

          // Both refuse the same signature over other bytes.
          const other = Buffer.concat([paeOf(envelope), Buffer.from(" ")]);
          assert.equal((await sshKeygenVerify(dir, armoredOf(envelope), other, key.publicKey)).ok, false);
          const tampered = {
            ...envelope,
            payload: Buffer.concat([Buffer.from(envelope.payload, "base64"), Buffer.from(" ")]).toString(
              "base64",
            ),
          };
          const refused = verifyEnvelope(tampered, registryOf(key.publicKey));
          assert.equal(refused.ok, false);
          assert.equal(!refused.ok && refused.code, "SIGNATURE_INVALID");
        });
      });
    }

    const soft: Array<[string, () => SoftKey, { hash?: "sha256" | "sha512" }]> = [
      ["rsa-sha2-256 (software)", () => softRsa("rsa-sha2-256"), {}],
      [
        "rsa-sha2-512 with an sha256 message hash (software)",
        () => softRsa("rsa-sha2-512"),
        { hash: "sha256" },
      ],
      ["ssh-ed25519 with an sha256 message hash (software)", () => softEd25519(), { hash: "sha256" }],
      ["sk-ssh-ed25519@openssh.com (software authenticator)", () => softSkEd25519(), {}],
      ["sk-ecdsa-sha2-nistp256@openssh.com (software authenticator)", () => softSkEcdsa(), {}],
    ];
    for (const [label, make, options] of soft) {
      test(`${label}: verifies in process and with ssh-keygen -Y verify`, async () => {
        await withTempDir(async (dir) => {
          const key = make();
          const envelope = softEnvelope(key, sampleDecision(), options);
          const result = verifyEnvelope(envelope, registryOf(key.publicKey));
          assert.ok(result.ok, JSON.stringify(result));
          const reference = await sshKeygenVerify(dir, armoredOf(envelope), paeOf(envelope), key.publicKey);
          assert.ok(reference.ok, reference.output);
        });
      });
    }

    for (const [label, make] of [
      ["sk-ssh-ed25519", () => softSkEd25519({ flags: 0x04 })],
      ["sk-ecdsa-sha2-nistp256", () => softSkEcdsa({ flags: 0x00 })],
    ] as const) {
      test(`${label} without the user-presence flag is refused (the signature itself is valid)`, async () => {
        await withTempDir(async (dir) => {
          const key = make();
          const envelope = softEnvelope(key, sampleDecision());
          const result = verifyEnvelope(envelope, registryOf(key.publicKey));
          assert.equal(result.ok, false);
          assert.equal(!result.ok && result.code, "SIGNATURE_NO_USER_PRESENCE");
          const reference = await sshKeygenVerify(dir, armoredOf(envelope), paeOf(envelope), key.publicKey);
          // OpenSSH 9.2's `-Y verify` accepts it: only the missing touch makes it unacceptable to Airlock.
          assert.ok(reference.ok, reference.output);
        });
      });
    }

    test("a FIDO signature whose application differs from the registered key's is refused", () => {
      const signer = softSkEd25519({ application: "ssh:other" });
      // The registry holds the same public point under application "ssh:".
      const envelope = softEnvelope(signer, sampleDecision());
      const blob = signer.blob;
      const appAt = blob.length - 4 - "ssh:other".length;
      const relabelled = Buffer.concat([
        blob.subarray(0, appAt),
        Buffer.from([0, 0, 0, 4]),
        Buffer.from("ssh:"),
      ]);
      const line = `${signer.type} ${relabelled.toString("base64")}`;
      const result = verifyEnvelope(envelope, registryOf(line));
      assert.equal(result.ok, false);
      assert.equal(!result.ok && result.code, "KEY_NOT_IN_REGISTRY");
    });

    test("an SSHSIG of an unknown version is refused as malformed", () => {
      const key = softEd25519();
      const envelope = softEnvelope(key, sampleDecision(), { version: 2 });
      const result = verifyEnvelope(envelope, registryOf(key.publicKey));
      assert.equal(!result.ok && result.code, "SIGNATURE_MALFORMED");
    });

    test("a non-empty reserved field is signed over and accepted (PROTOCOL.sshsig: ignore it)", () => {
      const key = softEd25519();
      const envelope = softEnvelope(key, sampleDecision(), { reserved: Buffer.from("tag") });
      assert.ok(verifyEnvelope(envelope, registryOf(key.publicKey)).ok);
    });

    test("an RSA key under 2048 bits is refused in the registry", () => {
      const key = softRsa("rsa-sha2-512", 1024);
      assert.throws(
        () => registryOf(key.publicKey),
        (error: Error & { code?: string }) =>
          error.code === "APPROVERS_REGISTRY_INVALID" && /2048 bits/.test(error.message),
      );
    });

    test("every single-byte change to an SSHSIG blob is refused, never thrown", async () => {
      const keys = [await sharedKey("ed25519"), await sharedKey("ecdsa", 256)];
      const sk = softSkEcdsa();
      const registryOfAll = parseApproversRegistry(
        registryYaml([{ id: "bob", keys: [...keys.map((k) => k.publicKey), sk.publicKey] }]),
        "test",
        "sha256:test",
      );
      const envelopes = [
        ...(await Promise.all([sharedSigned("ed25519"), sharedSigned("ecdsa", 256)])),
        softEnvelope(sk, sampleDecision()),
      ];
      for (const envelope of envelopes) assert.ok(verifyEnvelope(envelope, registryOfAll).ok);
      for (const envelope of envelopes) {
        const armored = armoredOf(envelope);
        const body = armored.split("\n").slice(1, -2).join("");
        const blob = Buffer.from(body, "base64");
        for (let at = 0; at < blob.length; at++) {
          for (const delta of [1, 0x80]) {
            const changed = Buffer.from(blob);
            changed[at] = (changed[at]! + delta) & 0xff;
            const lines = changed.toString("base64").match(/.{1,70}/g)!;
            const text = `-----BEGIN SSH SIGNATURE-----\n${lines.join("\n")}\n-----END SSH SIGNATURE-----\n`;
            const mutated = {
              ...envelope,
              signatures: [
                { keyid: envelope.signatures[0]!.keyid, sig: Buffer.from(text).toString("base64") },
              ],
            };
            const result = verifyEnvelope(mutated, registryOfAll);
            assert.equal(result.ok, false, `byte ${at} + ${delta} verified`);
          }
        }
      }
    });
  });
});
