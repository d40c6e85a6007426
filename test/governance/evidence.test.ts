/**
 * Evidence rules without a twin: the pickle opcode walker on streams python3 makes (never loaded, here or
 * there), the scan rule's deny-before-allow order, the policy section's parsing, and the gate's exit codes.
 * The rules against the twin's real model bytes are in test/promotion/evidence*.test.ts.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { describe, it } from "node:test";
import { ExitCode, GateError, InputError } from "../../src/errors.ts";
import { scanPickle } from "../../src/governance/evidence/pickle.ts";
import {
  assertEvidence,
  championChallengerRule,
  environmentPinnedRule,
  licenseRule,
  metricsRule,
  modelScanRule,
  scanFile,
} from "../../src/governance/evidence/rules.ts";
import { evidenceSettings, parseMetricThreshold } from "../../src/governance/evidence/settings.ts";
import { parsePolicy } from "../../src/governance/policy.ts";
import { python3 } from "../helpers/python.ts";

const EVIL = `class Evil:\n    def __reduce__(self):\n        return (os.system, ("true",))\n`;
const PROTOCOLS = [0, 1, 2, 3, 4, 5];

/**
 * Every stream these tests read, made by one python3 run and never loaded, here or there: each entry is a
 * Python expression evaluating to bytes, sent back hex-encoded.
 */
const STREAMS: Record<string, string> = {
  ...Object.fromEntries(PROTOCOLS.map((p) => [`evil${p}`, `pickle.dumps(Evil(), protocol=${p})`])),
  osGlobal: String.raw`b"cos\nsystem\n(S'true'\ntR."`,
  // STACK_GLOBAL whose module string comes back from the memo (MEMOIZE/BINGET), as pickle writes repeats.
  memo: String.raw`b"\x80\x04\x8c\x02os\x94\x8c\x04path\x94\x93\x94h\x00\x8c\x06system\x94\x93\x94."`,
  safe: "pickle.dumps(collections.OrderedDict(a=[1, 2.5, 'x']), protocol=5)",
  pt: "zipped('archive/data.pkl', pickle.dumps(Evil(), protocol=2))",
  decimal: "pickle.dumps(decimal.Decimal('1.5'), protocol=4)",
};
const made = JSON.parse(
  execFileSync(
    python3(),
    [
      "-c",
      [
        "import sys, os, io, json, pickle, collections, zipfile, decimal",
        EVIL,
        "def zipped(member, data):",
        "    buf = io.BytesIO()",
        "    with zipfile.ZipFile(buf, 'w', zipfile.ZIP_DEFLATED) as z:",
        "        z.writestr(member, data)",
        "        z.writestr('archive/version', '3')",
        "    return buf.getvalue()",
        "print(json.dumps({k: eval(v).hex() for k, v in json.loads(sys.argv[1]).items()}))",
      ].join("\n"),
      JSON.stringify(STREAMS),
    ],
    { encoding: "utf8" },
  ),
) as Record<string, string>;
const stream = (name: string) => Buffer.from(made[name]!, "hex");
const scan = evidenceSettings({ scan: { allowedGlobals: ["collections.OrderedDict", "numpy.*"] } }).scan!;

describe("pickle opcode walker", () => {
  it("finds posix.system behind __reduce__ in every protocol, through GLOBAL and STACK_GLOBAL", () => {
    for (const protocol of PROTOCOLS) {
      const bytes = stream(`evil${protocol}`);
      const found = scanPickle(bytes);
      assert.equal(found.problem, undefined, `protocol ${protocol}`);
      assert.deepEqual(
        found.globals.map((g) => `${g.module}.${g.name}`),
        ["posix.system"],
        `protocol ${protocol}`,
      );
      assert.equal(found.globals[0]!.opcode, protocol >= 4 ? "STACK_GLOBAL" : "GLOBAL");
    }
  });

  it("names os.system when the stream imports it as os (hand-made GLOBAL and STACK_GLOBAL with memoized strings)", () => {
    const global = stream("osGlobal");
    assert.deepEqual(scanPickle(global).globals, [{ module: "os", name: "system", opcode: "GLOBAL" }]);
    const memo = stream("memo");
    assert.deepEqual(
      scanPickle(memo).globals.map((g) => `${g.module}.${g.name}`),
      ["os.path", "os.system"],
    );
  });

  it("a safe stream imports only what it builds; a truncated one is reported, never guessed", () => {
    const safe = stream("safe");
    assert.deepEqual(
      scanPickle(safe).globals.map((g) => `${g.module}.${g.name}`),
      ["collections.OrderedDict"],
    );
    const truncated = scanPickle(safe.subarray(0, safe.length - 3));
    assert.match(truncated.problem ?? "", /truncated|unknown opcode|no MARK/);
  });
});

describe("model scan rule", () => {
  it("refuses posix.system with EVIDENCE_UNSAFE_PICKLE naming the file and the global, even if allowlisted", () => {
    const bytes = stream("evil4");
    const lenient = { ...scan, allowedGlobals: ["posix.*", "os.*"] };
    const result = modelScanRule(lenient, [scanFile("model.pkl", "00", bytes)]);
    assert.equal(result.passed, false);
    assert.equal(result.code, "EVIDENCE_UNSAFE_PICKLE");
    assert.equal(result.inputs.global, "posix.system");
    assert.match(result.message, /model\.pkl imports posix\.system/);
  });

  it("reads a .pt zip's data.pkl member; an unlisted global is refused, an allowlisted one passes", () => {
    const zipped = stream("pt");
    const pt = scanFile("weights.pt", "00", zipped);
    assert.equal(pt.streams[0]!.member, "archive/data.pkl");
    const refused = modelScanRule(scan, [pt]);
    assert.equal(refused.code, "EVIDENCE_UNSAFE_PICKLE");
    assert.match(refused.message, /weights\.pt:archive\/data\.pkl imports posix\.system/);

    const decimal = stream("decimal");
    const unknown = modelScanRule(scan, [scanFile("d.pkl", "00", decimal)]);
    assert.equal(unknown.code, "EVIDENCE_PICKLE_GLOBAL_NOT_ALLOWED");
    assert.equal(unknown.inputs.global, "decimal.Decimal");
    assert.equal(
      modelScanRule({ ...scan, allowedGlobals: ["decimal.*"] }, [scanFile("d.pkl", "00", decimal)]).passed,
      true,
    );
  });

  it("a file the walker cannot read is malformed evidence (exit 3), not a pass", () => {
    const result = modelScanRule(scan, [scanFile("junk.pkl", "00", Buffer.from("not a pickle at all"))]);
    assert.equal(result.code, "EVIDENCE_PICKLE_MALFORMED");
    assert.throws(
      () => assertEvidence([result], "enforce", "model:x@1 at request"),
      (error: unknown) => error instanceof InputError && error.exitCode === ExitCode.invalidInput,
    );
  });
});

describe("evidence policy and rules", () => {
  it("parses thresholds and refuses a malformed one as POLICY_INVALID", () => {
    assert.deepEqual(parseMetricThreshold("holdout_rmse <= 1.5"), {
      metric: "holdout_rmse",
      op: "<=",
      value: 1.5,
      text: "holdout_rmse <= 1.5",
    });
    assert.throws(
      () => parsePolicy("version: 1\nevidence:\n  metrics: ['rmse is small']\n", "p.yml"),
      (error: unknown) =>
        error instanceof InputError && error.code === "POLICY_INVALID" && /rmse is small/.test(error.message),
    );
    assert.throws(
      () => parsePolicy("version: 1\nevidence:\n  license: {}\n", "p.yml"),
      (error: unknown) => error instanceof InputError && error.code === "POLICY_INVALID",
    );
    assert.equal(parsePolicy("version: 1\n").evidence.enforcement, "enforce");
    assert.equal(parsePolicy("version: 1\n").evidence.scan, undefined);
  });

  it("metrics come from the card, else the version's properties; a disagreement is malformed", () => {
    const [threshold] = [parseMetricThreshold("holdout_rmse <= 1.5")];
    assert.equal(metricsRule([threshold], { card: { holdout_rmse: 1.1 }, properties: {} }).passed, true);
    const high = metricsRule([threshold], { properties: { "metrics.holdout_rmse": "1.7" } });
    assert.equal(high.code, "EVIDENCE_METRIC_THRESHOLD");
    assert.deepEqual(high.inputs.thresholds, [
      {
        rule: "holdout_rmse <= 1.5",
        metric: "holdout_rmse",
        value: 1.7,
        source: "version property",
        passed: false,
      },
    ]);
    const conflict = metricsRule([threshold], {
      card: { holdout_rmse: 1.1 },
      properties: { "metrics.holdout_rmse": "0.5" },
    });
    assert.equal(conflict.code, "EVIDENCE_METRIC_CONFLICT");
    assert.equal(conflict.malformed, true);
    assert.equal(metricsRule([threshold], { properties: {} }).code, "EVIDENCE_METRIC_MISSING");
  });

  it("a rebuilt environment is pinned when its conda base image or every Dockerfile FROM names a digest", () => {
    const pin = { property: "airlock.built_image_digest" };
    const digest = `sha256:${"b".repeat(64)}`;
    const built = (text: string) =>
      environmentPinnedRule(pin, {
        id: "e",
        built: true,
        dockerfile: { path: "Dockerfile", sha256: "c".repeat(64), text },
        properties: {},
      });
    // A tag, even a specific one, can move; a build argument names whatever the build is given.
    const loose = built("FROM python:3.11-slim\nRUN pip install x\n");
    assert.equal(loose.code, "EVIDENCE_IMAGE_NOT_PINNED");
    assert.match(loose.message, /line 1 FROM python:3\.11-slim is not pinned by digest/);
    assert.equal(built(`ARG BASE=python@${digest}\nFROM $BASE\n`).code, "EVIDENCE_IMAGE_NOT_PINNED");
    // The second stage of a multi-stage build moves with its unpinned base.
    assert.equal(
      built(`FROM python:3.11-slim@${digest} AS build\nFROM \\\n  debian:trixie\nCOPY --from=build /a /a\n`)
        .code,
      "EVIDENCE_IMAGE_NOT_PINNED",
    );
    const pinned = built(
      `# syntax note\nFROM --platform=linux/amd64 python:3.11-slim@${digest} AS build\nFROM build\nFROM scratch\n`,
    );
    assert.equal(pinned.passed, true, pinned.message);
    assert.deepEqual(
      (pinned.inputs.dockerfile as { bases: Array<{ pinned: string }> }).bases.map((b) => b.pinned),
      ["digest", "stage", "scratch"],
    );
    assert.equal(built("# no base\n").code, "EVIDENCE_IMAGE_NOT_PINNED");
    // A context whose Dockerfile could not be read, with no built image digest recorded, is not pinned.
    assert.equal(
      environmentPinnedRule(pin, { id: "e", built: true, dockerfileProblem: "404", properties: {} }).code,
      "EVIDENCE_IMAGE_NOT_PINNED",
    );
    // Azure builds a conda environment on its image: the base must be named by digest.
    const conda = (image: string) =>
      environmentPinnedRule(pin, { id: "e", image, condaFile: true, built: false, properties: {} });
    assert.equal(
      conda("mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest").code,
      "EVIDENCE_IMAGE_NOT_PINNED",
    );
    assert.match(conda("mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest").message, /base image/);
    assert.equal(conda(`mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04@${digest}`).passed, true);
  });

  it("license, pinned images and champion/challenger judge their inputs; audit never throws", () => {
    const license = { tag: "license", allowed: ["MIT"] };
    assert.equal(licenseRule(license, { license: "mit" }).passed, true);
    assert.equal(licenseRule(license, { license: "GPL-3.0" }).code, "EVIDENCE_LICENSE_NOT_ALLOWED");
    const pin = { property: "airlock.built_image_digest" };
    const digest = `sha256:${"a".repeat(64)}`;
    assert.equal(
      environmentPinnedRule(pin, {
        id: "e",
        image: `mcr.microsoft.com/x@${digest}`,
        built: false,
        properties: {},
      }).passed,
      true,
    );
    assert.equal(
      environmentPinnedRule(pin, {
        id: "e",
        image: "mcr.microsoft.com/x:latest",
        built: false,
        properties: {},
      }).code,
      "EVIDENCE_IMAGE_NOT_PINNED",
    );
    assert.equal(
      environmentPinnedRule(pin, { id: "e", built: true, properties: {} }).code,
      "EVIDENCE_IMAGE_NOT_PINNED",
    );
    assert.equal(
      environmentPinnedRule(pin, {
        id: "e",
        built: true,
        properties: { "airlock.built_image_digest": digest },
      }).passed,
      true,
    );
    // Pinned by digest, but Azure rebuilds it when the base image moves: not pinned.
    assert.equal(
      environmentPinnedRule(pin, {
        id: "e",
        image: `mcr.microsoft.com/x@${digest}`,
        built: false,
        properties: {},
        autoRebuild: "OnBaseImageUpdate",
      }).code,
      "EVIDENCE_IMAGE_NOT_PINNED",
    );
    const cc = { margin: 0.25, relativeMargin: 0.1 };
    const facts = (candidate: number, champion: number) => ({
      candidate: { deployment: "v2", meanAbsoluteError: candidate },
      champion: { deployment: "v1", meanAbsoluteError: champion },
      reference: "ref",
      rows: 40,
    });
    assert.equal(championChallengerRule(cc, facts(1.1, 0.9)).passed, true);
    const worse = championChallengerRule(cc, facts(2.6, 0.9));
    assert.equal(worse.code, "EVIDENCE_CHAMPION_BETTER");
    assert.doesNotThrow(() => assertEvidence([worse], "audit", "x"));
    assert.throws(
      () => assertEvidence([worse], "enforce", "x"),
      (error: unknown) =>
        error instanceof GateError &&
        error.code === "EVIDENCE_CHAMPION_BETTER" &&
        error.exitCode === ExitCode.gateClosed,
    );
  });
});
