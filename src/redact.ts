/**
 * @module redact
 * Secret hygiene for everything Airlock writes down: the audit ledger, logs and CLI output. `redact` removes
 * credentials from text or from a JSON-like value; `containsSecret` says whether any survive. Both use the same
 * rules, so "redact, then refuse if `containsSecret`" is a sound guard. It sits at the base (beside errors.ts)
 * because every layer writes text down, the ARM client's error messages included.
 *
 * What counts as a secret:
 * - SAS tokens: on a URL whose query carries `sig=`, the whole query string (a SAS is a bearer credential as a
 *   set; dropping only `sig` would still leak its scope and expiry needlessly); elsewhere the value of `sig=`
 *   and of `SharedAccessSignature=`.
 * - JWTs (`eyJ….eyJ….…`) anywhere, and the credential after `Bearer` / `SharedKey` / `Basic`.
 * - `Authorization` header values (text `Authorization: …` lines and object keys).
 * - Connection-string `AccountKey=…`, `SharedAccessKey=…`, `Password=…`.
 * - Values of sensitive keys in objects or in `key=value` / `"key": "value"` text: primaryKey, secondaryKey,
 *   accountKey, clientSecret, password, accessToken, refreshToken, idToken, sasToken, apiKey, secret, …
 * - Storage account keys on their own (64 random bytes in base64: 86 base64 characters and `==`).
 */

export const REDACTED = "[REDACTED]";

const SENSITIVE_KEY_NAMES = [
  "authorization",
  "primarykey",
  "secondarykey",
  "accountkey",
  "sharedaccesskey",
  "sharedaccesssignature",
  "clientsecret",
  "password",
  "accesstoken",
  "refreshtoken",
  "idtoken",
  "sastoken",
  "sasurl",
  "apikey",
  "secret",
  "signingkey",
  "privatekey",
  "connectionstring",
];

/** `client_secret`, `Primary-Key`, `x-api-key` … all normalise to the names above. */
export function isSensitiveKey(key: string): boolean {
  const normal = key.toLowerCase().replace(/[-_\s]/g, "");
  return SENSITIVE_KEY_NAMES.includes(normal) || normal.endsWith("apikey") || normal.endsWith("secret");
}

// Every pattern is global; each is used with String.replace or a fresh `.test` via `matchAny`.
const JWT = /\beyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g;
const URL_WITH_SAS = /\b(https?:\/\/[^\s"'<>?#]+)\?([^\s"'<>#]*\bsig=[^\s"'<>#]*)/gi;
// At least 8 characters, so prose such as "missing Bearer token" is left alone.
const AUTH_SCHEME = /\b(Bearer|SharedKey|Basic)\s+(?!\[REDACTED\])[A-Za-z0-9._~+/:=%-]{8,}/gi;
const AUTH_HEADER =
  /\b(Authorization["']?\s*[:=]\s*["']?)(?!\s*\[REDACTED\])(?!\s*(?:Bearer|SharedKey|Basic)\s)[^\s"',}][^\r\n"',}]*/gi;
const CONN_STRING_SECRET =
  /\b(AccountKey|SharedAccessKey|SharedAccessSignature|Password)=(?!\[REDACTED\])[^;\s"'&]+/gi;
const SAS_SIG = /([?&\s"'(]|^)(sig=)(?!\[REDACTED\])[^&\s"'<>#]+/gi;
// `"primaryKey": "…"`, `primaryKey=…`, `client_secret: …` — key names as in isSensitiveKey.
const KEYED_VALUE =
  /(["']?)\b([A-Za-z_-]*(?:primary[-_]?key|secondary[-_]?key|account[-_]?key|client[-_]?secret|password|access[-_]?token|refresh[-_]?token|id[-_]?token|sas[-_]?token|api[-_]?key|signing[-_]?key|private[-_]?key|secret))\1(\s*[:=]\s*)(["']?)(?!\[REDACTED\])([^"'\s,;&}]+)\4/gi;
const STORAGE_KEY = /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{86}==(?![A-Za-z0-9+/=])/g;

/** Returns `text` with every credential replaced by `[REDACTED]`. Idempotent. */
export function redactText(text: string): string {
  return text
    .replace(URL_WITH_SAS, (_m, base: string) => `${base}?${REDACTED}`)
    .replace(JWT, REDACTED)
    .replace(AUTH_SCHEME, (_m, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(AUTH_HEADER, (_m, prefix: string) => `${prefix}${REDACTED}`)
    .replace(CONN_STRING_SECRET, (_m, key: string) => `${key}=${REDACTED}`)
    .replace(SAS_SIG, (_m, lead: string, sig: string) => `${lead}${sig}${REDACTED}`)
    .replace(
      KEYED_VALUE,
      (_m, q: string, key: string, sep: string, vq: string) => `${q}${key}${q}${sep}${vq}${REDACTED}${vq}`,
    )
    .replace(STORAGE_KEY, REDACTED);
}

/**
 * Redacts a string, or deep-copies a JSON-like value redacting every string in it and the whole value of
 * every sensitive key. Other values (numbers, booleans, null) pass through; cycles become "[Circular]".
 */
export function redact<T>(value: T): T {
  return redactValue(value, new WeakSet()) as T;
}

function redactValue(value: unknown, seen: WeakSet<object>): unknown {
  if (typeof value === "string") return redactText(value);
  if (value === null || typeof value !== "object") return value;
  if (seen.has(value)) return "[Circular]";
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => redactValue(item, seen));
    if (value instanceof Date) return value.toISOString();
    if (value instanceof Error) {
      return { name: value.name, message: redactText(value.message) };
    }
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] =
        isSensitiveKey(key) && item !== null && item !== undefined && item !== "" && item !== REDACTED
          ? REDACTED
          : redactValue(item, seen);
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

/** Which kinds of secret `text` contains (empty when clean). Useful in error messages and tests. */
export function findSecrets(text: string): string[] {
  const found: string[] = [];
  const checks: Array<[string, RegExp]> = [
    ["SAS query string", URL_WITH_SAS],
    ["JWT", JWT],
    ["authorization credential", AUTH_SCHEME],
    ["Authorization header", AUTH_HEADER],
    ["connection-string secret", CONN_STRING_SECRET],
    ["SAS signature", SAS_SIG],
    ["secret-named value", KEYED_VALUE],
    ["storage account key", STORAGE_KEY],
  ];
  for (const [label, pattern] of checks) {
    pattern.lastIndex = 0;
    for (const match of text.matchAll(pattern)) {
      // A URL whose SAS was already replaced still matches URL_WITH_SAS only if a real sig remains.
      if (label === "SAS query string" && !/\bsig=(?!\[REDACTED\])[^&\s]/i.test(match[2] ?? "")) continue;
      found.push(label);
      break;
    }
  }
  return found;
}

/** True when `value` (text, or any JSON-like value) still carries a credential. */
export function containsSecret(value: unknown): boolean {
  if (typeof value === "string") return findSecrets(value).length > 0;
  return containsSecretValue(value, new WeakSet());
}

function containsSecretValue(value: unknown, seen: WeakSet<object>): boolean {
  if (typeof value === "string") return findSecrets(value).length > 0;
  if (value === null || typeof value !== "object" || seen.has(value)) return false;
  seen.add(value);
  for (const [key, item] of Object.entries(value)) {
    if (isSensitiveKey(key) && typeof item === "string" && item !== "" && item !== REDACTED) return true;
    if (containsSecretValue(item, seen)) return true;
  }
  return false;
}
