/**
 * @module emulator/server
 * The twin's request pipeline on node:http: unauthenticated routes (/oidc: the CI issuer's key set, as
 * GitHub's; /_twin, /_inference) → fault injection →
 * authentication (401) → routing (400 bad names, 404 unknown type, 501 unsupported method) → api-version
 * (400) → authorization (403) → resource group existence (404) → handler. Every response carries the ARM
 * request-id headers; every failure is an ARM error body.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { ML_API_VERSION } from "../contract/versions.ts";
import { ArmError, armErrorBody } from "./arm-errors.ts";
import { handleCiOidcRoute } from "./ci-oidc.ts";
import type { Method, Reply, RequestContext, TwinRuntime } from "./context.ts";
import { parseJsonObject, readBody, requestIds, sendError, sendJson } from "./http.ts";
import { type FaultInjector, handleTwinRoute } from "./internal.ts";
import { type Router, splitPath } from "./router.ts";
import { type TwinClaims, verifyToken } from "./tokens.ts";

const API_VERSION_SHAPE = /^\d{4}-\d{2}-\d{2}(-preview)?$/;
const METHODS = new Set(["GET", "PUT", "POST", "DELETE", "PATCH"]);

export interface PipelineOptions {
  twin: TwinRuntime;
  router: Router;
  faults: FaultInjector;
  inference: (
    req: IncomingMessage,
    res: ServerResponse,
    segments: string[],
    ids: Record<string, string>,
  ) => Promise<void>;
}

export function createRequestListener(options: PipelineOptions) {
  const { twin, router, faults } = options;
  const tokenCache = new Map<string, TwinClaims>();

  const authenticate = (req: IncomingMessage): TwinClaims => {
    const header = req.headers.authorization;
    if (!header) {
      throw new ArmError(
        401,
        "AuthenticationFailed",
        "Authentication failed. The 'Authorization' header is missing.",
        {
          headers: {
            "www-authenticate":
              'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token", error_description="The authentication failed because of missing \'Authorization\' header."',
          },
        },
      );
    }
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match)
      throw new ArmError(
        401,
        "AuthenticationFailedInvalidHeader",
        "Authentication failed. The 'Authorization' header is provided in an invalid format.",
      );
    const token = match[1]!;
    const cached = tokenCache.get(token);
    if (cached && cached.exp > Date.now() / 1000) return cached;
    const check = verifyToken(twin.signingKey, token);
    if (!check.ok) {
      tokenCache.delete(token);
      if (check.reason === "expired") {
        throw new ArmError(
          401,
          "ExpiredAuthenticationToken",
          `The access token expiry UTC time '${new Date((check.exp ?? 0) * 1000).toUTCString()}' is earlier than current UTC time '${new Date().toUTCString()}'.`,
          {
            headers: {
              "www-authenticate":
                'Bearer error="invalid_token", error_description="The access token has expired."',
            },
          },
        );
      }
      throw new ArmError(401, "InvalidAuthenticationToken", "The access token is invalid.", {
        headers: {
          "www-authenticate":
            'Bearer error="invalid_token", error_description="The access token is invalid."',
        },
      });
    }
    if (tokenCache.size > 10_000) tokenCache.clear();
    tokenCache.set(token, check.claims);
    return check.claims;
  };

  const handleArm = async (
    req: IncomingMessage,
    rawPath: string,
    rawQuery: string,
    ids: Record<string, string>,
  ): Promise<Reply> => {
    const method = req.method as Method;
    const claims = authenticate(req);
    let segments = splitPath(rawPath);
    let authorizationScope: string | undefined;
    const providerIndex = segments.findIndex(
      (s, i) =>
        s.toLowerCase() === "microsoft.authorization" && segments[i - 1]?.toLowerCase() === "providers",
    );
    if (providerIndex > 0) {
      // Role assignments live at any scope: fold the scope into one pseudo segment for the router.
      authorizationScope = `/${segments.slice(0, providerIndex - 1).join("/")}`;
      segments = ["{scope}", ...segments.slice(providerIndex - 1)];
    }
    if (!METHODS.has(method))
      throw new ArmError(405, "MethodNotAllowed", `The HTTP method '${req.method}' is not supported.`);
    const matched = router.match(method, segments);
    if (!matched) throw unknownRoute(segments);
    const path = authorizationScope
      ? `${authorizationScope === "/" ? "" : authorizationScope}/${segments.slice(1).join("/")}`
      : `/${segments.join("/")}`;
    if (!matched.spec) {
      throw new ArmError(
        501,
        "NotImplemented",
        `The twin does not implement ${method} on '${matched.route.pattern}'. Supported: ${Object.keys(matched.route.methods).join(", ")}.`,
      );
    }
    const query = new URLSearchParams(rawQuery);
    checkApiVersion(matched.route.namespace, query.get("api-version"));
    if (authorizationScope !== undefined) {
      matched.params.scope = authorizationScope;
      const sub = /^\/subscriptions\/([^/]+)/i.exec(authorizationScope)?.[1];
      if (!sub)
        throw new ArmError(
          400,
          "InvalidScope",
          `The scope '${authorizationScope}' is not a valid role assignment scope.`,
        );
      matched.params.sub = sub;
    }
    if (matched.params.sub && matched.params.sub.toLowerCase() !== twin.catalog.subscriptionId) {
      throw new ArmError(
        404,
        "SubscriptionNotFound",
        `The subscription '${matched.params.sub}' could not be found.`,
      );
    }
    const spec = matched.spec;
    const scope = spec.scope === "parent" ? path.slice(0, path.lastIndexOf("/")) : path;
    if (spec.action !== null) {
      const action = typeof spec.action === "string" ? spec.action : spec.action(matched.params);
      twin.authorizer.demand(claims, action, scope);
    }
    if (
      matched.params.rg &&
      !twin.catalog.resourceGroups.some((g) => g.name.toLowerCase() === matched.params.rg!.toLowerCase())
    ) {
      throw new ArmError(
        404,
        "ResourceGroupNotFound",
        `Resource group '${matched.params.rg}' could not be found.`,
      );
    }
    let parsed: Promise<Record<string, unknown>> | undefined;
    const ctx: RequestContext = {
      twin,
      req,
      method,
      path,
      query,
      params: matched.params,
      claims,
      scope,
      body: () => {
        parsed ??= readBody(req).then(parseJsonObject);
        return parsed;
      },
    };
    void ids;
    return spec.handle(ctx);
  };

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const ids = requestIds(req);
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const rawPath = q === -1 ? url : url.slice(0, q);
    const rawQuery = q === -1 ? "" : url.slice(q + 1);
    try {
      if (rawPath.startsWith("/oidc/")) {
        drain(req);
        return send(res, await handleCiOidcRoute(twin, req.method ?? "GET", rawPath), ids);
      }
      if (rawPath.startsWith("/_twin/")) {
        const reply = await handleTwinRoute(twin, faults, req, rawPath);
        return send(res, reply, ids);
      }
      if (rawPath.startsWith("/_inference/")) {
        return await options.inference(req, res, splitPath(rawPath).slice(1), ids);
      }
      const fault = faults.take(req.method ?? "GET", rawPath);
      if (fault) {
        drain(req);
        return send(res, fault, ids);
      }
      const reply = await handleArm(req, rawPath, rawQuery, ids);
      drain(req);
      send(res, reply, ids);
    } catch (error) {
      drain(req);
      if (error instanceof ArmError) return sendError(res, error, ids);
      console.error("twin: unexpected error", error);
      sendJson(
        res,
        500,
        armErrorBody("InternalServerError", `The twin failed unexpectedly: ${(error as Error).message}`),
        ids,
      );
    }
  };
}

function send(res: ServerResponse, reply: Reply, ids: Record<string, string>): void {
  const headers = reply.headers ? { ...ids, ...reply.headers } : ids;
  if (reply.body === undefined) {
    sendJson(res, reply.status, undefined, headers);
    return;
  }
  sendJson(
    res,
    reply.status,
    typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body),
    headers,
  );
}

/** Discards an unread request body so a keep-alive connection stays usable. */
function drain(req: IncomingMessage): void {
  if (!req.readableEnded && !req.destroyed) req.resume();
}

function checkApiVersion(namespace: string, value: string | null): void {
  if (value === null || value === "") {
    throw new ArmError(
      400,
      "MissingApiVersionParameter",
      "The api-version query parameter (?api-version=) is required for all requests.",
    );
  }
  const ok = namespace === "ml" ? value === ML_API_VERSION : API_VERSION_SHAPE.test(value);
  if (!ok) {
    throw new ArmError(
      400,
      "InvalidApiVersionParameter",
      `The api-version '${value}' is invalid. The supported versions are '${namespace === "ml" ? ML_API_VERSION : "YYYY-MM-DD[-preview]"}'.`,
    );
  }
}

function unknownRoute(segments: string[]): ArmError {
  const lower = segments.map((s) => s.toLowerCase());
  const providers = lower.lastIndexOf("providers");
  if (providers >= 0 && segments[providers + 1]) {
    const namespace = segments[providers + 1]!;
    const typeParts = segments.slice(providers + 2).filter((_, i) => i % 2 === 0);
    return new ArmError(
      404,
      "InvalidResourceType",
      `The resource type '${typeParts.join("/") || "(none)"}' could not be found in the namespace '${namespace}' for api version '${ML_API_VERSION}'.`,
    );
  }
  return new ArmError(404, "NotFound", `No route matches '/${segments.join("/")}'.`);
}
