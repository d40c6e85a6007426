/**
 * @module promotion/deploy-smoke
 * What a rollout sends to an endpoint and how it judges the answers. Reference rows come from a data asset
 * in the prod registry (read through the registry's data-reference SAS, so the prod identity needs no
 * storage role); a request is `{"data": [row, ...]}` with the label column removed (never an empty body —
 * errata 5). A smoke answer passes when it is HTTP 200 with one prediction per row and, when the rows carry
 * expected values, every prediction is within tolerance:
 *
 *   |prediction − expected| ≤ max(absolute, relative × |expected|)     (defaults: absolute 3, relative 0.25)
 *
 * The defaults fit the taxi-fare example (held-out RMSE ≈ 1.1, largest validation error ≈ 2.4 on fares of
 * $7–$60) and still fail a model that is off by a dollar amount that matters. Non-numeric predictions must
 * equal the expected value.
 *
 * EndpointInvoker calls a scoring URI with the endpoint's key (authMode Key), an AML token (AMLToken) or an
 * Entra token (AADToken); the credential stays inside the invoker and never reaches a message.
 */
import type { TokenCredential } from "@azure/core-auth";
import { getOrUndefined } from "../arm/errors.ts";
import type { OnlineEndpoint } from "../arm/types.ts";
import type { Connection } from "../connect/connection.ts";
import { InputError, NotFoundError, UnavailableError } from "../errors.ts";
import { redactText } from "../redact.ts";
import { locationFromSas } from "./blobs.ts";

export interface Tolerance {
  absolute: number;
  relative: number;
}
export const DEFAULT_TOLERANCE: Tolerance = { absolute: 3, relative: 0.25 };
/** Rows sent in one smoke request at most (the example's validation set has 40). */
export const DEFAULT_MAX_ROWS = 100;
/** Data asset tags that name the label column when the caller does not. */
const LABEL_TAGS = ["label_column", "target_column", "label"];

export type Cell = string | number | boolean | null;
export type Row = Record<string, Cell>;

export interface ReferenceData {
  /** `azureml://registries/<prod registry>/data/<name>/versions/<v>`. */
  assetId: string;
  name: string;
  version: string;
  /** Files the rows came from (relative to the asset). */
  files: string[];
  /** Rows as sent (label removed). */
  rows: Row[];
  labelColumn: string | undefined;
  /** Expected value per row (when a label column is known). */
  expected: Cell[] | undefined;
}

/** Reads up to `maxRows` rows of a prod registry data asset (CSV or JSON Lines files). */
export async function loadReferenceData(
  connection: Connection,
  data: { name: string; version: string },
  options: { labelColumn?: string; maxRows?: number } = {},
): Promise<ReferenceData> {
  const registry = connection.registry("prod");
  const registryName = connection.env("prod").names.registry;
  const assetId = `azureml://registries/${registryName}/data/${data.name}/versions/${data.version}`;
  const version = await getOrUndefined(() => registry.versions("data", data.name).get(data.version));
  if (!version) {
    throw new NotFoundError(
      "SMOKE_DATA_NOT_FOUND",
      `smoke data ${data.name}@${data.version} is not in the prod registry ${registryName}; promote the reference data first (airlock promote data ${data.name}@${data.version} --to prod)`,
    );
  }
  if (version.properties.dataType === "mltable") {
    throw new InputError(
      "SMOKE_DATA_UNSUPPORTED",
      `smoke data ${data.name}@${data.version} is an mltable; use a uri_file or uri_folder of CSV or JSON Lines rows`,
    );
  }
  const reference = await registry.dataReferences(data.name, data.version).getBlobReferenceSas({
    assetId,
    blobUri: version.properties.dataUri,
  });
  const sasUri = reference.blobReferenceForConsumption?.credential?.sasUri;
  if (!sasUri) {
    throw new UnavailableError(
      "SMOKE_DATA_NO_SAS",
      `the prod registry gave no read SAS for ${data.name}@${data.version}`,
    );
  }
  const location = locationFromSas(sasUri, reference.blobReferenceForConsumption?.blobUri);
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  const blobs: string[] = [];
  const folder = location.path ? `${location.path.replace(/\/$/, "")}/` : "";
  try {
    for await (const blob of location.container.listBlobsFlat({ prefix: folder })) blobs.push(blob.name);
  } catch (error) {
    throw storageFailure(`list ${data.name}@${data.version}`, error);
  }
  if (blobs.length === 0 && location.path) blobs.push(location.path);
  const readable = blobs.filter((name) => /\.(csv|jsonl)$/i.test(name)).sort();
  if (readable.length === 0) {
    throw new InputError(
      "SMOKE_DATA_NO_ROWS",
      `smoke data ${data.name}@${data.version} holds no .csv or .jsonl file (found: ${blobs.map((b) => b.slice(folder.length)).join(", ") || "nothing"})`,
    );
  }
  const all: Row[] = [];
  for (const name of readable) {
    if (all.length >= maxRows) break;
    let text: string;
    try {
      text = (await location.container.getBlobClient(name).downloadToBuffer()).toString("utf8");
    } catch (error) {
      throw storageFailure(`read ${name}`, error);
    }
    const rows = name.toLowerCase().endsWith(".csv") ? parseCsv(text) : parseJsonLines(text, name);
    all.push(...rows.slice(0, maxRows - all.length));
  }
  if (all.length === 0) {
    throw new InputError("SMOKE_DATA_NO_ROWS", `smoke data ${data.name}@${data.version} has no rows`);
  }
  const tags = version.properties.tags ?? {};
  const labelColumn = options.labelColumn ?? LABEL_TAGS.map((tag) => tags[tag]).find(Boolean);
  if (labelColumn !== undefined && !all.every((row) => labelColumn in row)) {
    throw new InputError(
      "SMOKE_LABEL_MISSING",
      `label column "${labelColumn}" is not in every row of ${data.name}@${data.version} (columns: ${Object.keys(all[0]!).join(", ")})`,
    );
  }
  const rows = labelColumn === undefined ? all : all.map((row) => withoutKey(row, labelColumn));
  return {
    assetId,
    name: data.name,
    version: data.version,
    files: readable.map((name) => name.slice(folder.length) || name.split("/").pop()!),
    rows,
    labelColumn,
    expected: labelColumn === undefined ? undefined : all.map((row) => row[labelColumn] ?? null),
  };
}

/** The request body a smoke test and a health check send: `{"data": [...]}`, never empty. */
export function requestBody(reference: Pick<ReferenceData, "rows">): { data: Row[] } {
  if (reference.rows.length === 0) {
    throw new InputError("SMOKE_EMPTY_REQUEST", "refusing to call an endpoint with no rows (errata 5)");
  }
  return { data: reference.rows };
}

export interface ScoreAnswer {
  status: number;
  body: unknown;
  /** The deployment that answered (the `azureml-model-deployment` response header), when given. */
  deployment: string | undefined;
}

/** Calls an endpoint's scoring URI; holds the endpoint credential and never exposes it. */
export class EndpointInvoker {
  readonly scoringUri: string;
  readonly #authorization: () => Promise<string>;
  readonly #timeoutMs: number;

  constructor(scoringUri: string, authorization: () => Promise<string>, timeoutMs = 120_000) {
    this.scoringUri = scoringUri;
    this.#authorization = authorization;
    this.#timeoutMs = timeoutMs;
  }

  /** The invoker for an endpoint read from ARM, authenticating the way its authMode says. */
  static forEndpoint(connection: Connection, endpoint: OnlineEndpoint): EndpointInvoker {
    const scoringUri = endpoint.properties.scoringUri;
    if (!scoringUri) {
      throw new UnavailableError(
        "ENDPOINT_NO_SCORING_URI",
        `endpoint ${endpoint.name} has no scoring URI yet`,
      );
    }
    const endpoints = connection.workspace("prod").onlineEndpoints;
    const mode = endpoint.properties.authMode;
    let cached: string | undefined;
    const authorization = async (): Promise<string> => {
      if (mode === "Key") {
        cached ??= (await endpoints.listKeys(endpoint.name)).primaryKey;
        if (!cached)
          throw new UnavailableError("ENDPOINT_NO_KEY", `endpoint ${endpoint.name} returned no key`);
        return cached;
      }
      if (mode === "AMLToken") {
        const token = (await endpoints.getToken(endpoint.name)).accessToken;
        if (!token)
          throw new UnavailableError("ENDPOINT_NO_TOKEN", `endpoint ${endpoint.name} returned no token`);
        return token;
      }
      return entraToken(connection.credential("prod"), connection.mode);
    };
    return new EndpointInvoker(scoringUri, authorization);
  }

  async score(body: unknown, options: { deployment?: string } = {}): Promise<ScoreAnswer> {
    const credential = await this.#authorization();
    let response: Response;
    try {
      response = await fetch(this.scoringUri, {
        method: "POST",
        headers: {
          authorization: `Bearer ${credential}`,
          "content-type": "application/json",
          ...(options.deployment ? { "azureml-model-deployment": options.deployment } : {}),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (error) {
      throw new UnavailableError(
        "ENDPOINT_UNREACHABLE",
        `could not reach ${this.scoringUri}: ${redactText(error instanceof Error ? error.message : String(error))}`,
      );
    }
    const text = await response.text();
    return {
      status: response.status,
      body: parseMaybeJson(text),
      deployment: response.headers.get("azureml-model-deployment") ?? undefined,
    };
  }
}

async function entraToken(credential: TokenCredential, mode: Connection["mode"]): Promise<string> {
  // The twin accepts its own ARM-audience tokens for AADToken endpoints; Azure wants the ML audience.
  const scope = mode === "twin" ? "https://management.azure.com/.default" : "https://ml.azure.com/.default";
  const token = await credential.getToken(scope);
  if (!token?.token)
    throw new UnavailableError("ENDPOINT_NO_TOKEN", "the credential returned no Entra token");
  return token.token;
}

export interface Judgement {
  ok: boolean;
  status: number;
  rows: number;
  predictions: number | undefined;
  /** Rows whose prediction is outside tolerance (first few), when expected values are known. */
  outOfTolerance: Array<{ row: number; expected: Cell; predicted: unknown }>;
  /** Mean absolute error over numeric rows, when expected values are known. */
  meanAbsoluteError: number | undefined;
  maxAbsoluteError: number | undefined;
  /** Why it failed, in words. */
  problem: string | undefined;
  deployment: string | undefined;
}

/** Judges one answer against the rows sent (and their expected values when `checkExpected`). */
export function judgeAnswer(
  answer: ScoreAnswer,
  reference: Pick<ReferenceData, "rows" | "expected">,
  options: { tolerance?: Tolerance; checkExpected?: boolean } = {},
): Judgement {
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  const base: Judgement = {
    ok: false,
    status: answer.status,
    rows: reference.rows.length,
    predictions: undefined,
    outOfTolerance: [],
    meanAbsoluteError: undefined,
    maxAbsoluteError: undefined,
    problem: undefined,
    deployment: answer.deployment,
  };
  if (answer.status !== 200) {
    return { ...base, problem: `HTTP ${answer.status}: ${describeBody(answer.body)}` };
  }
  const predictions = predictionsOf(answer.body);
  if (!predictions) {
    return { ...base, problem: `the answer holds no list of predictions: ${describeBody(answer.body)}` };
  }
  base.predictions = predictions.length;
  if (predictions.length !== reference.rows.length) {
    return {
      ...base,
      problem: `${predictions.length} predictions for ${reference.rows.length} rows`,
    };
  }
  if (options.checkExpected === false || !reference.expected) return { ...base, ok: true };
  const errors: number[] = [];
  const outOfTolerance: Judgement["outOfTolerance"] = [];
  reference.expected.forEach((expected, index) => {
    const predicted = predictions[index];
    const expectedNumber = typeof expected === "number" ? expected : Number.NaN;
    const predictedNumber = typeof predicted === "number" ? predicted : Number(predicted);
    if (Number.isFinite(expectedNumber) && Number.isFinite(predictedNumber)) {
      const error = Math.abs(predictedNumber - expectedNumber);
      errors.push(error);
      if (error > Math.max(tolerance.absolute, tolerance.relative * Math.abs(expectedNumber))) {
        outOfTolerance.push({ row: index + 1, expected, predicted });
      }
    } else if (String(predicted) !== String(expected)) {
      outOfTolerance.push({ row: index + 1, expected, predicted });
    }
  });
  const meanAbsoluteError =
    errors.length > 0 ? round(errors.reduce((sum, e) => sum + e, 0) / errors.length) : undefined;
  const maxAbsoluteError = errors.length > 0 ? round(Math.max(...errors)) : undefined;
  const judged = { ...base, outOfTolerance: outOfTolerance.slice(0, 5), meanAbsoluteError, maxAbsoluteError };
  if (outOfTolerance.length > 0) {
    const first = outOfTolerance[0]!;
    return {
      ...judged,
      problem: `${outOfTolerance.length} of ${reference.rows.length} predictions outside tolerance (±max(${tolerance.absolute}, ${tolerance.relative * 100}%)); row ${first.row}: expected ${String(first.expected)}, got ${String(first.predicted)}`,
    };
  }
  return { ...judged, ok: true };
}

/** `[…]`, or the list under predictions / result / outputs / output / scores. */
export function predictionsOf(body: unknown): unknown[] | undefined {
  let value = body;
  if (typeof value === "string") value = parseMaybeJson(value);
  if (Array.isArray(value)) return value;
  if (value && typeof value === "object") {
    for (const key of ["predictions", "result", "outputs", "output", "scores"]) {
      const found = (value as Record<string, unknown>)[key];
      if (Array.isArray(found)) return found;
    }
  }
  return undefined;
}

/** RFC 4180 CSV (quotes, doubled quotes, CRLF) → rows keyed by the header; numbers become numbers. */
export function parseCsv(text: string): Row[] {
  const records: string[][] = [];
  let field = "";
  let record: string[] = [];
  let quoted = false;
  const body = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < body.length; i++) {
    const char = body[i]!;
    if (quoted) {
      if (char === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"' && field === "") quoted = true;
    else if (char === ",") {
      record.push(field);
      field = "";
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && body[i + 1] === "\n") i++;
      record.push(field);
      records.push(record);
      record = [];
      field = "";
    } else field += char;
  }
  if (field !== "" || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  const nonEmpty = records.filter((r) => !(r.length === 1 && r[0] === ""));
  const [header, ...rows] = nonEmpty;
  if (!header) return [];
  return rows.map((values) =>
    Object.fromEntries(header.map((column, index) => [column.trim(), cellOf(values[index])])),
  );
}

function parseJsonLines(text: string, file: string): Row[] {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== "")
    .map((line, index) => {
      try {
        const value = JSON.parse(line) as unknown;
        if (value && typeof value === "object" && !Array.isArray(value)) return value as Row;
      } catch {
        // reported below
      }
      throw new InputError("SMOKE_DATA_INVALID", `${file} line ${index + 1} is not a JSON object`);
    });
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function cellOf(value: string | undefined): Cell {
  if (value === undefined || value === "") return null;
  const trimmed = value.trim();
  return NUMBER.test(trimmed) ? Number(trimmed) : value;
}

function withoutKey(row: Row, key: string): Row {
  const { [key]: _dropped, ...rest } = row;
  return rest;
}

function parseMaybeJson(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function describeBody(body: unknown): string {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  const clean = redactText(text ?? "(empty)");
  return clean.length > 300 ? `${clean.slice(0, 300)}…` : clean;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function storageFailure(action: string, error: unknown): UnavailableError {
  const message = redactText(error instanceof Error ? error.message : String(error)).split("\n")[0];
  return new UnavailableError("SMOKE_DATA_UNREADABLE", `could not ${action}: ${message}`);
}
