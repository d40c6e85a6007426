import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { appendFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, test } from "node:test";
import {
  canonicalJson,
  digestComponent,
  digestEnvironment,
  digestPath,
  loadAssetFile,
} from "../../src/assets/index.ts";
import { makeScratch, python3, writeFiles } from "./fixture.ts";

const SCHEMA = "https://azuremlschemas.azureedge.net/latest";
const FILES = {
  "model/a.txt": "alpha\n",
  "model/sub/b.bin": Buffer.from([0, 1, 2, 255]),
  "model/é.txt": "unicode\n",
};

describe("content digests", () => {
  test("a folder digest is stable, and matches the documented format recomputed in Python", async () => {
    const scratch = await makeScratch(FILES);
    try {
      const folder = path.join(scratch.project, "model");
      const first = await digestPath(folder);
      const second = await digestPath(folder);
      assert.deepEqual(second, first);
      assert.match(first.digest, /^sha256:[0-9a-f]{64}$/);
      assert.deepEqual(
        first.manifest.files.map((f) => f.path),
        ["a.txt", "sub/b.bin", "é.txt"],
      );
      assert.equal(first.manifest.totalBytes, 6 + 4 + 8);
      assert.equal(first.manifest.files[0]!.sha256, createHash("sha256").update("alpha\n").digest("hex"));
      const python = [
        "import hashlib, json, os, sys",
        "root = sys.argv[1]",
        "files = []",
        "for folder, _, names in os.walk(root):",
        "    for name in names:",
        "        full = os.path.join(folder, name)",
        "        data = open(full, 'rb').read()",
        "        files.append({'path': os.path.relpath(full, root).replace(os.sep, '/'), 'sha256': hashlib.sha256(data).hexdigest(), 'size': len(data)})",
        "files.sort(key=lambda f: f['path'].encode())",
        "doc = {'format': 'airlock.manifest/1', 'files': files}",
        "print('sha256:' + hashlib.sha256(json.dumps(doc, sort_keys=True, separators=(',', ':'), ensure_ascii=False).encode()).hexdigest())",
      ].join("\n");
      const result = spawnSync(await python3(), ["-c", python, folder], { encoding: "utf8" });
      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.stdout.trim(), first.digest);
    } finally {
      await scratch.cleanup();
    }
  });

  test("changes when any byte, any path or any file set changes", async () => {
    const scratch = await makeScratch(FILES);
    try {
      const folder = path.join(scratch.project, "model");
      const seen = new Set([(await digestPath(folder)).digest]);
      const expectNew = async (what: string) => {
        const { digest } = await digestPath(folder);
        assert.ok(!seen.has(digest), `digest did not change after ${what}`);
        seen.add(digest);
      };
      await writeFile(path.join(folder, "a.txt"), "alphA\n");
      await expectNew("one byte changed");
      await rename(path.join(folder, "a.txt"), path.join(folder, "a2.txt"));
      await expectNew("a rename");
      await rename(path.join(folder, "sub"), path.join(folder, "sub2"));
      await expectNew("a folder rename");
      await appendFile(path.join(folder, "é.txt"), "");
      assert.ok(seen.has((await digestPath(folder)).digest), "an empty append is no change");
      await writeFile(path.join(folder, "empty"), "");
      await expectNew("an empty file added");
    } finally {
      await scratch.cleanup();
    }
  });

  test("identical content in another folder, created in another order, has the same digest", async () => {
    const scratch = await makeScratch(FILES);
    try {
      const reversed = Object.fromEntries(
        Object.entries(FILES)
          .reverse()
          .map(([name, content]) => [name.replace(/^model\//, "elsewhere/copy/"), content]),
      );
      await writeFiles(scratch.base, reversed);
      const a = await digestPath(path.join(scratch.project, "model"));
      const b = await digestPath(path.join(scratch.base, "elsewhere", "copy"));
      assert.equal(b.digest, a.digest);
      assert.deepEqual(b.manifest, a.manifest);
    } finally {
      await scratch.cleanup();
    }
  });

  test("a single file is a one-entry manifest named by its base name", async () => {
    const scratch = await makeScratch({
      "m/model.pkl": "pickle",
      "n/model.pkl": "pickle",
      "n/other.pkl": "pickle",
    });
    try {
      const single = await digestPath(path.join(scratch.project, "m/model.pkl"));
      assert.deepEqual(single.manifest.files, [
        { path: "model.pkl", size: 6, sha256: createHash("sha256").update("pickle").digest("hex") },
      ]);
      assert.equal((await digestPath(path.join(scratch.project, "n/model.pkl"))).digest, single.digest);
      assert.notEqual((await digestPath(path.join(scratch.project, "n/other.pkl"))).digest, single.digest);
    } finally {
      await scratch.cleanup();
    }
  });

  test("a large file streams through the hash (matches a one-shot sha256)", async () => {
    const scratch = await makeScratch({});
    try {
      const big = Buffer.alloc(24 * 1024 * 1024 + 7);
      for (let i = 0; i < big.length; i += 4096) big[i] = i % 251;
      await writeFile(path.join(scratch.project, "big.bin"), big);
      const { manifest } = await digestPath(path.join(scratch.project, "big.bin"));
      assert.equal(manifest.files[0]!.sha256, createHash("sha256").update(big).digest("hex"));
      assert.equal(manifest.totalBytes, big.length);
    } finally {
      await scratch.cleanup();
    }
  });

  test("environment and component digests cover the definition and the local content, not name or version", async () => {
    const scratch = await makeScratch({
      "env.yml": `$schema: ${SCHEMA}/environment.schema.json\nname: e\nversion: "1"\nimage: python:3.11-slim\nconda_file: conda.yml\n`,
      "env2.yml": `$schema: ${SCHEMA}/environment.schema.json\nname: e-renamed\nversion: "7"\nimage: python:3.11-slim\nconda_file: conda.yml\n`,
      "conda.yml": "name: x\n",
      "docker.yml": `$schema: ${SCHEMA}/environment.schema.json\nname: d\nversion: "1"\nbuild:\n  path: ctx\n`,
      "ctx/Dockerfile": "FROM python:3.11-slim\n",
      "comp.yml": `$schema: ${SCHEMA}/commandComponent.schema.json\nname: c\nversion: "1"\ncode: src\nenvironment: azureml:e:1\ncommand: python run.py\n`,
      "src/run.py": "print(1)\n",
    });
    try {
      const load = (f: string) => loadAssetFile(path.join(scratch.project, f));
      const env = await load("env.yml");
      const env2 = await load("env2.yml");
      assert.ok(env.kind === "environment" && env2.kind === "environment");
      const envDigest = await digestEnvironment(env);
      assert.equal((await digestEnvironment(env2)).digest, envDigest.digest);
      assert.equal(
        envDigest.digest,
        `sha256:${createHash("sha256").update(canonicalJson(envDigest.document)).digest("hex")}`,
      );
      await writeFile(path.join(scratch.project, "conda.yml"), "name: y\n");
      const changed = await load("env.yml");
      assert.ok(changed.kind === "environment");
      assert.notEqual((await digestEnvironment(changed)).digest, envDigest.digest);

      const docker = await load("docker.yml");
      assert.ok(docker.kind === "environment");
      const dockerDigest = await digestEnvironment(docker);
      await appendFile(path.join(scratch.project, "ctx/Dockerfile"), "RUN true\n");
      assert.notEqual((await digestEnvironment(docker)).digest, dockerDigest.digest);

      const component = await load("comp.yml");
      assert.ok(component.kind === "component");
      const componentDigest = await digestComponent(component);
      assert.equal(componentDigest.totalBytes, 9);
      await writeFile(path.join(scratch.project, "src/run.py"), "print(2)\n");
      assert.notEqual((await digestComponent(component)).digest, componentDigest.digest);
    } finally {
      await scratch.cleanup();
    }
  });

  test("a component's inline environment and additional includes are bound by their bytes, not their paths", async () => {
    const scratch = await makeScratch({
      "comp.yml": `$schema: ${SCHEMA}/commandComponent.schema.json\nname: c\ncode: src\nadditional_includes: [lib]\nenvironment:\n  image: python\n  conda_file: conda.yml\ncommand: python run.py\n`,
      "moved.yml": `$schema: ${SCHEMA}/commandComponent.schema.json\nname: c\ncode: src\nadditional_includes: [lib]\nenvironment:\n  image: python\n  conda_file: envs/conda.yml\ncommand: python run.py\n`,
      "conda.yml": "dependencies: [python=3.11]\n",
      "envs/conda.yml": "dependencies: [python=3.11]\n",
      "src/run.py": "print(1)\n",
      "lib/helper.py": "X = 1\n",
    });
    try {
      const load = async (f: string) => {
        const asset = await loadAssetFile(path.join(scratch.project, f));
        assert.ok(asset.kind === "component");
        return asset;
      };
      const first = await digestComponent(await load("comp.yml"));
      // The same conda bytes at another path: the same component.
      assert.equal((await digestComponent(await load("moved.yml"))).digest, first.digest);
      await writeFile(path.join(scratch.project, "conda.yml"), "dependencies: [python=3.12]\n");
      const condaChanged = await digestComponent(await load("comp.yml"));
      assert.notEqual(condaChanged.digest, first.digest);
      await writeFile(path.join(scratch.project, "lib/helper.py"), "X = 2\n");
      assert.notEqual((await digestComponent(await load("comp.yml"))).digest, condaChanged.digest);
    } finally {
      await scratch.cleanup();
    }
  });

  test("canonical JSON sorts keys by code point and drops undefined members", () => {
    assert.equal(
      canonicalJson({ b: 1, a: [true, null, "x"], é: { z: undefined, y: 2 } }),
      '{"a":[true,null,"x"],"b":1,"é":{"y":2}}',
    );
    assert.equal(canonicalJson({ "\u{1F600}": 1, "\uFFFF": 2 }), '{"\uFFFF":2,"\u{1F600}":1}');
  });
});
