import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { InferenceHost, resolveInterpreter } from "../../../src/emulator/inference/host.ts";
import { InputError, NotFoundError, UnavailableError } from "../../../src/errors.ts";
import { eventually, isAlive, json, type Scratch, scratch, survivors } from "./fixture.ts";

const COMPUTE_SCRIPT = `
import json, os, time

init_calls = 0
weight = None

def init():
    global init_calls, weight
    init_calls += 1
    with open(os.path.join(os.environ["AZUREML_MODEL_DIR"], "weight.txt")) as f:
        weight = float(f.read())
    print("model loaded", weight)

def run(raw_data, request_headers):
    data = json.loads(raw_data)
    action = data.get("action")
    if action == "fail":
        raise ValueError("the input was rejected by the script")
    if action == "echo":
        return raw_data
    if action == "none":
        return None
    if action == "bytes":
        return b"raw"
    if action == "headers":
        return {k.lower(): v for k, v in request_headers.items()}
    if action == "env":
        return {"mine": os.environ.get("MY_SETTING"), "leak": os.environ.get("AIRLOCK_TEST_SECRET"),
                "entry": os.environ["AZUREML_ENTRY_SCRIPT"], "root": os.environ["AML_APP_ROOT"]}
    if action == "sleep":
        time.sleep(data["seconds"])
    if action == "exit":
        os._exit(7)
    return {"y": [x * weight for x in data.get("x", [])], "init_calls": init_calls, "pid": os.getpid()}
`;

const GET_SCRIPT = `
def init():
    pass

def run(data):
    return {"received": data}
`;

/** The main deployment's SCORING_TIMEOUT_MS. */
const SCORING_TIMEOUT_MS = 1000;

function post(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}

describe("InferenceHost runs scoring scripts under the azmlinfsrv contract", () => {
  let dir: Scratch;
  let host: InferenceHost;
  const key = "ws/ep/blue";

  before(async () => {
    dir = await scratch();
    host = new InferenceHost({ workDir: path.join(dir.root, "work") });
    await host.start(
      await dir.deployment(key, COMPUTE_SCRIPT, {
        model: { "weight.txt": "2.5" },
        // A timeout no ordinary call here comes near, so the timeout test can share this process.
        env: { MY_SETTING: "on", SCORING_TIMEOUT_MS: String(SCORING_TIMEOUT_MS) },
      }),
    );
  });
  after(async () => {
    await host.close();
    await dir.cleanup();
  });

  test("init() runs once; run() computes with what init() read from AZUREML_MODEL_DIR", async () => {
    const first = await host.score(key, post({ x: [1, 2] }), { "content-type": "application/json" });
    const second = await host.score(key, post({ x: [4] }), { "content-type": "application/json" });
    assert.equal(first.status, 200);
    assert.equal(first.headers["content-type"], "application/json");
    assert.match(first.headers["x-ms-run-fn-exec-ms"] ?? "", /^\d+\.\d{3}$/);
    assert.equal(first.headers["x-ms-run-function-failed"], "False");
    assert.deepEqual((json(first.body) as { y: number[] }).y, [2.5, 5]);
    assert.deepEqual((json(second.body) as { y: number[]; init_calls: number }).init_calls, 1);
    assert.ok(await eventually(() => /model loaded 2\.5/.test(host.logs(key))), host.logs(key));
  });

  test("an exception in run() answers 500 with a message and x-ms-run-function-failed: True", async () => {
    const result = await host.score(key, post({ action: "fail" }), {});
    assert.equal(result.status, 500);
    assert.equal(result.headers["x-ms-run-function-failed"], "True");
    assert.deepEqual(json(result.body), {
      message: "An unexpected error occurred in scoring script. Check the logs for more info.",
    });
    const logged = () => /ValueError: the input was rejected by the script/.test(host.logs(key));
    assert.ok(await eventually(logged), host.logs(key));
    // The process keeps serving after a failed run.
    assert.equal((await host.score(key, post({ x: [1] }), {})).status, 200);
  });

  test("return values are JSON: a str becomes a JSON string, None becomes {}, bytes are an internal error", async () => {
    const echoed = await host.score(key, post({ action: "echo" }), {});
    assert.equal(echoed.body.toString(), JSON.stringify(JSON.stringify({ action: "echo" })));
    const none = await host.score(key, post({ action: "none" }), {});
    assert.equal(none.body.toString(), "{}");
    const bytes = await host.score(key, post({ action: "bytes" }), {});
    assert.equal(bytes.status, 500);
    assert.equal(bytes.headers["x-ms-run-function-failed"], "False");
    assert.deepEqual(json(bytes.body), {
      message: "An unexpected internal error occurred. Check the logs for more info.",
    });
  });

  test("run(data, request_headers) sees the caller's headers but never the endpoint credential", async () => {
    const result = await host.score(key, post({ action: "headers" }), {
      "x-custom": "abc",
      authorization: "Bearer endpoint-key",
      "content-type": "application/json",
    });
    const seen = json(result.body) as Record<string, string>;
    assert.equal(seen["x-custom"], "abc");
    assert.equal(seen["content-type"], "application/json");
    assert.equal(seen["authorization"], undefined);
  });

  test("the script sees its deployment's variables and the contract's, not the twin's environment", async () => {
    process.env["AIRLOCK_TEST_SECRET"] = "should-not-leak";
    try {
      const result = await host.score(key, post({ action: "env" }), {});
      const env = json(result.body) as Record<string, string | null>;
      assert.equal(env["mine"], "on");
      assert.equal(env["leak"], null);
      assert.equal(env["entry"], "score.py");
      assert.ok(env["root"]?.endsWith(`${path.sep}code`));
    } finally {
      delete process.env["AIRLOCK_TEST_SECRET"];
    }
  });

  test("request ids are echoed, x-request-id is generated when absent, and ids over 100 characters get 431", async () => {
    const generated = await host.score(key, post({ x: [] }), {});
    assert.match(generated.headers["x-request-id"] ?? "", /^[0-9a-f-]{36}$/);
    assert.equal(generated.headers["x-ms-request-id"], generated.headers["x-request-id"]);

    const echoed = await host.score(key, post({ x: [] }), {
      "x-request-id": "req-1",
      "x-ms-client-request-id": "client-1",
    });
    assert.equal(echoed.headers["x-request-id"], "req-1");
    assert.equal(echoed.headers["x-ms-client-request-id"], "client-1");
    assert.equal(echoed.headers["x-ms-request-id"], "client-1");

    const legacy = await host.score(key, post({ x: [] }), { "x-ms-request-id": "legacy-1" });
    assert.equal(legacy.headers["x-ms-request-id"], "legacy-1");
    assert.equal(legacy.headers["x-ms-client-request-id"], "legacy-1");

    const longId = "a".repeat(101);
    const tooLong = await host.score(key, post({ x: [] }), { "x-request-id": longId });
    assert.equal(tooLong.status, 431);
    assert.deepEqual(json(tooLong.body), { message: "x-request-id must not exceed 100 characters" });
    const clientTooLong = await host.score(key, post({ x: [] }), { "x-ms-client-request-id": longId });
    assert.equal(clientTooLong.status, 431);
    assert.equal((await host.score(key, post({ x: [] }), { "x-request-id": "a".repeat(100) })).status, 200);
  });

  test("undecodable bodies get 400 and other methods 405", async () => {
    const bad = await host.score(key, Buffer.from([0xff, 0xfe, 0x00]), {});
    assert.equal(bad.status, 400);
    assert.match((json(bad.body) as { message: string }).message, /^Input cannot be decoded as UTF-8/);
    const put = await host.score(key, post({}), {}, { method: "PUT" });
    assert.equal(put.status, 405);
    assert.equal((await host.score(key, Buffer.alloc(0), {}, { method: "OPTIONS" })).status, 200);
  });

  test("concurrent requests each get their own answer", async () => {
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, i) => host.score(key, post({ x: [i] }), { "x-request-id": `r${i}` })),
    );
    results.forEach((result, i) => {
      assert.equal(result.status, 200);
      assert.equal(result.headers["x-request-id"], `r${i}`);
      assert.deepEqual((json(result.body) as { y: number[] }).y, [i * 2.5]);
    });
  });

  test("SCORING_TIMEOUT_MS interrupts a long run() with 500 and the process keeps serving", async () => {
    const slow = await host.score(key, post({ action: "sleep", seconds: 30 }), {});
    assert.equal(slow.status, 500);
    assert.equal(slow.headers["x-ms-run-function-failed"], "True");
    assert.deepEqual(json(slow.body), { message: `Scoring timeout after ${SCORING_TIMEOUT_MS} ms` });
    const after = await host.score(key, post({ x: [3] }), {});
    assert.equal(after.status, 200);
    assert.deepEqual((json(after.body) as { y: number[] }).y, [7.5]);
  });

  test("GET /score passes the query parameters JSON-encoded: single values parsed as JSON when they can be, repeated ones as lists", async () => {
    // The script's "echo" action returns the data run() received, as a JSON string.
    const result = await host.score(
      key,
      Buffer.alloc(0),
      {},
      { method: "GET", query: "action=echo&a=1&b=[1,2]&c=text&d=null&e=x&e=2" },
    );
    assert.equal(result.status, 200);
    const received = JSON.parse(result.body.toString("utf8")) as string;
    assert.deepEqual(JSON.parse(received), {
      action: "echo",
      a: 1,
      b: [1, 2],
      c: "text",
      d: null,
      e: ["x", 2],
    });
  });

  test("health: Healthy while running, false for unknown keys", async () => {
    assert.equal(await host.healthy(key), true);
    assert.equal(await host.healthy("ws/ep/nope"), false);
    await assert.rejects(host.score("ws/ep/nope", post({}), {}), NotFoundError);
  });
});

describe("process lifecycle", () => {
  const TREE_SCRIPT = `
import os, subprocess

helper = None

def init():
    global helper
    helper = subprocess.Popen(["sleep", "300"])

def run(data):
    return {"pid": os.getpid(), "helper": helper.pid}
`;
  let dir: Scratch;
  before(async () => {
    dir = await scratch();
  });
  after(async () => {
    await dir.cleanup();
  });

  async function pids(host: InferenceHost, key: string): Promise<number[]> {
    const result = await host.score(key, Buffer.from("{}"), {});
    const { pid, helper } = json(result.body) as { pid: number; helper: number };
    return [pid, helper];
  }

  test("stop kills the process tree, is idempotent, and the key is then unknown", async () => {
    const host = new InferenceHost({ workDir: path.join(dir.root, "stop") });
    try {
      await host.start(await dir.deployment("ws/ep/tree", TREE_SCRIPT));
      const tree = await pids(host, "ws/ep/tree");
      assert.deepEqual(tree.map(isAlive), [true, true]);
      await host.stop("ws/ep/tree");
      await host.stop("ws/ep/tree");
      assert.deepEqual(await survivors(tree), []);
      assert.equal(await host.healthy("ws/ep/tree"), false);
      await assert.rejects(host.score("ws/ep/tree", Buffer.from("{}"), {}), NotFoundError);
    } finally {
      await host.close();
    }
  });

  test("starting a running key restarts it: a new process, init() again, the old tree gone", async () => {
    const host = new InferenceHost({ workDir: path.join(dir.root, "restart") });
    try {
      const spec = await dir.deployment("ws/ep/again", TREE_SCRIPT);
      await host.start(spec);
      const before = await pids(host, spec.key);
      await host.start(spec);
      const after = await pids(host, spec.key);
      assert.notEqual(after[0], before[0]);
      assert.deepEqual(await survivors(before), []);
      assert.deepEqual(after.map(isAlive), [true, true]);
    } finally {
      await host.close();
    }
  });

  test("close stops every deployment and leaves no process behind; later starts are refused", async () => {
    const host = new InferenceHost({ workDir: path.join(dir.root, "close") });
    const first = await dir.deployment("ws/ep/one", TREE_SCRIPT);
    const second = await dir.deployment("ws/ep/two", TREE_SCRIPT);
    await Promise.all([host.start(first), host.start(second)]);
    const all = [...(await pids(host, first.key)), ...(await pids(host, second.key))];
    assert.deepEqual(all.map(isAlive), [true, true, true, true]);
    await host.close();
    assert.deepEqual(await survivors(all), []);
    await assert.rejects(host.start(first), (error: unknown) => {
      assert.ok(error instanceof UnavailableError);
      assert.equal(error.code, "INFERENCE_HOST_CLOSED");
      return true;
    });
  });

  test("a process that exits is unhealthy and scoring it reports the exit", async () => {
    const host = new InferenceHost({ workDir: path.join(dir.root, "exit") });
    try {
      const spec = await dir.deployment("ws/ep/dies", COMPUTE_SCRIPT, { model: { "weight.txt": "1" } });
      await host.start(spec);
      await assert.rejects(host.score(spec.key, post({ action: "exit" }), {}), UnavailableError);
      assert.equal(await host.healthy(spec.key), false);
      await assert.rejects(host.score(spec.key, post({ x: [1] }), {}), (error: unknown) => {
        assert.ok(error instanceof UnavailableError);
        assert.equal(error.code, "INFERENCE_PROCESS_EXITED");
        assert.match(error.message, /code 7/);
        return true;
      });
      // A restart brings it back.
      await host.start(spec);
      assert.equal(await host.healthy(spec.key), true);
    } finally {
      await host.close();
    }
  });
});

describe("start failures", () => {
  let dir: Scratch;
  let host: InferenceHost;
  before(async () => {
    dir = await scratch();
    host = new InferenceHost({ workDir: path.join(dir.root, "work"), startTimeoutMs: 1500 });
  });
  after(async () => {
    await host.close();
    await dir.cleanup();
  });

  test("a failing init() rejects start with the script's stderr tail", async () => {
    const spec = await dir.deployment(
      "ws/ep/badinit",
      `def init():\n    raise RuntimeError("model file is corrupt")\n\ndef run(data):\n    return data\n`,
      { model: { "model.bin": "x" } },
    );
    await assert.rejects(host.start(spec), (error: unknown) => {
      assert.ok(error instanceof UnavailableError);
      assert.equal(error.code, "INFERENCE_START_FAILED");
      assert.match(error.message, /RuntimeError: model file is corrupt/);
      // Like azmlinfsrv, the model folder is listed to help find a wrong path.
      assert.match(error.message, /model\.bin/);
      return true;
    });
    assert.equal(await host.healthy(spec.key), false);
    await assert.rejects(host.score(spec.key, Buffer.from("{}"), {}), NotFoundError);
  });

  test("an import error or a missing run() rejects start", async () => {
    const missingModule = await dir.deployment(
      "ws/ep/import",
      `import airlock_module_that_is_not_installed\n\ndef init():\n    pass\n\ndef run(d):\n    return d\n`,
    );
    await assert.rejects(
      host.start(missingModule),
      /ModuleNotFoundError: No module named 'airlock_module_that_is_not_installed'/,
    );
    const noRun = await dir.deployment("ws/ep/norun", `def init():\n    pass\n`);
    await assert.rejects(host.start(noRun), /does not have a run\(\) function defined/);
  });

  test("an init() that never finishes times out and its process is killed", async () => {
    const spec = await dir.deployment(
      "ws/ep/hang",
      `import os, time\n\ndef init():\n    with open(os.path.join(os.environ["AZUREML_MODEL_DIR"], "pid"), "w") as f:\n        f.write(str(os.getpid()))\n    time.sleep(60)\n\ndef run(d):\n    return d\n`,
    );
    await assert.rejects(host.start(spec), (error: unknown) => {
      assert.ok(error instanceof UnavailableError);
      assert.equal(error.code, "INFERENCE_START_TIMEOUT");
      return true;
    });
    const { readFile } = await import("node:fs/promises");
    const pid = Number(await readFile(path.join(spec.modelDir, "pid"), "utf8"));
    assert.deepEqual(await survivors([pid]), []);
  });

  test("a spec whose script is missing or outside the code folder is bad input", async () => {
    const spec = await dir.deployment("ws/ep/spec", GET_SCRIPT);
    await assert.rejects(host.start({ ...spec, scoringScript: "missing.py" }), InputError);
    await assert.rejects(host.start({ ...spec, scoringScript: "../code/../../x.py" }), InputError);
    await assert.rejects(host.start({ ...spec, key: "ws/ep" }), InputError);
  });

  test("a missing interpreter is reported as unavailable", async () => {
    const other = new InferenceHost({
      workDir: path.join(dir.root, "nopython"),
      python: "/nonexistent/python3",
    });
    try {
      await assert.rejects(other.start(await dir.deployment("ws/ep/py", GET_SCRIPT)), (error: unknown) => {
        assert.ok(error instanceof UnavailableError);
        assert.equal(error.code, "PYTHON_UNAVAILABLE");
        return true;
      });
    } finally {
      await other.close();
    }
  });
});

describe("scripts written for Azure", () => {
  test("AMLResponse and @rawhttp from azureml.contrib.services work without the azureml packages", async () => {
    const dir = await scratch();
    const host = new InferenceHost({ workDir: path.join(dir.root, "work") });
    try {
      const spec = await dir.deployment(
        "ws/ep/raw",
        `
from azureml.contrib.services.aml_request import rawhttp
from azureml.contrib.services.aml_response import AMLResponse

def init():
    print("LISTENING 1")  # must not be mistaken for the server's readiness line

@rawhttp
def run(request):
    if request.method == "GET":
        return AMLResponse("name=" + request.args.get("name", ""), 201, {"X-Thing": "a, b"})
    if request.get_json().get("fail"):
        return AMLResponse({"error": "bad"}, 503, json_str=True)
    return AMLResponse(request.get_data(), 200)
`,
      );
      await host.start(spec);
      const got = await host.score(spec.key, Buffer.alloc(0), {}, { method: "GET", query: "?name=ada" });
      assert.equal(got.status, 201);
      assert.equal(got.body.toString(), "name=ada");
      assert.equal(got.headers["x-thing"], "a, b");
      assert.match(got.headers["x-ms-run-fn-exec-ms"] ?? "", /^\d+\.\d{3}$/);
      const echoed = await host.score(spec.key, Buffer.from('{"fail": false}'), {});
      assert.equal(echoed.body.toString(), '{"fail": false}');
      const failed = await host.score(spec.key, Buffer.from('{"fail": true}'), {});
      assert.equal(failed.status, 503);
      assert.equal(failed.headers["x-ms-run-function-failed"], "True");
      assert.deepEqual(json(failed.body), { error: "bad" });
    } finally {
      await host.close();
      await dir.cleanup();
    }
  });
});

describe("no orphans when the twin itself dies", () => {
  /**
   * A separate process hosting one deployment that starts a helper of its own, as the twin would: its pids
   * (the scoring process, the helper, and the fork server (zygote) the process was forked from) and the
   * folder of the zygote's stdio sockets.
   */
  async function hostInAnotherProcess(dir: Scratch, name: string) {
    const spec = await dir.deployment(
      `ws/ep/${name}`,
      `import os, subprocess\n\ndef init():\n    global helper\n    helper = subprocess.Popen(["sleep", "300"])\n\ndef run(d):\n    return [os.getpid(), helper.pid, os.getppid()]\n`,
    );
    const driver = path.join(dir.root, `${name}.ts`);
    // The interpreter as resolved here: the driver is a fresh process and need not go through a version shim.
    const python = await resolveInterpreter("python3");
    const hostModule = new URL("../../../src/emulator/inference/host.ts", import.meta.url).href;
    await writeFile(
      driver,
      `import { InferenceHost } from ${JSON.stringify(hostModule)};
const host = new InferenceHost({ workDir: ${JSON.stringify(path.join(dir.root, name))}, python: ${JSON.stringify(python)} });
await host.start(${JSON.stringify(spec)});
const result = await host.score(${JSON.stringify(spec.key)}, Buffer.from("{}"), {});
console.log(result.body.toString());
setInterval(() => undefined, 1000);
`,
    );
    const child = spawn(process.execPath, [driver], { stdio: ["ignore", "pipe", "inherit"] });
    const [line] = (await once(child.stdout, "data")) as [Buffer];
    const pids = JSON.parse(line.toString()) as [number, number, number];
    assert.notEqual(pids[2], child.pid);
    assert.deepEqual(pids.map(isAlive), [true, true, true]);
    // The zygote's command line is `python server.py --zygote <socket folder>`.
    const zygoteArgv = (await readFile(`/proc/${pids[2]}/cmdline`, "utf8")).split("\0");
    const socketDir = zygoteArgv[zygoteArgv.indexOf("--zygote") + 1]!;
    assert.ok(existsSync(socketDir), socketDir);
    return { child, pids, socketDir };
  }

  test("killing the host's process with SIGKILL takes its python processes, their children and the zygote down", async () => {
    const dir = await scratch();
    try {
      const { child, pids, socketDir } = await hostInAnotherProcess(dir, "orphan");
      child.kill("SIGKILL");
      await once(child, "exit");
      assert.deepEqual(await survivors(pids), []);
      // The host could not remove the zygote's socket folder: the zygote did, when its stdin closed.
      assert.equal(existsSync(socketDir), false, socketDir);
    } finally {
      await dir.cleanup();
    }
  });

  test("the zygote removes its socket folder also when a forked process ended before it saw the host go", async () => {
    const dir = await scratch();
    try {
      const { child, pids, socketDir } = await hostInAnotherProcess(dir, "orphan-late");
      const zygote = pids[2];
      // Held still, the zygote sees both at once when it resumes: the exit of its forked process, which it
      // reports on a pipe nobody reads any more, and the end of its stdin.
      process.kill(zygote, "SIGSTOP");
      try {
        child.kill("SIGKILL");
        await once(child, "exit");
        assert.deepEqual(await survivors([pids[0], pids[1]]), []);
      } finally {
        process.kill(zygote, "SIGCONT");
      }
      assert.deepEqual(await survivors([zygote]), []);
      assert.equal(existsSync(socketDir), false, socketDir);
    } finally {
      await dir.cleanup();
    }
  });
});

describe("deployments are forked from a zygote", () => {
  const STATE_SCRIPT = `
import json, os, sys
import helper_mod

# What earlier deployments may have left in modules every process imports, and in the code folder's module.
seen_before = getattr(json, "airlock_marker", None)
json.airlock_marker = os.environ["WHO"]
helper_mod.count += 1

def init():
    pass

def run(data):
    return {"pid": os.getpid(), "ppid": os.getppid(), "seen_before": seen_before, "count": helper_mod.count}
`;
  const PROFILE_SCRIPT = `
import os, sys
# Taken before anything else is imported: what the interpreter and server.py had loaded for the script.
modules = sorted(name for name in sys.modules if name != "entry_module")
profile = {
    "modules": modules,
    "flags": repr(sys.flags),
    "stdout": [sys.stdout.encoding, sys.stdout.line_buffering, sys.stdout.write_through],
    "stdin_is_tty": sys.stdin.isatty(),
    "cwd": os.getcwd(),
    "tmpdir": os.environ["TMPDIR"],
    "argv0": sys.argv[0],
    "path0": sys.path[0],
    "pgid_is_pid": os.getpgid(0) == os.getpid(),
}
profile["umask"] = os.umask(0)
os.umask(profile["umask"])
extra = None
if os.environ.get("PYTHONPATH"):
    import airlock_extra_module
    extra = airlock_extra_module.VALUE

def init():
    pass

def run(data):
    return {**profile, "extra": extra, "pid": os.getpid(), "ppid": os.getppid()}
`;
  let dir: Scratch;
  let host: InferenceHost;
  before(async () => {
    dir = await scratch();
    host = new InferenceHost({ workDir: path.join(dir.root, "work") });
  });
  after(async () => {
    await host.close();
    await dir.cleanup();
  });

  test("two deployments are forks of one zygote and share no module state: it never ran their code", async () => {
    const extraFiles = { "helper_mod.py": "count = 0\n" };
    const first = await dir.deployment("ws/ep/first", STATE_SCRIPT, { extraFiles, env: { WHO: "first" } });
    const second = await dir.deployment("ws/ep/second", STATE_SCRIPT, { extraFiles, env: { WHO: "second" } });
    await host.start(first);
    await host.start(second);
    const a = json((await host.score(first.key, post({}), {})).body) as Record<string, unknown>;
    const b = json((await host.score(second.key, post({}), {})).body) as Record<string, unknown>;
    assert.notEqual(a["pid"], b["pid"]);
    assert.equal(a["ppid"], b["ppid"]);
    assert.notEqual(a["ppid"], process.pid);
    assert.deepEqual([a["seen_before"], b["seen_before"]], [null, null]);
    assert.deepEqual([a["count"], b["count"]], [1, 1]);
  });

  test("a forked process starts like a fresh interpreter (modules, flags, stdio, session, umask); a deployment setting PYTHONPATH gets a fresh one", async () => {
    const extraDir = path.join(dir.root, "extra");
    await mkdir(extraDir);
    await writeFile(path.join(extraDir, "airlock_extra_module.py"), "VALUE = 'from PYTHONPATH'\n");
    const forked = await dir.deployment("ws/ep/forked", PROFILE_SCRIPT);
    const fresh = await dir.deployment("ws/ep/fresh", PROFILE_SCRIPT, { env: { PYTHONPATH: extraDir } });
    // A first start makes sure the zygote exists; the restart gets the twin's umask as it is by then.
    await host.start(forked);
    const umask = process.umask(0o027);
    try {
      await host.start(forked);
      await host.start(fresh);
    } finally {
      process.umask(umask);
    }
    const a = json((await host.score(forked.key, post({}), {})).body) as Record<string, unknown>;
    const b = json((await host.score(fresh.key, post({}), {})).body) as Record<string, unknown>;
    // PYTHONPATH is read when python starts: only a fresh interpreter (a child of the twin) honours it.
    assert.equal(b["extra"], "from PYTHONPATH");
    assert.equal(b["ppid"], process.pid);
    assert.notEqual(a["ppid"], process.pid);
    assert.equal(a["extra"], null);
    for (const field of [
      "modules",
      "flags",
      "stdout",
      "stdin_is_tty",
      "argv0",
      "path0",
      "pgid_is_pid",
      "umask",
    ]) {
      assert.deepEqual(a[field], b[field], field);
    }
    assert.equal(a["umask"], 0o027);
    assert.equal(a["pgid_is_pid"], true);
    assert.equal(a["cwd"], a["tmpdir"]);
    assert.ok(String(a["cwd"]).endsWith(path.join("ws", "ep", "forked")), String(a["cwd"]));
  });

  test("when its zygote dies, a host reports its deployments exited and forks the next from a new zygote", async () => {
    // An interpreter path of its own, so this host's zygote is not the one other hosts in this process share.
    const python = path.join(dir.root, "bin", "python3");
    await mkdir(path.dirname(python));
    await symlink(await resolveInterpreter("python3"), python);
    const own = new InferenceHost({ workDir: path.join(dir.root, "own"), python });
    try {
      const spec = await dir.deployment("ws/ep/orphaned", PROFILE_SCRIPT);
      await own.start(spec);
      const before = json((await own.score(spec.key, post({}), {})).body) as { pid: number; ppid: number };
      process.kill(before.ppid, "SIGKILL");
      // Nothing is left to report the forked process's exit, so the host ends it.
      assert.deepEqual(await survivors([before.ppid, before.pid]), []);
      await assert.rejects(own.score(spec.key, post({}), {}), (error: unknown) => {
        assert.ok(error instanceof UnavailableError);
        assert.equal(error.code, "INFERENCE_PROCESS_EXITED");
        assert.match(error.message, /signal SIGKILL/);
        return true;
      });
      assert.equal(await own.healthy(spec.key), false);
      await own.start(spec);
      const after = json((await own.score(spec.key, post({}), {})).body) as { ppid: number };
      assert.notEqual(after.ppid, before.ppid);
      assert.notEqual(after.ppid, process.pid);
    } finally {
      await own.close();
    }
  });
});
