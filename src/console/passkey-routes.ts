/**
 * @module console/passkey-routes
 * The passkey routes. app.ts mounts the one Hono this returns under both /api/decisions and /passkeys, behind
 * the console guard (security.ts: Host, session, same Origin and the CSRF header on every POST); each route
 * answers only under its own prefix:
 * - POST /api/decisions/:requestId/options `{decision: "approve"|"reject", text}` → `{ceremony}` (the Statement
 *   and its challenge) or `{outcome}` when the person's decision already stands;
 * - POST /api/decisions/:requestId `{assertion}` → `{outcome}`: the gate's verdict on the recorded decision;
 * - GET /passkeys, POST /passkeys/options, POST /passkeys/verify: registering the signed-in person's passkey
 *   (the YAML entry to add to governance/approvers.yml through review; on the twin it is added to the twin
 *   person at once).
 * Errors answer `{error: {code, message}}` with the status of their class; nothing here holds a secret.
 */
import type { Context, Handler } from "hono";
import { Hono } from "hono";
import { AirlockError, ExitCode } from "../errors.ts";
import { personOfIdentity } from "../governance/approvals.ts";
import { addTwinPasskey } from "../governance/signing/twin-keys.ts";
import type { ConsoleContext } from "./context.ts";
import { DecisionCeremonies, parseAssertion } from "./passkey-ceremony.ts";
import { RegistrationCeremonies, registryKeySnippet } from "./passkey-registration.ts";
import { h, page } from "./view.ts";

const STATUS: Partial<Record<number, 400 | 403 | 404 | 409 | 422 | 503>> = {
  [ExitCode.invalidInput]: 400,
  [ExitCode.usage]: 400,
  [ExitCode.notFound]: 404,
  [ExitCode.conflict]: 409,
  [ExitCode.forbidden]: 403,
  [ExitCode.gateClosed]: 403,
  [ExitCode.verificationFailed]: 422,
  [ExitCode.unavailable]: 503,
};

function failure(c: Context, error: unknown) {
  if (error instanceof AirlockError)
    return c.json({ error: { code: error.code, message: error.message } }, STATUS[error.exitCode] ?? 500);
  throw error;
}

async function jsonBody(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    return undefined;
  }
}

/** A handler that answers only under `prefix` (the same routes are mounted under two prefixes). */
function only(prefix: string, handler: Handler): Handler {
  return (c, next) =>
    c.req.path === prefix || c.req.path.startsWith(`${prefix}/`) ? handler(c, next) : next();
}

/** The twin people a passkey may be added to at once (promotion/trust.ts TWIN_PEOPLE). */
const TWIN_PEOPLE = new Set(["alice", "bob", "mallory"]);

export interface RegistrationRouteOptions {
  /** The person registering (a registry id), or a problem to show instead. */
  person: () => Promise<string>;
  /** The twin's state dir: the passkey is added to the twin person there too. */
  twinStateDir?: string;
  /** Called after a registration verified (the CLI prints the entry and stops). */
  onRegistered?: (result: { person: string; yaml: string; addedToTwin: boolean }) => void;
  /** The page around the registration form. */
  render: (c: Context, body: ReturnType<typeof h>) => Response | Promise<Response>;
}

/**
 * GET /, POST /options, POST /verify, to be mounted under /passkeys (also by `airlock approvers add-passkey`);
 * they answer only under /passkeys.
 */
export function registrationRoutes(origin: string, options: RegistrationRouteOptions): Hono {
  const ceremonies = new RegistrationCeremonies(origin);
  const app = new Hono();
  const P = "/passkeys";
  app.get(
    "/",
    only(P, async (c) => {
      let person: string;
      try {
        person = await options.person();
      } catch (error) {
        if (!(error instanceof AirlockError)) throw error;
        return options.render(c, h`<p role="alert">${error.message}</p>`);
      }
      return options.render(
        c,
        h`<section class="passkey-registration" aria-labelledby="passkey-heading" data-airlock-passkey-registration>
<h2 id="passkey-heading">Register a passkey for ${person}</h2>
<p>Your browser creates a passkey for this console (RP ID <code>localhost</code>, origin <code>${origin}</code>).
Airlock prints the entry to add under <code>${person}</code>'s <code>keys:</code> in <code>governance/approvers.yml</code>;
it counts once that change is reviewed and committed${options.twinStateDir ? " (on the twin it is added to the twin person at once)" : ""}.</p>
<button type="button" data-airlock-register>Create a passkey</button>
<p role="status" aria-live="polite" data-airlock-status></p>
<pre data-airlock-entry hidden></pre>
</section>`,
      );
    }),
  );
  app.post(
    "/options",
    only(P, async (c) => {
      try {
        return c.json({ options: await ceremonies.begin(await options.person()) });
      } catch (error) {
        return failure(c, error);
      }
    }),
  );
  app.post(
    "/verify",
    only(P, async (c) => {
      try {
        const { person, passkey } = await ceremonies.finish(await jsonBody(c));
        const yaml = registryKeySnippet(passkey);
        let addedToTwin = false;
        if (options.twinStateDir && TWIN_PEOPLE.has(person)) {
          await addTwinPasskey(options.twinStateDir, person, passkey);
          addedToTwin = true;
        }
        options.onRegistered?.({ person, yaml, addedToTwin });
        return c.json({ person, passkey, yaml, addedToTwin });
      } catch (error) {
        return failure(c, error);
      }
    }),
  );
  return app;
}

/** Every passkey route of the console. */
export function passkeyRoutes(ctx: ConsoleContext): Hono {
  const decisions = new DecisionCeremonies(ctx.connection, ctx.policy);
  const app = new Hono();
  const D = "/api/decisions";
  // Registration first: its fixed paths win over /:requestId under /passkeys.
  app.route(
    "/",
    registrationRoutes(ctx.origin, {
      person: async () => {
        const person = personOfIdentity(await ctx.registry(), ctx.identity.prod);
        if (!person)
          throw new AirlockError(
            "GATE_NOT_REGISTERED",
            `${ctx.identity.prod.name} is not in the approvers registry: ask for an entry first, or run \`airlock approvers add-passkey --name <id>\``,
            { exitCode: ExitCode.gateClosed },
          );
        return person.id;
      },
      ...(ctx.connection.twin ? { twinStateDir: ctx.connection.twin.stateDir } : {}),
      render: (c, body) =>
        page(c, ctx, { title: "Passkeys", scripts: ["/static/passkey.js"] }, body) as Response,
    }),
  );
  app.post(
    "/:requestId/options",
    only(D, async (c) => {
      try {
        const body = (await jsonBody(c)) as { decision?: unknown; text?: unknown } | undefined;
        const kind = body?.decision;
        if (kind !== "approve" && kind !== "reject")
          return c.json(
            { error: { code: "DECISION_KIND_INVALID", message: 'decision must be "approve" or "reject"' } },
            400,
          );
        const text = typeof body?.text === "string" ? body.text : "";
        return c.json(await decisions.begin(c.req.param("requestId") ?? "", kind, text));
      } catch (error) {
        return failure(c, error);
      }
    }),
  );
  app.post(
    "/:requestId",
    only(D, async (c) => {
      try {
        const assertion = parseAssertion(await jsonBody(c));
        return c.json({ outcome: await decisions.finish(c.req.param("requestId") ?? "", assertion) });
      } catch (error) {
        return failure(c, error);
      }
    }),
  );
  return app;
}
