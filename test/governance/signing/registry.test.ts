import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { AirlockError } from "../../../src/errors.ts";
import {
  type ApproversRegistry,
  loadApproversRegistry,
  mergeApproversRegistries,
  parseApproversRegistry,
  personForGithub,
  personForPrincipal,
} from "../../../src/governance/signing/index.ts";
import { REPO_ROOT } from "../../../src/platform/index.ts";
import { git, registryYaml, softEd25519, softSkEcdsa, withTempDir } from "./fixture.ts";

const bobKey = softEd25519().publicKey;
const aliceKey = softSkEcdsa().publicKey;
const REGISTRY = `${registryYaml([
  { id: "bob", keys: [bobKey], principals: ["bob@contoso.com", "00000000-0000-4000-8000-00000000000b"] },
  { id: "alice", keys: [aliceKey] },
])}    github: alice-gh\n`;

/** A repository with REGISTRY committed, made once (three git runs) and copied for each test. */
let template: string;
describe("governance/signing/registry", () => {
  before(async () => {
    template = await mkdtemp(path.join(tmpdir(), "airlock-registry-repo-"));
    await git(template, "init", "-q", "-b", "main");
    await mkdir(path.join(template, "governance"), { recursive: true });
    await writeFile(path.join(template, "governance", "approvers.yml"), REGISTRY);
    await git(template, "add", "governance/approvers.yml");
    await git(template, "commit", "-q", "-m", "approvers");
  });
  after(async () => {
    if (template) await rm(template, { recursive: true, force: true });
  });

  /** `dir` becomes a checkout with REGISTRY committed on main. */
  async function repoWithRegistry(dir: string): Promise<void> {
    await cp(template, dir, { recursive: true });
  }

  function refusedWith(code: string, ...fragments: RegExp[]) {
    return (error: unknown): boolean => {
      assert.ok(error instanceof AirlockError, String(error));
      assert.equal(error.code, code, error.message);
      for (const fragment of fragments) assert.match(error.message, fragment);
      return true;
    };
  }

  describe("loadApproversRegistry", () => {
    test("reads the committed file: people, keys, digest of the committed bytes", async () => {
      await withTempDir(async (dir) => {
        await repoWithRegistry(dir);
        const registry = await loadApproversRegistry({ repoRoot: dir });
        assert.equal(registry.source, "governance/approvers.yml@HEAD");
        assert.equal(registry.digest, `sha256:${createHash("sha256").update(REGISTRY).digest("hex")}`);
        assert.deepEqual(
          registry.people.map((p) => [p.id, p.keys.map((k) => k.kind)]),
          [
            ["bob", ["ssh"]],
            ["alice", ["ssh"]],
          ],
        );
        assert.equal(
          registry.people[1]!.keys[0]!.kind === "ssh" && registry.people[1]!.keys[0]!.algorithm,
          "sk-ecdsa-sha2-nistp256@openssh.com",
        );
        assert.equal(personForPrincipal(registry, "BOB@contoso.com")?.id, "bob");
        assert.equal(personForPrincipal(registry, "00000000-0000-4000-8000-00000000000b")?.id, "bob");
        assert.equal(personForPrincipal(registry, "mallory@contoso.com"), undefined);
        assert.equal(personForGithub(registry, "Alice-GH")?.id, "alice");
      });
    });

    test("refuses uncommitted edits to the file (someone adds their own key in the checkout)", async () => {
      await withTempDir(async (dir) => {
        await repoWithRegistry(dir);
        const mallory = softEd25519().publicKey;
        await writeFile(
          path.join(dir, "governance", "approvers.yml"),
          `${REGISTRY}  - id: mallory\n    principals: [mallory@contoso.com]\n    keys:\n      - ssh: "${mallory}"\n`,
        );
        await assert.rejects(
          loadApproversRegistry({ repoRoot: dir }),
          refusedWith("APPROVERS_REGISTRY_MODIFIED", /governance\/approvers\.yml/, /uncommitted/),
        );
        // Staged but not committed is still not reviewed.
        await git(dir, "add", "governance/approvers.yml");
        await assert.rejects(
          loadApproversRegistry({ repoRoot: dir }),
          refusedWith("APPROVERS_REGISTRY_MODIFIED"),
        );
      });
    });

    test("refuses a file deleted in the working tree, and an untracked file", async () => {
      await withTempDir(async (dir) => {
        await repoWithRegistry(dir);
        await writeFile(path.join(dir, "governance", "other.yml"), REGISTRY);
        await assert.rejects(
          loadApproversRegistry({ repoRoot: dir, path: "governance/other.yml" }),
          refusedWith("APPROVERS_REGISTRY_MODIFIED", /governance\/other\.yml/, /not committed/),
        );
        await git(dir, "rm", "-q", "--cached", "governance/approvers.yml");
        await git(dir, "commit", "-q", "-m", "untrack");
        await assert.rejects(
          loadApproversRegistry({ repoRoot: dir }),
          refusedWith("APPROVERS_REGISTRY_MODIFIED"),
        );
      });
      await withTempDir(async (dir) => {
        await repoWithRegistry(dir);
        await writeFile(path.join(dir, "governance", "approvers.yml"), "");
        await assert.rejects(
          loadApproversRegistry({ repoRoot: dir }),
          refusedWith("APPROVERS_REGISTRY_MODIFIED"),
        );
      });
    });

    test("names a registry that exists nowhere", async () => {
      await withTempDir(async (dir) => {
        await repoWithRegistry(dir);
        await assert.rejects(
          loadApproversRegistry({ repoRoot: dir, path: "governance/missing.yml" }),
          refusedWith("APPROVERS_REGISTRY_NOT_FOUND", /governance\/missing\.yml/),
        );
      });
    });

    test("reads another ref when asked (CI reads the protected branch), still requiring a clean file", async () => {
      await withTempDir(async (dir) => {
        await repoWithRegistry(dir);
        await git(dir, "branch", "reviewed");
        const registry = await loadApproversRegistry({ repoRoot: dir, ref: "reviewed" });
        assert.equal(registry.source, "governance/approvers.yml@reviewed");
        await assert.rejects(
          loadApproversRegistry({ repoRoot: dir, ref: "--output=/tmp/x" }),
          refusedWith("APPROVERS_REGISTRY_REF_INVALID"),
        );
      });
    });

    test("refuses outside a git checkout unless the test option allows it", async () => {
      await withTempDir(async (dir) => {
        await mkdir(path.join(dir, "governance"));
        await writeFile(path.join(dir, "governance", "approvers.yml"), REGISTRY);
        await assert.rejects(
          loadApproversRegistry({ repoRoot: dir }),
          refusedWith("APPROVERS_REGISTRY_UNVERIFIABLE", /not a git checkout/),
        );
        const registry = await loadApproversRegistry({ repoRoot: dir, allowUncommitted: true });
        assert.equal(registry.people.length, 2);
      });
    });

    test("merges extra registries (the twin's people) and refuses a clash", async () => {
      await withTempDir(async (dir) => {
        await repoWithRegistry(dir);
        const twin: ApproversRegistry = parseApproversRegistry(
          registryYaml([{ id: "carol", keys: [softEd25519().publicKey] }]),
          "twin:/state",
          "sha256:twin",
        );
        const merged = await loadApproversRegistry({ repoRoot: dir, extra: [twin] });
        assert.deepEqual(
          merged.people.map((p) => p.id),
          ["bob", "alice", "carol"],
        );
        assert.equal(merged.source, "governance/approvers.yml@HEAD + twin:/state");
        const stolen = parseApproversRegistry(
          registryYaml([{ id: "carol", keys: [bobKey] }]),
          "twin:/x",
          "sha256:x",
        );
        await assert.rejects(
          loadApproversRegistry({ repoRoot: dir, extra: [stolen] }),
          refusedWith("APPROVERS_REGISTRY_INVALID", /key SHA256:\S+ belongs to both bob .* and carol/),
        );
        const twice = parseApproversRegistry(
          registryYaml([{ id: "bob", keys: [softEd25519().publicKey] }]),
          "t",
          "d",
        );
        assert.throws(
          () => mergeApproversRegistries([merged, twice]),
          refusedWith("APPROVERS_REGISTRY_INVALID"),
        );
      });
    });

    test("the repository's governance/approvers.yml is valid", async () => {
      const text = await readFile(path.join(REPO_ROOT, "governance", "approvers.yml"), "utf8");
      const registry = parseApproversRegistry(text, "governance/approvers.yml", "sha256:x");
      assert.deepEqual(registry.people, []);
    });
  });

  describe("parseApproversRegistry refuses", () => {
    const cases: Array<[string, string, RegExp]> = [
      ["not YAML", "version: 1\npeople: [", /not valid YAML/],
      ["another version", "version: 2\n", /version/],
      ["an unknown key", "version: 1\nreviewers: []\n", /reviewers: unknown key/],
      [
        "a person without keys",
        "version: 1\npeople:\n  - id: bob\n    principals: [b]\n    keys: []\n",
        /keys/,
      ],
      [
        "a key that is not an SSH public key",
        `version: 1\npeople:\n  - id: bob\n    principals: [b]\n    keys:\n      - ssh: "ssh-ed25519 nope"\n`,
        /people\.0\.keys\.0\.ssh/,
      ],
      [
        "a key of another type than its line says",
        `version: 1\npeople:\n  - id: bob\n    principals: [b]\n    keys:\n      - ssh: "ssh-rsa ${bobKey.split(" ")[1]}"\n`,
        /says ssh-rsa but the key is ssh-ed25519/,
      ],
      [
        "one key for two people",
        registryYaml([
          { id: "bob", keys: [bobKey] },
          { id: "eve", keys: [bobKey] },
        ]),
        /belongs to both bob .* and eve/,
      ],
      [
        "one principal for two people",
        registryYaml([
          { id: "bob", keys: [bobKey], principals: ["x@contoso.com"] },
          { id: "eve", keys: [aliceKey], principals: ["X@contoso.com"] },
        ]),
        /principal x@contoso\.com belongs to both/,
      ],
      [
        "a person listed twice",
        registryYaml([
          { id: "bob", keys: [bobKey], principals: ["a@c"] },
          { id: "bob", keys: [aliceKey], principals: ["b@c"] },
        ]),
        /person id bob appears twice/,
      ],
      [
        "a YAML alias",
        `version: 1\npeople:\n  - &p { id: bob, principals: [b], keys: [{ ssh: "${bobKey}" }] }\n  - *p\n`,
        /not valid YAML/,
      ],
      [
        "a WebAuthn key without origins",
        "version: 1\npeople:\n  - id: bob\n    principals: [b]\n    keys:\n      - webauthn: { credentialId: abc, publicKey: pQE, rpId: localhost, origins: [] }\n",
        /origins/,
      ],
    ];
    for (const [label, text, message] of cases) {
      test(label, () => {
        assert.throws(
          () => parseApproversRegistry(text, "governance/approvers.yml", "sha256:x"),
          refusedWith("APPROVERS_REGISTRY_INVALID", /^governance\/approvers\.yml: /, message),
        );
      });
    }
  });
});
