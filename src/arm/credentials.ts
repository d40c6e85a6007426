/**
 * @module arm/credentials
 * TokenCredentials for the ARM client: Azure's DefaultAzureCredential, a fixed token, and the twin's local
 * credential that mints tokens for a twin principal from the twin's signing key in its state directory
 * (no network call). The twin's token module is imported lazily so this module loads without it.
 */
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { UnavailableError } from "../errors.ts";

/** A credential that always returns `token` (tests, or a token obtained elsewhere). */
export function staticTokenCredential(
  token: string,
  expiresOnTimestamp = Date.now() + 3_600_000,
): TokenCredential {
  return { getToken: async () => ({ token, expiresOnTimestamp }) };
}

/** Seconds-since-epoch `exp` of a JWT, if it has one (the token is not verified, only read). */
export function jwtExpiry(token: string): number | undefined {
  const payload = token.split(".")[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { exp?: unknown };
    return typeof claims.exp === "number" ? claims.exp : undefined;
  } catch {
    return undefined;
  }
}

type MintTwinToken = (stateDir: string, principal: string, ttlSeconds?: number) => string | Promise<string>;

async function loadMintTwinToken(): Promise<MintTwinToken> {
  // A computed specifier keeps the type checker (and module loading) off src/emulator until it is needed.
  const specifier = new URL("../emulator/tokens.ts", import.meta.url).href;
  let module: { mintTwinToken?: MintTwinToken };
  try {
    module = (await import(specifier)) as { mintTwinToken?: MintTwinToken };
  } catch (error) {
    throw new UnavailableError("TWIN_TOKENS_UNAVAILABLE", "The twin's token module could not be loaded.", {
      reason: (error as Error).message,
    });
  }
  if (typeof module.mintTwinToken !== "function") {
    throw new UnavailableError(
      "TWIN_TOKENS_UNAVAILABLE",
      "src/emulator/tokens.ts does not export mintTwinToken.",
    );
  }
  return module.mintTwinToken;
}

export interface TwinCredentialOptions {
  /** The running twin's state directory (holds `twin-signing-key`). */
  stateDir: string;
  /** A principal the twin knows, e.g. "alice" or "sp-aml-promotion-prod". */
  principal: string;
  /** Lifetime of each minted token (default: the twin's default). */
  ttlSeconds?: number;
}

/** The twin's local credential: mints (and caches until near expiry) a token for `principal`. */
export function twinCredential(options: TwinCredentialOptions): TokenCredential {
  let cached: AccessToken | undefined;
  return {
    async getToken(): Promise<AccessToken> {
      if (cached && cached.expiresOnTimestamp - Date.now() > 60_000) return cached;
      const mint = await loadMintTwinToken();
      const token = await mint(options.stateDir, options.principal, options.ttlSeconds);
      const exp = jwtExpiry(token);
      cached = { token, expiresOnTimestamp: exp !== undefined ? exp * 1000 : Date.now() + 300_000 };
      return cached;
    },
  };
}

/** Azure: DefaultAzureCredential (environment, workload identity, managed identity, Azure CLI, ...). */
export async function azureCredential(): Promise<TokenCredential> {
  const { DefaultAzureCredential } = await import("@azure/identity");
  return new DefaultAzureCredential();
}
