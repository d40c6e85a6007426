/**
 * @module assets/load
 * Reads one asset YAML (the file `az ml <asset> create -f` takes), validates it against the JSON Schema and the
 * semantic rules (names, versions, references, local paths, command placeholders), and returns the normalized
 * definition. Every problem in the file is collected and reported in one InputError that names the file, the
 * field path (with its line) and what is wrong. Local paths must stay inside the asset folder: the YAML's own
 * folder unless the caller names a wider project folder with `root`.
 */
import { readFile, realpath, stat } from "node:fs/promises";
import path from "node:path";
import type { ErrorObject, ValidateFunction } from "ajv";
import { type Document, isCollection, isMap, isScalar, LineCounter, parseDocument, stringify } from "yaml";
import { InputError } from "../errors.ts";
import { compileSchema, describeSchemaErrors } from "../platform/schema.ts";
import { isInside, walkLocalPath } from "./files.ts";
import { assetNameProblem, assetVersionProblem, azMlVersionText } from "./names.ts";
import { type AssetReference, analyzeAssetReference, describeReferenceProblem } from "./reference.ts";
import { commandComponentSchema, dataSchema, environmentSchema, modelSchema } from "./schemas.ts";
import type {
  AssetDefinition,
  AssetKind,
  AssetPath,
  ComponentAsset,
  ComponentEnvironment,
  ComponentPort,
  DataAsset,
  DataType,
  EnvironmentAsset,
  EnvironmentDefinition,
  InferenceRoute,
  LocalAssetPath,
  ModelAsset,
  ModelType,
  PortType,
} from "./types.ts";

export interface LoadAssetOptions {
  /** Which asset the file defines; inferred from `$schema` or the file's shape when omitted. */
  kind?: AssetKind;
  /** The folder local paths must stay inside; defaults to the YAML file's folder. Must contain the file. */
  root?: string;
}

export interface AssetProblem {
  /** Dotted field path ("" for the whole file). */
  field: string;
  code: string;
  message: string;
  line?: number;
}

const validators: Record<AssetKind, ValidateFunction> = {
  model: compileSchema(modelSchema),
  data: compileSchema(dataSchema),
  environment: compileSchema(environmentSchema),
  component: compileSchema(commandComponentSchema),
};

const SCHEMA_KINDS: ReadonlyArray<[RegExp, AssetKind]> = [
  [/\/model\.schema\.json$/i, "model"],
  [/\/data\.schema\.json$/i, "data"],
  [/\/environment\.schema\.json$/i, "environment"],
  [/\/commandComponent\.schema\.json$/i, "component"],
];

/** Alias expansions one asset file may use; an asset file needs few, an alias bomb needs billions. */
const MAX_ALIAS_COUNT = 50;

export const DATA_CLASS_TAG = "data_type";
export const DATA_CLASSES = ["training", "validation", "reference"] as const;

/** Loads and validates one asset file. Throws InputError listing every problem found. */
export async function loadAssetFile(file: string, options: LoadAssetOptions = {}): Promise<AssetDefinition> {
  const absoluteFile = path.resolve(file);
  const shown = displayPath(absoluteFile);
  let text: string;
  try {
    text = await readFile(absoluteFile, "utf8");
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
    throw new InputError(
      missing ? "ASSET_FILE_MISSING" : "ASSET_INVALID",
      missing
        ? `${shown}: the asset file does not exist`
        : `${shown}: cannot read the asset file (${String(error)})`,
      { file: shown },
    );
  }
  const root = path.resolve(options.root ?? path.dirname(absoluteFile));
  if (!isInside(absoluteFile, root)) {
    throw new InputError(
      "ASSET_PATH_ESCAPES",
      `${shown}: the asset file is outside the asset folder ${root}`,
      {
        file: shown,
      },
    );
  }
  const context = new LoadContext(absoluteFile, shown, root, text);
  const asset = await context.load(options.kind);
  context.throwIfProblems();
  return asset!;
}

type Common = ReturnType<LoadContext["common"]> & { versionSource: "file" | "auto" };

/** Everything one load needs: the parsed document, where its nodes are, and the problems found so far. */
class LoadContext {
  readonly file: string;
  readonly shown: string;
  readonly root: string;
  readonly folder: string;
  readonly text: string;
  readonly problems: AssetProblem[] = [];
  private readonly lines = new LineCounter();
  private doc: Document | undefined;
  private realRoot = "";

  constructor(file: string, shown: string, root: string, text: string) {
    this.file = file;
    this.shown = shown;
    this.root = root;
    this.folder = path.dirname(file);
    this.text = text;
  }

  problem(field: string, code: string, message: string): void {
    this.problems.push({ field, code, message, line: this.lineOf(field) });
  }

  throwIfProblems(): void {
    if (this.problems.length === 0) return;
    const codes = new Set(this.problems.map((p) => p.code));
    const code = codes.size === 1 ? [...codes][0]! : "ASSET_INVALID";
    const describe = (p: AssetProblem) =>
      `${p.field || "(file)"}${p.line !== undefined ? ` (line ${p.line})` : ""}: ${p.message}`;
    const message =
      this.problems.length === 1
        ? `${this.shown}: ${describe(this.problems[0]!)}`
        : `${this.shown}: ${this.problems.length} problems:\n${this.problems.map((p) => `  - ${describe(p)}`).join("\n")}`;
    throw new InputError(code, message, { file: this.shown, problems: this.problems });
  }

  async load(requestedKind: AssetKind | undefined): Promise<AssetDefinition | undefined> {
    this.doc = parseDocument(this.text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
    if (this.doc.errors.length > 0) {
      for (const error of this.doc.errors) {
        const line = this.lines.linePos(error.pos[0]).line;
        this.problems.push({
          field: "",
          code: "ASSET_YAML_INVALID",
          message: `not valid YAML: ${error.message.split("\n")[0]}`,
          line,
        });
      }
      return undefined;
    }
    if (!isMap(this.doc.contents)) {
      this.problem("", "ASSET_INVALID", "the file must be a YAML mapping of keys (name, version, ...)");
      return undefined;
    }
    let document: Record<string, unknown>;
    try {
      document = this.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as Record<string, unknown>;
    } catch (error) {
      // yaml throws a ReferenceError when aliases expand past the limit (a "billion laughs" file).
      this.problem(
        "",
        "ASSET_YAML_ALIASES",
        `not accepted: its aliases expand beyond ${MAX_ALIAS_COUNT} nodes (${(error as Error).message})`,
      );
      return undefined;
    }
    const kind = this.detectKind(document, requestedKind);
    if (!kind) return undefined;
    const validate = validators[kind];
    if (!validate(document)) this.schemaProblems(validate.errors);
    try {
      this.realRoot = await realpath(this.root);
    } catch {
      this.problem("", "ASSET_FILE_MISSING", `the asset folder ${this.root} does not exist`);
      return undefined;
    }
    const versionSource = this.normalizeVersion(document);
    const common = { ...this.common(document), versionSource };
    switch (kind) {
      case "model":
        return this.model(document, common);
      case "data":
        return this.data(document, common);
      case "environment":
        return this.environment(document, common);
      case "component":
        return this.component(document, common);
    }
  }

  private detectKind(
    document: Record<string, unknown>,
    requested: AssetKind | undefined,
  ): AssetKind | undefined {
    const schema = document.$schema;
    let fromSchema: AssetKind | undefined;
    if (typeof schema === "string") {
      fromSchema = SCHEMA_KINDS.find(([pattern]) => pattern.test(schema))?.[1];
      if (!fromSchema) {
        this.problem(
          "$schema",
          "ASSET_KIND_UNKNOWN",
          `${JSON.stringify(schema)} is not a supported asset schema (model, data, environment or commandComponent .schema.json)`,
        );
        return undefined;
      }
    }
    if (requested && fromSchema && requested !== fromSchema) {
      this.problem(
        "$schema",
        "ASSET_KIND_MISMATCH",
        `the file declares a ${fromSchema} schema, not a ${requested}`,
      );
      return undefined;
    }
    const kind = requested ?? fromSchema ?? inferKind(document);
    if (!kind) {
      this.problem(
        "",
        "ASSET_KIND_UNKNOWN",
        "cannot tell which asset this file defines: add $schema (e.g. https://azuremlschemas.azureedge.net/latest/model.schema.json)",
      );
    }
    return kind;
  }

  private schemaProblems(errors: readonly ErrorObject[] | null | undefined): void {
    for (const error of errors ?? []) {
      // Union keywords repeat what the specific errors already say.
      if (error.keyword === "if" || error.keyword === "anyOf" || error.keyword === "oneOf") continue;
      const segments = error.instancePath.split("/").slice(1).map(unescapePointer);
      if (error.keyword === "required") segments.push(String(error.params.missingProperty));
      if (error.keyword === "additionalProperties") segments.push(String(error.params.additionalProperty));
      const field = segments.join(".");
      const described = describeSchemaErrors([error])[0] ?? "is invalid";
      const message = described.includes(": ") ? described.slice(described.indexOf(": ") + 2) : described;
      const code = error.keyword === "additionalProperties" ? "ASSET_UNKNOWN_FIELD" : "ASSET_INVALID";
      this.problem(field, code, message);
    }
  }

  /**
   * The version as az ml reads it: PyYAML (YAML 1.1) resolves a plain scalar, then azure-ai-ml's VersionField
   * keeps strings and turns numbers into Python's str() (`01` → "1", `1.10` → "1.1"). A missing version is
   * resolved at registration, as az ml does (the container's nextVersion, or "1").
   */
  private normalizeVersion(document: Record<string, unknown>): "file" | "auto" {
    const node = this.doc?.get("version", true);
    if (node === undefined || (isScalar(node) && node.value === null && document.version === null)) {
      if (node !== undefined) {
        this.problem(
          "version",
          "ASSET_VERSION_INVALID",
          'is empty: write a version (e.g. "1") or leave the key out to let registration pick the next one',
        );
      }
      delete document.version;
      return "auto";
    }
    if (isCollection(node)) {
      this.problem(
        "version",
        "ASSET_VERSION_INVALID",
        "is a YAML mapping or list, not a version: it looks like an unfilled template placeholder such as {{MODEL_VERSION}}; substitute it (az ml refuses it too)",
      );
      delete document.version;
      return "file";
    }
    if (isScalar(node)) {
      const text = azMlVersionText(
        node.source === undefined ? String(node.value) : String(node.source),
        node.type,
      );
      if (text !== undefined) document.version = text;
    }
    return "file";
  }

  private common(document: Record<string, unknown>) {
    if (typeof document.name === "string") {
      const problem = assetNameProblem(document.name);
      if (problem) this.problem("name", "ASSET_NAME_INVALID", problem);
    }
    let version = "";
    if (typeof document.version === "string") {
      version = document.version;
      const problem = assetVersionProblem(version);
      if (problem) this.problem("version", "ASSET_VERSION_INVALID", problem);
    }
    const asString = (value: unknown) => (typeof value === "string" ? value : undefined);
    return {
      file: this.file,
      root: this.realRoot,
      name: asString(document.name) ?? "",
      version,
      ...(typeof document.description === "string" ? { description: document.description } : {}),
      tags: this.stringMap(document, "tags"),
      properties: this.stringMap(document, "properties"),
      document,
    };
  }

  /** Tags and properties are string → string in Azure; numbers and booleans are kept as written. */
  private stringMap(
    document: Record<string, unknown>,
    key: string,
    prefix: string[] = [],
  ): Record<string, string> {
    const value = document[key];
    if (!value || typeof value !== "object" || Array.isArray(value)) return {};
    const result: Record<string, string> = {};
    for (const [name, item] of Object.entries(value as Record<string, unknown>)) {
      if (typeof item === "string") result[name] = item;
      else if (typeof item === "number" || typeof item === "boolean") {
        result[name] = this.writtenScalar([...prefix, key, name]) ?? String(item);
      }
    }
    return result;
  }

  private async model(document: Record<string, unknown>, common: Common) {
    const assetPath = await this.assetPath(document.path, "path", "model");
    const asset: ModelAsset = {
      ...common,
      kind: "model",
      type: (document.type as ModelType | undefined) ?? "custom_model",
      path: assetPath ?? { local: false, written: "" },
      ...(typeof document.stage === "string" ? { stage: document.stage } : {}),
      ...(isRecord(document.flavors)
        ? { flavors: document.flavors as Record<string, Record<string, unknown>> }
        : {}),
    };
    return asset;
  }

  private async data(document: Record<string, unknown>, common: Common) {
    const type = (document.type as DataType | undefined) ?? "uri_folder";
    const dataClass = common.tags[DATA_CLASS_TAG];
    if (dataClass !== undefined && !(DATA_CLASSES as readonly string[]).includes(dataClass)) {
      this.problem(
        `tags.${DATA_CLASS_TAG}`,
        "ASSET_INVALID",
        `${JSON.stringify(dataClass)} is not a data class: use ${DATA_CLASSES.join(", ")}`,
      );
    }
    const assetPath = await this.assetPath(
      document.path,
      "path",
      "data",
      type === "uri_file" ? "file" : "folder",
    );
    const asset: DataAsset = {
      ...common,
      kind: "data",
      type,
      path: assetPath ?? { local: false, written: "" },
    };
    return asset;
  }

  private async environment(document: Record<string, unknown>, common: Common) {
    const definition = await this.environmentDefinition(document, "");
    const asset: EnvironmentAsset = { ...common, kind: "environment", ...definition };
    return asset;
  }

  private async environmentDefinition(
    document: Record<string, unknown>,
    prefix: string,
  ): Promise<EnvironmentDefinition> {
    const at = (key: string) => (prefix ? `${prefix}.${key}` : key);
    const hasImage = typeof document.image === "string";
    const hasBuild = isRecord(document.build);
    if (hasImage && hasBuild) {
      this.problem(at("build"), "ASSET_INVALID", "give either image or build, not both");
    } else if (!hasImage && !hasBuild && document.image === undefined && document.build === undefined) {
      this.problem(prefix, "ASSET_INVALID", "one of image or build is required");
    }
    if (document.conda_file !== undefined && !hasImage) {
      this.problem(
        at("conda_file"),
        "ASSET_INVALID",
        "conda_file needs an image to build on (with build, put it in the Dockerfile)",
      );
    }
    if (
      hasImage &&
      !/^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*(:[\w][\w.-]{0,127}|@sha256:[0-9a-f]{64})?$/.test(
        document.image as string,
      )
    ) {
      this.problem(
        at("image"),
        "ASSET_INVALID",
        `${JSON.stringify(document.image)} is not a valid container image reference`,
      );
    }
    const definition: EnvironmentDefinition = {
      osType: document.os_type === "windows" ? "windows" : "linux",
      ...(hasImage ? { image: document.image as string } : {}),
    };
    if (typeof document.conda_file === "string") {
      const local = await this.localPath(document.conda_file, at("conda_file"), "file");
      if (local) {
        const content = await readFile(local.absolute, "utf8");
        definition.condaFile = { local, content };
      }
    } else if (isRecord(document.conda_file)) {
      definition.condaFile = { content: stringify(document.conda_file) };
    }
    if (hasBuild) {
      const build = document.build as Record<string, unknown>;
      const dockerfilePath = typeof build.dockerfile_path === "string" ? build.dockerfile_path : "Dockerfile";
      const context =
        typeof build.path === "string"
          ? await this.localPath(build.path, at("build.path"), "folder")
          : undefined;
      if (context) {
        const dockerfile = path.resolve(context.absolute, dockerfilePath);
        if (path.isAbsolute(dockerfilePath) || !isInside(dockerfile, context.absolute)) {
          this.problem(
            at("build.dockerfile_path"),
            "ASSET_PATH_ESCAPES",
            `${dockerfilePath} must be a relative path inside the build context`,
          );
        } else if (!(await isFile(dockerfile))) {
          this.problem(
            at("build.dockerfile_path"),
            "ASSET_FILE_MISSING",
            `${dockerfilePath} does not exist in the build context ${context.written}`,
          );
        } else {
          definition.build = { context, dockerfilePath };
        }
      }
    }
    if (isRecord(document.inference_config)) {
      const config = document.inference_config;
      const route = (key: string) =>
        isRecord(config[key]) ? (config[key] as unknown as InferenceRoute) : undefined;
      definition.inferenceConfig = {
        ...(route("liveness_route") ? { livenessRoute: route("liveness_route") } : {}),
        ...(route("readiness_route") ? { readinessRoute: route("readiness_route") } : {}),
        ...(route("scoring_route") ? { scoringRoute: route("scoring_route") } : {}),
      };
    }
    return definition;
  }

  private async component(document: Record<string, unknown>, common: Common) {
    const inputs = this.ports(document.inputs, "inputs");
    const outputs = this.ports(document.outputs, "outputs");
    const command = typeof document.command === "string" ? document.command : "";
    this.checkCommand(command, inputs, outputs);
    const code =
      typeof document.code === "string" ? await this.localPath(document.code, "code", "folder") : undefined;
    const additionalIncludes: LocalAssetPath[] = [];
    if (Array.isArray(document.additional_includes)) {
      if (document.code === undefined && document.additional_includes.length > 0) {
        this.problem(
          "additional_includes",
          "ASSET_INVALID",
          "needs a code folder to add to: set code (az ml copies the includes next to the code's files)",
        );
      }
      for (const [index, written] of document.additional_includes.entries()) {
        if (typeof written !== "string") continue;
        const include = await this.localPath(written, `additional_includes.${index}`, "any");
        if (include) additionalIncludes.push(include);
      }
    }
    let environment: ComponentEnvironment | undefined;
    if (typeof document.environment === "string") {
      const reference = this.reference(
        document.environment,
        "environment",
        ["environments"],
        ["workspace", "registry", "workspace-long"],
      );
      if (reference) environment = { reference, written: document.environment };
    } else if (isRecord(document.environment)) {
      const inline = document.environment;
      const definition = await this.environmentDefinition(inline, "environment");
      environment = {
        inline: {
          ...definition,
          ...(typeof inline.description === "string" ? { description: inline.description } : {}),
          tags: this.stringMap(inline, "tags", ["environment"]),
        },
      };
    }
    const asset: ComponentAsset = {
      ...common,
      kind: "component",
      type: "command",
      ...(typeof document.display_name === "string" ? { displayName: document.display_name } : {}),
      isDeterministic: document.is_deterministic !== false,
      inputs,
      outputs,
      ...(code ? { code } : {}),
      additionalIncludes,
      environment: environment ?? { inline: { osType: "linux", tags: {} } },
      command,
      ...(isRecord(document.resources) ? { resources: document.resources } : {}),
    };
    return asset;
  }

  private ports(value: unknown, group: "inputs" | "outputs"): Record<string, ComponentPort> {
    const ports: Record<string, ComponentPort> = {};
    if (!isRecord(value)) return ports;
    for (const [name, raw] of Object.entries(value)) {
      const field = `${group}.${name}`;
      if (!/^[a-zA-Z_][a-zA-Z0-9_]{0,254}$/.test(name)) {
        this.problem(
          field,
          "ASSET_INVALID",
          `${JSON.stringify(name)} is not a valid port name: use letters, digits and '_', not starting with a digit`,
        );
      }
      if (!isRecord(raw)) continue;
      const { type, description, optional, default: defaultValue, ...extra } = raw;
      const port: ComponentPort = {
        type: type as PortType,
        optional: optional === true,
        extra,
        ...(typeof description === "string" ? { description } : {}),
        ...(defaultValue !== undefined ? { default: defaultValue as string | number | boolean } : {}),
      };
      if (defaultValue !== undefined) this.checkDefault(port, `${field}.default`);
      ports[name] = port;
    }
    return ports;
  }

  private checkDefault(port: ComponentPort, field: string): void {
    const value = port.default;
    const wrong = (expected: string) =>
      this.problem(
        field,
        "ASSET_INVALID",
        `${JSON.stringify(value)} is not ${expected} (the port's type is ${port.type})`,
      );
    switch (port.type) {
      case "integer":
        if (typeof value !== "number" || !Number.isInteger(value)) wrong("an integer");
        break;
      case "number":
        if (typeof value !== "number") wrong("a number");
        break;
      case "boolean":
        if (typeof value !== "boolean") wrong("a boolean");
        break;
      case "string":
        if (typeof value !== "string") wrong("a string");
        break;
      default:
        if (typeof value !== "string") wrong("a path or URI string");
    }
    const { min, max } = port.extra;
    if (typeof value === "number" && typeof min === "number" && value < min) wrong(`>= min ${min}`);
    if (typeof value === "number" && typeof max === "number" && value > max) wrong(`<= max ${max}`);
  }

  /** Every `${{...}}` in the command must name a declared input or output. */
  private checkCommand(
    command: string,
    inputs: Record<string, ComponentPort>,
    outputs: Record<string, ComponentPort>,
  ): void {
    for (const match of command.matchAll(/\$\{\{\s*([^}]*?)\s*\}\}/g)) {
      const expression = match[1] ?? "";
      const port = /^(inputs|outputs)\.([a-zA-Z_][a-zA-Z0-9_]*)$/.exec(expression);
      if (!port) {
        this.problem(
          "command",
          "ASSET_INVALID",
          `\${{${expression}}} is not a placeholder a component can use (\${{inputs.<name>}} or \${{outputs.<name>}})`,
        );
        continue;
      }
      const [, group, name] = port;
      const declared = group === "inputs" ? inputs : outputs;
      if (!(name! in declared)) {
        const known = Object.keys(declared);
        this.problem(
          "command",
          "ASSET_INVALID",
          `\${{${expression}}} refers to ${group === "inputs" ? "an input" : "an output"} '${name}' that is not declared under ${group}` +
            (known.length ? ` (declared: ${known.join(", ")})` : ` (no ${group} are declared)`),
        );
      }
    }
    if (/\$\{\{(?![^}]*\}\})/.test(command))
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the message quotes the placeholder syntax
      this.problem("command", "ASSET_INVALID", "a '${{' placeholder is not closed with '}}'");
  }

  private reference(
    text: string,
    field: string,
    assetTypes: readonly string[],
    forms: readonly AssetReference["form"][],
  ): AssetReference | undefined {
    const analysis = analyzeAssetReference(text);
    if (!analysis.ok) {
      this.problem(field, "ASSET_REFERENCE_INVALID", describeReferenceProblem(text, analysis.problem));
      return undefined;
    }
    const reference = analysis.reference;
    if (!forms.includes(reference.form)) {
      this.problem(
        field,
        "ASSET_REFERENCE_INVALID",
        `${JSON.stringify(text)} is a ${reference.form} reference, which ${field} does not accept`,
      );
      return undefined;
    }
    if ("assetType" in reference && !assetTypes.includes(reference.assetType)) {
      this.problem(
        field,
        "ASSET_REFERENCE_INVALID",
        `${JSON.stringify(text)} points at ${reference.assetType}, but ${field} needs ${assetTypes.join(" or ")}`,
      );
      return undefined;
    }
    return reference;
  }

  /** A model's or data asset's `path`: local (file or folder) or a remote URI. */
  private async assetPath(
    value: unknown,
    field: string,
    kind: "model" | "data",
    expect: "file" | "folder" | "any" = "any",
  ): Promise<AssetPath | undefined> {
    if (typeof value !== "string") return undefined;
    if (value.trim() === "") {
      this.problem(field, "ASSET_INVALID", "must not be empty");
      return undefined;
    }
    const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(value)?.[1]?.toLowerCase();
    if (scheme === undefined) return this.localPath(value, field, kind === "model" ? "any" : expect);
    if (scheme === "azureml") {
      const forms: AssetReference["form"][] =
        kind === "model"
          ? ["datastore", "job-output", "registry", "workspace-long", "workspace-location"]
          : ["datastore", "job-output"];
      const reference = this.reference(value, field, ["models"], forms);
      return reference ? { local: false, written: value, reference } : undefined;
    }
    if (scheme === "https" || scheme === "http" || scheme === "wasbs" || scheme === "abfss") {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        this.problem(field, "ASSET_INVALID", `${JSON.stringify(value)} is not a valid URI`);
        return undefined;
      }
      if (scheme === "http" && !["127.0.0.1", "localhost", "[::1]"].includes(url.hostname)) {
        this.problem(
          field,
          "ASSET_INVALID",
          "use https:// (plain http is only accepted for loopback addresses)",
        );
        return undefined;
      }
      return { local: false, written: value };
    }
    this.problem(
      field,
      "ASSET_INVALID",
      `the '${scheme}:' scheme is not supported: use a local path, azureml://, https://, wasbs:// or abfss://`,
    );
    return undefined;
  }

  /** A local path: relative to the YAML, inside the asset folder, existing, with no symlink leading outside. */
  private async localPath(
    written: string,
    field: string,
    expect: "file" | "folder" | "any",
  ): Promise<LocalAssetPath | undefined> {
    if (written.trim() === "") {
      this.problem(field, "ASSET_INVALID", "must not be empty");
      return undefined;
    }
    if (/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(written)) {
      this.problem(
        field,
        "ASSET_INVALID",
        `${JSON.stringify(written)} must be a local path relative to the YAML file, not a URI`,
      );
      return undefined;
    }
    if (path.isAbsolute(written) || /^[a-zA-Z]:[\\/]/.test(written) || written.startsWith("~")) {
      this.problem(
        field,
        "ASSET_PATH_ESCAPES",
        `${JSON.stringify(written)} is an absolute path: write it relative to the YAML file, inside ${displayPath(this.root)}`,
      );
      return undefined;
    }
    const absolute = path.resolve(this.folder, written);
    if (!isInside(absolute, this.root)) {
      this.problem(
        field,
        "ASSET_PATH_ESCAPES",
        `${JSON.stringify(written)} leads outside the asset folder ${displayPath(this.root)}`,
      );
      return undefined;
    }
    let real: string;
    try {
      real = await realpath(absolute);
    } catch {
      this.problem(
        field,
        "ASSET_FILE_MISSING",
        `${JSON.stringify(written)} does not exist (looked for ${displayPath(absolute)})`,
      );
      return undefined;
    }
    if (!isInside(real, this.realRoot)) {
      this.problem(
        field,
        "ASSET_PATH_ESCAPES",
        `${JSON.stringify(written)} is a symlink that resolves outside the asset folder (to ${real})`,
      );
      return undefined;
    }
    const walk = await walkLocalPath(absolute, { boundary: this.realRoot });
    for (const problem of walk.problems) {
      this.problem(field, problem.code, `${JSON.stringify(written)}: ${problem.message}`);
    }
    if (walk.problems.length > 0) return undefined;
    if (expect !== "any" && walk.kind !== expect) {
      this.problem(
        field,
        "ASSET_INVALID",
        `${JSON.stringify(written)} is a ${walk.kind}, but a ${expect} is needed here`,
      );
      return undefined;
    }
    if (walk.kind === "folder" && walk.files.length === 0) {
      this.problem(field, "ASSET_FILE_MISSING", `${JSON.stringify(written)} is an empty folder`);
      return undefined;
    }
    return { local: true, written, absolute, entry: walk.kind };
  }

  /** The scalar's text as written (so `version: 1.10` stays "1.10", not 1.1). */
  private writtenScalar(segments: string[]): string | undefined {
    const node = this.doc?.getIn(segments, true);
    return isScalar(node) && typeof node.source === "string" ? node.source : undefined;
  }

  private lineOf(field: string): number | undefined {
    if (!this.doc || field === "") return undefined;
    const segments = field.split(".");
    while (segments.length > 0) {
      const node = this.doc.getIn(segments, true) as { range?: [number, number, number] } | undefined;
      if (node?.range) return this.lines.linePos(node.range[0]).line;
      segments.pop();
    }
    return undefined;
  }
}

function inferKind(document: Record<string, unknown>): AssetKind | undefined {
  const type = document.type;
  if (type === "command") return "component";
  if (typeof type === "string" && ["custom_model", "mlflow_model", "triton_model"].includes(type))
    return "model";
  if (typeof type === "string" && ["uri_file", "uri_folder", "mltable"].includes(type)) return "data";
  if (document.image !== undefined || document.build !== undefined || document.conda_file !== undefined)
    return "environment";
  if (document.command !== undefined) return "component";
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

function unescapePointer(segment: string): string {
  return segment.replaceAll("~1", "/").replaceAll("~0", "~");
}

/** A path relative to the working directory when it is under it, else absolute. */
export function displayPath(absolute: string): string {
  const relative = path.relative(process.cwd(), absolute);
  return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : absolute;
}
