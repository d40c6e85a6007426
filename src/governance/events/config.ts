/**
 * @module governance/events/config
 * `governance/events.yml`: where ledger events go. Each webhook has a name (it names the delivery state
 * blobs), a URL — or `urlEnv`, the NAME of an environment variable holding it, for URLs that are credentials
 * themselves (Slack incoming webhooks, Teams Workflows URLs carry `sig=`) — a message format, an optional
 * filter on record types, and `secretEnv`: the NAME of the environment variable holding its Standard Webhooks
 * secret (`whsec_<base64>`). Secrets never live in the repository: a file carrying one (a `secret:` key, a
 * `whsec_` value, a credential-bearing URL) is refused with EVENTS_LITERAL_SECRET, before anything is sent.
 *
 * The secret is required for every format: it signs the request (Slack and Teams ignore the headers) and it
 * authenticates the delivery state next to the ledger (state.ts), which anyone who may append to the ledger
 * container could otherwise forge.
 *
 * `eventgrid`: the URL is an Event Grid topic endpoint (infra/modules/events: CloudEvents 1.0 input schema,
 * local auth off), published to with an Entra token (scope EVENT_GRID_SCOPE, role EventGrid Data Sender);
 * `api-version=2018-01-01` is added when the URL has none.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { InputError, NotFoundError } from "../../errors.ts";
import { REPO_ROOT } from "../../platform/index.ts";
import { containsSecret, isSensitiveKey } from "../../redact.ts";
import { LEDGER_RECORD_TYPES, type LedgerRecordType } from "../records.ts";

export const DEFAULT_EVENTS_FILE = path.join(REPO_ROOT, "governance", "events.yml");
export const EVENT_FORMATS = ["cloudevents", "slack", "teams", "eventgrid"] as const;
export type EventFormat = (typeof EVENT_FORMATS)[number];

export interface RetryPolicy {
  /** Attempts per event before it goes to the dead-letter list. */
  maxAttempts: number;
  /** Ceiling of the first retry's delay; doubles per attempt (full jitter: the delay is random below it). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Per request. */
  timeoutMs: number;
  /** Consecutive dead letters after which a pass stops for that webhook (the endpoint looks down). */
  stopAfterDeadLetters: number;
}

export interface WebhookConfig {
  name: string;
  /** A literal URL, or undefined when it comes from `urlEnv`. */
  url?: string;
  urlEnv?: string;
  format: EventFormat;
  /** Record types delivered (exact, or `prefix.*`); empty: all. */
  types: string[];
  secretEnv: string;
}

export interface EventsConfig {
  source: string;
  retry: RetryPolicy;
  webhooks: WebhookConfig[];
}

/** The Entra scope of Event Grid's data plane (the Azure SDKs' token scope, e.g. azure-sdk-for-go sdk/messaging/azeventgrid). */
export const EVENT_GRID_SCOPE = "https://eventgrid.azure.net/.default";
/** The publish api-version of custom topics (learn.microsoft.com/azure/event-grid/post-to-custom-topic). */
export const EVENT_GRID_API_VERSION = "2018-01-01";

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 500,
  maxDelayMs: 60_000,
  timeoutMs: 15_000,
  stopAfterDeadLetters: 3,
};

/** A webhook with its secret and URL resolved from the environment. */
export interface ResolvedWebhook extends WebhookConfig {
  url: string;
  /** The raw HMAC key: the base64 after `whsec_`, decoded. */
  key: Buffer;
}

const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const WEBHOOK_KEYS = ["name", "url", "urlEnv", "format", "types", "secretEnv"];
const RETRY_KEYS = Object.keys(DEFAULT_RETRY);

function bad(code: string, source: string, message: string): InputError {
  return new InputError(code, `${source}: ${message}`, { file: source });
}

export async function loadEventsConfig(file: string = DEFAULT_EVENTS_FILE): Promise<EventsConfig> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new NotFoundError("EVENTS_CONFIG_NOT_FOUND", `no events configuration at ${file}`, { file });
  }
  return parseEventsConfig(text, file);
}

export function parseEventsConfig(text: string, source = "events.yml"): EventsConfig {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (error) {
    throw bad("EVENTS_CONFIG_INVALID", source, `not valid YAML: ${(error as Error).message.split("\n")[0]}`);
  }
  doc ??= {};
  if (typeof doc !== "object" || Array.isArray(doc)) {
    throw bad("EVENTS_CONFIG_INVALID", source, "the file must be a mapping");
  }
  refuseLiteralSecrets(doc, source, "");
  const root = doc as Record<string, unknown>;
  for (const key of Object.keys(root)) {
    if (!["version", "retry", "webhooks"].includes(key)) {
      throw bad("EVENTS_CONFIG_INVALID", source, `unknown key "${key}" (expected version, retry, webhooks)`);
    }
  }
  if (root.version !== undefined && root.version !== 1) {
    throw bad("EVENTS_CONFIG_INVALID", source, "version must be 1");
  }
  const retry = { ...DEFAULT_RETRY };
  if (root.retry !== undefined) {
    if (typeof root.retry !== "object" || root.retry === null || Array.isArray(root.retry)) {
      throw bad("EVENTS_CONFIG_INVALID", source, "retry must be a mapping");
    }
    for (const [key, value] of Object.entries(root.retry)) {
      if (!RETRY_KEYS.includes(key)) {
        throw bad(
          "EVENTS_CONFIG_INVALID",
          source,
          `unknown retry key "${key}" (expected ${RETRY_KEYS.join(", ")})`,
        );
      }
      if (!Number.isInteger(value) || (value as number) < (key === "baseDelayMs" ? 0 : 1)) {
        throw bad("EVENTS_CONFIG_INVALID", source, `retry.${key} must be a positive whole number`);
      }
      retry[key as keyof RetryPolicy] = value as number;
    }
  }
  const list = root.webhooks ?? [];
  if (!Array.isArray(list)) throw bad("EVENTS_CONFIG_INVALID", source, "webhooks must be a list");
  const webhooks = list.map((entry, index) => parseWebhook(entry, `${source} webhooks[${index}]`));
  const names = new Set<string>();
  for (const hook of webhooks) {
    if (names.has(hook.name))
      throw bad("EVENTS_CONFIG_INVALID", source, `two webhooks are named "${hook.name}"`);
    names.add(hook.name);
  }
  return { source, retry, webhooks };
}

/** Any secret-named key, `whsec_` value or credential in the file is refused: secrets come from the environment. */
function refuseLiteralSecrets(value: unknown, source: string, at: string): void {
  if (typeof value === "string") {
    if (/whsec_/i.test(value) || containsSecret(value)) {
      throw bad(
        "EVENTS_LITERAL_SECRET",
        source,
        `${at || "a value"} holds a secret; put it in an environment variable and name that variable (secretEnv, urlEnv)`,
      );
    }
    return;
  }
  if (value === null || typeof value !== "object") return;
  for (const [key, item] of Object.entries(value)) {
    const where = Array.isArray(value) ? `${at}[${key}]` : at ? `${at}.${key}` : key;
    if (!Array.isArray(value) && isSensitiveKey(key)) {
      throw bad(
        "EVENTS_LITERAL_SECRET",
        source,
        `"${where}" would hold a secret in the repository; use secretEnv: <NAME of an environment variable holding it>`,
      );
    }
    refuseLiteralSecrets(item, source, where);
  }
}

function parseWebhook(entry: unknown, at: string): WebhookConfig {
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
    throw new InputError("EVENTS_CONFIG_INVALID", `${at}: a webhook is a mapping`);
  }
  const hook = entry as Record<string, unknown>;
  for (const key of Object.keys(hook)) {
    if (!WEBHOOK_KEYS.includes(key)) {
      throw new InputError(
        "EVENTS_CONFIG_INVALID",
        `${at}: unknown key "${key}" (expected ${WEBHOOK_KEYS.join(", ")})`,
      );
    }
  }
  if (typeof hook.name !== "string" || !NAME.test(hook.name)) {
    throw new InputError(
      "EVENTS_CONFIG_INVALID",
      `${at}: name must be lowercase letters, digits and dashes (it names the delivery state)`,
    );
  }
  const name = hook.name;
  const format = hook.format ?? "cloudevents";
  if (!(EVENT_FORMATS as readonly unknown[]).includes(format)) {
    throw new InputError("EVENTS_CONFIG_INVALID", `${at}: format must be one of ${EVENT_FORMATS.join(", ")}`);
  }
  if ((hook.url === undefined) === (hook.urlEnv === undefined)) {
    throw new InputError("EVENTS_CONFIG_INVALID", `${at} (${name}): give exactly one of url and urlEnv`);
  }
  if (hook.url !== undefined) {
    if (typeof hook.url !== "string")
      throw new InputError("EVENTS_CONFIG_INVALID", `${at}: url must be a string`);
    checkUrl(hook.url, `${at} (${name})`, true);
  }
  if (hook.urlEnv !== undefined && (typeof hook.urlEnv !== "string" || !ENV_NAME.test(hook.urlEnv))) {
    throw new InputError(
      "EVENTS_CONFIG_INVALID",
      `${at} (${name}): urlEnv must be an environment variable NAME`,
    );
  }
  if (typeof hook.secretEnv !== "string" || !ENV_NAME.test(hook.secretEnv)) {
    throw new InputError(
      "EVENTS_CONFIG_INVALID",
      `${at} (${name}): secretEnv must be the NAME of an environment variable holding the whsec_ secret`,
    );
  }
  const types = hook.types ?? [];
  if (!Array.isArray(types) || types.some((t) => typeof t !== "string")) {
    throw new InputError("EVENTS_CONFIG_INVALID", `${at} (${name}): types must be a list of record types`);
  }
  for (const type of types as string[]) {
    const known = type.endsWith(".*")
      ? LEDGER_RECORD_TYPES.some((t) => t.startsWith(type.slice(0, -1)))
      : (LEDGER_RECORD_TYPES as readonly string[]).includes(type);
    if (!known) {
      throw new InputError(
        "EVENTS_CONFIG_INVALID",
        `${at} (${name}): unknown record type "${type}" (expected one of ${LEDGER_RECORD_TYPES.join(", ")}, or a prefix like approval.*)`,
      );
    }
  }
  return {
    name,
    ...(hook.url !== undefined ? { url: hook.url as string } : {}),
    ...(hook.urlEnv !== undefined ? { urlEnv: hook.urlEnv as string } : {}),
    format: format as EventFormat,
    types: types as string[],
    secretEnv: hook.secretEnv,
  };
}

/**
 * https anywhere; plain http only to loopback (test receivers). A literal URL may not be a credential:
 * Slack's incoming webhook URLs are (hooks.slack.com/services/…), and redact.ts catches `sig=` (Teams Workflows).
 */
function checkUrl(url: string, at: string, literal: boolean): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InputError(
      "EVENTS_URL_INVALID",
      `${at}: "${literal ? url : "(from the environment)"}" is not a URL`,
    );
  }
  const loopback = ["127.0.0.1", "[::1]", "localhost"].includes(parsed.hostname);
  if (parsed.protocol !== "https:" && !(parsed.protocol === "http:" && loopback)) {
    throw new InputError(
      "EVENTS_URL_INVALID",
      `${at}: webhooks must use https (plain http only to loopback)`,
    );
  }
  if (literal && (parsed.hostname === "hooks.slack.com" || parsed.username || parsed.password)) {
    throw new InputError(
      "EVENTS_LITERAL_SECRET",
      `${at}: this URL is a credential; name an environment variable holding it with urlEnv`,
    );
  }
}

/** True when `type` passes the webhook's filter. */
export function matchesTypes(hook: Pick<WebhookConfig, "types">, type: string): boolean {
  if (hook.types.length === 0) return true;
  return hook.types.some((t) => (t.endsWith(".*") ? type.startsWith(t.slice(0, -1)) : t === type));
}

/**
 * The webhooks with their secrets and URLs taken from `env`. Every one is checked before anything is sent,
 * so a missing secret changes nothing (EVENTS_SECRET_MISSING, EVENTS_SECRET_INVALID).
 */
export function resolveWebhooks(
  config: EventsConfig,
  env: Readonly<Record<string, string | undefined>> = process.env,
  only?: readonly string[],
): ResolvedWebhook[] {
  const chosen =
    only && only.length > 0 ? config.webhooks.filter((h) => only.includes(h.name)) : config.webhooks;
  for (const name of only ?? []) {
    if (!config.webhooks.some((h) => h.name === name)) {
      throw new NotFoundError("EVENTS_WEBHOOK_NOT_FOUND", `no webhook named "${name}" in ${config.source}`);
    }
  }
  return chosen.map((hook) => {
    const secret = env[hook.secretEnv];
    if (!secret) {
      throw new InputError(
        "EVENTS_SECRET_MISSING",
        `webhook "${hook.name}": environment variable ${hook.secretEnv} (its secretEnv) is not set`,
        { webhook: hook.name, secretEnv: hook.secretEnv },
      );
    }
    const key = decodeSecret(secret);
    if (!key) {
      throw new InputError(
        "EVENTS_SECRET_INVALID",
        `webhook "${hook.name}": ${hook.secretEnv} must hold whsec_ followed by the base64 of 24 to 64 random bytes`,
        { webhook: hook.name, secretEnv: hook.secretEnv },
      );
    }
    let url = hook.url;
    if (hook.urlEnv !== undefined) {
      url = env[hook.urlEnv];
      if (!url) {
        throw new InputError(
          "EVENTS_URL_MISSING",
          `webhook "${hook.name}": environment variable ${hook.urlEnv} (its urlEnv) is not set`,
          { webhook: hook.name, urlEnv: hook.urlEnv },
        );
      }
      checkUrl(url, `webhook "${hook.name}" (${hook.urlEnv})`, false);
    }
    if (hook.format === "eventgrid") {
      const parsed = new URL(url!);
      if (!parsed.searchParams.has("api-version"))
        parsed.searchParams.set("api-version", EVENT_GRID_API_VERSION);
      url = parsed.toString();
    }
    return { ...hook, url: url!, key };
  });
}

/** Standard Webhooks: secrets are `whsec_` + base64 of 24–64 random bytes; the HMAC key is the decoded bytes. */
export function decodeSecret(secret: string): Buffer | undefined {
  const match = /^whsec_([A-Za-z0-9+/]+={0,2})$/.exec(secret.trim());
  if (!match) return undefined;
  const key = Buffer.from(match[1]!, "base64");
  return key.length >= 24 && key.length <= 64 ? key : undefined;
}

export type { LedgerRecordType };
