/**
 * The approvers registry as committed (src/governance/signing/committed.ts): a read at HEAD is kept only while
 * the files that say what HEAD is stay exactly as they were, so moving HEAD any way git does — commit, reset,
 * checkout of a detached commit, packed refs, update-ref — is seen on the next read; and replace refs never
 * stand in for the committed blob.
 */
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { AirlockError } from "../../../src/errors.ts";
import { loadApproversRegistry } from "../../../src/governance/signing/index.ts";
import { git, registryYaml, softEd25519 } from "./fixture.ts";

const FILE = "governance/approvers.yml";
/** Three registries of one length, so no read can tell them apart by size. */
const registryOf = (id: string) => registryYaml([{ id, keys: [softEd25519().publicKey] }]);
const [A, B, C] = [registryOf("aaa"), registryOf("bbb"), registryOf("ccc")];

let repo: string;
const commits: Record<string, string> = {};

async function commitRegistry(content: string, name: string): Promise<void> {
  await writeFile(path.join(repo, FILE), content);
  await git(repo, "add", FILE);
  await git(repo, "commit", "-q", "-m", name);
  commits[name] = (await git(repo, "rev-parse", "HEAD")).trim();
}

async function whoIsIn(repoRoot = repo): Promise<string> {
  const registry = await loadApproversRegistry({ repoRoot });
  return registry.people.map((person) => person.id).join(",");
}

/** The index and the working tree follow HEAD; no ref is written. */
async function syncWorkingTree(): Promise<void> {
  await git(repo, "read-tree", "--reset", "-u", "HEAD");
}

/** Runs `fn` with no git on the PATH: a read that still succeeds was not git's. */
async function withoutGit<T>(fn: () => Promise<T>): Promise<T> {
  const saved = process.env.PATH;
  process.env.PATH = "";
  try {
    return await fn();
  } finally {
    process.env.PATH = saved;
  }
}

describe("governance/signing/committed", () => {
  before(async () => {
    repo = await mkdtemp(path.join(tmpdir(), "airlock-committed-"));
    await git(repo, "init", "-q", "-b", "main");
    await mkdir(path.join(repo, "governance"));
    await commitRegistry(A, "a");
    await commitRegistry(B, "b");
  });
  after(async () => {
    if (repo) await rm(repo, { recursive: true, force: true });
  });

  test("each way git moves HEAD is seen on the next read", async () => {
    assert.equal(await whoIsIn(), "bbb");
    await git(repo, "reset", "-q", "--hard", commits.a!);
    assert.equal(await whoIsIn(), "aaa", "reset");
    await git(repo, "checkout", "-q", "--detach", commits.b!);
    assert.equal(await whoIsIn(), "bbb", "detached checkout");
    await git(repo, "checkout", "-q", "main");
    assert.equal(await whoIsIn(), "aaa", "back on the branch");
    await git(repo, "pack-refs", "--all");
    assert.equal(await whoIsIn(), "aaa", "the branch only in packed-refs");
    // What a tool that writes packed-refs itself (not through a loose ref) leaves behind.
    const packed = path.join(repo, ".git", "packed-refs");
    await writeFile(
      packed,
      (await readFile(packed, "utf8")).replace(
        `${commits.a} refs/heads/main`,
        `${commits.b} refs/heads/main`,
      ),
    );
    await syncWorkingTree();
    assert.equal(await whoIsIn(), "bbb", "packed-refs rewritten");
    await commitRegistry(C, "c");
    assert.equal(await whoIsIn(), "ccc", "commit after the refs were packed");
    await git(repo, "update-ref", "refs/heads/main", commits.b!);
    await syncWorkingTree();
    assert.equal(await whoIsIn(), "bbb", "update-ref");
  });

  test("a read is kept while HEAD stays, and read again by git once HEAD moves", async () => {
    await git(repo, "reset", "-q", "--hard", commits.a!);
    assert.equal(await whoIsIn(), "aaa");
    assert.equal(await withoutGit(whoIsIn), "aaa", "kept: git was not needed");
    await git(repo, "reset", "-q", "--hard", commits.b!);
    await assert.rejects(
      withoutGit(whoIsIn),
      (error: unknown) => error instanceof AirlockError && error.code === "APPROVERS_REGISTRY_UNVERIFIABLE",
      "HEAD moved: the kept read is not used, and without git nothing can be read",
    );
    assert.equal(await whoIsIn(), "bbb");
  });

  test("a checkout read from a subfolder is read by git every time", async () => {
    await git(repo, "reset", "-q", "--hard", commits.a!);
    const sub = path.join(repo, "nested");
    await mkdir(path.join(sub, "governance"), { recursive: true });
    await writeFile(path.join(sub, FILE), A);
    await git(repo, "add", "nested");
    await git(repo, "commit", "-q", "-m", "nested");
    assert.equal(await whoIsIn(sub), "aaa");
    await assert.rejects(
      withoutGit(() => whoIsIn(sub)),
      (error: unknown) => error instanceof AirlockError && error.code === "APPROVERS_REGISTRY_UNVERIFIABLE",
    );
    await git(repo, "reset", "-q", "--hard", commits.a!);
  });

  test("a replace ref does not stand in for the committed registry", async () => {
    // A detached HEAD the earlier tests never read at: this read is git's, not a kept one.
    await git(repo, "checkout", "-q", "--detach", commits.a!);
    const committed = (await git(repo, "rev-parse", `${commits.a}:${FILE}`)).trim();
    const forged = (await git(repo, "rev-parse", `${commits.c}:${FILE}`)).trim();
    await git(repo, "replace", committed, forged);
    try {
      assert.equal(
        (await git(repo, "cat-file", "blob", `HEAD:${FILE}`)).includes("ccc"),
        true,
        "git honours it",
      );
      // The working tree holds the committed bytes, so only the read of the commit could differ.
      assert.equal(await whoIsIn(), "aaa");
    } finally {
      await git(repo, "replace", "-d", committed);
      await git(repo, "checkout", "-q", "main");
    }
  });
});
