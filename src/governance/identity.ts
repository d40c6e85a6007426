/**
 * @module governance/identity
 * Who is acting, read from the caller's own credential — a twin principal's token or an Entra token from
 * `DefaultAzureCredential` — never from a flag. Approvals and ledger records take their actor from here.
 *
 * The token's claims are decoded, not signature-checked: the token comes straight from the credential we hold,
 * and the same credential is what authorizes the writes (ARM, the ledger container), so a forged token buys
 * nothing that the credential does not already allow. The gate's strength therefore rests on who may write the
 * ledger container (RBAC) and on the hash chain, not on this decoding.
 *
 * Claims used (Entra v1 and v2 access tokens, and the twin's):
 * - `oid` → objectId (required), `tid` → tenantId (required);
 * - kind: `idtyp` ("user" | "app") when present; otherwise a user when the token carries a user name claim
 *   (`upn`, `preferred_username`, `unique_name`) or delegated scopes (`scp`), else a service principal
 *   (managed identities are service principals too);
 * - name: users → `upn` ?? `preferred_username` ?? `unique_name`; apps → `name` ?? `app_displayname` ?? app id;
 * - appId: `appid` (v1) ?? `azp` (v2); groups: `groups` (absent on group overage: `_claim_names`);
 * - tokenId: `uti` ?? `jti` — correlates an approval with the sign-in logs without storing the token.
 */
import type { TokenCredential } from "@azure/core-auth";
import { InputError, UnavailableError } from "../errors.ts";
import { redactText } from "../redact.ts";
import type { Actor } from "./ledger.ts";

export const ARM_SCOPE = "https://management.azure.com/.default";

export interface Identity {
  objectId: string;
  /** Principal name: the UPN for a user; the display name (or app id) for a service principal. */
  name: string;
  /** The token's `name` claim when present. */
  displayName: string;
  kind: "user" | "servicePrincipal";
  tenantId: string;
  /** Group object ids from the token (empty when absent or on group overage). */
  groups: string[];
  upn?: string;
  appId?: string;
  /** `uti` or `jti`: names the token in sign-in logs; not a secret. */
  tokenId?: string;
  /** Token expiry (ISO), when the token says. */
  expiresAt?: string;
}

/** Decodes an access token's claims into an Identity. Throws InputError (never echoing the token) if malformed. */
export function identityFromToken(accessToken: string, options: { now?: Date } = {}): Identity {
  const claims = decodeClaims(accessToken);
  const str = (key: string): string | undefined => {
    const value = claims[key];
    return typeof value === "string" && value !== "" ? value : undefined;
  };
  const objectId = str("oid");
  const tenantId = str("tid");
  if (!objectId)
    throw new InputError("IDENTITY_TOKEN", "the access token has no oid claim: cannot tell who is acting");
  if (!tenantId)
    throw new InputError("IDENTITY_TOKEN", "the access token has no tid claim: cannot tell the tenant");
  const exp = typeof claims.exp === "number" ? claims.exp : undefined;
  const now = options.now ?? new Date();
  if (exp !== undefined && exp * 1000 <= now.getTime()) {
    throw new InputError(
      "IDENTITY_TOKEN_EXPIRED",
      `the access token expired at ${new Date(exp * 1000).toISOString()}`,
    );
  }
  const userName = str("upn") ?? str("preferred_username") ?? str("unique_name");
  const idtyp = str("idtyp");
  const kind: Identity["kind"] =
    idtyp === "user"
      ? "user"
      : idtyp === "app"
        ? "servicePrincipal"
        : userName || str("scp")
          ? "user"
          : "servicePrincipal";
  const appId = str("appid") ?? str("azp");
  const displayName = str("name") ?? str("app_displayname") ?? userName ?? appId ?? objectId;
  const name =
    kind === "user"
      ? (userName ?? displayName)
      : (str("name") ?? str("app_displayname") ?? appId ?? objectId);
  const groups = Array.isArray(claims.groups)
    ? claims.groups.filter((group): group is string => typeof group === "string")
    : [];
  const identity: Identity = { objectId, name, displayName, kind, tenantId, groups };
  if (kind === "user" && userName) identity.upn = userName;
  if (appId) identity.appId = appId;
  const tokenId = str("uti") ?? str("jti");
  if (tokenId) identity.tokenId = tokenId;
  if (exp !== undefined) identity.expiresAt = new Date(exp * 1000).toISOString();
  return identity;
}

/** Gets a token from `credential` for `scope` (default ARM) and decodes it. */
export async function identityFromCredential(
  credential: TokenCredential,
  scope: string = ARM_SCOPE,
  options: { now?: Date } = {},
): Promise<Identity> {
  let token: Awaited<ReturnType<TokenCredential["getToken"]>>;
  try {
    token = await credential.getToken(scope);
  } catch (error) {
    throw new UnavailableError(
      "IDENTITY_CREDENTIAL",
      `could not get a token to identify the caller: ${redactText(error instanceof Error ? error.message : String(error))}`,
    );
  }
  if (!token?.token) throw new UnavailableError("IDENTITY_CREDENTIAL", "the credential returned no token");
  return identityFromToken(token.token, options);
}

/** The ledger's view of an identity. */
export function actorOf(identity: Identity): Actor {
  return { objectId: identity.objectId, name: identity.name, kind: identity.kind };
}

function decodeClaims(token: string): Record<string, unknown> {
  const parts = typeof token === "string" ? token.trim().split(".") : [];
  if (parts.length !== 3 || !parts[1]) {
    throw new InputError(
      "IDENTITY_TOKEN",
      "the access token is not a JWT (expected three dot-separated parts)",
    );
  }
  try {
    const claims = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8")) as unknown;
    if (claims === null || typeof claims !== "object" || Array.isArray(claims))
      throw new Error("not an object");
    return claims as Record<string, unknown>;
  } catch {
    throw new InputError("IDENTITY_TOKEN", "the access token's claims are not base64url JSON");
  }
}
