/**
 * @module arm/endpoints
 * Managed online endpoints and their deployments in a workspace. PUT is a long-running operation with the
 * final state from the original URI; DELETE polls Location; PATCH (endpoint tags/identity only — traffic
 * changes need a full PUT) may answer 202 + Location. Keys and AML tokens are secrets: returned to the
 * caller, never logged.
 */
import type { ArmContext } from "./assets.ts";
import { runLro } from "./lro.ts";
import { type PagedList, pagedList } from "./paging.ts";
import { segment } from "./paths.ts";
import type {
  EndpointAuthKeys,
  EndpointAuthToken,
  OnlineDeployment,
  OnlineDeploymentBody,
  OnlineEndpoint,
  OnlineEndpointBody,
  OnlineEndpointPatch,
  RegenerateEndpointKeysRequest,
} from "./types.ts";

export class OnlineEndpointOperations {
  readonly #context: ArmContext;
  readonly #base: string;

  constructor(context: ArmContext, workspacePath: string) {
    this.#context = context;
    this.#base = `${workspacePath}/onlineEndpoints`;
  }

  #path(endpoint: string): string {
    return `${this.#base}/${segment(endpoint, "online endpoint")}`;
  }

  async get(endpoint: string): Promise<OnlineEndpoint> {
    return (await this.#context.transport.send({ method: "GET", url: this.#path(endpoint) }))
      .body as OnlineEndpoint;
  }

  list(): PagedList<OnlineEndpoint> {
    return pagedList<OnlineEndpoint>(this.#context.transport, { url: this.#base });
  }

  /** Creates or replaces the endpoint (the only way to change traffic). */
  async createOrUpdate(endpoint: string, body: OnlineEndpointBody): Promise<OnlineEndpoint> {
    const outcome = await runLro(
      this.#context.transport,
      { method: "PUT", url: this.#path(endpoint), body },
      { finalStateVia: "original-uri", ...this.#context.lro },
    );
    return outcome.body as OnlineEndpoint;
  }

  /** PATCH accepts only tags and identity; returns the endpoint as read afterwards. */
  async update(endpoint: string, patch: OnlineEndpointPatch): Promise<OnlineEndpoint> {
    const outcome = await runLro(
      this.#context.transport,
      { method: "PATCH", url: this.#path(endpoint), body: patch },
      { finalStateVia: "location", ...this.#context.lro },
    );
    if (outcome.initialStatus === 200 && isOnlineEndpoint(outcome.body)) return outcome.body;
    return this.get(endpoint);
  }

  async delete(endpoint: string): Promise<void> {
    await runLro(
      this.#context.transport,
      { method: "DELETE", url: this.#path(endpoint) },
      { finalStateVia: "location", ...this.#context.lro },
    );
  }

  async listKeys(endpoint: string): Promise<EndpointAuthKeys> {
    const url = `${this.#path(endpoint)}/listKeys`;
    return (await this.#context.transport.send({ method: "POST", url })).body as EndpointAuthKeys;
  }

  /** Regenerates one key (LRO); read the new value with listKeys. */
  async regenerateKeys(endpoint: string, request: RegenerateEndpointKeysRequest): Promise<void> {
    await runLro(
      this.#context.transport,
      { method: "POST", url: `${this.#path(endpoint)}/regenerateKeys`, body: request },
      { finalStateVia: "location", ...this.#context.lro },
    );
  }

  /** An AML token for endpoints with authMode AMLToken. */
  async getToken(endpoint: string): Promise<EndpointAuthToken> {
    const url = `${this.#path(endpoint)}/token`;
    return (await this.#context.transport.send({ method: "POST", url })).body as EndpointAuthToken;
  }
}

function isOnlineEndpoint(body: unknown): body is OnlineEndpoint {
  return typeof body === "object" && body !== null && "properties" in body && "id" in body;
}

export class OnlineDeploymentOperations {
  readonly #context: ArmContext;
  readonly #base: string;

  constructor(context: ArmContext, workspacePath: string, endpoint: string) {
    this.#context = context;
    this.#base = `${workspacePath}/onlineEndpoints/${segment(endpoint, "online endpoint")}/deployments`;
  }

  #path(deployment: string): string {
    return `${this.#base}/${segment(deployment, "deployment")}`;
  }

  async get(deployment: string): Promise<OnlineDeployment> {
    return (await this.#context.transport.send({ method: "GET", url: this.#path(deployment) }))
      .body as OnlineDeployment;
  }

  list(): PagedList<OnlineDeployment> {
    return pagedList<OnlineDeployment>(this.#context.transport, { url: this.#base });
  }

  async createOrUpdate(deployment: string, body: OnlineDeploymentBody): Promise<OnlineDeployment> {
    const outcome = await runLro(
      this.#context.transport,
      { method: "PUT", url: this.#path(deployment), body },
      { finalStateVia: "original-uri", ...this.#context.lro },
    );
    return outcome.body as OnlineDeployment;
  }

  async delete(deployment: string): Promise<void> {
    await runLro(
      this.#context.transport,
      { method: "DELETE", url: this.#path(deployment) },
      { finalStateVia: "location", ...this.#context.lro },
    );
  }
}
