/**
 * @module emulator/router
 * A small ARM path router. Literal segments match case-insensitively (as ARM does); parameters keep the
 * client's case and are validated by kind (names, versions, GUIDs). Paths are split by hand — never
 * normalised by a URL parser — so `..` or an encoded `/` reaches validation and is refused with an ARM
 * error instead of silently resolving somewhere else.
 */

import { ASSET_NAME_PATTERN, ASSET_VERSION_PATTERN } from "../contract/names.ts";
import { type ArmError, badRequest, userError } from "./arm-errors.ts";
import { ASSET_TYPES, type Method, type MethodSpec, type Route } from "./context.ts";

const WORKSPACE_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_-]{2,32}$/;
const ENDPOINT_PATTERN = /^[a-zA-Z][a-zA-Z0-9-]{2,31}$/;
const DEPLOYMENT_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9-]{2,31}$/;
const RESOURCE_GROUP_PATTERN = /^[-\w.()]{1,89}[-\w()]$/;
const GENERIC_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/;

type Validator = (value: string) => ArmError | undefined;

const patternValidator =
  (pattern: RegExp, error: (value: string) => ArmError): Validator =>
  (value) =>
    pattern.test(value) ? undefined : error(value);

const invalidName = (kind: string, pattern: RegExp) => (value: string) =>
  badRequest(
    "InvalidResourceName",
    `The ${kind} name '${value}' is invalid: it must match ${pattern.source}.`,
  );

const VALIDATORS: Record<string, Validator> = {
  sub: patternValidator(/^[0-9a-fA-F-]{36}$/, (v) =>
    badRequest(
      "InvalidSubscriptionId",
      `The provided subscription identifier '${v}' is malformed or invalid.`,
    ),
  ),
  rg: patternValidator(RESOURCE_GROUP_PATTERN, (v) =>
    badRequest("InvalidResourceGroupName", `Resource group name '${v}' is invalid.`),
  ),
  workspace: patternValidator(WORKSPACE_PATTERN, invalidName("workspace", WORKSPACE_PATTERN)),
  registry: patternValidator(WORKSPACE_PATTERN, invalidName("registry", WORKSPACE_PATTERN)),
  name: patternValidator(ASSET_NAME_PATTERN, (v) =>
    userError(400, `The name '${v}' is invalid: it must match ${ASSET_NAME_PATTERN.source}.`, "name"),
  ),
  version: patternValidator(ASSET_VERSION_PATTERN, (v) =>
    userError(
      400,
      `The version '${v}' is invalid: it must match ${ASSET_VERSION_PATTERN.source}.`,
      "version",
    ),
  ),
  endpoint: patternValidator(ENDPOINT_PATTERN, invalidName("online endpoint", ENDPOINT_PATTERN)),
  deployment: patternValidator(DEPLOYMENT_PATTERN, invalidName("online deployment", DEPLOYMENT_PATTERN)),
  account: patternValidator(/^[a-z0-9]{3,24}$/, invalidName("storage account", /^[a-z0-9]{3,24}$/)),
  datastore: patternValidator(/^[a-zA-Z0-9_]{1,255}$/, invalidName("datastore", /^[a-zA-Z0-9_]{1,255}$/)),
  id: patternValidator(GENERIC_PATTERN, invalidName("resource", GENERIC_PATTERN)),
  location: patternValidator(/^[a-z0-9]{1,40}$/, invalidName("location", /^[a-z0-9]{1,40}$/)),
};

/** Parameters restricted to a set of values (normalised to lower case). */
const ENUMS: Record<string, readonly string[]> = { assetType: ASSET_TYPES };

interface CompiledRoute {
  route: Route;
  /** Lower-cased literal, or a parameter name prefixed with ":" */
  segments: string[];
}

export interface Match {
  route: Route;
  spec: MethodSpec | undefined;
  params: Record<string, string>;
}

export class Router {
  private readonly bySize = new Map<number, CompiledRoute[]>();

  constructor(routes: readonly Route[]) {
    for (const route of routes) {
      const segments = route.pattern
        .split("/")
        .filter(Boolean)
        .map((s) => (s.startsWith("{") ? `:${s.slice(1, -1)}` : s.toLowerCase()));
      const list = this.bySize.get(segments.length) ?? [];
      list.push({ route, segments });
      this.bySize.set(segments.length, list);
    }
  }

  /** Matches decoded path segments; undefined when no route has this shape. Throws 400 on invalid names. */
  match(method: Method, segments: readonly string[]): Match | undefined {
    const candidates = this.bySize.get(segments.length);
    if (!candidates) return undefined;
    const lower = segments.map((s) => s.toLowerCase());
    outer: for (const candidate of candidates) {
      const params: Record<string, string> = {};
      for (let i = 0; i < lower.length; i++) {
        const expected = candidate.segments[i]!;
        if (expected.charCodeAt(0) === 58 /* ":" */) {
          const name = expected.slice(1);
          const allowed = ENUMS[name];
          if (allowed) {
            if (!allowed.includes(lower[i]!)) continue outer;
            params[name] = lower[i]!;
          } else params[name] = segments[i]!;
        } else if (expected !== lower[i]) continue outer;
      }
      for (const [name, value] of Object.entries(params)) {
        const error = VALIDATORS[name]?.(value);
        if (error) throw error;
      }
      return { route: candidate.route, spec: candidate.route.methods[method], params };
    }
    return undefined;
  }
}

/** Slashes, backslashes and control characters never belong in a name. */
function hasUnsafeCharacter(segment: string): boolean {
  for (let i = 0; i < segment.length; i++) {
    const code = segment.charCodeAt(i);
    if (code < 0x20 || code === 0x2f || code === 0x5c || code === 0x7f) return true;
  }
  return false;
}

/**
 * Splits a raw request path into decoded segments. Refuses (400) what could escape a name: `.`/`..`
 * segments, encoded slashes or backslashes, control characters and empty segments.
 */
export function splitPath(rawPath: string): string[] {
  const parts = rawPath.split("/");
  parts.shift(); // leading "/"
  if (parts.length > 0 && parts[parts.length - 1] === "") parts.pop(); // one trailing slash is tolerated
  const segments: string[] = [];
  for (const part of parts) {
    let segment: string;
    try {
      segment = decodeURIComponent(part);
    } catch {
      throw badRequest(
        "InvalidRequestUri",
        `The request URI contains an invalid escape sequence in '${part}'.`,
      );
    }
    if (segment === "" || segment === "." || segment === ".." || hasUnsafeCharacter(segment)) {
      throw badRequest(
        "InvalidRequestUri",
        `The request URI segment '${segment}' is not a valid resource name or path segment.`,
      );
    }
    segments.push(segment);
  }
  return segments;
}
