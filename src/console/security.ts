/**
 * @module console/security
 * The console's guard, in the order it runs on every request:
 * 1. Host header: only `localhost:<port>` or `127.0.0.1:<port>` (403 otherwise) — a page on another site that
 *    rebinds its DNS name to 127.0.0.1 still sends its own name as Host.
 * 2. Session: the one-time token printed at start (`/?token=…`) is exchanged once for an HttpOnly,
 *    SameSite=Strict cookie and the browser is redirected to the same URL without it; without a live session
 *    every route answers 401.
 * 3. State changes (any method but GET/HEAD): a same-origin Origin header AND the session's CSRF token in a header
 *    (pages carry it in a meta tag; console.js sends it), else 403.
 * 4. Every answer: a strict CSP (no inline script), no framing, no sniffing, no caching, no referrer.
 * Tokens are random per process and live only in its memory; nothing here is a credential to Azure.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { CsrfHelper } from "./context.ts";

export const CSRF_HEADER = "x-airlock-csrf";
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

interface Session {
  csrf: string;
}

const random = () => randomBytes(32).toString("base64url");

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The sessions of one console process, and the token that opens the first one. */
export class ConsoleGuard {
  readonly port: number;
  /** The cookie's name carries the port: cookies are not port-scoped, so two consoles must not share one. */
  readonly cookieName: string;
  #token: string | undefined;
  readonly #sessions = new Map<string, Session>();

  constructor(port: number) {
    this.port = port;
    this.cookieName = `airlock_console_${port}`;
    this.#token = random();
  }

  /** The one-time token for the start URL (undefined once exchanged). */
  get startToken(): string | undefined {
    return this.#token;
  }

  get origins(): readonly string[] {
    return [`http://localhost:${this.port}`, `http://127.0.0.1:${this.port}`];
  }

  readonly csrf: CsrfHelper = {
    header: CSRF_HEADER,
    tokenFor: (c: Context) => this.#session(c)?.csrf ?? "",
  };

  #session(c: Context): Session | undefined {
    const id = getCookie(c, this.cookieName);
    return id ? this.#sessions.get(id) : undefined;
  }

  /** The middleware enforcing 1–4 above. */
  middleware(): MiddlewareHandler {
    return async (c, next) => {
      const host = c.req.header("host") ?? "";
      if (host !== `localhost:${this.port}` && host !== `127.0.0.1:${this.port}`) {
        return refuse(
          c,
          403,
          "CONSOLE_HOST_REFUSED",
          "this console answers only to localhost on its own port",
        );
      }
      const url = new URL(c.req.url);
      const offered = url.searchParams.get("token");
      if (offered !== null && (c.req.method === "GET" || c.req.method === "HEAD")) {
        if (this.#session(c)) {
          // Reloading the start link in a browser that already has a session: just drop the token.
          url.searchParams.delete("token");
          secureHeaders(c);
          return c.redirect(`/${url.pathname.replace(/^\/+/, "")}${url.search}`, 303);
        }
        if (this.#token === undefined || !sameSecret(offered, this.#token)) {
          return refuse(c, 401, "CONSOLE_TOKEN_INVALID", "this console link was already used or is wrong");
        }
        this.#token = undefined;
        const id = random();
        this.#sessions.set(id, { csrf: random() });
        setCookie(c, this.cookieName, id, { httpOnly: true, sameSite: "Strict", path: "/" });
        url.searchParams.delete("token");
        secureHeaders(c);
        // Always a path on this origin: "//host" would be a protocol-relative redirect elsewhere.
        return c.redirect(`/${url.pathname.replace(/^\/+/, "")}${url.search}`, 303);
      }
      const session = this.#session(c);
      if (!session) {
        return refuse(
          c,
          401,
          "CONSOLE_UNAUTHENTICATED",
          "open the console through the link `airlock console` printed",
        );
      }
      if (c.req.method !== "GET" && c.req.method !== "HEAD") {
        const origin = c.req.header("origin");
        if (!origin || !this.origins.includes(origin) || origin.slice("http://".length) !== host) {
          return refuse(c, 403, "CONSOLE_ORIGIN_REFUSED", "a change must come from the console's own pages");
        }
        const csrf = c.req.header(CSRF_HEADER);
        if (!csrf || !sameSecret(csrf, session.csrf)) {
          return refuse(c, 403, "CONSOLE_CSRF_REFUSED", "the request carries no valid CSRF token");
        }
      }
      await next();
      secureHeaders(c);
    };
  }
}

function secureHeaders(c: Context): void {
  c.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
  c.header("X-Content-Type-Options", "nosniff");
  c.header("X-Frame-Options", "DENY");
  c.header("Referrer-Policy", "no-referrer");
  c.header("Cache-Control", "no-store");
  c.header("Cross-Origin-Opener-Policy", "same-origin");
  c.header("Cross-Origin-Resource-Policy", "same-origin");
}

/** JSON for the API and scripts; a short page for a browser opening a page. */
function refuse(c: Context, status: 401 | 403, code: string, message: string) {
  secureHeaders(c);
  const path = new URL(c.req.url).pathname;
  if (path.startsWith("/api/") || !(c.req.header("accept") ?? "").includes("text/html")) {
    return c.json({ error: { code, message } }, status);
  }
  const text = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Airlock console</title></head><body><main><h1>Airlock console</h1><p>${code}: ${message}.</p></main></body></html>`;
  return c.html(text, status);
}
