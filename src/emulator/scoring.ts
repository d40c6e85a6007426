/**
 * @module emulator/scoring
 * The endpoints' scoring front end on the twin's own port: `POST /_inference/<ws>/<endpoint>/score`.
 * Authenticates with the endpoint's keys (authMode Key), an AML token from `…/token` (AMLToken) or a twin
 * Entra token (AADToken); routes by the `azureml-model-deployment` header or by traffic percentages; then
 * proxies to the deployment's scoring process. Errors use the inference server's `{"message": …}` shape.
 */
import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { AirlockError } from "../errors.ts";
import { ArmError } from "./arm-errors.ts";
import type { TwinRuntime } from "./context.ts";
import { readBody } from "./http.ts";
import { pickDeployment } from "./inference/host.ts";
import { DEPLOYMENT_TYPE } from "./routes/endpoints.ts";
import { ARM_AUDIENCE, ML_AUDIENCE, verifyToken } from "./tokens.ts";

const MAX_SCORE_BODY = 64 * 1024 * 1024;

function reply(res: ServerResponse, status: number, message: string, headers: Record<string, string>): void {
  const body = JSON.stringify({ message });
  res.writeHead(status, {
    ...headers,
    "content-type": "application/json",
    "content-length": String(Buffer.byteLength(body)),
  });
  res.end(body);
}

const sameSecret = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export function createScoringHandler(twin: TwinRuntime) {
  return async (
    req: IncomingMessage,
    res: ServerResponse,
    segments: string[],
    ids: Record<string, string>,
  ): Promise<void> => {
    const [workspaceName, endpointName, action] = segments;
    if (segments.length !== 3 || (action !== "score" && action !== "swagger.json"))
      return reply(res, 404, "Not found.", ids);
    const ws = twin.catalog.workspaces.find((w) => w.name.toLowerCase() === workspaceName!.toLowerCase());
    const row = ws ? twin.store.getResource(`${ws.id}/onlineEndpoints/${endpointName}`) : undefined;
    if (!ws || !row) return reply(res, 404, `Endpoint ${workspaceName}/${endpointName} not found.`, ids);
    const endpoint = JSON.parse(row.body) as {
      name: string;
      properties: { authMode: string; traffic?: Record<string, number> };
    };
    const keys = JSON.parse(row.secret ?? "{}") as { primaryKey?: string; secondaryKey?: string };

    const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1];
    let authorized = false;
    if (token) {
      if (endpoint.properties.authMode === "Key") {
        authorized = [keys.primaryKey, keys.secondaryKey].some(
          (k) => k !== undefined && sameSecret(k, token),
        );
      } else if (endpoint.properties.authMode === "AMLToken") {
        const check = verifyToken(twin.signingKey, token, ML_AUDIENCE);
        authorized = check.ok && check.claims.endpoint === `${ws.name}/${endpoint.name}`.toLowerCase();
      } else {
        authorized = verifyToken(twin.signingKey, token, ARM_AUDIENCE).ok;
      }
    }
    if (!authorized) {
      req.resume();
      return reply(res, 401, "Authentication failed: a valid endpoint key or token is required.", {
        ...ids,
        "www-authenticate": "Bearer",
      });
    }

    const deployments = twin.store
      .listResources(row.id, DEPLOYMENT_TYPE)
      .map((r) => JSON.parse(r.body) as { name: string; properties: { provisioningState: string } });
    const requested = req.headers["azureml-model-deployment"];
    let chosen: string | undefined;
    if (typeof requested === "string" && requested) {
      chosen = deployments.find((d) => d.name === requested)?.name;
      if (!chosen) {
        req.resume();
        return reply(res, 404, `Deployment '${requested}' does not exist on endpoint ${endpoint.name}.`, ids);
      }
    } else {
      chosen = pickDeployment(endpoint.properties.traffic ?? {});
      if (!chosen) {
        req.resume();
        return reply(
          res,
          503,
          "No valid deployments to route to. Set traffic on a deployment or use the azureml-model-deployment header.",
          ids,
        );
      }
    }
    const deployment = deployments.find((d) => d.name === chosen)!;
    if (deployment.properties.provisioningState === "Failed") {
      req.resume();
      return reply(res, 424, `Deployment '${chosen}' failed to provision and cannot score.`, ids);
    }
    let body: Buffer;
    try {
      body = await readBody(req, MAX_SCORE_BODY);
    } catch (error) {
      return reply(res, error instanceof ArmError ? error.status : 400, (error as Error).message, ids);
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers))
      if (typeof value === "string") headers[name] = value;
    try {
      const query = req.url?.includes("?") ? req.url.slice(req.url.indexOf("?") + 1) : "";
      const result = await twin.deployments.score(`${ws.name}/${endpoint.name}/${chosen}`, body, headers, {
        method: req.method ?? "POST",
        query,
      });
      res.writeHead(result.status, {
        ...ids,
        ...result.headers,
        "azureml-model-deployment": chosen,
        "content-length": String(result.body.length),
      });
      res.end(result.body);
    } catch (error) {
      const status = error instanceof AirlockError && error.code === "DEPLOYMENT_NOT_RUNNING" ? 424 : 502;
      reply(res, status, `Deployment '${chosen}' could not score: ${(error as Error).message}`, ids);
    }
  };
}
