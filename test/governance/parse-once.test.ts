/**
 * The policy and the approvers registry are parsed once per text and shared, frozen: the same text gives the
 * same object without parsing again, another text or source gives its own, a bad text fails every time, and
 * no caller can change what the others get.
 */
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, test } from "node:test";
import { frozenMemo } from "../../src/freeze.ts";
import { parsePolicy } from "../../src/governance/policy.ts";
import { parseApproversRegistry } from "../../src/governance/signing/index.ts";
import { REPO_ROOT } from "../helpers/cli.ts";

describe("parsed once, shared frozen", () => {
  test("frozenMemo: parses a key once, forgets failures, keeps the last N", () => {
    const memo = frozenMemo<{ n: number }>(2);
    let parses = 0;
    const parse = (n: number) => () => {
      parses++;
      return { n };
    };
    const a = memo("a", parse(1));
    assert.equal(memo("a", parse(99)), a, "same key: the value made first");
    assert.equal(parses, 1);
    assert.throws(
      () =>
        memo("bad", () => {
          throw new Error("no");
        }),
      /no/,
    );
    assert.throws(
      () =>
        memo("bad", () => {
          throw new Error("again");
        }),
      /again/,
      "a failure is not kept",
    );
    memo("b", parse(2));
    memo("c", parse(3));
    assert.equal(memo("a", parse(4)).n, 4, "the oldest key was dropped once three were kept");
    assert.equal(parses, 4);
  });

  test("a policy text parses to one frozen object; another source or text to another", async () => {
    const file = path.join(REPO_ROOT, "governance", "policy.yml");
    const text = await readFile(file, "utf8");
    const policy = parsePolicy(text, file);
    assert.equal(parsePolicy(text, file), policy);
    assert.notEqual(parsePolicy(text, "elsewhere.yml"), policy);
    assert.notEqual(parsePolicy(`${text}\n# changed\n`, file), policy);
    assert.ok(Object.isFrozen(policy) && Object.isFrozen(policy.approvers.principals));
    assert.throws(() => {
      (policy as { minApprovals: number }).minApprovals = 0;
    }, TypeError);
    assert.throws(() => (policy.approvers.principals as string[]).push("mallory@contoso.com"), TypeError);
    assert.throws(() => parsePolicy("approvals: [", file), { code: "POLICY_INVALID" });
    assert.throws(() => parsePolicy("approvals: [", file), { code: "POLICY_INVALID" });
  });

  test("a registry text parses to one frozen object per source and digest", () => {
    const raw = generateKeyPairSync("ed25519").publicKey.export({ format: "jwk" }).x!;
    const sshString = (bytes: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, bytes.length]), bytes]);
    const blob = Buffer.concat([
      sshString(Buffer.from("ssh-ed25519")),
      sshString(Buffer.from(raw, "base64url")),
    ]);
    const text = `version: 1\npeople:\n  - id: bob\n    principals: [bob@contoso.com]\n    keys:\n      - ssh: "ssh-ed25519 ${blob.toString("base64")}"\n`;
    const registry = parseApproversRegistry(text, "approvers.yml", "sha256:a");
    assert.equal(parseApproversRegistry(text, "approvers.yml", "sha256:a"), registry);
    assert.equal(parseApproversRegistry(text, "approvers.yml", "sha256:b").digest, "sha256:b");
    assert.equal(registry.people[0]?.id, "bob");
    assert.ok(Object.isFrozen(registry.people[0]!.keys));
    assert.throws(() => (registry.people as unknown[]).push({}), TypeError);
    assert.throws(() => (registry.people[0]!.principals as string[]).push("mallory@contoso.com"), TypeError);
  });
});
