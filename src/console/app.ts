/**
 * @module console/app
 * The console web app (hono) and its server. `createConsoleApp` wires the guard (security.ts) in front of every
 * route, the pages, the rollback API, the passkey routes (passkey-routes.ts, under /api/decisions and
 * /passkeys), static files from src/console/static, and one error mapping: an AirlockError becomes the HTTP
 * status of its exit code with its code and message (redacted); anything else is a 500 that names no detail.
 * `startConsole` listens on 127.0.0.1 only and resolves once the port is bound.
 */
import { readFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { type Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Connection } from "../connect/connection.ts";
import { AirlockError, ExitCode } from "../errors.ts";
import type { GovernancePolicy } from "../governance/policy.ts";
import { requestStatuses } from "../promotion/gate.ts";
import { approversRegistry } from "../promotion/trust.ts";
import { redact, redactText } from "../redact.ts";
import type { ConsoleContext } from "./context.ts";
import { LedgerView } from "./ledger-view.ts";
import { cataloguePage } from "./pages/catalogue.ts";
import { endpointsPage, rollbackApi } from "./pages/endpoints.ts";
import { inboxPage } from "./pages/inbox.ts";
import { ledgerListPage, ledgerRecordPage } from "./pages/ledger.ts";
import { requestPage } from "./pages/request.ts";
import { timelinePage } from "./pages/timeline.ts";
import { passkeyRoutes } from "./passkey-routes.ts";
import { ConsoleGuard } from "./security.ts";
import { h, page } from "./view.ts";

export type { ConsoleContext } from "./context.ts";

const STATIC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "static");
const STATIC_NAME = /^[a-z][a-z0-9-]*\.(js|css)$/;
const CONTENT_TYPES: Record<string, string> = {
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
};

const HTTP_STATUS: Partial<Record<number, ContentfulStatusCode>> = {
  [ExitCode.invalidInput]: 400,
  [ExitCode.usage]: 400,
  [ExitCode.notFound]: 404,
  [ExitCode.conflict]: 409,
  [ExitCode.forbidden]: 403,
  [ExitCode.gateClosed]: 409,
  [ExitCode.verificationFailed]: 409,
  [ExitCode.unavailable]: 503,
};

function errorAnswer(c: Context, ctx: ConsoleContext, error: unknown) {
  const known = error instanceof AirlockError;
  const status: ContentfulStatusCode = known ? (HTTP_STATUS[error.exitCode] ?? 500) : 500;
  const body = known
    ? (redact(error.toJSON()) as { code: string; message: string })
    : { code: "AIRLOCK_INTERNAL", message: "the console failed; see its terminal" };
  if (!known)
    process.stderr.write(
      `console: ${redactText(error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`,
    );
  if (new URL(c.req.url).pathname.startsWith("/api/")) return c.json({ error: body }, status);
  c.status(status);
  return page(
    c,
    ctx,
    { title: status === 404 ? "Not found" : "Refused" },
    h`<p class="verdict closed"><code>${body.code}</code> ${body.message}</p>`,
  );
}

/** The app, given a context whose csrf helper comes from `guard`. */
export function createConsoleApp(
  ctx: ConsoleContext,
  guard: ConsoleGuard,
  ledger: LedgerView = new LedgerView(ctx.connection),
): Hono {
  const app = new Hono();
  app.use("*", guard.middleware());
  app.onError((error, c) => errorAnswer(c, ctx, error));
  app.notFound((c) =>
    errorAnswer(
      c,
      ctx,
      new AirlockError("CONSOLE_NOT_FOUND", `no page at ${new URL(c.req.url).pathname}`, {
        exitCode: ExitCode.notFound,
      }),
    ),
  );

  app.get("/static/:file", async (c) => {
    const file = c.req.param("file");
    if (!STATIC_NAME.test(file)) return c.notFound();
    const text = await readFile(path.join(STATIC_DIR, file), "utf8").catch(() => undefined);
    if (text === undefined) return c.notFound();
    return c.body(text, 200, { "Content-Type": CONTENT_TYPES[file.split(".").pop()!]! });
  });
  app.get("/", (c) => inboxPage(c, ctx));
  app.get("/requests/:id", (c) => requestPage(c, ctx));
  app.get("/catalogue", (c) => cataloguePage(c, ctx));
  app.get("/assets/:kind/:name/:version", (c) => timelinePage(c, ctx, ledger));
  app.get("/ledger", (c) => ledgerListPage(c, ctx, ledger));
  app.get("/ledger/:seq", (c) => ledgerRecordPage(c, ctx, ledger));
  app.get("/endpoints", (c) => endpointsPage(c, ctx));
  app.post("/api/endpoints/:name/rollback", (c) => rollbackApi(c, ctx));
  app.get("/api/session", (c) =>
    c.json({ dev: ctx.identity.dev.name, prod: ctx.identity.prod.name, mode: ctx.connection.mode }),
  );
  const passkeys = passkeyRoutes(ctx);
  app.route("/api/decisions", passkeys);
  app.route("/passkeys", passkeys);
  return app;
}

export interface ConsoleOptions {
  connection: Connection;
  policy: GovernancePolicy;
  /** 0 (default) picks a free port. */
  port?: number;
}

export interface RunningConsole {
  /** The start URL, carrying the one-time token. */
  url: string;
  port: number;
  origin: string;
  context: ConsoleContext;
  /**
   * Settles when the start-up warm-up is done: the ledger verified in full once and the approvals folded, so the
   * first page view pays only for what was appended since. Pages work before it settles (they wait for it).
   */
  ready: Promise<void>;
  close(): Promise<void>;
}

/** Binds 127.0.0.1:<port>, then serves the app. */
export async function startConsole(options: ConsoleOptions): Promise<RunningConsole> {
  const { connection, policy } = options;
  const [dev, prod] = await Promise.all([connection.identity("dev"), connection.identity("prod")]);
  let resolveListening: (port: number) => void = () => undefined;
  let rejectListening: (error: unknown) => void = () => undefined;
  const listening = new Promise<number>((resolve, reject) => {
    resolveListening = resolve;
    rejectListening = reject;
  });
  // The app needs the port (Host check, origin) before it answers: bind first, route after.
  let handler: ((request: Request) => Response | Promise<Response>) | undefined;
  const server = serve(
    {
      fetch: (request: Request) => (handler ? handler(request) : new Response("starting", { status: 503 })),
      hostname: "127.0.0.1",
      port: options.port ?? 0,
    },
    (info: AddressInfo) => resolveListening(info.port),
  );
  server.once("error", (error: NodeJS.ErrnoException) => {
    rejectListening(
      error.code === "EADDRINUSE"
        ? new AirlockError("CONSOLE_PORT_IN_USE", `port ${options.port} is in use; pass --port <free port>`, {
            exitCode: ExitCode.unavailable,
          })
        : error,
    );
  });
  const port = await listening;
  const guard = new ConsoleGuard(port);
  const origin = `http://localhost:${port}`;
  const context: ConsoleContext = {
    connection,
    identity: { dev, prod },
    policy,
    registry: () => approversRegistry(connection),
    csrf: guard.csrf,
    origin,
  };
  const ledger = new LedgerView(connection);
  const app = createConsoleApp(context, guard, ledger);
  handler = (request) => app.fetch(request);
  // Warm up while the user opens the link; a failure here shows on the page that needs it, not at start.
  // One after the other: both read the same ledger instance, whose verified snapshot the second reuses.
  const ready = ledger
    .state()
    .then(() => requestStatuses(connection, policy))
    .then(
      () => undefined,
      () => undefined,
    );
  return {
    url: `${origin}/?token=${guard.startToken}`,
    port,
    origin,
    context,
    ready,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ("closeAllConnections" in server) server.closeAllConnections();
      }),
  };
}
