/**
 * Test helper: one headless Chromium per test file, driven by playwright-core. The binary comes from the
 * `@sparticuz/chromium` npm package (it ships Chromium inside the package, so `npm ci` is all the set-up);
 * Debian's /usr/bin/chromium is the fallback. Flags per the machine notes: without the background-networking
 * ones Chromium keeps dialling out of a closed network. `@sparticuz/chromium`'s own default flags are NOT used:
 * they include --disable-web-security, which would hide exactly the cross-origin refusals the tests check.
 *
 * A DevTools-protocol virtual authenticator (CTAP2, internal transport, resident keys, user verification)
 * makes `navigator.credentials.create/get` work on http://localhost without hardware.
 */
import { access, readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { type Browser, type BrowserContext, type CDPSession, chromium, type Page } from "playwright-core";

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  // V8's optimizing tiers (Maglev, TurboFan) cost more CPU compiling than they save in pages that live for a
  // second; measured: about a fifth less renderer CPU over axe-core's runs.
  "--js-flags=--no-opt,--no-maglev",
];

async function chromiumBinary(): Promise<string> {
  try {
    const sparticuz = (await import("@sparticuz/chromium")).default;
    return await sparticuz.executablePath();
  } catch (error) {
    const fallback = "/usr/bin/chromium";
    try {
      await access(fallback);
      return fallback;
    } catch {
      throw new Error(
        `no Chromium: @sparticuz/chromium failed (${(error as Error).message}) and ${fallback} is absent`,
      );
    }
  }
}

export interface TestBrowser {
  browser: Browser;
  /** A fresh context (cookies, storage) with its own virtual authenticator. */
  newSession(options?: { bypassCSP?: boolean }): Promise<Session>;
  close(): Promise<void>;
}

export interface Session {
  context: BrowserContext;
  page: Page;
  cdp: CDPSession;
  authenticatorId: string;
  /** The passkeys the virtual authenticator holds (id base64url → public/private material as CDP gives it). */
  credentials(): Promise<Array<{ credentialId: string; rpId?: string; userHandle?: string }>>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<TestBrowser> {
  const executablePath = await chromiumBinary();
  // launch() gives Chromium a fresh temporary --user-data-dir of its own (removed on close), and each
  // session below its own incognito-like context.
  const browser = await chromium.launch({ executablePath, headless: true, args: FLAGS });
  let axeServer: Server | undefined;
  axeUrls.set(browser, async () => {
    axeServer ??= await serveAxe();
    return `http://127.0.0.1:${(axeServer.address() as AddressInfo).port}/axe.min.js`;
  });
  return {
    browser,
    async newSession(options = {}) {
      const context = await browser.newContext({
        ...(options.bypassCSP ? { bypassCSP: true } : {}),
        viewport: { width: 1280, height: 800 },
      });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send("WebAuthn.enable");
      const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
        options: {
          protocol: "ctap2",
          transport: "internal",
          hasResidentKey: true,
          hasUserVerification: true,
          isUserVerified: true,
          automaticPresenceSimulation: true,
        },
      });
      return {
        context,
        page,
        cdp,
        authenticatorId,
        async credentials() {
          const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
          return credentials.map((c) => ({
            credentialId: Buffer.from(c.credentialId, "base64").toString("base64url"),
            ...(c.rpId ? { rpId: c.rpId } : {}),
            ...(c.userHandle ? { userHandle: c.userHandle } : {}),
          }));
        },
        close: () => context.close(),
      };
    },
    async close() {
      await browser.close();
      axeServer?.close();
    },
  };
}

/** axe-core's script, injected with page.addScriptTag (a CSP-bypassing context is needed for that). */
let axe: Promise<string> | undefined;
export function axeSource(): Promise<string> {
  axe ??= readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
  return axe;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[]; html: string }>;
}

/**
 * axe-core from a loopback URL, one server per browser: a script loaded by URL is compiled once and its
 * code reused on every later page (V8's cache is keyed by the script's URL), where the same 500 kB inlined
 * into each page is compiled again each time (an inline script is named after its page).
 */
const axeUrls = new WeakMap<Browser, () => Promise<string>>();

async function serveAxe(): Promise<Server> {
  const source = await axeSource();
  const server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/javascript", "cache-control": "max-age=3600" });
    res.end(source);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  server.unref();
  return server;
}

/** Runs axe-core on the page and returns the serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  const browser = page.context().browser();
  const url = browser ? axeUrls.get(browser) : undefined;
  // Loaded by a script of our own rather than addScriptTag: that one returns an element handle, for which
  // Playwright installs its 360 kB injected script in every page.
  const violations = (await page.evaluate(
    async ({ src, content }) => {
      const script = document.createElement("script");
      if (src) {
        script.src = src;
        await new Promise((resolve, reject) => {
          script.onload = resolve;
          script.onerror = () => reject(new Error(`axe-core did not load from ${src}`));
          document.head.append(script);
        });
      } else {
        script.text = content;
        document.head.append(script);
      }
      const axe = (
        globalThis as unknown as {
          axe: { run: (c: unknown, o: unknown) => Promise<{ violations: unknown[] }> };
        }
      ).axe;
      // Passes, incomplete and inapplicable results are not read: axe then skips building their details.
      return (await axe.run(document, { resultTypes: ["violations"] })).violations;
    },
    url ? { src: await url(), content: "" } : { src: "", content: await axeSource() },
  )) as AxeViolation[];
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html })),
    }));
}
