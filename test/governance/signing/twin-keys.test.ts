import assert from "node:assert/strict";
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, test } from "node:test";
import { twinPrincipals } from "../../../src/emulator/principals.ts";
import { AirlockError } from "../../../src/errors.ts";
import {
  ensureTwinKeys,
  signWithSsh,
  signWithTwinKey,
  twinSigningKey,
  verifyEnvelope,
} from "../../../src/governance/signing/index.ts";
import { parseSshPublicKeyLine } from "../../../src/governance/signing/sshsig.ts";
import { run, sampleDecision, sshKeygen, withTempDir } from "./fixture.ts";

const PEOPLE = ["alice", "bob", "mallory"];

describe("twin signing keys", () => {
  test("one ed25519 key per person, 0600 files in a 0700 directory, principals the twin's UPNs", async () => {
    await withTempDir(async (dir) => {
      const registry = await ensureTwinKeys(dir, PEOPLE);
      assert.equal(registry.source, `twin:${dir}`);
      assert.match(registry.digest, /^sha256:[0-9a-f]{64}$/);
      const upns = new Map(twinPrincipals().map((p) => [p.name, p.upn]));
      for (const person of registry.people) {
        assert.deepEqual(person.principals, [upns.get(person.id)]);
        assert.equal(person.keys.length, 1);
        const key = person.keys[0]!;
        assert.ok(key.kind === "ssh");
        assert.equal(key.algorithm, "ssh-ed25519");
        // The fingerprint is what ssh-keygen computes for the private key file.
        const listed = await run("ssh-keygen", ["-l", "-f", twinSigningKey(dir, person.id)]);
        assert.equal(listed.stdout.split(" ")[1], key.keyid);
        const pub = (await readFile(`${twinSigningKey(dir, person.id)}.pub`, "utf8")).trim();
        assert.equal(pub, key.publicKey);
      }
      assert.deepEqual(
        registry.people.map((p) => p.id),
        PEOPLE,
      );
      assert.equal((await stat(path.join(dir, "keys"))).mode & 0o777, 0o700);
      for (const file of await readdir(path.join(dir, "keys")))
        assert.equal((await stat(path.join(dir, "keys", file))).mode & 0o777, 0o600, file);
    });
  });

  test("idempotent: a second call keeps the keys, and a twin person's signature verifies", async () => {
    await withTempDir(async (dir) => {
      const first = await ensureTwinKeys(dir, PEOPLE);
      const second = await ensureTwinKeys(dir, PEOPLE);
      assert.deepEqual(second, first);
      const envelope = await signWithSsh(sampleDecision({ signer: "alice" }), {
        keyFile: twinSigningKey(dir, "alice"),
      });
      const result = verifyEnvelope(envelope, second);
      assert.ok(result.ok, JSON.stringify(result));
      assert.equal(result.person.principals[0], "alice@airlock.local");
      // mallory's key is hers alone: she cannot sign as bob.
      const forged = await signWithSsh(sampleDecision({ signer: "bob" }), {
        keyFile: twinSigningKey(dir, "mallory"),
      });
      const refused = verifyEnvelope(forged, second);
      assert.equal(!refused.ok && refused.code, "SIGNER_MISMATCH");
    });
  });

  test("concurrent callers agree on one key per person and leave no temporary files", async () => {
    await withTempDir(async (dir) => {
      const results = await Promise.all(Array.from({ length: 6 }, () => ensureTwinKeys(dir, PEOPLE)));
      for (const result of results) assert.deepEqual(result, results[0]);
      const files = (await readdir(path.join(dir, "keys"))).sort();
      assert.deepEqual(files, ["alice", "alice.pub", "bob", "bob.pub", "mallory", "mallory.pub"]);
      // The key files are whole: ssh-keygen derives each public key from its private key.
      for (const person of results[0]!.people) {
        const derived = await run("ssh-keygen", ["-y", "-f", twinSigningKey(dir, person.id)]);
        const fields = (line: string): string => line.trim().split(" ").slice(0, 2).join(" ");
        assert.equal(fields(derived.stdout), fields(person.keys[0]!.publicKey));
      }
    });
  });

  test("separate processes starting at once agree on one key per person", async () => {
    await withTempDir(async (dir) => {
      const module = new URL("../../../src/governance/signing/twin-keys.ts", import.meta.url).href;
      const script = `const { ensureTwinKeys } = await import(${JSON.stringify(module)});
        const registry = await ensureTwinKeys(process.argv[1], ["alice", "bob", "mallory"]);
        process.stdout.write(JSON.stringify(registry.people.map((p) => p.keys[0].keyid)));`;
      const outputs = await Promise.all(
        Array.from({ length: 3 }, () => run(process.execPath, ["--input-type=module", "-e", script, dir])),
      );
      for (const output of outputs) assert.equal(output.status, 0, output.stderr);
      const local = await ensureTwinKeys(dir, PEOPLE);
      const expected = JSON.stringify(local.people.map((p) => p.keys[0]!.keyid));
      for (const output of outputs) assert.equal(output.stdout, expected);
    });
  });

  test("a stale .pub is rewritten from the private key, which is the source of truth", async () => {
    await withTempDir(async (dir) => {
      const first = await ensureTwinKeys(dir, ["bob"]);
      await writeFile(
        `${twinSigningKey(dir, "bob")}.pub`,
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOther bob\n",
      );
      const second = await ensureTwinKeys(dir, ["bob"]);
      assert.deepEqual(second, first);
      assert.equal(
        (await readFile(`${twinSigningKey(dir, "bob")}.pub`, "utf8")).trim(),
        first.people[0]!.keys[0]!.publicKey,
      );
    });
  });

  test("a twin key file is laid out as ssh-keygen -t ed25519 -N '' writes one (openssh-key-v1)", async () => {
    await withTempDir(async (dir) => {
      await ensureTwinKeys(dir, ["bob"]);
      const reference = await sshKeygen(dir, "reference", "ed25519");
      // Everything but the random bytes (key, check ints): armor, header, fields, their sizes, padding.
      const layout = async (file: string) => {
        const text = await readFile(file, "utf8");
        const bytes = Buffer.from(text.split("\n").slice(1, -2).join(""), "base64");
        let at = 0;
        const take = (from: Buffer) => {
          const length = from.readUInt32BE(at);
          const value = from.subarray(at + 4, at + 4 + length);
          at += 4 + length;
          return value;
        };
        const magic = bytes.subarray(0, 15).toString("latin1");
        at = 15;
        const header = [take(bytes), take(bytes), take(bytes)].map(String);
        const count = bytes.readUInt32BE(at);
        at += 4;
        const publicBlob = take(bytes).length;
        const section = take(bytes);
        const checks = section.readUInt32BE(0) === section.readUInt32BE(4);
        at = 8;
        const type = take(section).toString();
        const sizes = [take(section).length, take(section).length];
        const comment = take(section)
          .toString()
          .replace(/^reference@test$/, "bob@airlock.local");
        const padding = [...section.subarray(at)];
        const lines = text.split("\n").map((line) => line.length);
        return { lines, magic, header, count, publicBlob, checks, type, sizes, comment, padding };
      };
      // The comment differs in length, so does the armor: compare the reference with bob's comment.
      const ours = await layout(twinSigningKey(dir, "bob"));
      const theirs = await layout(reference.keyFile);
      assert.deepEqual(
        { ...ours, lines: undefined, padding: undefined },
        { ...theirs, lines: undefined, padding: undefined },
      );
      assert.equal(ours.magic, "openssh-key-v1\0");
      assert.deepEqual(ours.header, ["none", "none", ""]);
      assert.ok(ours.padding.every((b, i) => b === i + 1) && ours.padding.length < 8);
      assert.ok(theirs.padding.every((b, i) => b === i + 1));
      assert.ok(
        ours.lines.slice(1, -3).every((n) => n === 70),
        "base64 wrapped at 70 columns",
      );
    });
  });

  test("a twin person signs in process: byte for byte what ssh-keygen -Y sign writes with the same key", async () => {
    await withTempDir(async (dir) => {
      const registry = await ensureTwinKeys(dir, PEOPLE);
      for (const person of PEOPLE) {
        const decision = sampleDecision({ signer: person });
        const keyFile = twinSigningKey(dir, person);
        const inProcess = await signWithTwinKey(decision, keyFile);
        assert.deepEqual(inProcess, await signWithSsh(decision, { keyFile }), person);
        const result = verifyEnvelope(inProcess, registry);
        assert.ok(result.ok && result.person.id === person, JSON.stringify(result));
      }
    });
  });

  test("a key file the twin did not write is signed by ssh-keygen; a twin key with a swapped private half is refused", async () => {
    await withTempDir(async (dir) => {
      // ecdsa: not a twin key, so ssh-keygen signs it (its signatures are randomized: verify, don't compare).
      const ecdsa = await sshKeygen(dir, "carol", "ecdsa");
      const registry = {
        source: "test",
        digest: "sha256:0",
        people: [
          {
            id: "carol",
            principals: ["carol@contoso.com"],
            keys: [
              {
                kind: "ssh" as const,
                keyid: parseSshPublicKeyLine(ecdsa.publicKey).fingerprint,
                algorithm: "ecdsa-sha2-nistp256",
                publicKey: ecdsa.publicKey,
              },
            ],
          },
        ],
      };
      const signed = await signWithTwinKey(sampleDecision({ signer: "carol" }), ecdsa.keyFile);
      const verified = verifyEnvelope(signed, registry);
      assert.ok(verified.ok, JSON.stringify(verified));
      // bob's key file with alice's seed in its private section: the public header no longer matches what it
      // signs, so nothing is returned that would not verify.
      await ensureTwinKeys(dir, ["alice", "bob"]);
      const seedOf = async (person: string) => {
        const text = await readFile(twinSigningKey(dir, person), "utf8");
        return Buffer.from(text.split("\n").slice(1, -2).join(""), "base64");
      };
      const [alice, bob] = [await seedOf("alice"), await seedOf("bob")];
      // The private section's seed‖public field: a length of 64, then 32 bytes of seed, then the public key that
      // the field before it also holds.
      const seedAt = (bytes: Buffer): number => {
        for (let i = 36; i + 68 <= bytes.length; i++)
          if (
            bytes.readUInt32BE(i) === 64 &&
            bytes.subarray(i + 36, i + 68).equals(bytes.subarray(i - 32, i))
          )
            return i + 4;
        throw new Error("no seed field");
      };
      const swapped = Buffer.from(bob);
      alice.copy(swapped, seedAt(bob), seedAt(alice), seedAt(alice) + 32);
      assert.ok(!swapped.equals(bob));
      const lines = swapped.toString("base64").match(/.{1,70}/g)!;
      const forgedFile = path.join(dir, "bob-with-alice-seed");
      await writeFile(
        forgedFile,
        `-----BEGIN OPENSSH PRIVATE KEY-----\n${lines.join("\n")}\n-----END OPENSSH PRIVATE KEY-----\n`,
        { mode: 0o600 },
      );
      await assert.rejects(
        signWithTwinKey(sampleDecision({ signer: "bob" }), forgedFile),
        (error: unknown) => error instanceof AirlockError && error.code === "SIGNING_FAILED",
      );
    });
  });

  test("refuses a person name that could escape the keys directory", async () => {
    await withTempDir(async (dir) => {
      await assert.rejects(
        ensureTwinKeys(dir, ["../bob"]),
        (error: unknown) => error instanceof AirlockError && error.code === "TWIN_PERSON_INVALID",
      );
    });
  });
});
