/**
 * @module arm/pipeline
 * The HTTP layer of the ARM client: one @azure/core-rest-pipeline pipeline (library retry policies that
 * honour Retry-After on 429/503 and back off on other 5xx and network errors), authentication, api-version,
 * JSON bodies, and translation of every failure into an ArmError.
 *
 * Authentication: against https endpoints (Azure) the stock bearerTokenAuthenticationPolicy. The stock
 * policy refuses plain http, so against the twin (http, loopback hosts only) a small policy of ours puts the
 * same TokenCredential's token in the Authorization header. Plain http to any other host is refused.
 */
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import type { HttpClient, HttpMethods, Pipeline, PipelinePolicy } from "@azure/core-rest-pipeline";
import { AirlockError, InputError, UnavailableError } from "../errors.ts";
import { redactText } from "../redact.ts";
import { ArmError, readArmErrorDetail } from "./errors.ts";

export const ARM_SCOPE = "https://management.azure.com/.default";
export const AZURE_ARM_ENDPOINT = "https://management.azure.com";

export interface ArmTransportOptions {
  /** `https://management.azure.com` or the twin's `http://127.0.0.1:<port>`. */
  endpoint: string;
  credential: TokenCredential;
  /** Added as `api-version` to every request that does not carry one. */
  apiVersion: string;
  /** Token scope; defaults to ARM's. */
  scope?: string;
  /** Library retry count for 429/5xx/network failures (default 3). */
  maxRetries?: number;
  /** Base back-off for 5xx/network retries without Retry-After (library default 1000 ms). */
  retryDelayMs?: number;
  /** Cap of the exponential back-off (library default 64 s). */
  maxRetryDelayMs?: number;
}

/** A request relative to the endpoint (`/subscriptions/...`) or an absolute same-origin URL (nextLink). */
export interface ArmHttpRequest {
  method: HttpMethods;
  url: string;
  body?: unknown;
  /** Overrides the client's api-version for this request (e.g. Microsoft.Storage). */
  apiVersion?: string;
  query?: Record<string, string | number | boolean | undefined>;
}

export interface ArmHttpResponse {
  status: number;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  /** Parsed JSON body, or undefined when the body is empty. */
  body: unknown;
  request: { method: HttpMethods; url: string };
}

const LOOPBACK_HOSTS = new Set(["localhost", "[::1]", "::1"]);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname.toLowerCase()) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** Parses and checks an endpoint: https anywhere, plain http only on loopback hosts. */
export function checkEndpoint(endpoint: string): URL {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new InputError("ARM_BAD_ENDPOINT", `ARM endpoint "${endpoint}" is not a URL.`);
  }
  if (url.protocol === "https:") return url;
  if (url.protocol !== "http:") {
    throw new InputError(
      "ARM_BAD_ENDPOINT",
      `ARM endpoint "${url.origin}" must use https (or http on loopback).`,
    );
  }
  if (!isLoopbackHost(url.hostname)) {
    throw new InputError(
      "ARM_INSECURE_ENDPOINT",
      `Refusing plain http to non-loopback host "${url.hostname}": bearer tokens are only sent over https, ` +
        `or over http to 127.0.0.1/localhost (the local twin).`,
      { endpoint: url.origin },
    );
  }
  return url;
}

/** Bearer policy for the loopback twin: the same TokenCredential, no https requirement, cached token. */
function loopbackBearerPolicy(credential: TokenCredential, scope: string): PipelinePolicy {
  let cached: AccessToken | null = null;
  return {
    name: "airlockLoopbackBearerPolicy",
    async sendRequest(request, next) {
      const url = new URL(request.url);
      if (url.protocol !== "https:" && !isLoopbackHost(url.hostname)) {
        throw new InputError(
          "ARM_INSECURE_ENDPOINT",
          `Refusing to send a bearer token over http to ${url.host}.`,
        );
      }
      if (!cached || cached.expiresOnTimestamp - Date.now() < 60_000) {
        cached = await credential.getToken(scope);
        if (!cached) throw new InputError("ARM_NO_TOKEN", "The credential returned no token.");
      }
      request.headers.set("Authorization", `Bearer ${cached.token}`);
      return next(request);
    },
  };
}

type RestPipeline = typeof import("@azure/core-rest-pipeline");

/**
 * The HTTP library (with Azure's and Node's HTTP stacks, a fifth of a CPU-second to load), loaded by the first
 * request: a command that fails before it talks to ARM (no twin, bad input) never loads it.
 */
let restPipeline: Promise<RestPipeline> | undefined;

interface Sender {
  library: RestPipeline;
  pipeline: Pipeline;
  httpClient: HttpClient;
}

export class ArmTransport {
  readonly origin: string;
  readonly apiVersion: string;
  readonly #base: URL;
  readonly #insecure: boolean;
  readonly #options: ArmTransportOptions;
  #sender: Promise<Sender> | undefined;

  constructor(options: ArmTransportOptions) {
    this.#base = checkEndpoint(options.endpoint);
    this.origin = this.#base.origin;
    this.apiVersion = options.apiVersion;
    this.#insecure = this.#base.protocol === "http:";
    this.#options = options;
  }

  /** The pipeline: the library's retry policies and our authentication, built with the first request. */
  #ready(): Promise<Sender> {
    this.#sender ??= (async () => {
      restPipeline ??= import("@azure/core-rest-pipeline");
      const library = await restPipeline;
      const options = this.#options;
      const pipeline = library.createPipelineFromOptions({
        retryOptions: {
          maxRetries: options.maxRetries ?? 3,
          ...(options.retryDelayMs !== undefined ? { retryDelayInMs: options.retryDelayMs } : {}),
          ...(options.maxRetryDelayMs !== undefined ? { maxRetryDelayInMs: options.maxRetryDelayMs } : {}),
        },
        userAgentOptions: { userAgentPrefix: "airlock" },
      });
      const scope = options.scope ?? ARM_SCOPE;
      pipeline.addPolicy(
        this.#insecure
          ? loopbackBearerPolicy(options.credential, scope)
          : library.bearerTokenAuthenticationPolicy({ credential: options.credential, scopes: scope }),
        { phase: "Sign" },
      );
      return { library, pipeline, httpClient: library.createDefaultHttpClient() };
    })();
    return this.#sender;
  }

  /** Resolves a path or absolute URL to a full URL with api-version; refuses other origins. */
  resolveUrl(pathOrUrl: string, apiVersion?: string, query?: ArmHttpRequest["query"]): URL {
    // Check before parsing: the URL parser would silently collapse "/x/../y".
    const rawPath = (pathOrUrl.split("?")[0] ?? "").replace(/^[a-z]+:\/\/[^/]*/i, "");
    if (rawPath.split("/").some((s) => s === "." || s === ".." || /^%2e(%2e)?$/i.test(s))) {
      throw new InputError("ARM_BAD_PATH", `Path ${rawPath} has a relative segment.`);
    }
    const url = new URL(pathOrUrl, this.#base);
    if (url.origin !== this.origin) {
      // nextLink and polling URLs must point back at the endpoint: never send our token elsewhere.
      throw new InputError(
        "ARM_FOREIGN_URL",
        `Refusing to follow a link to ${url.origin} (client endpoint ${this.origin}).`,
      );
    }
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    if (apiVersion !== undefined) url.searchParams.set("api-version", apiVersion);
    else if (!url.searchParams.has("api-version")) url.searchParams.set("api-version", this.apiVersion);
    return url;
  }

  /** Sends one request; resolves for 2xx (including 202), throws ArmError otherwise. */
  async send(request: ArmHttpRequest): Promise<ArmHttpResponse> {
    const url = this.resolveUrl(request.url, request.apiVersion, request.query);
    const { library, pipeline, httpClient } = await this.#ready();
    const headers = library.createHttpHeaders({ Accept: "application/json" });
    let body: string | undefined;
    if (request.body !== undefined) {
      headers.set("Content-Type", "application/json");
      body = JSON.stringify(request.body);
    }
    const pipelineRequest = library.createPipelineRequest({
      url: url.href,
      method: request.method,
      headers,
      ...(body !== undefined ? { body } : {}),
      allowInsecureConnection: this.#insecure,
    });
    const context = { method: request.method, path: url.pathname };
    let response: Awaited<ReturnType<Pipeline["sendRequest"]>>;
    try {
      response = await pipeline.sendRequest(httpClient, pipelineRequest);
    } catch (error) {
      if (error instanceof AirlockError) throw error;
      if (!library.isRestError(error)) {
        // Not a transport failure: the credential could not produce a token (no login, no identity, ...).
        throw new UnavailableError(
          "ARM_CREDENTIAL_FAILED",
          `No token for ${this.origin}: ${redactText((error as Error)?.message ?? String(error))}`,
          { method: request.method, path: url.pathname },
        );
      }
      const code = error.code ?? "NetworkError";
      const status = error.statusCode ?? 0;
      throw new ArmError({
        status,
        armCode: code,
        message: `${request.method} ${url.pathname} failed: ${error.message}`,
        requestId: pipelineRequest.requestId,
        ...context,
        cause: error,
      });
    }
    const lowerHeaders: Record<string, string> = {};
    for (const [name, value] of response.headers) lowerHeaders[name.toLowerCase()] = value;
    const text = response.bodyAsText ?? "";
    let parsed: unknown;
    let parseFailed = false;
    if (text.trim() !== "") {
      try {
        parsed = JSON.parse(text);
      } catch {
        parseFailed = true;
      }
    }
    const requestId =
      lowerHeaders["x-ms-request-id"] ??
      lowerHeaders["x-ms-correlation-request-id"] ??
      pipelineRequest.requestId;
    if (response.status < 200 || response.status >= 300) {
      const detail = readArmErrorDetail(parsed);
      throw new ArmError({
        status: response.status,
        armCode: detail?.code ?? `Http${response.status}`,
        message: detail?.message || `${request.method} ${url.pathname} answered HTTP ${response.status}.`,
        ...(detail?.target ? { target: detail.target } : {}),
        ...(detail?.details ? { details: detail.details } : {}),
        requestId,
        ...context,
      });
    }
    if (parseFailed) {
      throw new ArmError({
        status: 502,
        armCode: "InvalidResponseBody",
        message: `${request.method} ${url.pathname} answered ${response.status} with a body that is not JSON.`,
        requestId,
        ...context,
      });
    }
    return {
      status: response.status,
      headers: lowerHeaders,
      body: parsed,
      request: { method: request.method, url: url.href },
    };
  }
}
