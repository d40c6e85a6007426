/**
 * @module console/context
 * What every console route gets: the user's own connection (twin principal or DefaultAzureCredential — the
 * console holds no credential of its own), who that is, the policy and approvers registry in force, and the
 * session's CSRF helper. Passed to the passkey routes and the decision panel (owned by console-passkey).
 */
import type { Context } from "hono";
import type { Connection } from "../connect/connection.ts";
import type { Identity } from "../governance/identity.ts";
import type { GovernancePolicy } from "../governance/policy.ts";
import type { ApproversRegistry } from "../governance/signing/index.ts";

/** The console's CSRF protection: a per-session token, echoed by pages in a meta tag, sent back as a header. */
export interface CsrfHelper {
  /** The request header every POST must carry (and the name of the page's meta tag). */
  readonly header: string;
  /** The token of the session behind this request (empty when there is no session: such a request gets 401). */
  tokenFor(c: Context): string;
}

export interface ConsoleContext {
  connection: Connection;
  /** Who acts on each side (the dev identity files and decides; the prod identity deploys and rolls back). */
  identity: { dev: Identity; prod: Identity };
  policy: GovernancePolicy;
  /** The approvers registry in force (read once, as every CLI command does). */
  registry: () => Promise<ApproversRegistry>;
  csrf: CsrfHelper;
  /** The console's own origin, e.g. http://localhost:8765 (WebAuthn's expected origin; RP ID "localhost"). */
  origin: string;
}
