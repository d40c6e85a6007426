import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm, stat, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { AirlockError } from "../../../src/errors.ts";
import {
  type ApproversRegistry,
  type DsseEnvelope,
  parseApproversRegistry,
  peekDecision,
  signWithSsh,
  type VerifiedDecision,
  verifyEnvelope,
} from "../../../src/governance/signing/index.ts";
import {
  canonical,
  payloadOf,
  registryYaml,
  run,
  sampleDecision,
  softEd25519,
  softEnvelope,
  sshKeygen,
  withPayload,
} from "./fixture.ts";

let dir: string;
let bob: { keyFile: string; publicKey: string };
let alice: { keyFile: string; publicKey: string };
let outsider: { keyFile: string; publicKey: string };
let registry: ApproversRegistry;
let signed: DsseEnvelope;

describe("governance/signing/verify", () => {
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "airlock-verify-"));
    [bob, alice, outsider] = await Promise.all([
      sshKeygen(dir, "bob", "ed25519"),
      sshKeygen(dir, "alice", "ecdsa", 256),
      sshKeygen(dir, "outsider", "ed25519"),
    ]);
    registry = parseApproversRegistry(
      registryYaml([
        { id: "bob", keys: [bob.publicKey] },
        { id: "alice", keys: [alice.publicKey] },
      ]),
      "governance/approvers.yml@HEAD",
      "sha256:test",
    );
    signed = await signWithSsh(sampleDecision(), { keyFile: bob.keyFile });
  });

  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function refused(result: VerifiedDecision, code: string): Extract<VerifiedDecision, { ok: false }> {
    assert.equal(result.ok, false, `expected ${code}, got ${JSON.stringify(result)}`);
    assert.ok(!result.ok);
    assert.equal(result.code, code, result.reason);
    assert.ok(result.reason.length > 0);
    return result;
  }

  describe("verifyEnvelope accepts", () => {
    test("a decision signed by a registered key whose owner is the payload's signer", () => {
      const result = verifyEnvelope(signed, registry, { expect: sampleDecision() });
      assert.ok(result.ok, JSON.stringify(result));
      assert.equal(result.person.id, "bob");
      assert.equal(result.decision.requestId, "req-0001");
      assert.equal(result.statement.subject[0].name, "model:churn-model@3");
      assert.equal(result.statement.subject[0].digest.sha256, "1".repeat(64));
    });

    test("payload and sig in URL-safe base64 without padding (DSSE: verifiers must accept either)", () => {
      const url = (b64: string): string => Buffer.from(b64, "base64").toString("base64url");
      const envelope = {
        ...signed,
        payload: url(signed.payload),
        signatures: [{ keyid: signed.signatures[0]!.keyid, sig: url(signed.signatures[0]!.sig) }],
      };
      assert.ok(verifyEnvelope(envelope, registry).ok);
    });

    test("non-ASCII text, signed as UTF-8 bytes (PAE counts bytes, not characters)", async () => {
      const decision = sampleDecision({
        reason: "Zürich sign-off ✓ — 模型",
        asset: { kind: "data", name: "données", version: "1" },
      });
      const envelope = await signWithSsh(decision, { keyFile: bob.keyFile });
      const result = verifyEnvelope(envelope, registry, { expect: { reason: decision.reason } });
      assert.ok(result.ok, JSON.stringify(result));
      assert.equal(result.statement.subject[0].name, "data:données@1");
    });

    test("an envelope that went through JSON text (as the ledger stores it)", () => {
      assert.ok(verifyEnvelope(JSON.parse(JSON.stringify(signed)), registry).ok);
    });
  });

  describe("verifyEnvelope refuses", () => {
    test("a signature by a key that is not in the registry", async () => {
      const envelope = await signWithSsh(sampleDecision(), { keyFile: outsider.keyFile });
      const result = refused(verifyEnvelope(envelope, registry), "KEY_NOT_IN_REGISTRY");
      assert.match(result.reason, /governance\/approvers\.yml@HEAD/);
      assert.equal(result.keyid, envelope.signatures[0]!.keyid);
      // The gate can still say what the ignored envelope claimed.
      assert.deepEqual(peekDecision(envelope), {
        decision: "approve",
        requestId: "req-0001",
        signer: "bob",
        target: "prod",
        digest: sampleDecision().digest,
      });
      assert.equal(peekDecision({ payload: "%%" }), undefined);
      assert.equal(peekDecision(null), undefined);
    });

    test("a revoked person: the same envelope once the key is gone from the registry", () => {
      const without = parseApproversRegistry(
        registryYaml([{ id: "alice", keys: [alice.publicKey] }]),
        "later",
        "sha256:later",
      );
      refused(verifyEnvelope(signed, without), "KEY_NOT_IN_REGISTRY");
    });

    for (const [field, change] of [
      ["digest", { digest: `sha256:${"9".repeat(64)}` }],
      ["bundleDigest", { bundleDigest: `sha256:${"9".repeat(64)}` }],
      ["target", { target: "prod-eu" }],
      ["expiresAt", { expiresAt: "2099-01-01T00:00:00.000Z" }],
      ["requestId", { requestId: "req-0002" }],
      ["decision", { decision: "reject" }],
      ["asset", { asset: { kind: "model", name: "churn-model", version: "4" } }],
    ] as const) {
      test(`a signature over another ${field} (payload rewritten, signature kept)`, () => {
        const statement = payloadOf(signed);
        const predicate = { ...statement.predicate, ...change };
        const subject = [
          {
            name: `${predicate.asset.kind}:${predicate.asset.name}@${predicate.asset.version}`,
            digest: { sha256: predicate.digest.slice(7) },
          },
        ];
        const tampered = {
          ...signed,
          payload: Buffer.from(canonical({ ...statement, subject, predicate })).toString("base64"),
        };
        refused(verifyEnvelope(tampered, registry), "SIGNATURE_INVALID");
      });
    }

    test("a signature replayed onto another request: every expected field is compared", () => {
      const result = refused(
        verifyEnvelope(signed, registry, { expect: { requestId: "req-0002" } }),
        "DECISION_MISMATCH",
      );
      assert.deepEqual(result.fields, ["requestId"]);
      assert.match(result.reason, /requestId: signed "req-0001", expected "req-0002"/);
      const many = refused(
        verifyEnvelope(signed, registry, {
          expect: {
            digest: `sha256:${"3".repeat(64)}`,
            target: "prod-eu",
            expiresAt: "2031-01-01T00:00:00.000Z",
            asset: { kind: "model", name: "churn-model", version: "4" },
            decision: "reject",
          },
        }),
        "DECISION_MISMATCH",
      );
      assert.deepEqual(many.fields, ["digest", "target", "expiresAt", "asset", "decision"]);
      refused(
        verifyEnvelope(signed, registry, {
          expect: { deployment: { bundleDigest: `sha256:${"4".repeat(64)}` } },
        }),
        "DECISION_MISMATCH",
      );
    });

    test("a signature in another namespace (e.g. a git commit signature)", async () => {
      const envelope = await signWithSsh(sampleDecision(), { keyFile: bob.keyFile, namespace: "git" });
      refused(verifyEnvelope(envelope, registry), "SIGNATURE_WRONG_NAMESPACE");
    });

    test("a person's key used under another person's name", async () => {
      const envelope = await signWithSsh(sampleDecision({ signer: "bob" }), { keyFile: alice.keyFile });
      const result = refused(verifyEnvelope(envelope, registry), "SIGNER_MISMATCH");
      assert.equal(result.person, "alice");
      assert.match(result.reason, /"bob".*"alice"/);
    });

    test("a keyid that does not name the signing key", () => {
      const envelope = {
        ...signed,
        signatures: [
          { ...signed.signatures[0]!, keyid: "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" },
        ],
      };
      refused(verifyEnvelope(envelope, registry), "KEYID_MISMATCH");
    });

    test("an approver whose registry entry has expired", () => {
      const dated = parseApproversRegistry(
        `${registryYaml([{ id: "bob", keys: [bob.publicKey] }])}    validUntil: "2030-06-01T00:00:00Z"\n`,
        "dated",
        "sha256:dated",
      );
      assert.ok(verifyEnvelope(signed, dated, { now: new Date("2030-05-31T00:00:00Z") }).ok);
      refused(verifyEnvelope(signed, dated, { now: new Date("2030-06-02T00:00:00Z") }), "APPROVER_EXPIRED");
    });

    test("malformed envelopes, each named", () => {
      const sig = signed.signatures[0]!;
      const cases: Array<[unknown, string]> = [
        [null, "ENVELOPE_MALFORMED"],
        ["text", "ENVELOPE_MALFORMED"],
        [[], "ENVELOPE_MALFORMED"],
        [{ ...signed, extra: 1 }, "ENVELOPE_MALFORMED"],
        [{ ...signed, signatures: [] }, "ENVELOPE_MALFORMED"],
        [{ ...signed, signatures: [sig, sig] }, "ENVELOPE_MALFORMED"],
        [{ ...signed, signatures: [{ keyid: sig.keyid }] }, "ENVELOPE_MALFORMED"],
        [{ ...signed, signatures: [{ ...sig, extra: "x" }] }, "ENVELOPE_MALFORMED"],
        [{ ...signed, payload: "not base64!" }, "ENVELOPE_MALFORMED"],
        [{ ...signed, payloadType: "application/json" }, "PAYLOAD_TYPE_UNSUPPORTED"],
        [{ ...signed, signatures: [{ ...sig, sig: "%%%" }] }, "SIGNATURE_MALFORMED"],
        [{ ...signed, signatures: [{ ...sig, keyid: "bob" }] }, "SIGNATURE_MALFORMED"],
        [
          {
            ...signed,
            signatures: [
              {
                ...sig,
                sig: Buffer.from(
                  "-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n-----END SSH SIGNATURE-----\n",
                ).toString("base64"),
              },
            ],
          },
          "SIGNATURE_MALFORMED",
        ],
        [
          {
            ...signed,
            signatures: [{ ...sig, sig: Buffer.from("-----BEGIN PGP SIGNATURE-----\n").toString("base64") }],
          },
          "SIGNATURE_MALFORMED",
        ],
        [
          // Trailing bytes after the armored blob's base64 body.
          {
            ...signed,
            signatures: [
              {
                ...sig,
                sig: Buffer.from(
                  Buffer.from(sig.sig, "base64").toString("utf8").replace("-----END", "AAAA\n-----END"),
                ).toString("base64"),
              },
            ],
          },
          "SIGNATURE_MALFORMED",
        ],
      ];
      for (const [envelope, code] of cases) refused(verifyEnvelope(envelope, registry), code);
    });

    test("a validly signed payload that is not a decision Statement", () => {
      const key = softEd25519();
      const soft = parseApproversRegistry(
        registryYaml([{ id: "bob", keys: [key.publicKey] }]),
        "soft",
        "sha256:soft",
      );
      const statement = payloadOf(softEnvelope(key, sampleDecision()));
      const cases: Array<[string, Buffer]> = [
        ["not JSON", Buffer.from("{")],
        ["non-canonical JSON", Buffer.from(JSON.stringify(statement, null, 2))],
        [
          "duplicate keys",
          Buffer.from(canonical(statement).replace('"signer":"bob"', '"signer":"alice","signer":"bob"')),
        ],
        [
          "an unknown predicate member",
          Buffer.from(canonical({ ...statement, predicate: { ...statement.predicate, extra: 1 } })),
        ],
        [
          "another predicate type",
          Buffer.from(canonical({ ...statement, predicateType: "https://slsa.dev/provenance/v1" })),
        ],
        [
          "a subject that is not the asset",
          Buffer.from(
            canonical({
              ...statement,
              subject: [{ name: "model:other@1", digest: { sha256: "1".repeat(64) } }],
            }),
          ),
        ],
        [
          "a subject digest that is not the decision's",
          Buffer.from(
            canonical({
              ...statement,
              subject: [{ name: "model:churn-model@3", digest: { sha256: "5".repeat(64) } }],
            }),
          ),
        ],
        [
          "an invalid date",
          Buffer.from(
            canonical({ ...statement, predicate: { ...statement.predicate, expiresAt: "tomorrow" } }),
          ),
        ],
      ];
      for (const [label, payload] of cases) {
        const result = verifyEnvelope(softEnvelope(key, sampleDecision(), { payload }), soft);
        assert.equal(!result.ok && result.code, "STATEMENT_INVALID", `${label}: ${JSON.stringify(result)}`);
      }
    });

    test("a rewritten envelope keeps nothing of the original's validity (JSON-level edit)", () => {
      const statement = payloadOf(signed);
      const edited = withPayload(signed, {
        ...statement,
        predicate: { ...statement.predicate, target: "prod-eu" },
      });
      refused(verifyEnvelope(edited, registry), "SIGNATURE_INVALID");
    });
  });

  describe("signWithSsh", () => {
    test("refuses an invalid decision before running ssh-keygen", async () => {
      await assert.rejects(
        signWithSsh({ ...sampleDecision(), digest: "md5:abc" }, { keyFile: bob.keyFile }),
        (error: AirlockError) =>
          error instanceof AirlockError && error.code === "DECISION_INVALID" && /digest/.test(error.message),
      );
      await assert.rejects(
        signWithSsh({ ...sampleDecision(), extra: true } as never, { keyFile: bob.keyFile }),
        (error: AirlockError) =>
          error instanceof AirlockError &&
          error.code === "DECISION_INVALID" &&
          /extra: unknown key/.test(error.message),
      );
    });

    test("names a missing key file", async () => {
      await assert.rejects(
        signWithSsh(sampleDecision(), { keyFile: path.join(dir, "nope") }),
        (error: AirlockError) =>
          error instanceof AirlockError && error.code === "SIGNING_KEY_NOT_FOUND" && error.exitCode === 4,
      );
    });

    test("passes ssh-keygen's message on when it cannot sign (public key, no agent, no private half)", async () => {
      const lone = await sshKeygen(dir, "lone", "ed25519");
      await unlink(lone.keyFile);
      await assert.rejects(
        signWithSsh(sampleDecision(), { keyFile: `${lone.keyFile}.pub`, env: { PATH: process.env.PATH } }),
        (error: AirlockError) => {
          assert.ok(error instanceof AirlockError);
          assert.equal(error.code, "SIGNING_FAILED");
          assert.match(error.message, /ssh-keygen -Y sign .*failed \(exit \d+\): \S/);
          return true;
        },
      );
    });

    test("signs with a key held only by ssh-agent, given its public key (as git does)", async (t) => {
      const agentDir = await mkdtemp(path.join(tmpdir(), "airlock-agent-"));
      const socket = path.join(agentDir, "agent.sock");
      const agent: ChildProcess = spawn("ssh-agent", ["-D", "-a", socket], { stdio: "ignore" });
      t.after(async () => {
        agent.kill();
        await rm(agentDir, { recursive: true, force: true });
      });
      for (let i = 0; i < 100; i++) {
        if (
          await stat(socket).then(
            () => true,
            () => false,
          )
        )
          break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const held = await sshKeygen(dir, "held", "ed25519");
      const env = { PATH: process.env.PATH, SSH_AUTH_SOCK: socket };
      const added = await run("ssh-add", [held.keyFile], { env });
      assert.equal(added.status, 0, added.stderr);
      await unlink(held.keyFile); // only the agent has the private key now
      const envelope = await signWithSsh(sampleDecision(), { keyFile: `${held.keyFile}.pub`, env });
      const agentRegistry = parseApproversRegistry(
        registryYaml([{ id: "bob", keys: [held.publicKey] }]),
        "a",
        "sha256:a",
      );
      assert.ok(verifyEnvelope(envelope, agentRegistry).ok);
      const agentOnly = await signWithSsh(sampleDecision(), {
        keyFile: `${held.keyFile}.pub`,
        env,
        agentOnly: true,
      });
      assert.ok(verifyEnvelope(agentOnly, agentRegistry).ok);
      // Once the agent forgets the key, signing fails with ssh-keygen's reason.
      assert.equal((await run("ssh-add", ["-D"], { env })).status, 0);
      await assert.rejects(
        signWithSsh(sampleDecision(), { keyFile: `${held.keyFile}.pub`, env, agentOnly: true }),
        (error: unknown) =>
          error instanceof AirlockError &&
          error.code === "SIGNING_FAILED" &&
          /find key in agent/.test(error.message),
      );
    });
  });
});
