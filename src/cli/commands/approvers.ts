/**
 * @module cli/commands/approvers — `airlock approvers add-passkey`: serves the registration page on
 * http://localhost:<port> (127.0.0.1 only, behind the console's guard: one-time token → cookie, Host check,
 * Origin + CSRF on every POST, strict CSP), waits for one verified registration, prints the registry entry and
 * stops. Registering trusts nothing by itself: the entry counts once committed through review (on the twin it
 * is added to the twin person, whose keys already live in the state dir).
 */
import { readFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import type { ConsoleContext } from "../../console/context.ts";
import { registrationRoutes } from "../../console/passkey-routes.ts";
import { ConsoleGuard } from "../../console/security.ts";
import { page } from "../../console/view.ts";
import { AirlockError, ExitCode, InputError } from "../../errors.ts";
import { personOfIdentity } from "../../governance/approvals.ts";
import { loadPolicy } from "../../governance/policy.ts";
import { approversRegistry } from "../../promotion/trust.ts";
import { openBrowser, portOption, shouldOpenBrowser, untilStopped } from "../local-page.ts";
import { printResult } from "../output.ts";
import { connectFrom, type TargetOptions } from "./target.ts";

const STATIC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "../../console/static");

interface Registered {
  person: string;
  yaml: string;
  addedToTwin: boolean;
}

export async function addPasskeyCommand(
  options: TargetOptions & { name?: string; port?: string; open?: boolean },
): Promise<void> {
  const wantedPort = portOption(options.port, 8765);
  const connection = await connectFrom(options);
  const [dev, prod] = await Promise.all([connection.identity("dev"), connection.identity("prod")]);
  const registry = await approversRegistry(connection);
  const person = options.name ?? personOfIdentity(registry, prod)?.id;
  if (!person)
    throw new InputError(
      "PASSKEY_PERSON_REQUIRED",
      `${prod.name} is not in the approvers registry (${registry.source}): pass --name <id> for the entry you will add`,
    );

  let handler: ((request: Request) => Response | Promise<Response>) | undefined;
  let bound: (port: number) => void = () => undefined;
  let failed: (error: unknown) => void = () => undefined;
  const listening = new Promise<number>((resolve, reject) => {
    bound = resolve;
    failed = reject;
  });
  const server = serve(
    {
      fetch: (request: Request) => (handler ? handler(request) : new Response("starting", { status: 503 })),
      hostname: "127.0.0.1",
      port: wantedPort,
    },
    (info: AddressInfo) => bound(info.port),
  );
  server.once("error", (error: NodeJS.ErrnoException) =>
    failed(
      error.code === "EADDRINUSE"
        ? new AirlockError("CONSOLE_PORT_IN_USE", `port ${wantedPort} is in use; pass --port <free port>`, {
            exitCode: ExitCode.unavailable,
          })
        : error,
    ),
  );
  const port = await listening;
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      if ("closeAllConnections" in server) server.closeAllConnections();
    });
  try {
    const guard = new ConsoleGuard(port);
    const origin = `http://localhost:${port}`;
    const ctx: ConsoleContext = {
      connection,
      identity: { dev, prod },
      policy: await loadPolicy(),
      registry: async () => registry,
      csrf: guard.csrf,
      origin,
    };
    let done: (result: Registered) => void = () => undefined;
    const registered = new Promise<Registered>((resolve) => {
      done = resolve;
    });
    const app = new Hono();
    app.use("*", guard.middleware());
    app.get("/static/:file{[a-z][a-z0-9-]*\\.(js|css)}", async (c) => {
      const file = c.req.param("file");
      const text = await readFile(path.join(STATIC_DIR, file), "utf8").catch(() => undefined);
      if (text === undefined) return c.notFound();
      return c.body(text, 200, {
        "Content-Type": file.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8",
      });
    });
    app.get("/", (c) => c.redirect("/passkeys", 303));
    app.route(
      "/passkeys",
      registrationRoutes(origin, {
        person: async () => person,
        ...(connection.twin ? { twinStateDir: connection.twin.stateDir } : {}),
        onRegistered: (result) => done(result),
        render: (c, body) =>
          page(c, ctx, { title: "Register a passkey", scripts: ["/static/passkey.js"] }, body) as Response,
      }),
    );
    handler = (request) => app.fetch(request);
    const url = `${origin}/passkeys?token=${guard.startToken}`;
    if (options.json) process.stdout.write(`${JSON.stringify({ url })}\n`);
    else
      process.stdout.write(`Register ${person}'s passkey: ${url}\n(the link works once; Ctrl-C cancels)\n`);
    if (shouldOpenBrowser(options.open)) openBrowser(url);
    const signal = untilStopped();
    const cancelled = signal.stopped.then(() => {
      throw new AirlockError("PASSKEY_REGISTRATION_CANCELLED", "stopped before a passkey was registered", {
        exitCode: ExitCode.failure,
      });
    });
    const result = await Promise.race([registered, cancelled]).finally(signal.dispose);
    printResult(options, { ...result, origin }, () =>
      [
        `# Add under ${result.person}'s keys: in governance/approvers.yml, through review:`,
        result.yaml.trimEnd(),
        ...(result.addedToTwin ? [`# On this twin it is ${result.person}'s passkey already.`] : []),
        `# Sign with it in \`airlock console --port ${port}\` (a passkey's origin includes the port).`,
      ].join("\n"),
    );
  } finally {
    await close();
  }
}
