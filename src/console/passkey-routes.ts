/**
 * @module console/passkey-routes
 * Owned by console-passkey (stub created by console-core so the app can mount it): the passkey decision and
 * registration routes, mounted under /api/decisions and /passkeys.
 */
import { Hono } from "hono";
import type { ConsoleContext } from "./context.ts";

export function passkeyRoutes(_ctx: ConsoleContext): Hono {
  return new Hono();
}
