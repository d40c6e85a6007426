/**
 * @module console/passkey-routes
 * Owned by console-passkey: the passkey decision and registration routes. Paths are absolute — mount with
 * `app.route("/", passkeyRoutes(ctx))`: POST /api/decisions/:requestId/options, POST /api/decisions/:requestId,
 * GET /passkeys, POST /passkeys/options, POST /passkeys/verify. (Being filled in now.)
 */
import { Hono } from "hono";
import type { ConsoleContext } from "./context.ts";

export function passkeyRoutes(_ctx: ConsoleContext): Hono {
  return new Hono();
}
