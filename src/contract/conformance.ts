/**
 * @module contract/conformance
 * Holds recorded ARM exchanges to the vendored REST spec subsets (src/contract/spec/, provenance in its
 * README): each request must match a path template + method of a spec whose api-version it sends, with
 * path parameters valid and only declared query parameters; request and response bodies are validated with
 * ajv over the swagger definitions (allOf flattened, `additionalProperties: false` honoured across the
 * flattening, discriminators dispatched on their `x-ms-discriminator-value`, `x-nullable`, readOnly
 * properties refused in requests, int32/int64 and the other swagger formats); the status must be declared
 * (errors fall to `default`); a 201/202 of a long-running operation must carry its declared async header and
 * every declared header must fit its schema (Retry-After 10–600). Polls of the announced Azure-AsyncOperation
 * / Location URLs are checked as polls (the operation status body of common-types v5). Exceptions the spec
 * itself is known to get wrong live in ./exceptions.ts, each with its evidence.
 */
import { readFileSync } from "node:fs";
import AjvModule, { type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { SPEC_EXCEPTIONS, type SpecException } from "./exceptions.ts";
import type { ArmExchange, Violation } from "./exchange.ts";

const Ajv = AjvModule.default;
const addFormats = addFormatsModule.default;

type Json = Record<string, unknown>;

interface SwaggerParameter {
  in: "path" | "query" | "body" | "header";
  name: string;
  required?: boolean;
  type?: string;
  format?: string;
  pattern?: string;
  enum?: string[];
  minLength?: number;
  maxLength?: number;
  schema?: Json;
  "x-ms-skip-url-encoding"?: boolean;
}

interface SwaggerResponse {
  schema?: Json;
  headers?: Record<string, Json>;
}

interface SwaggerOperation {
  operationId: string;
  parameters: (SwaggerParameter | { $ref: string })[];
  responses: Record<string, SwaggerResponse>;
  "x-ms-long-running-operation"?: boolean;
}

interface SwaggerDocument {
  info: { title: string; version: string };
  paths: Record<string, Record<string, SwaggerOperation>>;
  parameters?: Record<string, SwaggerParameter>;
  definitions: Record<string, Json>;
}

/** The vendored spec subsets, one per resource provider api-version. */
export const SPEC_FILES = [
  "machinelearningservices-2024-10-01.json",
  "storage-2023-05-01.json",
  "authorization-2022-04-01.json",
  "resources-2021-04-01.json",
  "subscriptions-2022-12-01.json",
  "managedidentity-2023-01-31.json",
] as const;

export function loadSpecs(): SwaggerDocument[] {
  return SPEC_FILES.map(
    (file) => JSON.parse(readFileSync(new URL(`./spec/${file}`, import.meta.url), "utf8")) as SwaggerDocument,
  );
}

export type { Violation } from "./exchange.ts";

export interface ConformanceReport {
  violations: Violation[];
  /** Exchanges checked per operationId (polls as "poll:Azure-AsyncOperation" / "poll:Location"). */
  counts: Record<string, number>;
  /** Exchanges outside ARM (the twin's data plane, e.g. /_inference/...), not checked. */
  skipped: number;
  /** Exceptions that matched at least once. */
  exceptionsUsed: string[];
}

interface CompiledOperation {
  spec: SwaggerDocument;
  specIndex: number;
  method: string;
  template: string;
  /** Literal segments lower-cased; parameters as {name}; a skip-url-encoding parameter may span segments. */
  segments: string[];
  literals: number;
  op: SwaggerOperation;
  params: SwaggerParameter[];
  /** A skip-url-encoding path parameter ({scope}) in the first segment: it spans every segment before the tail. */
  spanning?: string;
}

const HTTP_METHODS = ["get", "put", "post", "delete", "patch", "head"];

export class SpecConformance {
  readonly #operations: CompiledOperation[] = [];
  /** The operations by "METHOD api-version", most specific first: a request is matched against its own only. */
  readonly #byRoute = new Map<string, CompiledOperation[]>();
  // optimize: false skips ajv's code-tidying passes: the same checks, compiled in about half the time (the spec
  // subsets compile to ~1000 functions, and compiling them is most of a check's cost).
  readonly #ajv = new Ajv({
    strict: false,
    allErrors: true,
    validateFormats: true,
    inlineRefs: false,
    code: { optimize: false },
  });
  readonly #validators = new Map<string, ValidateFunction>();
  readonly #exceptions: readonly SpecException[];

  constructor(
    specs: SwaggerDocument[] = loadSpecs(),
    exceptions: readonly SpecException[] = SPEC_EXCEPTIONS,
  ) {
    this.#exceptions = exceptions;
    addFormats(this.#ajv);
    const isInt = (min: number, max: number) => (n: number) => Number.isInteger(n) && n >= min && n <= max;
    this.#ajv.addFormat("int32", { type: "number", validate: isInt(-2147483648, 2147483647) });
    this.#ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isInteger(n) });
    for (const name of ["double", "float"])
      this.#ajv.addFormat(name, { type: "number", validate: () => true });
    for (const name of ["arm-id", "password", "byte", "unixtime"]) this.#ajv.addFormat(name, () => true);
    specs.forEach((spec, specIndex) => {
      // One schema per definition and mode, each compiled only when a check first needs it.
      for (const [key, schema] of Object.entries(toJsonSchemas(spec.definitions, `s${specIndex}_`)))
        this.#ajv.addSchema({ ...schema, $id: `s${specIndex}_${key}` });
      for (const [template, item] of Object.entries(spec.paths)) {
        for (const [method, op] of Object.entries(item)) {
          if (!HTTP_METHODS.includes(method)) continue;
          const segments = template
            .split("/")
            .filter(Boolean)
            .map((s) => (s.startsWith("{") ? s : s.toLowerCase()));
          const params = op.parameters.map((p) => resolveParameter(spec, p));
          const spanning = params.find((p) => p.in === "path" && p["x-ms-skip-url-encoding"]);
          this.#operations.push({
            spec,
            specIndex,
            method: method.toUpperCase(),
            template,
            segments,
            literals: segments.filter((s) => !s.startsWith("{")).length,
            op,
            params,
            ...(spanning && segments[0] === `{${spanning.name}}` ? { spanning: spanning.name } : {}),
          });
        }
      }
    });
    // Most specific first: more literal segments win over parameters.
    this.#operations.sort((a, b) => b.literals - a.literals);
    for (const compiled of this.#operations) {
      const route = `${compiled.method} ${compiled.spec.info.version}`;
      const list = this.#byRoute.get(route) ?? [];
      list.push(compiled);
      this.#byRoute.set(route, list);
    }
  }

  /** Every operation of the vendored subsets, by operationId (the test lists which ones a run exercised). */
  operationIds(): string[] {
    return this.#operations.map((o) => o.op.operationId).sort();
  }

  /** The query parameters an operation declares (api-version included). */
  declaredQuery(operationId: string): string[] {
    const op = this.#operations.find((o) => o.op.operationId === operationId);
    if (!op) throw new Error(`No operation ${operationId} in the vendored spec.`);
    return op.params.filter((p) => p.in === "query").map((p) => p.name);
  }

  /** The pattern(s) a path parameter of an operation declares. */
  pathParameterPatterns(operationId: string, name: string): string[] {
    const op = this.#operations.find((o) => o.op.operationId === operationId);
    if (!op) throw new Error(`No operation ${operationId} in the vendored spec.`);
    return op.params.filter((p) => p.in === "path" && p.name === name && p.pattern).map((p) => p.pattern!);
  }

  check(exchanges: readonly ArmExchange[]): ConformanceReport {
    const violations: Violation[] = [];
    const counts: Record<string, number> = {};
    const used = new Set<string>();
    const polls = new Map<string, "Azure-AsyncOperation" | "Location">();
    let skipped = 0;
    for (const exchange of exchanges) {
      const url = new URL(exchange.url, "http://twin.invalid");
      if (
        !url.pathname.startsWith("/subscriptions/") &&
        !url.pathname.toLowerCase().startsWith("/providers/")
      ) {
        skipped++;
        continue;
      }
      const found: Violation[] = [];
      const pollKind = polls.get(url.pathname);
      let operation: string;
      if (pollKind && exchange.method === "GET") {
        operation = `poll:${pollKind}`;
        this.#checkPoll(exchange, pollKind, found);
      } else {
        const match = this.#match(exchange.method, url.pathname, url.searchParams.get("api-version"));
        if (!match) {
          operation = "(no operation)";
          found.push({
            operation,
            method: exchange.method,
            path: url.pathname,
            problem: `no ${exchange.method} operation of the vendored spec (api-version ${url.searchParams.get("api-version") ?? "missing"}) has this path`,
          });
        } else {
          operation = match.compiled.op.operationId;
          this.#checkOperation(exchange, url, match.compiled, match.params, found);
        }
      }
      for (const header of ["azure-asyncoperation", "location"] as const) {
        const announced = exchange.responseHeaders[header];
        if (announced && exchange.status < 300)
          polls.set(
            new URL(announced, "http://twin.invalid").pathname,
            header === "location" ? "Location" : "Azure-AsyncOperation",
          );
      }
      counts[operation] = (counts[operation] ?? 0) + 1;
      for (const violation of found) {
        const exception = this.#exceptions.find((e) => e.matches(violation));
        if (exception) used.add(exception.id);
        else violations.push(violation);
      }
    }
    return { violations, counts, skipped, exceptionsUsed: [...used].sort() };
  }

  #match(
    method: string,
    pathname: string,
    apiVersion: string | null,
  ): { compiled: CompiledOperation; params: Record<string, string> } | undefined {
    const raw = pathname.split("/").filter(Boolean);
    for (const compiled of this.#byRoute.get(`${method} ${apiVersion}`) ?? []) {
      const params = matchSegments(compiled, raw);
      if (params) return { compiled, params };
    }
    return undefined;
  }

  #checkOperation(
    exchange: ArmExchange,
    url: URL,
    compiled: CompiledOperation,
    pathParams: Record<string, string>,
    found: Violation[],
  ): void {
    const { op, method } = compiled;
    const problem = (text: string) =>
      found.push({ operation: op.operationId, method, path: url.pathname, problem: text });
    // Path parameters.
    for (const param of compiled.params.filter((p) => p.in === "path")) {
      const value = pathParams[param.name];
      if (value === undefined) continue;
      const error = scalarProblem(param, value);
      if (error) problem(`path parameter ${param.name}=${JSON.stringify(value)} ${error}`);
    }
    // Query parameters: declared only, typed.
    const declared = new Map(compiled.params.filter((p) => p.in === "query").map((p) => [p.name, p]));
    for (const [name, value] of url.searchParams) {
      const param = declared.get(name);
      if (!param) {
        problem(`query parameter ${name} is not declared by ${op.operationId}`);
        continue;
      }
      const error = scalarProblem(param, value);
      if (error) problem(`query parameter ${name}=${JSON.stringify(value)} ${error}`);
    }
    for (const param of declared.values())
      if (param.required && !url.searchParams.has(param.name))
        problem(`query parameter ${param.name} is missing`);
    // Request headers the operation requires (e.g. If-Match).
    for (const param of compiled.params.filter((p) => p.in === "header" && p.required))
      if (exchange.requestHeaders[param.name.toLowerCase()] === undefined)
        problem(`request header ${param.name} is missing`);
    // Request body.
    const bodyParam = compiled.params.find((p) => p.in === "body");
    const requestBody = parseBody(exchange.requestBody);
    if (requestBody === PARSE_ERROR) problem("request body is not JSON");
    else if (bodyParam?.schema) {
      if (requestBody === undefined) {
        if (bodyParam.required) problem("request body is missing");
      } else
        this.#validate(compiled.specIndex, bodyParam.schema, "request", requestBody, "request body", problem);
    } else if (requestBody !== undefined && !isEmptyObject(requestBody))
      problem("request body sent to an operation that declares none");
    // Status and response.
    const status = String(exchange.status);
    const declaredResponse = op.responses[status];
    const response = declaredResponse ?? (exchange.status >= 400 ? op.responses.default : undefined);
    if (!response) {
      problem(`status ${status} is not declared (declared: ${Object.keys(op.responses).join(", ")})`);
      return;
    }
    const responseBody = parseBody(exchange.responseBody);
    if (responseBody === PARSE_ERROR) problem(`response ${status} body is not JSON`);
    else if (response.schema) {
      if (responseBody === undefined)
        problem(`response ${status} has no body (declared ${schemaName(response.schema)})`);
      else
        this.#validate(
          compiled.specIndex,
          response.schema,
          "response",
          responseBody,
          `response ${status} body`,
          problem,
        );
    }
    // Headers: every declared header present must fit its schema; a long-running 201/202 must say where to poll.
    const headers = response.headers ?? {};
    for (const [name, schema] of Object.entries(headers)) {
      const value = exchange.responseHeaders[name.toLowerCase()];
      if (value === undefined) continue;
      const error = scalarProblem(schema as unknown as SwaggerParameter, value);
      if (error) problem(`response ${status} header ${name}: ${JSON.stringify(value)} ${error}`);
    }
    if (op["x-ms-long-running-operation"] && (status === "201" || status === "202")) {
      const asyncHeaders = Object.keys(headers).filter((h) => /^(azure-asyncoperation|location)$/i.test(h));
      if (asyncHeaders.length > 0 && !asyncHeaders.some((h) => exchange.responseHeaders[h.toLowerCase()]))
        problem(`long-running ${status} carries none of its declared headers ${asyncHeaders.join(", ")}`);
    }
  }

  #checkPoll(exchange: ArmExchange, kind: "Azure-AsyncOperation" | "Location", found: Violation[]): void {
    const path = new URL(exchange.url, "http://twin.invalid").pathname;
    const problem = (text: string) =>
      found.push({ operation: `poll:${kind}`, method: exchange.method, path, problem: text });
    const body = parseBody(exchange.responseBody);
    if (body === PARSE_ERROR) return void problem("poll body is not JSON");
    if (exchange.status >= 400) {
      if (body !== undefined)
        this.#validate(0, { $ref: "#/definitions/ErrorResponse" }, "response", body, "poll error", problem);
      return;
    }
    if (kind === "Azure-AsyncOperation") {
      if (exchange.status !== 200) problem(`status poll answered ${exchange.status}, not 200`);
      this.#validate(
        0,
        { $ref: "#/definitions/OperationStatusResult" },
        "response",
        body,
        "operation status",
        problem,
      );
    } else if (exchange.status === 202 && !exchange.responseHeaders.location)
      problem("a Location poll still running (202) must carry Location");
    else if (![200, 202, 204].includes(exchange.status)) problem(`Location poll answered ${exchange.status}`);
    const retryAfter = exchange.responseHeaders["retry-after"];
    if (retryAfter !== undefined && !(Number.isInteger(Number(retryAfter)) && Number(retryAfter) >= 0))
      problem(`Retry-After ${JSON.stringify(retryAfter)} is not a number of seconds`);
  }

  #validate(
    specIndex: number,
    schema: Json,
    mode: "request" | "response",
    value: unknown,
    what: string,
    problem: (text: string) => void,
  ): void {
    const name = schemaName(schema);
    const key = `${specIndex}:${mode}:${name}`;
    let validate = this.#validators.get(key);
    if (!validate) {
      validate = this.#ajv.getSchema(`s${specIndex}_${definitionKey(name, mode)}`);
      if (!validate) throw new Error(`No definition ${name} in the vendored spec.`);
      this.#validators.set(key, validate);
    }
    if (!validate(value)) for (const line of describe(validate.errors)) problem(`${what} (${name}): ${line}`);
  }
}

const PARSE_ERROR = Symbol("parse error");

function parseBody(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return PARSE_ERROR;
  }
}

function isEmptyObject(value: unknown): boolean {
  return (
    typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 0
  );
}

function schemaName(schema: Json): string {
  const ref = schema.$ref;
  if (typeof ref !== "string" || !ref.startsWith("#/definitions/"))
    throw new Error(`Only local definition references are supported here, not ${JSON.stringify(schema)}.`);
  return ref.slice("#/definitions/".length);
}

function resolveParameter(
  spec: SwaggerDocument,
  param: SwaggerParameter | { $ref: string },
): SwaggerParameter {
  if (!("$ref" in param)) return param;
  const name = param.$ref.replace("#/parameters/", "");
  const resolved = spec.parameters?.[name];
  if (!resolved) throw new Error(`Unresolved parameter ${param.$ref}.`);
  return resolved;
}

function matchSegments(compiled: CompiledOperation, raw: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  const expected = compiled.segments;
  // A skip-url-encoding parameter ({scope}) spans every segment before the fixed tail.
  const { spanning } = compiled;
  if (spanning) {
    const tail = expected.length - 1;
    if (raw.length <= tail) return undefined;
    params[spanning] = raw.slice(0, raw.length - tail).join("/");
    const rest = matchFixed(expected.slice(1), raw.slice(raw.length - tail), params);
    return rest ? params : undefined;
  }
  if (raw.length !== expected.length) return undefined;
  return matchFixed(expected, raw, params) ? params : undefined;
}

function matchFixed(expected: string[], raw: string[], params: Record<string, string>): boolean {
  for (let i = 0; i < expected.length; i++) {
    const segment = expected[i]!;
    const value = decodeURIComponent(raw[i]!);
    if (segment.startsWith("{")) params[segment.slice(1, -1)] = value;
    else if (segment !== value.toLowerCase()) return false;
  }
  return true;
}

/** Why a path/query/header value does not fit its swagger parameter, or undefined. */
function scalarProblem(param: SwaggerParameter, value: string): string | undefined {
  if (param.type === "integer") {
    if (!/^-?\d+$/.test(value)) return "is not an integer";
    const n = Number(value);
    const schema = param as unknown as { minimum?: number; maximum?: number };
    if (schema.minimum !== undefined && n < schema.minimum) return `is below the minimum ${schema.minimum}`;
    if (schema.maximum !== undefined && n > schema.maximum) return `is above the maximum ${schema.maximum}`;
    if (param.format === "int32" && (n < -2147483648 || n > 2147483647)) return "is outside int32";
    return undefined;
  }
  if (param.type === "boolean") return /^(true|false)$/i.test(value) ? undefined : "is not a boolean";
  if (param.type === "array") return undefined;
  if (param.enum && !param.enum.some((e) => e.toLowerCase() === value.toLowerCase()))
    return `is not one of ${param.enum.join(", ")}`;
  if (param.minLength !== undefined && value.length < param.minLength)
    return `is shorter than ${param.minLength}`;
  if (param.maxLength !== undefined && value.length > param.maxLength)
    return `is longer than ${param.maxLength}`;
  if (param.pattern && !new RegExp(param.pattern, "u").test(value)) return `does not match ${param.pattern}`;
  if (
    param.format === "uuid" &&
    !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)
  )
    return "is not a uuid";
  if (
    param.format === "duration" &&
    !/^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/.test(value)
  )
    return "is not an ISO 8601 duration";
  return undefined;
}

function describe(errors: readonly ErrorObject[] | null | undefined): string[] {
  const lines = new Set<string>();
  for (const error of errors ?? []) {
    // if/then/else and anyOf wrappers repeat their branches' errors; keep the leaves.
    if (["if", "anyOf", "not"].includes(error.keyword)) continue;
    const at = error.instancePath || "(root)";
    if (error.keyword === "additionalProperties")
      lines.add(`${at}: undeclared property ${JSON.stringify(error.params.additionalProperty)}`);
    else if (error.keyword === "required")
      lines.add(`${at}: missing required ${JSON.stringify(error.params.missingProperty)}`);
    else if (error.keyword === "enum")
      lines.add(`${at}: ${error.message} (${(error.params.allowedValues as unknown[]).join("|")})`);
    else if (error.keyword === "false schema") lines.add(`${at}: read-only property sent in a request`);
    else lines.add(`${at}: ${error.message}`);
  }
  return [...lines];
}

// ---------------------------------------------------------------------------------------------------------
// Swagger 2.0 definitions → JSON Schemas (one per definition and mode).

const definitionKey = (name: string, mode: "request" | "response") => `${name}__${mode}`;

function toJsonSchemas(definitions: Record<string, Json>, prefix: string): Record<string, Json> {
  const ref = (key: string) => ({ $ref: `${prefix}${key}` });
  const out: Record<string, Json> = {};
  const subtypes = new Map<string, { value: string; name: string }[]>();
  for (const [name, def] of Object.entries(definitions)) {
    const value = def["x-ms-discriminator-value"];
    if (typeof value !== "string") continue;
    for (const base of ancestors(definitions, name)) {
      if (typeof definitions[base]?.discriminator !== "string") continue;
      const list = subtypes.get(base) ?? [];
      list.push({ value, name });
      subtypes.set(base, list);
    }
  }
  // A definition's own schema is the flattened one; only a polymorphic base also needs a dispatching entry in
  // front of it (one compiled function per definition, not a forwarding $ref each).
  const flatKey = (name: string, mode: "request" | "response") =>
    typeof definitions[name]?.discriminator === "string"
      ? `${name}__flat__${mode}`
      : definitionKey(name, mode);
  for (const mode of ["request", "response"] as const) {
    for (const name of Object.keys(definitions)) {
      out[flatKey(name, mode)] = flatten(definitions, name, mode, prefix);
      const def = definitions[name]!;
      const discriminator = def.discriminator;
      if (typeof discriminator === "string") {
        // A reference to a polymorphic base validates against the subtype its discriminator names.
        let schema: Json = ref(flatKey(name, mode));
        for (const sub of (subtypes.get(name) ?? []).reverse()) {
          schema = {
            if: { properties: { [discriminator]: { const: sub.value } }, required: [discriminator] },
            // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then/else keyword, not a thenable
            then: ref(flatKey(sub.name, mode)),
            else: schema,
          };
        }
        out[definitionKey(name, mode)] = schema;
      }
    }
  }
  return out;
}

function ancestors(definitions: Record<string, Json>, name: string, seen = new Set<string>()): string[] {
  const def = definitions[name];
  if (!def || seen.has(name)) return [];
  seen.add(name);
  const parents = ((def.allOf as Json[] | undefined) ?? [])
    .map((p) => (typeof p.$ref === "string" ? p.$ref.replace("#/definitions/", "") : undefined))
    .filter((p): p is string => p !== undefined);
  return parents.flatMap((p) => [p, ...ancestors(definitions, p, seen)]);
}

/** A definition with its allOf chain merged in, so additionalProperties: false sees every inherited property. */
function flatten(
  definitions: Record<string, Json>,
  name: string,
  mode: "request" | "response",
  prefix: string,
): Json {
  const convert = (schema: Json, m: "request" | "response") => convertSchema(schema, m, prefix);
  const def = definitions[name]!;
  if (def.type !== "object" && !def.properties && !def.allOf) return convert(def, mode);
  const properties: Record<string, Json> = {};
  const required = new Set<string>();
  const chain = [...ancestors(definitions, name).reverse(), name];
  for (const part of chain) {
    const d = definitions[part]!;
    for (const [key, value] of Object.entries((d.properties as Record<string, Json> | undefined) ?? {}))
      properties[key] = value;
    for (const key of (d.required as string[] | undefined) ?? []) required.add(key);
  }
  const schema: Json = { type: "object", properties: {} };
  for (const [key, value] of Object.entries(properties)) {
    // Read-only properties are the service's to fill: a request must not carry them.
    (schema.properties as Json)[key] =
      mode === "request" && isReadOnly(definitions, value) ? false : convert(value, mode);
  }
  const req = [...required].filter(
    (key) => !(mode === "request" && isReadOnly(definitions, properties[key]!)),
  );
  if (req.length > 0) schema.required = req;
  if (def.additionalProperties === false) schema.additionalProperties = false;
  else if (typeof def.additionalProperties === "object")
    schema.additionalProperties = convert(def.additionalProperties as Json, mode);
  return schema;
}

function isReadOnly(definitions: Record<string, Json>, schema: Json): boolean {
  if (schema.readOnly === true) return true;
  if (typeof schema.$ref === "string")
    return definitions[schema.$ref.replace("#/definitions/", "")]?.readOnly === true;
  return false;
}

const DROPPED = new Set(["description", "example", "default", "readOnly", "discriminator", "x-nullable"]);

/** One swagger schema → JSON Schema: $refs to the mode's definitions, x-nullable as "or null". */
function convertSchema(schema: Json, mode: "request" | "response", prefix: string): Json {
  const convert = (s: Json, m: "request" | "response") => convertSchema(s, m, prefix);
  let out: Json = {};
  if (typeof schema.$ref === "string")
    out = { $ref: `${prefix}${definitionKey(schema.$ref.replace("#/definitions/", ""), mode)}` };
  else
    for (const [key, value] of Object.entries(schema)) {
      if (DROPPED.has(key) || key.startsWith("x-")) continue;
      // An x-ms-enum with modelAsString is extensible: its values are examples, not a closed set.
      if (key === "enum" && (schema["x-ms-enum"] as Json | undefined)?.modelAsString === true) continue;
      if (key === "properties") {
        out.properties = Object.fromEntries(
          Object.entries(value as Record<string, Json>).map(([k, v]) => [k, convert(v, mode)]),
        );
      } else if (key === "items") out.items = convert(value as Json, mode);
      else if (key === "additionalProperties")
        out.additionalProperties = typeof value === "object" ? convert(value as Json, mode) : value;
      else if (key === "allOf") out.allOf = (value as Json[]).map((v) => convert(v, mode));
      else out[key] = value;
    }
  // swagger "pattern"s are ECMA-compatible but use unicode-less escapes like \- : ajv compiles with "u".
  if (schema["x-nullable"] === true) return { anyOf: [out, { type: "null" }] };
  return out;
}
