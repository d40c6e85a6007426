/**
 * @module governance/evidence/rules
 * The evidence rules as pure functions: facts in (the model card's text, the bytes of pickle files, tags,
 * version properties, an environment, the champion's and the candidate's scores), one result out per rule,
 * each carrying the inputs it judged. `assertEvidence` turns failing results into the gate's refusal: a
 * GateError (exit 7) with the rule's stable code, or an InputError (exit 3) when the evidence is malformed.
 */
import { createRequire } from "node:module";
import { parse as parseYaml } from "yaml";
import { GateError, InputError } from "../../errors.ts";
import { isZip, type PickleGlobal, type PickleScan, scanPickle, scanZipPickles } from "./pickle.ts";
import type { EvidenceSettings, MetricThreshold } from "./settings.ts";
import type { EvidenceEnforcement, RuleResult } from "./types.ts";

const require = createRequire(import.meta.url);

/**
 * Globals no model needs and any attacker wants (as picklescan's and modelscan's unsafe-globals lists): a
 * `module.*` entry covers the module and its submodules. Always denied, whatever the allowlist says.
 */
export const DENIED_GLOBALS = [
  ...["builtins", "__builtin__", "__builtins__"].flatMap((module) =>
    [
      "eval",
      "exec",
      "execfile",
      "compile",
      "open",
      "getattr",
      "setattr",
      "delattr",
      "__import__",
      "globals",
      "locals",
      "vars",
      "breakpoint",
      "input",
      "apply",
      "reload",
    ].map((name) => `${module}.${name}`),
  ),
  ...[
    "os",
    "posix",
    "nt",
    "posixpath",
    "ntpath",
    "subprocess",
    "_posixsubprocess",
    "_winapi",
    "commands",
    "popen2",
    "sys",
    "socket",
    "shutil",
    "runpy",
    "pty",
    "webbrowser",
    "importlib",
    "pkgutil",
    "zipimport",
    "code",
    "codeop",
    "ctypes",
    "multiprocessing",
    "_thread",
    "threading",
    "signal",
    "pickle",
    "_pickle",
    "cPickle",
    "marshal",
    "shelve",
    "dill",
    "pdb",
    "bdb",
    "timeit",
    "cProfile",
    "profile",
    "trace",
    "asyncio",
    "urllib",
    "urllib2",
    "http",
    "httplib",
    "ftplib",
    "smtplib",
    "telnetlib",
    "requests",
    "httpx",
    "aiohttp",
    "tempfile",
    "glob",
    "logging.config",
  ].map((module) => `${module}.*`),
  "operator.attrgetter",
  "operator.methodcaller",
  "torch.hub.load",
  "torch.load",
  "numpy.load",
  "numpy.testing._private.utils.runstring",
];

/** Does `global` ("module.name") match `pattern` ("module.name" exactly, or "prefix.*")? */
export function globalMatches(pattern: string, global: string): boolean {
  return pattern.endsWith(".*") ? global.startsWith(pattern.slice(0, -1)) : pattern === global;
}

// ── model card ──────────────────────────────────────────────────────────────────────────────────────────────

export interface ModelCard {
  file: string;
  fields: Record<string, unknown>;
  /** The card's `metrics` map, numbers only. */
  metrics: Record<string, number>;
}

/** The card rule; also returns the parsed card (its metrics feed the metric rule). */
export function modelCardRule(
  settings: NonNullable<EvidenceSettings["modelCard"]>,
  found: { file: string; text: string; sha256: string } | undefined,
): { result: RuleResult; card?: ModelCard } {
  const inputs: Record<string, unknown> = { file: settings.file, required: settings.fields };
  if (!found) {
    return {
      result: {
        rule: "model-card",
        passed: false,
        code: "EVIDENCE_CARD_MISSING",
        message: `the model folder holds no model card ${settings.file} (required: ${settings.fields.join(", ")})`,
        inputs,
      },
    };
  }
  inputs.sha256 = found.sha256;
  const parsed = parseCard(found);
  if ("problem" in parsed) {
    return {
      result: {
        rule: "model-card",
        passed: false,
        code: "EVIDENCE_CARD_INVALID",
        malformed: true,
        message: `model card ${found.file}: ${parsed.problem}`,
        inputs,
      },
    };
  }
  const missing = settings.fields.filter((field) => isEmpty(parsed.fields[field]));
  inputs.present = Object.keys(parsed.fields).sort();
  inputs.card = parsed.fields;
  if (missing.length > 0) {
    return {
      result: {
        rule: "model-card",
        passed: false,
        code: "EVIDENCE_CARD_INCOMPLETE",
        message: `model card ${found.file} lacks ${missing.join(", ")}`,
        inputs: { ...inputs, missing },
      },
      card: parsed,
    };
  }
  return {
    result: {
      rule: "model-card",
      passed: true,
      message: `model card ${found.file} has ${settings.fields.join(", ")}`,
      inputs,
    },
    card: parsed,
  };
}

/** Parses a card file (YAML) into fields and numeric metrics. */
export function parseCard(found: { file: string; text: string }): ModelCard | { problem: string } {
  let document: unknown;
  try {
    document = parseYaml(found.text, { uniqueKeys: true });
  } catch (error) {
    return { problem: `not valid YAML: ${(error as Error).message.split("\n")[0]}` };
  }
  if (!document || typeof document !== "object" || Array.isArray(document)) {
    return { problem: "not a mapping of fields" };
  }
  const fields = document as Record<string, unknown>;
  const metrics: Record<string, number> = {};
  if (fields.metrics !== undefined) {
    if (!fields.metrics || typeof fields.metrics !== "object" || Array.isArray(fields.metrics)) {
      return { problem: "metrics is not a mapping of metric name to number" };
    }
    for (const [name, value] of Object.entries(fields.metrics as Record<string, unknown>)) {
      if (typeof value !== "number" || !Number.isFinite(value)) {
        return { problem: `metrics.${name} is not a number (${JSON.stringify(value)})` };
      }
      metrics[name] = value;
    }
  }
  return { file: found.file, fields, metrics };
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === "string") return value.trim() === "";
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === "object") return Object.keys(value).length === 0;
  return false;
}

// ── metric thresholds ───────────────────────────────────────────────────────────────────────────────────────

/**
 * Thresholds on the training run's metrics: from the model card in the digested folder (bound to the digest),
 * else from the version's `metrics.<name>` properties (written at registration). Both present and different is
 * malformed evidence.
 */
export function metricsRule(
  thresholds: readonly MetricThreshold[],
  sources: { card?: Record<string, number>; properties: Record<string, string> },
): RuleResult {
  const checked: Array<Record<string, unknown>> = [];
  let failure: RuleResult | undefined;
  for (const threshold of thresholds) {
    const fromCard = sources.card?.[threshold.metric];
    const raw = sources.properties[`metrics.${threshold.metric}`];
    const fromProperty = raw !== undefined && raw.trim() !== "" ? Number(raw) : undefined;
    if (fromProperty !== undefined && !Number.isFinite(fromProperty)) {
      failure ??= {
        rule: "metrics",
        passed: false,
        code: "EVIDENCE_METRIC_INVALID",
        malformed: true,
        message: `version property metrics.${threshold.metric} is not a number (${JSON.stringify(raw)})`,
        inputs: {},
      };
      continue;
    }
    if (
      fromCard !== undefined &&
      fromProperty !== undefined &&
      Math.abs(fromCard - fromProperty) > 1e-9 * Math.max(1, Math.abs(fromCard))
    ) {
      failure ??= {
        rule: "metrics",
        passed: false,
        code: "EVIDENCE_METRIC_CONFLICT",
        malformed: true,
        message: `${threshold.metric} is ${fromCard} in the model card but ${fromProperty} in the version's properties`,
        inputs: {},
      };
      continue;
    }
    const value = fromCard ?? fromProperty;
    const source = fromCard !== undefined ? "model card" : "version property";
    if (value === undefined) {
      checked.push({ rule: threshold.text, value: null });
      failure ??= {
        rule: "metrics",
        passed: false,
        code: "EVIDENCE_METRIC_MISSING",
        message: `no ${threshold.metric} for "${threshold.text}": neither the model card's metrics nor a version property metrics.${threshold.metric} states it`,
        inputs: {},
      };
      continue;
    }
    const ok = compare(value, threshold);
    checked.push({ rule: threshold.text, metric: threshold.metric, value, source, passed: ok });
    if (!ok) {
      failure ??= {
        rule: "metrics",
        passed: false,
        code: "EVIDENCE_METRIC_THRESHOLD",
        message: `${threshold.metric} is ${value} (${source}); the policy requires ${threshold.text}`,
        inputs: {},
      };
    }
  }
  if (failure) return { ...failure, inputs: { thresholds: checked } };
  return {
    rule: "metrics",
    passed: true,
    message: checked.map((c) => `${c.metric} ${c.value} meets ${c.rule}`).join("; "),
    inputs: { thresholds: checked },
  };
}

function compare(value: number, threshold: MetricThreshold): boolean {
  switch (threshold.op) {
    case "<=":
      return value <= threshold.value;
    case "<":
      return value < threshold.value;
    case ">=":
      return value >= threshold.value;
    case ">":
      return value > threshold.value;
    case "==":
      return value === threshold.value;
  }
}

// ── model file scan ─────────────────────────────────────────────────────────────────────────────────────────

export interface ScannedFile {
  path: string;
  sha256: string;
  /** For each pickle stream in the file (a .pt archive has one per member). */
  streams: Array<{ member?: string; globals: string[]; problem?: string }>;
  problem?: string;
}

/** Does the scan look at this file (by extension)? */
export function scanned(settings: NonNullable<EvidenceSettings["scan"]>, file: string): boolean {
  const lower = file.toLowerCase();
  return settings.extensions.some((extension) => lower.endsWith(extension));
}

/** Walks one file's pickle streams (a zip archive's `*.pkl` members, else the file itself). */
export function scanFile(path: string, sha256: string, bytes: Uint8Array): ScannedFile {
  const streams: ScannedFile["streams"] = [];
  const describe = (scan: PickleScan, member?: string) => ({
    ...(member ? { member } : {}),
    globals: [...new Set(scan.globals.map(nameOf))],
    ...(scan.problem ? { problem: scan.problem } : {}),
  });
  if (isZip(bytes)) {
    const members = scanZipPickles(bytes);
    if ("problem" in members) return { path, sha256, streams, problem: members.problem };
    if (members.length === 0) return { path, sha256, streams, problem: "a zip archive with no .pkl member" };
    for (const { member, scan } of members) streams.push(describe(scan, member));
  } else {
    streams.push(describe(scanPickle(bytes)));
  }
  return { path, sha256, streams };
}

const nameOf = (global: PickleGlobal) => `${global.module}.${global.name}`;

export function modelScanRule(
  settings: NonNullable<EvidenceSettings["scan"]>,
  files: readonly ScannedFile[],
): RuleResult {
  const denied = [...DENIED_GLOBALS, ...settings.deniedGlobals];
  const inputs = {
    extensions: settings.extensions,
    allowedGlobals: settings.allowedGlobals,
    unknownGlobals: settings.unknownGlobals,
    files: files.map((f) => ({
      path: f.path,
      sha256: f.sha256,
      streams: f.streams,
      ...(f.problem ? { problem: f.problem } : {}),
    })),
  };
  for (const file of files) {
    for (const stream of file.streams) {
      const where = `${file.path}${stream.member ? `:${stream.member}` : ""}`;
      const unsafe = stream.globals.find((g) => denied.some((pattern) => globalMatches(pattern, g)));
      if (unsafe) {
        return {
          rule: "model-scan",
          passed: false,
          code: "EVIDENCE_UNSAFE_PICKLE",
          message: `${where} imports ${unsafe}: unsafe serialization (loading it would run code); refused without loading it`,
          inputs: { ...inputs, file: file.path, global: unsafe },
        };
      }
      const unknown = stream.globals.find(
        (g) => !settings.allowedGlobals.some((pattern) => globalMatches(pattern, g)),
      );
      if (unknown && settings.unknownGlobals === "refuse") {
        return {
          rule: "model-scan",
          passed: false,
          code: "EVIDENCE_PICKLE_GLOBAL_NOT_ALLOWED",
          message: `${where} imports ${unknown}, which the policy's evidence.scan.allowedGlobals does not list`,
          inputs: { ...inputs, file: file.path, global: unknown },
        };
      }
    }
  }
  const broken = files.find((f) => f.problem || f.streams.some((s) => s.problem));
  if (broken) {
    const problem = broken.problem ?? broken.streams.find((s) => s.problem)?.problem;
    return {
      rule: "model-scan",
      passed: false,
      code: "EVIDENCE_PICKLE_MALFORMED",
      malformed: true,
      message: `${broken.path} cannot be read as pickle opcodes (${problem}); a file the scan cannot read is not let through`,
      inputs: { ...inputs, file: broken.path },
    };
  }
  const count = files.reduce((sum, f) => sum + f.streams.length, 0);
  return {
    rule: "model-scan",
    passed: true,
    message:
      files.length === 0
        ? `no file with a scanned extension (${settings.extensions.join(", ")})`
        : `${files.length} file(s), ${count} pickle stream(s): every imported global is allowed`,
    inputs,
  };
}

// ── license ────────────────────────────────────────────────────────────────────────────────────────────────

export function licenseRule(
  settings: NonNullable<EvidenceSettings["license"]>,
  tags: Record<string, string>,
): RuleResult {
  const value = tags[settings.tag];
  const inputs = { tag: settings.tag, value: value ?? null, allowed: settings.allowed };
  if (value === undefined || value.trim() === "") {
    return {
      rule: "license",
      passed: false,
      code: "EVIDENCE_LICENSE_MISSING",
      message: `the model carries no tag ${settings.tag}; the policy allows ${settings.allowed.join(", ")}`,
      inputs,
    };
  }
  const allowed = settings.allowed.find((entry) => entry.toLowerCase() === value.trim().toLowerCase());
  if (!allowed) {
    return {
      rule: "license",
      passed: false,
      code: "EVIDENCE_LICENSE_NOT_ALLOWED",
      message: `license ${value} (tag ${settings.tag}) is not in the policy's allowlist (${settings.allowed.join(", ")})`,
      inputs,
    };
  }
  return { rule: "license", passed: true, message: `license ${value} is allowed`, inputs };
}

// ── environment images pinned by digest ────────────────────────────────────────────────────────────────────

const PINNED = /@sha256:[0-9a-f]{64}$/;

/** One `FROM` of a Dockerfile, as the pinned rule judges it. */
export interface DockerfileBase {
  line: number;
  image: string;
  /** `digest` (image@sha256:…), `stage` (an earlier build stage), `scratch`, or why it is not pinned. */
  pinned: "digest" | "stage" | "scratch" | "tag" | "variable";
}

/**
 * The base images of a Dockerfile (dockerfile-ast reads it as BuildKit does: line continuations, comments,
 * `--platform` flags, `AS` stage names). A FROM naming an earlier stage builds on that stage's pinned base;
 * a FROM through a build argument (`FROM $BASE`) names whatever the build is given, so it is not pinned.
 */
export function dockerfileBases(text: string): DockerfileBase[] {
  const stages = new Set<string>();
  const bases: DockerfileBase[] = [];
  // Loaded here: only environments have Dockerfiles, and the parser is 35 modules every promotion would load.
  const { DockerfileParser } = require("dockerfile-ast") as typeof import("dockerfile-ast");
  for (const from of DockerfileParser.parse(text).getFROMs()) {
    const image = from.getImage() ?? "";
    const line = from.getRange().start.line + 1;
    const pinned: DockerfileBase["pinned"] = image.includes("$")
      ? "variable"
      : stages.has(image.toLowerCase())
        ? "stage"
        : image.toLowerCase() === "scratch"
          ? "scratch"
          : PINNED.test(image)
            ? "digest"
            : "tag";
    bases.push({ line, image, pinned });
    const stage = from.getBuildStage();
    if (stage) stages.add(stage.toLowerCase());
  }
  return bases;
}

/** What the environment rule judges: the environment as prod would build or pull it. */
export interface EnvironmentFacts {
  id: string;
  /** The image: run as is, or (with a conda file) the base Azure builds the conda environment on. */
  image?: string;
  condaFile?: boolean;
  /** Built from a Docker build context. */
  built: boolean;
  /** The context's Dockerfile, read from the digested context (its sha256 as the digest covers it). */
  dockerfile?: { path: string; sha256: string; text: string };
  /** Why the Dockerfile of a built environment could not be read. */
  dockerfileProblem?: string;
  properties: Record<string, string>;
  autoRebuild?: string;
}

/**
 * A prod environment runs exactly one image. "Pinned" means nothing in its definition can resolve to other
 * bytes later: an image reference names its image by digest (`repo@sha256:…`); an image with a conda file is
 * built by Azure on that base, so the base is named by digest (the conda file is part of the digested
 * definition); an environment built from a Docker context names every base by digest in its Dockerfile's FROM
 * lines (the context, Dockerfile included, is bound by the Airlock digest). A built image whose digest is
 * recorded (`airlock.built_image_digest`) passes too. `autoRebuild: OnBaseImageUpdate` never does.
 */
export function environmentPinnedRule(
  settings: NonNullable<EvidenceSettings["environmentPinned"]>,
  environment: EnvironmentFacts,
): RuleResult {
  const recorded = environment.properties[settings.property];
  const inputs: Record<string, unknown> = {
    environment: environment.id,
    image: environment.image ?? null,
    condaFile: environment.condaFile ?? false,
    built: environment.built,
    autoRebuild: environment.autoRebuild ?? null,
    [settings.property]: recorded ?? null,
  };
  const fail = (message: string): RuleResult => ({
    rule: "environment-pinned",
    passed: false,
    code: "EVIDENCE_IMAGE_NOT_PINNED",
    message,
    inputs,
  });
  if (environment.autoRebuild === "OnBaseImageUpdate") {
    // Azure rebuilds such an environment when its base image changes: prod would run bytes nobody approved.
    return fail(
      `environment ${environment.id} has autoRebuild OnBaseImageUpdate: its image changes whenever the base image does`,
    );
  }
  if (recorded && /^sha256:[0-9a-f]{64}$/.test(recorded)) {
    return { rule: "environment-pinned", passed: true, message: `built image ${recorded}`, inputs };
  }
  if (environment.built) {
    if (!environment.dockerfile) {
      return fail(
        `environment ${environment.id} is built from a context whose Dockerfile could not be read (${environment.dockerfileProblem ?? "no Dockerfile"}) and records no built image digest (${settings.property})`,
      );
    }
    const { path: file, sha256, text } = environment.dockerfile;
    const bases = dockerfileBases(text);
    inputs.dockerfile = { path: file, sha256, bases };
    if (bases.length === 0) return fail(`environment ${environment.id}: ${file} has no FROM line`);
    const loose = bases.find((b) => b.pinned === "tag" || b.pinned === "variable");
    if (loose) {
      return fail(
        loose.pinned === "variable"
          ? `environment ${environment.id}: ${file} line ${loose.line} FROM ${loose.image} names its base through a build argument; name it by digest (image@sha256:…)`
          : `environment ${environment.id}: ${file} line ${loose.line} FROM ${loose.image} is not pinned by digest (image@sha256:…): a tag can move to other bytes, and prod would build on them`,
      );
    }
    return {
      rule: "environment-pinned",
      passed: true,
      message: `built from ${file} (sha256 ${sha256.slice(0, 12)}…) on ${bases.map((b) => b.image).join(", ")}`,
      inputs,
    };
  }
  if (environment.image && PINNED.test(environment.image)) {
    return {
      rule: "environment-pinned",
      passed: true,
      message: environment.condaFile
        ? `conda environment built on base image ${environment.image}`
        : `image ${environment.image}`,
      inputs,
    };
  }
  return fail(
    `environment ${environment.id} uses ${environment.condaFile ? "base image" : "image"} ${environment.image ?? "(none)"}, not pinned by digest (image@sha256:…): a tag can move to other bytes`,
  );
}

// ── champion / challenger ──────────────────────────────────────────────────────────────────────────────────

export interface ScoredDeployment {
  deployment: string;
  /** Mean absolute error over the reference rows with a label; undefined when it did not answer well. */
  meanAbsoluteError: number | undefined;
  problem?: string;
}

/** Mean absolute error of `predictions` against numeric `expected` values (rows without a number are skipped). */
export function meanAbsoluteError(
  predictions: readonly unknown[],
  expected: readonly unknown[],
): number | undefined {
  const errors: number[] = [];
  expected.forEach((value, index) => {
    const want = typeof value === "number" ? value : Number(value);
    const got = Number(predictions[index]);
    if (Number.isFinite(want) && Number.isFinite(got)) errors.push(Math.abs(got - want));
  });
  return errors.length > 0 ? errors.reduce((a, b) => a + b, 0) / errors.length : undefined;
}

export function championChallengerRule(
  settings: NonNullable<EvidenceSettings["championChallenger"]>,
  facts: { candidate: ScoredDeployment; champion?: ScoredDeployment; reference: string; rows: number },
): RuleResult {
  const { candidate, champion } = facts;
  const inputs: Record<string, unknown> = {
    reference: facts.reference,
    rows: facts.rows,
    metric: "mean_absolute_error",
    margin: settings.margin,
    relativeMargin: settings.relativeMargin,
    candidate,
    champion: champion ?? null,
  };
  if (candidate.meanAbsoluteError === undefined) {
    return {
      rule: "champion-challenger",
      passed: false,
      code: "EVIDENCE_CHALLENGER_UNSCORED",
      message: `the candidate ${candidate.deployment} gave no comparable score on ${facts.reference}: ${candidate.problem ?? "no labelled rows"}`,
      inputs,
    };
  }
  if (!champion) {
    return {
      rule: "champion-challenger",
      passed: true,
      message: `no champion serves traffic: candidate MAE ${round(candidate.meanAbsoluteError)} stands alone`,
      inputs,
    };
  }
  if (champion.meanAbsoluteError === undefined) {
    return {
      rule: "champion-challenger",
      passed: true,
      message: `the champion ${champion.deployment} gave no comparable score (${champion.problem ?? "no answer"}); the candidate is not compared`,
      inputs,
    };
  }
  const allowed =
    champion.meanAbsoluteError +
    Math.max(settings.margin, settings.relativeMargin * champion.meanAbsoluteError);
  inputs.allowedMeanAbsoluteError = round(allowed);
  if (candidate.meanAbsoluteError > allowed) {
    return {
      rule: "champion-challenger",
      passed: false,
      code: "EVIDENCE_CHAMPION_BETTER",
      message: `candidate ${candidate.deployment} MAE ${round(candidate.meanAbsoluteError)} is worse than champion ${champion.deployment} MAE ${round(champion.meanAbsoluteError)} by more than the policy's margin (allowed ≤ ${round(allowed)})`,
      inputs,
    };
  }
  return {
    rule: "champion-challenger",
    passed: true,
    message: `candidate MAE ${round(candidate.meanAbsoluteError)} within the margin of champion ${champion.deployment} MAE ${round(champion.meanAbsoluteError)}`,
    inputs,
  };
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

// ── the gate ───────────────────────────────────────────────────────────────────────────────────────────────

/** Throws for the first failing rule when enforcing: InputError (3) for malformed evidence, else GateError (7). */
export function assertEvidence(
  results: readonly RuleResult[],
  enforcement: EvidenceEnforcement,
  where: string,
): void {
  if (enforcement !== "enforce") return;
  const failed = results.find((r) => !r.passed);
  if (!failed) return;
  const details = { rule: failed.rule, inputs: failed.inputs, results };
  const message = `${where}: evidence rule ${failed.rule} failed: ${failed.message}`;
  if (failed.malformed) throw new InputError(failed.code ?? "EVIDENCE_MALFORMED", message, details);
  throw new GateError(failed.code ?? "EVIDENCE_RULE_FAILED", message, details);
}
